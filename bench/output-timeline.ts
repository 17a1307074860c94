/**
 * When given lines first appear in a process's output: fed the raw chunks as they arrive,
 * it splits them into lines (a line may span chunks) and stamps the first line matching each
 * named pattern with the wall clock (Date.now, the clock the in-process emulators use).
 */
export class OutputTimeline {
  readonly #patterns: ReadonlyMap<string, RegExp>;
  readonly #seen = new Map<string, number>();
  #partial = '';

  constructor(patterns: Record<string, RegExp>) {
    this.#patterns = new Map(Object.entries(patterns));
  }

  /** Feeds one chunk of output (bind-free, so it can be passed as a callback). */
  readonly write = (chunk: string): void => {
    const now = Date.now();
    const lines = (this.#partial + chunk).split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) {
      for (const [name, pattern] of this.#patterns) {
        if (!this.#seen.has(name) && pattern.test(line)) this.#seen.set(name, now);
      }
    }
  };

  /** When the first line matching `name` arrived; throws when none did. */
  at(name: string): number {
    const time = this.#seen.get(name);
    if (time === undefined)
      throw new Error(`no output line matched ${name} (${this.#patterns.get(name)})`);
    return time;
  }
}

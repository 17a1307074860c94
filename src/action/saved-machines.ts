/**
 * The ids of machines this step created and has not yet seen destroyed, mirrored into action
 * state on every change so that the post step (which runs even when the job is cancelled)
 * can destroy whatever the main step could not.
 */
export class SavedMachines {
  readonly #ids = new Set<string>();
  readonly #persist: (ids: string[]) => void;

  constructor(persist: (ids: string[]) => void) {
    this.#persist = persist;
  }

  add(id: string): void {
    this.#ids.add(id);
    this.#persist([...this.#ids]);
  }

  remove(id: string): void {
    if (this.#ids.delete(id)) this.#persist([...this.#ids]);
  }
}

/** Parses a JSON list of strings saved in state (ids, names); anything unreadable is nothing. */
export function parseSavedList(saved: string): string[] {
  if (!saved) return [];
  try {
    const value: unknown = JSON.parse(saved);
    return Array.isArray(value)
      ? value.filter((v): v is string => typeof v === 'string' && v !== '')
      : [];
  } catch {
    return [];
  }
}

/**
 * The numbered lines the log pipeline stage sends through, and the check that every one of
 * them came out, once and in order. bench/machines/many-lines.sh prints the same shape.
 */

/** Characters after the number, so a line is about as long as a short stream-json line. */
export const LINE_PADDING = 100;
const PAD = 'x'.repeat(LINE_PADDING);
const NUMBERED = /^bench-line (\d+) /;

/** Line number `n` (0-based). */
export function benchLine(n: number): string {
  return `bench-line ${String(n).padStart(6, '0')} ${PAD}`;
}

/** Counts numbered lines as they arrive without keeping them. */
export class SequenceCheck {
  #next = 0;
  #received = 0;
  #gaps = 0;
  #backwards = 0;
  #otherLines = 0;

  /** Feeds one delivered line (unnumbered ones, like the marker, are counted apart). */
  see(line: string): void {
    const match = NUMBERED.exec(line);
    if (match === null) {
      this.#otherLines++;
      return;
    }
    const n = Number(match[1]);
    this.#received++;
    if (n > this.#next) this.#gaps += n - this.#next;
    if (n < this.#next) this.#backwards++;
    this.#next = Math.max(this.#next, n + 1);
  }

  /** Numbered lines seen. */
  get received(): number {
    return this.#received;
  }

  /** What arrived against `expected` lines numbered 0..expected-1. */
  summary(expected: number): {
    expected: number;
    received: number;
    lost: number;
    outOfOrder: number;
    otherLines: number;
  } {
    return {
      expected,
      received: this.#received,
      // Missing numbers, whether skipped in the middle or never reached at the end.
      lost: this.#gaps + Math.max(0, expected - this.#next),
      outOfOrder: this.#backwards,
      otherLines: this.#otherLines,
    };
  }
}

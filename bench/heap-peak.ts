/**
 * Peak V8 heap of this process over a stretch of work. Needs `--expose-gc`: the heap is
 * collected before the baseline is read, so the growth is the work's, not leftover garbage.
 * Sampled every few milliseconds and whenever `sample()` is called (the log stage calls it
 * once per page), so a peak between two timer ticks is still caught at the next page.
 */
const SAMPLE_EVERY_MS = 5;
const MB = 1024 * 1024;

/** What the heap did while the sampler ran, in MB. */
export interface HeapFigures {
  readonly baselineMb: number;
  readonly peakMb: number;
  readonly growthMb: number;
  /** Above the baseline after a full collection at the end: what the work still holds. */
  readonly retainedMb: number;
}

export class HeapPeak {
  #baseline = 0;
  #peak = 0;
  #timer: NodeJS.Timeout | undefined;

  /** Collects garbage, reads the baseline and starts sampling. */
  start(): void {
    collectGarbage();
    this.#baseline = process.memoryUsage().heapUsed;
    this.#peak = this.#baseline;
    this.#timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
  }

  /** Takes one sample now. */
  sample(): void {
    const used = process.memoryUsage().heapUsed;
    if (used > this.#peak) this.#peak = used;
  }

  /** Stops sampling and reports (collecting garbage once more for `retainedMb`). */
  stop(): HeapFigures {
    this.sample();
    clearInterval(this.#timer);
    collectGarbage();
    const retained = process.memoryUsage().heapUsed - this.#baseline;
    const mb = (bytes: number): number => Math.round((bytes / MB) * 10) / 10;
    return {
      baselineMb: mb(this.#baseline),
      peakMb: mb(this.#peak),
      growthMb: mb(this.#peak - this.#baseline),
      retainedMb: mb(retained),
    };
  }
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('HeapPeak needs node --expose-gc');
  gc();
}

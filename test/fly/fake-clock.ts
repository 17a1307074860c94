// A Clock for tests that never sleeps for real. Every sleep is recorded; by default time
// jumps to the earliest pending wake-up as soon as the event loop is otherwise idle for a
// turn (setImmediate), so code under test runs at full speed while seeing realistic time.
import type { Clock } from '../../src/fly/clock.ts';

interface Timer {
  due: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

export class FakeClock implements Clock {
  /** Every requested sleep, in call order (ms). */
  readonly sleeps: number[] = [];
  private time: number;
  private readonly timers: Timer[] = [];
  private readonly autoAdvance: boolean;
  private flushScheduled = false;

  constructor(options: { start?: number; autoAdvance?: boolean } = {}) {
    this.time = options.start ?? 1_700_000_000_000;
    this.autoAdvance = options.autoAdvance ?? true;
  }

  now(): number {
    return this.time;
  }

  /** Sleeps that have not resolved yet. */
  get pending(): number {
    return this.timers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const timer: Timer = {
        due: this.time + Math.max(0, ms),
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.remove(timer);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', timer.onAbort, { once: true });
      this.timers.push(timer);
      this.scheduleFlush();
    });
  }

  /** Moves time forward by `ms`, waking every sleep that is due. */
  advance(ms: number): void {
    this.time += ms;
    this.wakeDue();
  }

  private scheduleFlush(): void {
    if (!this.autoAdvance || this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const next = Math.min(...this.timers.map((t) => t.due));
      if (!Number.isFinite(next)) return;
      this.time = Math.max(this.time, next);
      this.wakeDue();
      if (this.timers.length > 0) this.scheduleFlush();
    });
  }

  private wakeDue(): void {
    for (const timer of [...this.timers]) {
      if (timer.due <= this.time) {
        this.remove(timer);
        timer.resolve();
      }
    }
  }

  private remove(timer: Timer): void {
    const i = this.timers.indexOf(timer);
    if (i >= 0) this.timers.splice(i, 1);
    timer.signal?.removeEventListener('abort', timer.onAbort);
  }
}

// A Clock for tests that never sleeps for real. Every sleep is recorded. Two ways to move time:
// - auto-advance (the default): time jumps to the earliest pending wake-up as soon as the event
//   loop is otherwise idle for a turn (setImmediate), so code under test runs at full speed while
//   seeing realistic time;
// - manual (`{ autoAdvance: false }`): time moves only when the test calls `advance` (one jump,
//   synchronous) or `advanceAsync` (steps through due sleepers in wake order, letting the code
//   under test react after each one), so a test can stop at any instant and look.
import type { Clock } from '../../src/fly/base/clock.ts';

interface Timer {
  due: number;
  resolve: () => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** Lets every pending promise callback and I/O-free continuation run, `rounds` event-loop turns. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class FakeClock implements Clock {
  /** Every requested sleep, in call order (ms); backoff tests read it. */
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

  /** Sleeps that have not resolved (nor aborted) yet. */
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

  /**
   * Moves time forward by `ms` in one jump, waking every sleep that is due (earliest first)
   * before any of them can react; sleeps started by the woken code see the new time.
   */
  advance(ms: number): void {
    this.time += ms;
    for (const timer of this.due(this.time)) this.wake(timer);
  }

  /**
   * Moves time forward by `ms`, waking due sleepers one at a time in wake-time order, with time
   * set to each one's wake time and a settle() after each, so code under test reacts (and may
   * sleep again within the window) exactly as it would with real time.
   */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      const next = this.due(target)[0];
      if (next === undefined) break;
      this.time = Math.max(this.time, next.due);
      this.wake(next);
      await settle();
    }
    this.time = Math.max(this.time, target);
    await settle();
  }

  /**
   * Waits (without moving time) until at least `count` sleeps are pending; throws after
   * `maxRounds` event-loop turns. Meant for manual clocks: an auto-advancing one wakes sleepers
   * on its own.
   */
  async untilSleeping(count = 1, maxRounds = 200): Promise<void> {
    for (let i = 0; i < maxRounds && this.timers.length < count; i++) await settle(1);
    if (this.timers.length < count) {
      throw new Error(`expected ${count} pending sleeps, have ${this.timers.length}`);
    }
  }

  private scheduleFlush(): void {
    if (!this.autoAdvance || this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const next = this.due(Infinity)[0];
      if (next === undefined) return;
      this.time = Math.max(this.time, next.due);
      this.advance(0);
      if (this.timers.length > 0) this.scheduleFlush();
    });
  }

  /** Pending timers due at or before `until`, earliest first (ties in call order). */
  private due(until: number): Timer[] {
    return this.timers.filter((t) => t.due <= until).sort((a, b) => a.due - b.due);
  }

  private wake(timer: Timer): void {
    this.remove(timer);
    timer.resolve();
  }

  private remove(timer: Timer): void {
    const i = this.timers.indexOf(timer);
    if (i >= 0) this.timers.splice(i, 1);
    timer.signal?.removeEventListener('abort', timer.onAbort);
  }
}

import type { Clock } from '../../../src/fly/clock.ts';

interface Sleeper {
  wakeAt: number;
  resolve: () => void;
}

/** Lets every pending promise callback and I/O-free continuation run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * A Clock whose time moves only when the test says so: `sleep` resolves when `advance`
 * passes its wake time, so tests never sleep for real and never depend on timing.
 */
export class FakeClock implements Clock {
  #now: number;
  #sleepers: Sleeper[] = [];
  /** Every duration passed to sleep(), in call order (backoff tests read it). */
  readonly sleeps: number[] = [];

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const sleeper: Sleeper = {
        wakeAt: this.#now + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.push(sleeper);
    });
  }

  /** Sleeps not yet woken. */
  get pendingSleeps(): number {
    return this.#sleepers.length;
  }

  /** Moves time forward, waking sleepers in wake-time order and letting each react. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (;;) {
      const next = this.#sleepers
        .filter((s) => s.wakeAt <= target)
        .sort((a, b) => a.wakeAt - b.wakeAt)[0];
      if (next === undefined) break;
      this.#now = Math.max(this.#now, next.wakeAt);
      this.#sleepers = this.#sleepers.filter((s) => s !== next);
      next.resolve();
      await settle();
    }
    this.#now = target;
    await settle();
  }

  /** Waits (without moving time) until at least `count` sleeps are pending. */
  async untilSleeping(count = 1, maxRounds = 200): Promise<void> {
    for (let i = 0; i < maxRounds && this.#sleepers.length < count; i++) await settle(1);
    if (this.#sleepers.length < count) {
      throw new Error(`expected ${count} pending sleeps, have ${this.#sleepers.length}`);
    }
  }
}

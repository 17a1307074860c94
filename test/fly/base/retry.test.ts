import { describe, expect, test } from 'vitest';
import {
  backoffDelay,
  parseRetryAfter,
  retry,
  type Backoff,
  type RetryOptions,
} from '../../../src/fly/base/retry.ts';
import { FakeClock } from '../fake-clock.ts';

const START = 1_700_000_000_000;

/** A failure the tests retry; `retryAfterMs` plays a server's Retry-After. */
class Flaky extends Error {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs?: number) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}
const isFlaky = (e: unknown): e is Flaky => e instanceof Flaky;

/**
 * Runs `retry` over attempts that fail with `failures` (in order), then answer `ok`, and
 * returns what happened.
 */
async function scenario(
  failures: Error[],
  options: Omit<Partial<RetryOptions<Flaky>>, 'clock'> & { clock?: FakeClock } = {},
): Promise<{ result: unknown; attempts: number; sleeps: number[]; elapsed: number }> {
  const clock = options.clock ?? new FakeClock({ start: START });
  const start = clock.now();
  const attemptNumbers: number[] = [];
  const result = await retry(
    (n) => {
      attemptNumbers.push(n);
      const failure = failures[n - 1];
      return failure === undefined ? Promise.resolve('ok') : Promise.reject(failure);
    },
    {
      retryable: isFlaky,
      backoff: { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 },
      ...options,
      clock,
    },
  ).catch((e: unknown) => e);
  const attempts = attemptNumbers.length;
  // Each attempt is told its number: 1, 2, 3, ...
  expect(attemptNumbers).toEqual(Array.from({ length: attempts }, (_, i) => i + 1));
  return { result, attempts, sleeps: clock.sleeps, elapsed: clock.now() - start };
}

const flaky = (n: number, retryAfterMs?: number): Flaky[] =>
  Array.from({ length: n }, (_, i) => new Flaky(`failure ${i + 1}`, retryAfterMs));

describe('backoffDelay', () => {
  const b: Backoff = { baseDelayMs: 500, maxDelayMs: 8000, random: () => 0.5 };
  test.each<[string, number, Backoff, number | undefined, number]>([
    ['1 first retry: half the base', 1, b, undefined, 250],
    ['2 doubling', 3, b, undefined, 1000],
    ['3 capped ceiling', 10, b, undefined, 4000],
    ['4 random 0 gives 0', 2, { ...b, random: () => 0 }, undefined, 0],
    ['5 random 1 gives the ceiling', 2, { ...b, random: () => 1 }, undefined, 1000],
    ['6 random out of range is clamped', 2, { ...b, random: () => 7 }, undefined, 1000],
    ['7 floors', 1, { baseDelayMs: 999, maxDelayMs: 1500, random: () => 0.999 }, undefined, 998],
    ['8 Retry-After wins over the backoff', 1, b, 3000, 3000],
    ['9 Retry-After is capped at max(maxDelay, 60 s)', 1, b, 3_600_000, 60_000],
    ['10 a larger maxDelay raises that cap', 1, { ...b, maxDelayMs: 90_000 }, 3_600_000, 90_000],
    ['11 an explicit Retry-After cap', 1, { ...b, maxRetryAfterMs: 5000 }, 9000, 5000],
    ['12 Retry-After 0', 4, b, 0, 0],
  ])('%s', (_title, n, backoff, retryAfterMs, expected) => {
    expect(backoffDelay(n, backoff, retryAfterMs)).toBe(expected);
  });
});

describe('retry', () => {
  test.each<
    [
      string,
      Error[],
      Omit<Partial<RetryOptions<Flaky>>, 'clock'>,
      { result: unknown; attempts: number; sleeps: number[] },
    ]
  >([
    ['1 success at once: no pause', [], {}, { result: 'ok', attempts: 1, sleeps: [] }],
    [
      '2 retried with doubling full-jitter pauses',
      flaky(3),
      {},
      { result: 'ok', attempts: 4, sleeps: [50, 100, 200] },
    ],
    [
      '3 the ceiling is capped',
      flaky(6),
      {},
      { result: 'ok', attempts: 7, sleeps: [50, 100, 200, 400, 500, 500] },
    ],
    [
      '4 maxAttempts bounds the attempts: the last failure is thrown',
      flaky(5),
      { maxAttempts: 3 },
      { result: expect.objectContaining({ message: 'failure 3' }), attempts: 3, sleeps: [50, 100] },
    ],
    [
      '5 maxAttempts 1 never pauses',
      flaky(1),
      { maxAttempts: 1 },
      { result: expect.objectContaining({ message: 'failure 1' }), attempts: 1, sleeps: [] },
    ],
    [
      '6 maxAttempts below 1 is 1',
      flaky(1),
      { maxAttempts: 0 },
      { result: expect.objectContaining({ message: 'failure 1' }), attempts: 1, sleeps: [] },
    ],
    [
      '7 what is not retryable is thrown at once, as it is',
      [new Flaky('a'), new Error('fatal')],
      {},
      { result: expect.objectContaining({ message: 'fatal' }), attempts: 2, sleeps: [50] },
    ],
    [
      '8 the caller reads Retry-After from the failure',
      flaky(2, 3000),
      { retryAfterMs: (e) => e.retryAfterMs },
      { result: 'ok', attempts: 3, sleeps: [3000, 3000] },
    ],
    [
      "9 the caller's own delay replaces the backoff",
      flaky(2),
      { delayMs: (_e, n) => n * 7 },
      { result: 'ok', attempts: 3, sleeps: [7, 14] },
    ],
    [
      '10 the predicate sees the attempt number',
      flaky(5),
      { retryable: (e, n): e is Flaky => isFlaky(e) && n < 3 },
      { result: expect.objectContaining({ message: 'failure 3' }), attempts: 3, sleeps: [50, 100] },
    ],
    [
      '11 negative delays are 0',
      flaky(1),
      { delayMs: () => -5 },
      { result: 'ok', attempts: 2, sleeps: [0] },
    ],
  ])('%s', async (_title, failures, options, expected) => {
    const { result, attempts, sleeps } = await scenario(failures, options);
    expect({ result, attempts, sleeps }).toEqual(expected);
  });

  test('a deadline cuts the last pause short and ends the retries when it comes', async () => {
    const { result, attempts, sleeps, elapsed } = await scenario(flaky(10), {
      delayMs: () => 400,
      deadline: START + 1000,
    });
    expect(result).toMatchObject({ message: 'failure 4' });
    expect(attempts).toBe(4);
    expect(sleeps).toEqual([400, 400, 200]);
    expect(elapsed).toBe(1000);
  });

  test('a failure after the deadline is not retried', async () => {
    const { result, attempts, sleeps } = await scenario(flaky(2), { deadline: START });
    expect(result).toMatchObject({ message: 'failure 1' });
    expect(attempts).toBe(1);
    expect(sleeps).toEqual([]);
  });

  test('onRetry is told each failure, its attempt and the pause', async () => {
    const told: string[] = [];
    await scenario(flaky(2), { onRetry: (e, n, ms) => told.push(`${e.message} #${n} ${ms}`) });
    expect(told).toEqual(['failure 1 #1 50', 'failure 2 #2 100']);
  });

  test('the default backoff starts under 500 ms and jitters with Math.random', async () => {
    const { sleeps } = await scenario(flaky(1), { backoff: undefined });
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(0);
    expect(sleeps[0]).toBeLessThan(500);
  });

  test('an abort during a pause rejects with its reason; no attempt follows', async () => {
    const clock = new FakeClock({ start: START, autoAdvance: false });
    const controller = new AbortController();
    let attempts = 0;
    const p = retry(
      () => {
        attempts++;
        return Promise.reject(new Flaky('down'));
      },
      { clock, signal: controller.signal, retryable: isFlaky, delayMs: () => 10_000 },
    ).catch((e: unknown) => e);
    await clock.untilSleeping(1);
    controller.abort(new Error('cancelled'));
    expect(await p).toMatchObject({ message: 'cancelled' });
    expect(attempts).toBe(1);
    expect(clock.pending).toBe(0);
  });

  test('a failure once the signal has aborted is final', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    const { result, attempts } = await scenario(flaky(3), { signal: controller.signal });
    expect(result).toMatchObject({ message: 'failure 1' });
    expect(attempts).toBe(1);
  });

  test('it never sleeps for real: an hour of pauses passes at once on the fake clock', async () => {
    const { result, elapsed } = await scenario(flaky(60), { delayMs: () => 60_000 });
    expect(result).toBe('ok');
    expect(elapsed).toBe(3_600_000);
  });
});

describe('parseRetryAfter', () => {
  test.each<[string | undefined, number | undefined]>([
    [undefined, undefined],
    ['0', 0],
    ['12', 12_000],
    [' 5 ', 5000],
    [new Date(START + 2000).toUTCString(), 2000],
    [new Date(START - 2000).toUTCString(), 0],
    ['soon', undefined],
  ])('%s -> %s', (value, expected) => {
    expect(parseRetryAfter(value, START)).toBe(expected);
  });
});

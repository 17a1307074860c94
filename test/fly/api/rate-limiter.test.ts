import { describe, expect, test } from 'vitest';
import {
  RateLimiter,
  defaultLimitFor,
  rateLimitKeyFor,
  DEFAULT_ACTION_LIMIT,
  GET_MACHINE_LIMIT,
} from '../../../src/fly/api/rate-limiter.ts';
import { FakeClock } from '../fake-clock.ts';

describe('RateLimiter', () => {
  test('a burst of 3 goes at once, the 4th waits a second (plus margin), the 5th two', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ clock });
    const start = clock.now();
    const doneAt: number[] = [];
    await Promise.all(
      [1, 2, 3, 4, 5].map(async () => {
        await limiter.acquire('create:app');
        doneAt.push(clock.now() - start);
      }),
    );
    expect(clock.sleeps).toEqual([1250, 2250]);
    expect(doneAt).toEqual([0, 0, 0, 1250, 2250]);
  });

  test('Get Machine allows a burst of 10, then 5 per second', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ clock });
    await Promise.all(Array.from({ length: 12 }, () => limiter.acquire('get:m1')));
    expect(clock.sleeps).toEqual([450, 650]);
  });

  test('buckets of different keys are independent', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ clock });
    for (const key of ['create:a', 'create:b', 'stop:m1', 'stop:m2', 'wait:m1', 'get:m1']) {
      await Promise.all([1, 2, 3].map(() => limiter.acquire(key)));
    }
    expect(clock.sleeps).toEqual([]);
  });

  test('tokens refill with time: sustained 1 per second', async () => {
    const clock = new FakeClock({ autoAdvance: false });
    const limiter = new RateLimiter({ clock, marginMs: 0 });
    for (let i = 0; i < 3; i++) await limiter.acquire('stop:m');
    expect(limiter.delayFor('stop:m')).toBe(1000);
    clock.advance(400);
    expect(limiter.delayFor('stop:m')).toBe(600);
    clock.advance(600);
    await limiter.acquire('stop:m');
    expect(clock.sleeps).toEqual([]);
    clock.advance(10_000);
    // Never more than the burst, however long it was idle.
    for (let i = 0; i < 3; i++) await limiter.acquire('stop:m');
    expect(limiter.delayFor('stop:m')).toBe(1000);
  });

  test('an abort while waiting rejects and gives the token back', async () => {
    const clock = new FakeClock({ autoAdvance: false });
    const limiter = new RateLimiter({ clock, marginMs: 0 });
    for (let i = 0; i < 3; i++) await limiter.acquire('stop:m');
    const controller = new AbortController();
    const waiting = limiter.acquire('stop:m', controller.signal);
    expect(limiter.delayFor('stop:m')).toBe(2000);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(limiter.delayFor('stop:m')).toBe(1000);
  });

  test('an already aborted signal rejects at once', async () => {
    const limiter = new RateLimiter({ clock: new FakeClock() });
    await expect(limiter.acquire('x', AbortSignal.abort(new Error('gone')))).rejects.toThrow(
      'gone',
    );
  });

  test('full idle buckets are forgotten once there are many', async () => {
    const clock = new FakeClock({ autoAdvance: false });
    const limiter = new RateLimiter({ clock, maxIdleBuckets: 2, marginMs: 0 });
    await limiter.acquire('stop:a');
    await limiter.acquire('stop:b');
    clock.advance(5000);
    await limiter.acquire('stop:c');
    // stop:a was forgotten (full), so it starts again with a full burst of 3.
    for (let i = 0; i < 3; i++) await limiter.acquire('stop:a');
    expect(limiter.delayFor('stop:a')).toBe(1000);
  });

  test('the margin is added to every wait, not compounded', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ clock, marginMs: 100 });
    const start = clock.now();
    for (let i = 0; i < 6; i++) await limiter.acquire('stop:m');
    // Sequential: 3 at once, then one per second after the first extra wait of 1000 + 100.
    expect(clock.sleeps).toEqual([1100, 1000, 1000]);
    expect(clock.now() - start).toBe(3100);
  });

  test('custom limits', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({
      clock,
      marginMs: 0,
      limitFor: () => ({ ratePerSecond: 2, burst: 1 }),
    });
    await Promise.all([1, 2, 3].map(() => limiter.acquire('k')));
    expect(clock.sleeps).toEqual([500, 1000]);
  });
});

describe('rateLimitKeyFor', () => {
  test.each<[string, string, string]>([
    ['POST', '/v1/apps', 'create_app'],
    ['GET', '/v1/apps?org_slug=x', 'list_apps'],
    ['GET', '/v1/apps/my-app', 'get_app:my-app'],
    ['DELETE', '/v1/apps/my-app', 'delete_app:my-app'],
    ['POST', '/v1/apps/my-app/machines', 'create:my-app'],
    ['GET', '/v1/apps/my-app/machines?metadata.x=y', 'list:my-app'],
    ['GET', '/v1/apps/my-app/machines/m1', 'get:m1'],
    ['POST', '/v1/apps/my-app/machines/m1', 'update:m1'],
    ['DELETE', '/v1/apps/my-app/machines/m1?force=true', 'destroy:m1'],
    ['GET', '/v1/apps/my-app/machines/m1/wait?state=stopped', 'wait:m1'],
    ['POST', '/v1/apps/my-app/machines/m1/stop', 'stop:m1'],
    ['GET', '/v1/apps/my-app/machines/m1/events', 'events:m1'],
    ['DELETE', '/v1/apps/my-app/machines/m1/lease', 'lease_delete:m1'],
    ['GET', '/v1/apps/my-app/volumes', 'get_volumes:my-app'],
    ['GET', '/v1/tokens/current', 'GET /v1/tokens/current'],
  ])('%s %s -> %s', (method, path, key) => {
    expect(rateLimitKeyFor(method, path)).toBe(key);
  });

  test('limits: Get Machine 5/s burst 10, everything else 1/s burst 3', () => {
    expect(defaultLimitFor('get:m1')).toEqual(GET_MACHINE_LIMIT);
    expect(GET_MACHINE_LIMIT).toEqual({ ratePerSecond: 5, burst: 10 });
    expect(defaultLimitFor('wait:m1')).toEqual(DEFAULT_ACTION_LIMIT);
    expect(defaultLimitFor('get_app:a')).toEqual(DEFAULT_ACTION_LIMIT);
    expect(DEFAULT_ACTION_LIMIT).toEqual({ ratePerSecond: 1, burst: 3 });
  });
});

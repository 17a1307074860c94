/**
 * Client-side limiter that keeps the client within Fly's documented Machines API limits
 * (docs/fly-api.md#rate-limits-and-retries): per action and per machine (or per app for
 * app-scoped calls) 1 request/s sustained with bursts of 3; Get Machine 5/s with bursts of
 * 10. Exceeding them earns 429s; staying inside them lets a fan-out of many machines go out
 * at full speed without a 429 storm. The logs endpoint (api.fly.io) has no documented limit,
 * so it is not limited.
 */
import { systemClock, type Clock } from '../base/clock.js';

/** A token bucket's shape: refill rate and capacity. */
export interface BucketLimit {
  ratePerSecond: number;
  burst: number;
}

/** Fly's default per-action limit: 1 req/s sustained, burst 3. */
export const DEFAULT_ACTION_LIMIT: BucketLimit = { ratePerSecond: 1, burst: 3 };
/** Fly's Get Machine limit: 5 req/s, burst 10. */
export const GET_MACHINE_LIMIT: BucketLimit = { ratePerSecond: 5, burst: 10 };

/** The limit for a bucket key: keys starting `get:` are Get Machine, everything else an action. */
export function defaultLimitFor(key: string): BucketLimit {
  return key.startsWith('get:') ? GET_MACHINE_LIMIT : DEFAULT_ACTION_LIMIT;
}

/**
 * The limiter bucket for a Machines API request, derived from its method and path:
 * `create:{app}`, `list:{app}`, `get:{machine}`, `update:{machine}`, `destroy:{machine}`,
 * `{action}:{machine}` for `/machines/{id}/{action}` (so `wait:{id}` long polls count
 * against their own bucket, not against Get Machine), `get_app:{app}`, `create_app`, ...
 * Unknown paths get a bucket of their own (`METHOD /path`) at the default limit.
 */
export function rateLimitKeyFor(method: string, path: string): string {
  const clean = (path.split('?')[0] ?? '').replace(/\/+$/, '');
  const seg = clean.split('/').filter((s) => s !== '');
  const m = method.toUpperCase();
  if (seg[0] !== 'v1' || seg[1] !== 'apps') return `${m} ${clean}`;
  const app = seg[2];
  if (app === undefined) return m === 'POST' ? 'create_app' : 'list_apps';
  if (seg.length === 3) {
    if (m === 'GET') return `get_app:${app}`;
    if (m === 'DELETE') return `delete_app:${app}`;
    return `${m.toLowerCase()}_app:${app}`;
  }
  if (seg[3] !== 'machines') return `${m.toLowerCase()}_${seg[3]}:${app}`;
  const machine = seg[4];
  if (machine === undefined) return m === 'POST' ? `create:${app}` : `list:${app}`;
  const action = seg[5];
  if (action === undefined) {
    if (m === 'GET') return `get:${machine}`;
    if (m === 'DELETE') return `destroy:${machine}`;
    return `update:${machine}`;
  }
  return m === 'DELETE' ? `${action}_delete:${machine}` : `${action}:${machine}`;
}

/** Options of a {@link RateLimiter}. */
export interface RateLimiterOptions {
  clock?: Clock;
  /** Limit per key; default {@link defaultLimitFor}. */
  limitFor?: (key: string) => BucketLimit;
  /** Buckets kept before full (idle) ones are forgotten; default 1000. */
  maxIdleBuckets?: number;
  /** Added to every wait; default {@link DEFAULT_MARGIN_MS}. */
  marginMs?: number;
}

/**
 * Slack added to every wait. Fly counts a request when it arrives, not when we send it: the
 * first requests of a burst open fresh (TLS) connections and arrive later than a follow-up
 * sent on a warm one, so waiting exactly the refill time can still earn a 429.
 */
export const DEFAULT_MARGIN_MS = 250;

interface Bucket {
  tokens: number;
  updatedAt: number;
  limit: BucketLimit;
}

/**
 * Token buckets keyed by action + machine/app. Each `acquire` reserves a token at once
 * (the balance may go negative) and waits for the time the deficit takes to refill plus a
 * small margin, so concurrent callers of one key are spaced evenly in call order and a
 * burst goes out without any wait. Other clients of the same app (parallel matrix jobs)
 * share Fly's buckets but not this one: their 429s are left to the client's retries.
 */
export class RateLimiter {
  private readonly clock: Clock;
  private readonly limitFor: (key: string) => BucketLimit;
  private readonly maxIdleBuckets: number;
  private readonly marginMs: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: RateLimiterOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.limitFor = options.limitFor ?? defaultLimitFor;
    this.maxIdleBuckets = options.maxIdleBuckets ?? 1000;
    this.marginMs = Math.max(0, options.marginMs ?? DEFAULT_MARGIN_MS);
  }

  /**
   * Takes one token of `key`'s bucket, waiting (on the clock) until it is available.
   * Rejects with the signal's reason when it aborts while waiting; the token is given back.
   */
  async acquire(key: string, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const waitMs = this.reserve(key);
    if (waitMs <= 0) return;
    try {
      await this.clock.sleep(waitMs, signal);
    } catch (e: unknown) {
      const bucket = this.buckets.get(key);
      if (bucket !== undefined) bucket.tokens = Math.min(bucket.limit.burst, bucket.tokens + 1);
      throw e;
    }
  }

  /** Milliseconds a request on `key` would wait now (0 when a token is available). */
  delayFor(key: string): number {
    const bucket = this.bucketFor(key);
    return bucket.tokens >= 1 ? 0 : deficitMs(1 - bucket.tokens, bucket.limit) + this.marginMs;
  }

  private reserve(key: string): number {
    const bucket = this.bucketFor(key);
    bucket.tokens -= 1;
    return bucket.tokens >= 0 ? 0 : deficitMs(-bucket.tokens, bucket.limit) + this.marginMs;
  }

  private bucketFor(key: string): Bucket {
    const now = this.clock.now();
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      this.forgetIdleBuckets(now);
      const limit = this.limitFor(key);
      bucket = { tokens: limit.burst, updatedAt: now, limit };
      this.buckets.set(key, bucket);
      return bucket;
    }
    refill(bucket, now);
    return bucket;
  }

  /** A fan-out creates a bucket per machine; full buckets carry no state worth keeping. */
  private forgetIdleBuckets(now: number): void {
    if (this.buckets.size < this.maxIdleBuckets) return;
    for (const [key, bucket] of this.buckets) {
      refill(bucket, now);
      if (bucket.tokens >= bucket.limit.burst) this.buckets.delete(key);
    }
  }
}

function refill(bucket: Bucket, now: number): void {
  const elapsed = Math.max(0, now - bucket.updatedAt);
  bucket.tokens = Math.min(
    bucket.limit.burst,
    bucket.tokens + (elapsed / 1000) * bucket.limit.ratePerSecond,
  );
  bucket.updatedAt = now;
}

function deficitMs(tokens: number, limit: BucketLimit): number {
  return Math.ceil((tokens / limit.ratePerSecond) * 1000);
}

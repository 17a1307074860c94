/**
 * Token buckets for Fly's documented Machines API limits
 * (docs/fly-api.md#rate-limits-and-retries): per action and per machine (or per app for
 * app-scoped actions), 1 req/s sustained with a burst of 3; Get Machine 5 req/s with a burst
 * of 10. Exceeding answers 429.
 */
import type { RateLimitConfig } from './types.ts';

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  perSecond: 1,
  burst: 3,
  getMachinePerSecond: 5,
  getMachineBurst: 10,
};

/** See take(). */
const JITTER_TOLERANCE_MS = 25;

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** One bucket per key, refilled continuously. */
export class TokenBucketLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** Takes one token from `key`'s bucket; false when it is empty (answer 429). */
  take(key: string, perSecond: number, burst: number): boolean {
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: burst, updatedMs: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedMs) / 1000) * perSecond);
    bucket.updatedMs = now;
    this.#buckets.set(key, bucket);
    // A client pacing itself exactly at the limit measures from when it sent its first
    // request, the server from when that request arrived (after the TCP handshake): allow
    // that much jitter instead of answering 429 to a well-behaved client.
    if (bucket.tokens < 1 - (JITTER_TOLERANCE_MS / 1000) * perSecond) return false;
    bucket.tokens -= 1;
    return true;
  }
}

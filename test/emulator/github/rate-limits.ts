/**
 * GitHub's primary rate limits: a budget per token (per client address without one) and
 * resource, refilled all at once when its window ends, reported on every answer in the
 * `x-ratelimit-*` headers ("Rate limits for the REST API" on docs.github.com).
 */
import type { RateLimitConfig } from './types.ts';

export type RateLimitResource = 'core' | 'search';

export const DEFAULT_RATE_LIMITS: RateLimitConfig = { core: 1000, search: 30 };

/** Limits without a token: 60 core requests per hour, 10 searches per minute. */
const UNAUTHENTICATED: RateLimitConfig = { core: 60, search: 10 };

const WINDOW_MS: Record<RateLimitResource, number> = { core: 3_600_000, search: 60_000 };

interface Window {
  used: number;
  resetAtMs: number;
}

/** The outcome of counting one request. */
export interface RateLimitTake {
  /** False once the budget of the window is spent. */
  allowed: boolean;
  headers: Record<string, string>;
}

export class PrimaryRateLimits {
  readonly #config: RateLimitConfig;
  readonly #now: () => number;
  readonly #windows = new Map<string, Window>();

  constructor(config: RateLimitConfig, now: () => number = Date.now) {
    this.#config = config;
    this.#now = now;
  }

  /** Counts a request of `identity` (a token, or undefined) against `resource`. */
  take(identity: string | undefined, resource: RateLimitResource): RateLimitTake {
    const limit = (identity === undefined ? UNAUTHENTICATED : this.#config)[resource];
    const key = `${identity === undefined ? 'anonymous' : `token:${identity}`}:${resource}`;
    const now = this.#now();
    let window = this.#windows.get(key);
    if (!window || now >= window.resetAtMs) {
      window = { used: 0, resetAtMs: now + WINDOW_MS[resource] };
      this.#windows.set(key, window);
    }
    const allowed = window.used < limit;
    if (allowed) window.used++;
    return {
      allowed,
      headers: {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(limit - window.used),
        'x-ratelimit-reset': String(Math.ceil(window.resetAtMs / 1000)),
        'x-ratelimit-used': String(window.used),
        'x-ratelimit-resource': resource,
      },
    };
  }
}

/**
 * The library's one retry loop. The caller says what one attempt is and which failures are
 * worth another; the helper counts attempts, keeps to a deadline and pauses between attempts
 * on the caller's clock (so tests never sleep for real), abortably, for as long as the caller's
 * policy says: exponential backoff with full jitter by default, a `Retry-After` the caller read
 * from the answer, or a delay of the caller's own.
 */
import type { Clock } from './clock.js';

/** Exponential backoff with full jitter: pause n is random in [0, min(max, base * 2^(n-1))]. */
export interface Backoff {
  /** Ceiling of the first pause, in ms. */
  baseDelayMs: number;
  /** Cap of every ceiling, in ms. */
  maxDelayMs: number;
  /**
   * Cap of a server's `Retry-After`, in ms, so a confused server or proxy cannot park the
   * caller for an hour; default the larger of `maxDelayMs` and 60 000.
   */
  maxRetryAfterMs?: number;
  /** Source of the jitter, in [0, 1]; default Math.random. */
  random?: () => number;
}

const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/**
 * The pause before retry number `retry` (1-based): `retryAfterMs` when the server asked for
 * one (up to `maxRetryAfterMs`), else a random share of the doubling, capped ceiling.
 */
export function backoffDelay(retry: number, backoff: Backoff, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) {
    const cap = backoff.maxRetryAfterMs ?? Math.max(backoff.maxDelayMs, DEFAULT_MAX_RETRY_AFTER_MS);
    return Math.max(0, Math.min(retryAfterMs, cap));
  }
  const ceiling = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** (Math.max(1, retry) - 1));
  const share = Math.min(1, Math.max(0, (backoff.random ?? Math.random)()));
  return Math.floor(share * Math.max(0, ceiling));
}

/**
 * `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Unparsable values are ignored (undefined: backoff applies).
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** How {@link retry} repeats an attempt; `E` is the failure `retryable` lets through. */
export interface RetryOptions<E = unknown> {
  /** The clock the pauses sleep on and the deadline is read from. */
  clock: Clock;
  /** Aborts a pause (rejecting with the signal's reason); a failure once it aborted is final. */
  signal?: AbortSignal | undefined;
  /** Attempts in all, at least 1; default unbounded (`retryable` or `deadline` ends it). */
  maxAttempts?: number | undefined;
  /**
   * Clock time (ms since the epoch) at which retrying ends: a failure from then on is
   * thrown, and every pause is cut short to end by it.
   */
  deadline?: number | undefined;
  /** Whether the failure of attempt number `attempt` is worth another attempt. */
  retryable: (error: unknown, attempt: number) => error is E;
  /**
   * The pause after failed attempt `attempt`, in place of the backoff (e.g. a caller pacing
   * itself by another component's policy). Default `backoffDelay(attempt, backoff,
   * retryAfterMs(error))`.
   */
  delayMs?: ((error: E, attempt: number) => number) | undefined;
  /** Default: base 500 ms, cap 20 s, Math.random. */
  backoff?: Backoff | undefined;
  /** The delay the server asked for (its `Retry-After`), read from the failure. */
  retryAfterMs?: ((error: E) => number | undefined) | undefined;
  /** Told before every pause (for a debug line). */
  onRetry?: ((error: E, attempt: number, delayMs: number) => void) | undefined;
}

const DEFAULT_BACKOFF: Backoff = { baseDelayMs: 500, maxDelayMs: 20_000 };

/**
 * Runs `attempt` (given its 1-based number) until it resolves, and resolves with that. A
 * failure is thrown as it is when it is not `retryable`, when it was the last attempt, when
 * the deadline has come or when the signal has aborted; otherwise the helper pauses and tries
 * again. A pause that the signal aborts rejects with the signal's reason.
 */
export async function retry<T, E = unknown>(
  attempt: (attempt: number) => Promise<T>,
  options: RetryOptions<E>,
): Promise<T> {
  const { clock, signal, deadline } = options;
  const maxAttempts = Math.max(1, options.maxAttempts ?? Number.POSITIVE_INFINITY);
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error: unknown) {
      if (signal?.aborted === true || n >= maxAttempts || !options.retryable(error, n)) {
        throw error;
      }
      if (deadline !== undefined && clock.now() >= deadline) throw error;
      let delay = Math.max(
        0,
        options.delayMs
          ? options.delayMs(error, n)
          : backoffDelay(n, options.backoff ?? DEFAULT_BACKOFF, options.retryAfterMs?.(error)),
      );
      if (deadline !== undefined) delay = Math.min(delay, deadline - clock.now());
      options.onRetry?.(error, n, delay);
      await clock.sleep(delay, signal);
    }
  }
}

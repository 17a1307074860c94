/**
 * The one error type of the Fly API layer. Callers branch on `statusCode` (and Fly's
 * `status` code such as `name_taken`), never on message text.
 */
import { redactSecrets } from '../base/messages.js';

/** Fields of a {@link FlyAPIError}. */
export interface FlyAPIErrorInit {
  /** HTTP status; 0 when no HTTP answer arrived (connection error, timeout). */
  statusCode: number;
  /** Fly's `error`/`message` text, or an excerpt of the raw body, or the connection failure. */
  detail: string;
  /** Fly's machine-readable error code (`name_taken`, `insufficient_capacity`, ...). */
  status?: string;
  method: string;
  /** Request path without the query string, e.g. `/v1/apps/x/machines`. */
  path: string;
  /** How long the server asked us to wait (`Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  /** Replaces the default message when a caller knows what the failure means. */
  message?: string;
  cause?: unknown;
}

/**
 * A failed Fly API call. `statusCode` 0 means no HTTP answer (connection error or timeout;
 * `cause` holds the underlying error). The message never contains the API token: the client
 * redacts it from every detail it copies from a response.
 */
export class FlyAPIError extends Error {
  readonly statusCode: number;
  readonly detail: string;
  readonly status: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly retryAfterMs: number | undefined;

  constructor(init: FlyAPIErrorInit) {
    super(
      init.message ?? defaultMessage(init),
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.name = 'FlyAPIError';
    this.statusCode = init.statusCode;
    this.detail = init.detail;
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** A copy with a clearer message; everything callers branch on stays the same. */
  withMessage(message: string): FlyAPIError {
    return new FlyAPIError({ ...this.init(), message });
  }

  /** A short account for retry notes: `HTTP 503`, or `no response (<detail>)`. */
  summary(): string {
    return this.statusCode === 0 ? `no response (${this.detail})` : `HTTP ${this.statusCode}`;
  }

  /**
   * This error with every secret replaced by `***` in its message and detail, and in the
   * FlyAPIErrors it wraps (`cause`). Fly may echo a request body, a create's env with its
   * credentials included, in an error answer. Returns `this` when no secret occurs.
   */
  redact(secrets: readonly string[]): FlyAPIError {
    const cause = redactCause(this.cause, secrets);
    const message = redactSecrets(this.message, secrets);
    const detail = redactSecrets(this.detail, secrets);
    if (message === this.message && detail === this.detail && cause === this.cause) return this;
    return new FlyAPIError({ ...this.init(), detail, message, cause });
  }

  private init(): FlyAPIErrorInit {
    return {
      statusCode: this.statusCode,
      detail: this.detail,
      ...(this.status === undefined ? {} : { status: this.status }),
      method: this.method,
      path: this.path,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      cause: this,
    };
  }
}

/**
 * A wrapped error without the secrets: a FlyAPIError redacted in turn; any other error whose
 * message holds a secret (a JSON parser quotes the text it choked on) replaced by a plain
 * Error with the redacted message.
 */
function redactCause(cause: unknown, secrets: readonly string[]): unknown {
  if (cause instanceof FlyAPIError) return cause.redact(secrets);
  if (cause instanceof Error) {
    const message = redactSecrets(cause.message, secrets);
    return message === cause.message ? cause : new Error(message);
  }
  return cause;
}

function defaultMessage(init: FlyAPIErrorInit): string {
  const what = init.statusCode === 0 ? 'no response' : String(init.statusCode);
  const code = init.status !== undefined && init.status !== '' ? ` ${init.status}` : '';
  return `Fly API ${init.method} ${init.path} failed: ${what}${code}: ${init.detail}`;
}

/** True when `error` is a {@link FlyAPIError} with one of `statusCodes` (any code if none given). */
export function isFlyAPIError(error: unknown, ...statusCodes: number[]): error is FlyAPIError {
  return (
    error instanceof FlyAPIError &&
    (statusCodes.length === 0 || statusCodes.includes(error.statusCode))
  );
}

/**
 * True when a failed request may or may not have taken effect: no answer, 408, or a 5xx.
 * A create that failed this way must be reconciled (look the machine up) before it is
 * repeated: flyctl warns that 408/5xx on create are ambiguous (docs/fly-api.md#ambiguous-creates).
 */
export function isAmbiguousFailure(error: unknown): error is FlyAPIError {
  return (
    error instanceof FlyAPIError &&
    (error.statusCode === 0 || error.statusCode === 408 || error.statusCode >= 500)
  );
}

/**
 * True when a failed request may succeed if asked again later: no answer, 408, 429 or a 5xx
 * (flyctl's `IsTransientFlapsError`, docs/fly-api.md#rate-limits-and-retries). 400, 401, 403,
 * 404, 409 and 422 are answers that asking again cannot change.
 */
export function isTransientFailure(error: unknown): error is FlyAPIError {
  return isAmbiguousFailure(error) || (error instanceof FlyAPIError && error.statusCode === 429);
}

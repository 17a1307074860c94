/**
 * The only module that talks HTTP to Fly: one undici Pool per base URL (or the caller's
 * dispatcher, e.g. a proxy agent), auth, explicit timeouts, JSON in and out, client-side rate
 * limiting, retries of what is safe to repeat, and {@link FlyAPIError} for every failure.
 */
import { STATUS_CODES } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
import { systemClock, type Clock } from '../base/clock.js';
import { FlyAPIError } from './errors.js';
import { redactSecrets } from '../base/messages.js';
import { silentLogger, type Logger } from '../base/logger.js';
import { RateLimiter, rateLimitKeyFor } from './rate-limiter.js';
import { backoffDelay, parseRetryAfter, retry, type Backoff } from '../base/retry.js';

export { parseRetryAfter } from '../base/retry.js';

/** Fly's public Machines API (docs/fly-api.md#base-urls-and-authentication). */
export const DEFAULT_API_URL = 'https://api.machines.dev';
/** Where `fly logs` reads logs from (docs/fly-api.md#the-logs-endpoint). */
export const DEFAULT_LOGS_URL = 'https://api.fly.io';
/** Sent on every request so Fly can tell this client apart. */
export const USER_AGENT = 'flaude-action';

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_BASE_DELAY_MS = 500;
const DEFAULT_MAX_DELAY_MS = 20_000;
/**
 * Retry-After is not documented for the Machines API (docs/fly-api.md#rate-limits-and-retries)
 * but is honoured when present, up to this bound, so a confused proxy cannot park the action
 * for an hour.
 */
const MAX_RETRY_AFTER_MS = 60_000;
const DETAIL_EXCERPT_CHARS = 300;
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/** Settings of a {@link FlyClient}. */
export interface FlyClientOptions {
  /** A Fly API token. `FlyV1 ...` (macaroons) is sent unchanged; anything else as `Bearer <token>`. */
  token: string;
  /** Machines API base; default `https://api.machines.dev` (paths start `/v1`). */
  apiUrl?: string;
  /** Logs API base; default `https://api.fly.io` (logs path `/api/v1/apps/{app}/logs`). */
  logsUrl?: string;
  clock?: Clock;
  logger?: Logger;
  /** Backoff for retryable failures: attempts in all (default 5), full-jitter base and cap in ms. */
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Client-side limiter within Fly's documented limits (see rate-limiter.ts); default true. */
  rateLimit?: boolean;
  /** Per-request timeout; default 30 000 ms (wait calls set their own: timeout + 15 s). */
  requestTimeoutMs?: number;
  /** Source of randomness for backoff jitter, in [0, 1); default Math.random. */
  random?: () => number;
  /**
   * Where requests go, e.g. an undici `EnvHttpProxyAgent` or `ProxyAgent`; it is the caller's
   * to close, and its own connect timeout applies. Default: one undici Pool per base URL,
   * owned by the client (10 s connect timeout) and closed by {@link FlyClient.close}.
   */
  dispatcher?: Dispatcher;
}

/** Query values; arrays become repeated parameters (`state=a&state=b`). */
export type FlyQuery = Record<string, string | number | boolean | readonly string[] | undefined>;

/** One API call. */
export interface FlyRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the base URL, e.g. `/v1/apps/${app}/machines`. */
  path: string;
  query?: FlyQuery;
  /** Sent as JSON when defined. */
  body?: unknown;
  /** Which base URL; default `machines`. */
  api?: 'machines' | 'logs';
  timeoutMs?: number;
  /**
   * `'safe'`: retried on 429/502/503/504 and connection errors. `'never'`: sent once (a
   * create); the caller reconciles. Default: `'safe'` for GET, PUT and DELETE, `'never'`
   * for POST, since a POST is only known to be repeatable when its caller says so (stop does).
   */
  retry?: 'safe' | 'never';
  /**
   * Attempts in all for a `'safe'` request, in place of the client's `retry.maxAttempts`
   * (a cleanup during cancellation has only seconds left).
   */
  maxAttempts?: number;
  /** Limiter bucket, e.g. `create:${app}`, `get:${machineId}`; derived from method+path when absent. */
  rateLimitKey?: string;
  signal?: AbortSignal;
  /** `'ignore'`: the body is read and dropped (stop, destroy), so a non-JSON answer is fine. */
  responseType?: 'json' | 'ignore';
}

/** A successful answer with its headers (for pagination cursors). */
export interface FlyResponse<T> {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

/**
 * HTTP client for Fly's Machines and logs APIs.
 *
 * ```ts
 * const client = new FlyClient({ token: process.env.FLY_API_TOKEN ?? '' });
 * try { await client.request({ method: 'GET', path: '/v1/apps/my-app' }); } finally { await client.close(); }
 * ```
 */
export class FlyClient {
  readonly apiUrl: string;
  readonly logsUrl: string;
  private readonly authorization: string;
  private readonly secrets: string[];
  /** The clock retries and the limiter wait on; callers reconciling a create use it too. */
  readonly clock: Clock;
  readonly logger: Logger;
  private readonly maxAttempts: number;
  private readonly backoff: Backoff;
  private readonly requestTimeoutMs: number;
  private readonly limiter: RateLimiter | undefined;
  private readonly pools = new Map<string, Pool>();
  private readonly dispatcher: Dispatcher | undefined;
  private closed = false;

  constructor(options: FlyClientOptions) {
    const token = options.token.trim();
    if (token === '' || token === 'FlyV1') throw new Error('Fly API token is empty');
    if (/[\r\n]/.test(token)) throw new Error('Fly API token contains a line break');
    this.authorization = token.startsWith('FlyV1 ') ? token : `Bearer ${token}`;
    this.secrets = secretVariants(token);
    this.apiUrl = stripTrailingSlash(options.apiUrl ?? DEFAULT_API_URL);
    this.logsUrl = stripTrailingSlash(options.logsUrl ?? DEFAULT_LOGS_URL);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.maxAttempts = Math.max(1, options.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    const maxDelayMs = Math.max(0, options.retry?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS);
    this.backoff = {
      baseDelayMs: Math.max(0, options.retry?.baseDelayMs ?? DEFAULT_BASE_DELAY_MS),
      maxDelayMs,
      maxRetryAfterMs: Math.max(maxDelayMs, MAX_RETRY_AFTER_MS),
      random: options.random ?? Math.random,
    };
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.limiter = options.rateLimit === false ? undefined : new RateLimiter({ clock: this.clock });
    this.dispatcher = options.dispatcher;
  }

  /**
   * Sends `req` and returns the parsed JSON body (`undefined` when empty).
   * Throws {@link FlyAPIError} for any non-2xx answer or when no answer arrived; rejects
   * with the signal's reason when `req.signal` aborts.
   */
  async request<T>(req: FlyRequest): Promise<T> {
    return (await this.send<T>(req)).body;
  }

  /** Like {@link request} but also returns status and headers. */
  async send<T>(req: FlyRequest): Promise<FlyResponse<T>> {
    if (this.closed) throw new Error('FlyClient is closed');
    const mode = req.retry ?? (req.method === 'POST' ? 'never' : 'safe');
    const attempts = mode === 'safe' ? Math.max(1, req.maxAttempts ?? this.maxAttempts) : 1;
    return retry(
      async () => {
        await this.throttle(req);
        return this.sendOnce<T>(req);
      },
      {
        clock: this.clock,
        signal: req.signal,
        maxAttempts: attempts,
        retryable: (e): e is FlyAPIError => e instanceof FlyAPIError && isRetryable(e),
        delayMs: (e, attempt) => this.retryDelay(e, attempt),
        onRetry: (e, attempt, delay) =>
          this.logger.debug(
            `Fly API ${req.method} ${req.path}: ${e.summary()}; retry ${attempt}/${attempts - 1} in ${delay} ms`,
          ),
      },
    );
  }

  /**
   * Backoff before retry number `attempt` (1-based): `Retry-After` when the server sent one
   * (bounded), else full jitter: random in [0, min(maxDelay, base * 2^(attempt-1))]. Callers
   * that repeat requests themselves (a create, a wait) pause by it too.
   */
  retryDelay(error: FlyAPIError, attempt: number): number {
    return backoffDelay(attempt, this.backoff, error.retryAfterMs);
  }

  /**
   * Closes the client's own connection pools (pending requests finish first); an injected
   * dispatcher is left open for its owner. The client is unusable after.
   */
  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close()));
  }

  private async throttle(req: FlyRequest): Promise<void> {
    if (this.limiter === undefined) return;
    // Fly documents no limit for the logs endpoint, so it is only limited when a caller names
    // a bucket explicitly.
    const key =
      req.rateLimitKey ??
      ((req.api ?? 'machines') === 'machines' ? rateLimitKeyFor(req.method, req.path) : undefined);
    if (key !== undefined) await this.limiter.acquire(key, req.signal);
  }

  private async sendOnce<T>(req: FlyRequest): Promise<FlyResponse<T>> {
    const base = req.api === 'logs' ? this.logsUrl : this.apiUrl;
    const baseUrl = new URL(base);
    const pathOnly = req.path.split('?')[0] ?? req.path;
    const fullPath = basePath(baseUrl) + withQuery(req.path, req.query);
    const timeoutMs = req.timeoutMs ?? this.requestTimeoutMs;
    const headers: Record<string, string> = {
      authorization: this.authorization,
      'user-agent': USER_AGENT,
      accept: 'application/json',
    };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] = 'application/json';
    }
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = req.signal === undefined ? timeout : AbortSignal.any([req.signal, timeout]);
    this.logger.debug(`Fly API ${req.method} ${pathOnly}`);

    let statusCode: number;
    let responseHeaders: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const res = await this.dispatcherFor(baseUrl.origin).request({
        origin: baseUrl.origin,
        method: req.method,
        path: fullPath,
        headers,
        body: body ?? null,
        signal,
        // Backstops only: the abort signal above bounds the whole exchange.
        headersTimeout: timeoutMs + 1_000,
        bodyTimeout: timeoutMs + 1_000,
      });
      statusCode = res.statusCode;
      responseHeaders = res.headers;
      text = await res.body.text();
    } catch (e: unknown) {
      if (req.signal?.aborted === true) throw req.signal.reason;
      const detail = timeout.aborted
        ? `no answer within ${timeoutMs} ms`
        : this.redact(errorText(e));
      throw new FlyAPIError({
        statusCode: 0,
        detail,
        method: req.method,
        path: pathOnly,
        cause: e,
      });
    }

    if (statusCode < 200 || statusCode >= 300) {
      throw this.httpError(req.method, pathOnly, statusCode, responseHeaders, text);
    }
    if (req.responseType === 'ignore' || text.trim() === '') {
      return { statusCode, headers: responseHeaders, body: undefined as T };
    }
    try {
      return { statusCode, headers: responseHeaders, body: JSON.parse(text) as T };
    } catch (e: unknown) {
      throw new FlyAPIError({
        statusCode,
        detail: `answer is not JSON: ${this.redact(excerpt(text))}`,
        method: req.method,
        path: pathOnly,
        cause: e,
      });
    }
  }

  private httpError(
    method: string,
    path: string,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
    text: string,
  ): FlyAPIError {
    const parsed = parseErrorBody(text);
    const detail =
      parsed.detail ?? (text.trim() === '' ? (STATUS_CODES[statusCode] ?? 'error') : excerpt(text));
    const retryAfterMs = parseRetryAfter(headerValue(headers['retry-after']), this.clock.now());
    return new FlyAPIError({
      statusCode,
      detail: this.redact(detail),
      ...(parsed.status === undefined ? {} : { status: parsed.status }),
      method,
      path,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }

  private dispatcherFor(origin: string): Dispatcher {
    if (this.dispatcher !== undefined) return this.dispatcher;
    let pool = this.pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, {
        connect: { timeout: CONNECT_TIMEOUT_MS },
        headersTimeout: this.requestTimeoutMs + 1_000,
        bodyTimeout: this.requestTimeoutMs + 1_000,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  private redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }
}

function isRetryable(e: FlyAPIError): boolean {
  return e.statusCode === 0 || RETRYABLE_STATUS.has(e.statusCode);
}

/** The token as sent, bare, and each comma-joined macaroon: none may leak into a message. */
function secretVariants(token: string): string[] {
  const bare = token.replace(/^(FlyV1|Bearer)\s+/, '');
  return [token, bare, ...bare.split(',').map((s) => s.trim())];
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function basePath(url: URL): string {
  return url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
}

function withQuery(path: string, query: FlyQuery | undefined): string {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const v of value as readonly string[]) params.append(key, v);
    } else {
      params.append(key, String(value));
    }
  }
  const qs = params.toString();
  if (qs === '') return path;
  return `${path}${path.includes('?') ? '&' : '?'}${qs}`;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Fly's error body: `{"error": "...", "status": "name_taken"}`, sometimes `message`. */
function parseErrorBody(text: string): { detail?: string; status?: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof json !== 'object' || json === null) return {};
  const o = json as Record<string, unknown>;
  const detail =
    typeof o.error === 'string' && o.error !== ''
      ? o.error
      : typeof o.message === 'string' && o.message !== ''
        ? o.message
        : undefined;
  const status = typeof o.status === 'string' && o.status !== '' ? o.status : undefined;
  return {
    ...(detail === undefined ? { detail: excerpt(text) } : { detail }),
    ...(status === undefined ? {} : { status }),
  };
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > DETAIL_EXCERPT_CHARS ? `${flat.slice(0, DETAIL_EXCERPT_CHARS)}...` : flat;
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
    return `${e.message}${typeof code === 'string' ? ` (${code})` : ''}${cause}`;
  }
  return String(e);
}

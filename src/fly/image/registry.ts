/**
 * Whether a tag is in the registry (docs/fly-api.md#registry): `HEAD /v2/<app>/manifests/<tag>`
 * answers 200 when it exists and 404 when it does not. Fly does not document whether
 * registry.fly.io answers with a Bearer challenge, so the generic token flow of the
 * distribution spec is implemented as a fallback. Requests go through undici: the caller's
 * dispatcher, or an Agent the lookup owns and closes.
 */
import { Agent, request, type Dispatcher } from 'undici';
import { systemClock, type Clock } from '../base/clock.js';
import { parseRetryAfter, retry, type Backoff } from '../base/retry.js';
import { messageOf } from '../base/messages.js';
import { silentLogger, type Logger } from '../base/logger.js';
import { ImageRegistryError } from './errors.js';
import {
  basicCredential,
  checkAppName,
  DEFAULT_REGISTRY_URL,
  parseRegistryUrl,
  registryPassword,
} from './reference.js';

/** Every manifest type a pushed tag may have, so the HEAD answers 200 whatever the builder wrote. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_LOOKUP_ATTEMPTS = 3;
/** Between lookup attempts: full jitter under 0.5 s, 1 s, 2 s, ... up to 8 s; Retry-After up to 60 s. */
const BACKOFF: Backoff = { baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

/** A parsed `WWW-Authenticate: Bearer ...` challenge. */
export interface BearerChallenge {
  realm: string;
  service: string | undefined;
  scope: string | undefined;
}

/** Parses the Bearer challenge of a 401 answer; undefined when there is none (e.g. Basic). */
export function parseBearerChallenge(
  header: string | readonly string[] | undefined,
): BearerChallenge | undefined {
  const headers = header === undefined ? [] : typeof header === 'string' ? [header] : header;
  for (const value of headers) {
    const match = /^\s*Bearer\s+(.*)$/is.exec(value);
    if (!match) continue;
    const params = new Map<string, string>();
    for (const p of (match[1] ?? '').matchAll(
      /([A-Za-z_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g,
    )) {
      const key = (p[1] ?? '').toLowerCase();
      const raw = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
      params.set(key, raw);
    }
    const realm = params.get('realm');
    if (!realm) continue;
    return { realm, service: params.get('service'), scope: params.get('scope') };
  }
  return undefined;
}

/** How to reach the registry. */
export interface RegistryOptions {
  /** Fly token (with or without its scheme); the registry password. */
  token: string;
  /** Registry base URL; default https://registry.fly.io. */
  registryUrl?: string;
  /**
   * Where requests go, e.g. an undici `EnvHttpProxyAgent`; it is the caller's to close.
   * Default: an undici Agent of the lookup's own (10 s connect timeout), closed when it ends.
   */
  dispatcher?: Dispatcher;
  /** Per request, default 30 s. */
  requestTimeoutMs?: number;
  /** Attempts for 429, 502-504 and connection errors, default 3 (honouring `Retry-After`). */
  maxAttempts?: number;
  /** Source of the backoff's jitter, in [0, 1); default Math.random. */
  random?: () => number;
  clock?: Clock;
  logger?: Logger;
  signal?: AbortSignal;
}

interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Whether `<app>:<tag>` exists in the registry: `HEAD /v2/<app>/manifests/<tag>` with Basic
 * `x:<token>`; on a 401 Bearer challenge, a token for `repository:<app>:pull` is fetched
 * from the realm with the same Basic credentials and the HEAD is repeated with it.
 * Throws `ImageRegistryError` when the credentials are refused or the registry fails.
 */
export async function imageExists(
  app: string,
  tag: string,
  options: RegistryOptions,
): Promise<boolean> {
  checkAppName(app);
  const base = parseRegistryUrl(options.registryUrl ?? DEFAULT_REGISTRY_URL);
  if (options.dispatcher !== undefined) {
    return lookUp(app, tag, base, { ...options, dispatcher: options.dispatcher });
  }
  const agent = new Agent({ connect: { timeout: CONNECT_TIMEOUT_MS } });
  try {
    return await lookUp(app, tag, base, { ...options, dispatcher: agent });
  } finally {
    await agent.close();
  }
}

/** {@link imageExists} on a dispatcher that is known. */
async function lookUp(
  app: string,
  tag: string,
  base: URL,
  options: RegistryOptions & { dispatcher: Dispatcher },
): Promise<boolean> {
  const password = registryPassword(options.token);
  const basic = `Basic ${basicCredential(password)}`;
  const where = `${base.host}/${app}:${tag}`;
  const manifestUrl = new URL(`/v2/${app}/manifests/${encodeURIComponent(tag)}`, base).toString();
  const head = (authorization: string): Promise<HttpAnswer> =>
    send(
      options,
      'HEAD',
      manifestUrl,
      { Authorization: authorization, Accept: MANIFEST_ACCEPT },
      where,
    );

  let answer = await head(basic);
  if (answer.statusCode === 401) {
    const challenge = parseBearerChallenge(answer.headers['www-authenticate']);
    if (challenge) {
      const token = await fetchBearerToken(challenge, base, app, basic, options, where);
      answer = await head(`Bearer ${token}`);
    }
  }
  switch (answer.statusCode) {
    case 200:
      return true;
    case 404:
      return false;
    case 401:
    case 403:
      throw credentialsRefused(answer.statusCode, where, base.host, app);
    default:
      throw new ImageRegistryError(
        `Registry lookup of ${where} failed: HTTP ${answer.statusCode}`,
        answer.statusCode,
      );
  }
}

async function fetchBearerToken(
  challenge: BearerChallenge,
  base: URL,
  app: string,
  basic: string,
  options: RegistryOptions & { dispatcher: Dispatcher },
  where: string,
): Promise<string> {
  let realm: URL;
  try {
    realm = new URL(challenge.realm);
  } catch {
    throw new ImageRegistryError(`Registry ${base.host} sent an unusable token realm`, 401);
  }
  // The realm receives the password: never over plain HTTP unless the registry itself is
  // plain HTTP (a loopback test registry).
  if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && base.protocol === 'http:')) {
    throw new ImageRegistryError(
      `Registry ${base.host} asked for credentials at a non-HTTPS token realm (${realm.origin}); refusing to send them`,
      401,
    );
  }
  if (challenge.service) realm.searchParams.set('service', challenge.service);
  // A lookup only reads, so it asks for `pull`; the builder gets its own push token.
  realm.searchParams.set('scope', `repository:${app}:pull`);
  const answer = await send(options, 'GET', realm.toString(), { Authorization: basic }, where);
  if (answer.statusCode === 401 || answer.statusCode === 403) {
    throw credentialsRefused(answer.statusCode, where, base.host, app);
  }
  if (answer.statusCode !== 200) {
    throw new ImageRegistryError(
      `Registry token request for ${where} failed: HTTP ${answer.statusCode}`,
      answer.statusCode,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    parsed = undefined;
  }
  const fields = (parsed ?? {}) as { token?: unknown; access_token?: unknown };
  const token = typeof fields.token === 'string' ? fields.token : fields.access_token;
  if (typeof token !== 'string' || token === '') {
    throw new ImageRegistryError(`Registry token realm for ${where} answered without a token`, 200);
  }
  return token;
}

function credentialsRefused(
  status: number,
  where: string,
  host: string,
  app: string,
): ImageRegistryError {
  return new ImageRegistryError(
    `Registry ${host} refused the credentials for ${where} (HTTP ${status}): the Fly token must be ` +
      `valid and have access to app ${JSON.stringify(app)}'s organization (registry user "x", password = token)`,
    status,
  );
}

function isRetryable(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/** One failed attempt worth another: an answer to retry (429, 502-504) or none at all. */
class RetryableFailure extends Error {
  readonly answer: HttpAnswer | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(answer: HttpAnswer | undefined, retryAfterMs: number | undefined, failure: string) {
    super(failure);
    this.answer = answer;
    this.retryAfterMs = retryAfterMs;
  }
}

async function send(
  options: RegistryOptions & { dispatcher: Dispatcher },
  method: 'HEAD' | 'GET',
  url: string,
  headers: Record<string, string>,
  where: string,
): Promise<HttpAnswer> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const { dispatcher } = options;
  // Only the origin and path are logged: the query of a realm URL is harmless, headers are not.
  const shown = new URL(url);
  const once = async (attempt: number): Promise<HttpAnswer> => {
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (options.signal) signals.push(options.signal);
    let answer: HttpAnswer;
    try {
      logger.debug(`registry ${method} ${shown.origin}${shown.pathname} (attempt ${attempt})`);
      const res = await request(url, {
        method,
        headers,
        dispatcher,
        signal: AbortSignal.any(signals),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const body = method === 'HEAD' ? '' : await res.body.text();
      if (method === 'HEAD') await res.body.dump();
      answer = { statusCode: res.statusCode, headers: res.headers, body };
    } catch (e: unknown) {
      if (options.signal?.aborted) throw e;
      throw new RetryableFailure(undefined, undefined, messageOf(e));
    }
    if (!isRetryable(answer.statusCode)) return answer;
    const retryAfter = answer.headers['retry-after'];
    throw new RetryableFailure(
      answer,
      parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, clock.now()),
      `HTTP ${answer.statusCode}`,
    );
  };
  try {
    return await retry(once, {
      clock,
      signal: options.signal,
      maxAttempts: Math.max(1, options.maxAttempts ?? DEFAULT_LOOKUP_ATTEMPTS),
      retryable: (e): e is RetryableFailure => e instanceof RetryableFailure,
      backoff: { ...BACKOFF, random: options.random ?? Math.random },
      retryAfterMs: (e) => e.retryAfterMs,
      onRetry: (e, _attempt, delay) =>
        logger.debug(
          `registry ${method} ${shown.origin}${shown.pathname}: ${e.message}; retrying in ${delay} ms`,
        ),
    });
  } catch (e: unknown) {
    if (!(e instanceof RetryableFailure)) throw e;
    // Out of attempts: the last answer is the caller's to explain; no answer at all is ours.
    if (e.answer !== undefined) return e.answer;
    throw new ImageRegistryError(`Registry request for ${where} failed: ${e.message}`, 0);
  }
}

/**
 * A loopback node:http server with the steps every request shares: read the body, apply HTTP
 * faults, authenticate the token, count it against the rate limits (primary, modelled
 * secondary and injected secondary), call the handler, answer JSON with GitHub's headers,
 * record the request.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorBody, REST_DOCS } from './errors.ts';
import type { ActiveHttpFault, FaultRegistry } from './faults.ts';
import type { PrimaryRateLimits } from './rate-limits.ts';
import type { SecondaryAdmission, SecondaryLimits } from './secondary-limits.ts';
import type { RecordedRequest, SecondaryLimitName, TokenSpec } from './types.ts';

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** '' when there was no body. */
  rawBody: string;
  /** The authenticated token and its user. */
  actor: TokenSpec;
}

export interface ApiResponse {
  status: number;
  /** JSON body; omitted for bodiless answers. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Destroy the socket instead of answering. */
  dropConnection?: boolean;
  delayMs?: number;
  /** Fault label for the request record. */
  fault?: string;
  /** `METHOD template` the request matched, for the record. */
  operation?: string;
  /** The modelled secondary limit that refused it, for the record. */
  secondaryLimit?: SecondaryLimitName;
}

export type ApiHandler = (request: ApiRequest) => Promise<ApiResponse>;

export interface ApiServerOptions {
  port: number;
  /** The token's spec, or undefined for a token the emulator does not know. */
  findToken: (token: string) => TokenSpec | undefined;
  faults: FaultRegistry;
  rateLimits: PrimaryRateLimits;
  /** GitHub's secondary limits; undefined for none. */
  secondaryLimits?: SecondaryLimits | undefined;
  handler: ApiHandler;
  record: (request: RecordedRequest) => void;
  /** Added to every answer's delay (the emulated network round trip). */
  latencyMs: number;
}

export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** GitHub's answer to a secondary rate limit; octokit's throttling plugin matches its words. */
export const SECONDARY_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';
const SECONDARY_LIMIT_DOCS =
  'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';
const PRIMARY_LIMIT_DOCS =
  'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits';

/** Starts the server on 127.0.0.1. */
export async function startApiServer(options: ApiServerOptions): Promise<RunningServer> {
  const pendingDelays = new Set<NodeJS.Timeout>();
  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        pendingDelays.delete(timer);
        resolve();
      }, ms);
      pendingDelays.add(timer);
    });

  const server = createServer((req, res) => {
    void serve(options, delay, req, res).catch((e: unknown) => {
      // A bug in the emulator: answer 500 rather than hanging the client.
      if (!res.headersSent)
        send(res, { status: 500, body: errorBody(500, `emulator error: ${String(e)}`) }, {});
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of pendingDelays) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(
  options: ApiServerOptions,
  delay: (ms: number) => Promise<void>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = performance.now();
  const receivedAt = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const rawBody = await readBody(req);
  const token = tokenOf(req.headers.authorization);
  const actor = token === undefined ? undefined : options.findToken(token);
  const resource = url.pathname.startsWith('/search/') ? 'search' : 'core';
  const limit = options.rateLimits.take(actor?.token, resource);

  const fault = options.faults.takeHttpFault(method, url.pathname, rawBody);
  let response: ApiResponse;
  let admission: SecondaryAdmission | undefined;
  if (fault && (fault.rule.phase ?? 'before') === 'before' && answersItself(fault)) {
    response = faultResponse(fault);
  } else {
    const secondary =
      actor === undefined
        ? undefined
        : options.secondaryLimits?.admit(actor.token, method, url.pathname);
    if (secondary !== undefined && 'limit' in secondary) {
      response = secondaryLimitResponse(secondary.retryAfterSeconds);
      response.secondaryLimit = secondary.limit;
    } else {
      admission = secondary;
      response = await authorizeAndHandle(
        options,
        method,
        url,
        rawBody,
        token,
        actor,
        limit.allowed,
      );
    }
    if (fault && fault.rule.phase === 'after' && answersItself(fault))
      response = faultResponse(fault);
    else if (fault)
      response = { ...response, delayMs: fault.rule.delayMs ?? 0, fault: fault.label };
  }

  try {
    const delayMs = (response.delayMs ?? 0) + options.latencyMs;
    if (delayMs > 0) await delay(delayMs);
    if (response.dropConnection) req.socket.destroy();
    else send(res, response, limit.headers);
  } finally {
    admission?.done();
  }

  const recorded: RecordedRequest = {
    method,
    path: url.pathname,
    query: queryRecord(url.searchParams),
    status: response.dropConnection ? 0 : response.status,
    rawBody,
    durationMs: performance.now() - started,
    receivedAt,
  };
  if (actor !== undefined) recorded.login = actor.login;
  if (token !== undefined) recorded.token = token;
  if (rawBody !== '') recorded.body = parseForRecord(rawBody);
  if (response.operation !== undefined) recorded.operation = response.operation;
  if (response.fault !== undefined) recorded.fault = response.fault;
  if (response.secondaryLimit !== undefined) recorded.secondaryLimit = response.secondaryLimit;
  options.record(recorded);
}

async function authorizeAndHandle(
  options: ApiServerOptions,
  method: string,
  url: URL,
  rawBody: string,
  token: string | undefined,
  actor: TokenSpec | undefined,
  withinPrimaryLimit: boolean,
): Promise<ApiResponse> {
  if (token === undefined) {
    return { status: 401, body: errorBody(401, 'Requires authentication', REST_DOCS) };
  }
  if (actor === undefined) {
    return { status: 401, body: errorBody(401, 'Bad credentials', REST_DOCS) };
  }
  const secondary = options.faults.takeSecondaryLimit(method);
  if (secondary) {
    return {
      ...secondaryLimitResponse(secondary.retryAfterSeconds ?? 60, secondary.status ?? 403),
      fault: 'secondary-rate-limit',
    };
  }
  if (!withinPrimaryLimit) {
    return {
      status: 403,
      body: errorBody(403, `API rate limit exceeded for user ${actor.login}.`, PRIMARY_LIMIT_DOCS),
    };
  }
  return options.handler({ method, path: url.pathname, query: url.searchParams, rawBody, actor });
}

/** GitHub's secondary-limit answer: 403 (or 429) with `retry-after` and the request id. */
function secondaryLimitResponse(retryAfterSeconds: number, status = 403): ApiResponse {
  const requestId = randomRequestId();
  return {
    status,
    body: errorBody(
      status,
      `${SECONDARY_LIMIT_MESSAGE} If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
      SECONDARY_LIMIT_DOCS,
    ),
    headers: { 'retry-after': String(retryAfterSeconds), 'x-github-request-id': requestId },
  };
}

/** `token <t>` (what octokit sends) or `Bearer <t>`, as GitHub accepts both. */
export function tokenOf(header: string | undefined): string | undefined {
  const match = /^(token|bearer)\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[2];
}

function answersItself(fault: ActiveHttpFault): boolean {
  return fault.rule.dropConnection === true || fault.rule.status !== undefined;
}

function faultResponse(fault: ActiveHttpFault): ApiResponse {
  const { rule } = fault;
  const status = rule.status ?? 500;
  const response: ApiResponse = {
    status,
    body: rule.body ?? errorBody(status, `injected fault: HTTP ${status}`),
    fault: fault.label,
    delayMs: rule.delayMs ?? 0,
  };
  if (rule.headers) response.headers = rule.headers;
  if (rule.dropConnection) response.dropConnection = true;
  return response;
}

function send(
  res: ServerResponse,
  response: ApiResponse,
  rateLimitHeaders: Record<string, string>,
): void {
  const hasBody = response.body !== undefined && response.status !== 204;
  const payload = hasBody ? JSON.stringify(response.body) : '';
  res.writeHead(response.status, {
    ...(hasBody ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': Buffer.byteLength(payload),
    'x-github-api-version-selected': '2022-11-28',
    'x-github-media-type': 'github.v3; format=json',
    'x-github-request-id': randomRequestId(),
    ...rateLimitHeaders,
    ...response.headers,
  });
  res.end(payload);
}

/** Shaped like GitHub's `F259:3DE1D4:1812C6DB:175A8999:6A952D28`. */
function randomRequestId(): string {
  const hex = randomBytes(12).toString('hex').toUpperCase();
  return [
    hex.slice(0, 4),
    hex.slice(4, 10),
    hex.slice(10, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join(':');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    record[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return record;
}

function parseForRecord(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody) as unknown;
  } catch {
    return rawBody;
  }
}

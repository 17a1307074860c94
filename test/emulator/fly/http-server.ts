/**
 * A loopback node:http server with the steps every emulated Fly endpoint shares: read the
 * body, apply HTTP faults, check the token, call the handler, answer JSON, record the request.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { flyErrorBody, FlyHttpError } from './errors.ts';
import type { ActiveHttpFault, FaultRegistry } from './faults.ts';
import type { RecordedRequest } from './types.ts';

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** '' when there was no body. */
  rawBody: string;
}

export interface ApiResponse {
  status: number;
  /** JSON body; omitted for bodiless answers. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Destroy the socket instead of answering. */
  dropConnection?: boolean;
  /** Delay before answering. */
  delayMs?: number;
  /** Fault label for the request record. */
  fault?: string;
}

export type ApiHandler = (request: ApiRequest) => Promise<ApiResponse>;

export interface ApiServerOptions {
  name: RecordedRequest['server'];
  port: number;
  token: string;
  faults: FaultRegistry;
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
        send(res, { status: 500, body: flyErrorBody(`emulator error: ${String(e)}`) });
    });
  });
  // Long waits (up to 60 s) must not be cut by the default request timeouts.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
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
  const request: ApiRequest = {
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    rawBody,
  };

  const fault = options.faults.takeHttpFault(method, url.pathname);
  let response: ApiResponse;
  if (fault && (fault.rule.phase ?? 'before') === 'before' && answersItself(fault)) {
    response = faultResponse(fault);
  } else {
    response = await authorizeAndHandle(options, request);
    if (fault && fault.rule.phase === 'after' && answersItself(fault))
      response = faultResponse(fault);
    else if (fault)
      response = { ...response, delayMs: fault.rule.delayMs ?? 0, fault: fault.label };
  }

  const delayMs = (response.delayMs ?? 0) + options.latencyMs;
  if (delayMs > 0) await delay(delayMs);
  if (response.dropConnection) req.socket.destroy();
  else send(res, response);

  const recorded: RecordedRequest = {
    server: options.name,
    method,
    path: url.pathname,
    query: queryRecord(url.searchParams),
    status: response.dropConnection ? 0 : response.status,
    durationMs: performance.now() - started,
    receivedAt,
  };
  if (rawBody !== '') recorded.body = parseForRecord(rawBody);
  if (response.fault !== undefined) recorded.fault = response.fault;
  options.record(recorded);
}

async function authorizeAndHandle(
  options: ApiServerOptions,
  request: ApiRequest,
): Promise<ApiResponse> {
  if (!tokenMatches(request.headers.authorization, options.token)) {
    return { status: 401, body: flyErrorBody('unauthorized') };
  }
  try {
    return await options.handler(request);
  } catch (e: unknown) {
    if (e instanceof FlyHttpError) {
      return { status: e.httpStatus, body: flyErrorBody(e.message, e.flyStatus) };
    }
    // A bug in the emulator: answer (and record) a 500 rather than hang the client.
    return { status: 500, body: flyErrorBody(`emulator error: ${String(e)}`) };
  }
}

/** `Bearer <token>` or `FlyV1 <token>`, as Fly accepts both. */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^(Bearer|FlyV1)\s+(.+)$/i.exec(header ?? '');
  return match?.[2]?.trim() === token;
}

function answersItself(fault: ActiveHttpFault): boolean {
  return fault.rule.dropConnection === true || fault.rule.status !== undefined;
}

function faultResponse(fault: ActiveHttpFault): ApiResponse {
  const { rule } = fault;
  const status = rule.status ?? 500;
  const response: ApiResponse = {
    status,
    body: rule.body ?? flyErrorBody(`injected fault: HTTP ${status}`),
    fault: fault.label,
    delayMs: rule.delayMs ?? 0,
  };
  if (rule.headers) response.headers = rule.headers;
  if (rule.dropConnection) response.dropConnection = true;
  return response;
}

function send(res: ServerResponse, response: ApiResponse): void {
  const hasBody = response.body !== undefined && response.status !== 204;
  const payload = hasBody ? JSON.stringify(response.body) : '';
  res.writeHead(response.status, {
    ...(hasBody ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': Buffer.byteLength(payload),
    ...response.headers,
  });
  res.end(payload);
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

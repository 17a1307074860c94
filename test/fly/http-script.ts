// A tiny scripted HTTP server on 127.0.0.1 for Fly client tests: each request is recorded
// and answered by the next scripted reply (or by a route function). `useScriptedFly` gives a
// test file a fresh server and a FlyClient on it for every test.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, beforeEach } from 'vitest';
import { FlyClient } from '../../src/fly/api/client.ts';
import { FlyAPIError } from '../../src/fly/api/errors.ts';
import { FakeClock } from './fake-clock.ts';

export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  json: unknown;
}

/** What to answer: a status with JSON/text body and headers, a dropped connection, or silence. */
export type Reply =
  | { status: number; json?: unknown; text?: string; headers?: Record<string, string> }
  | { drop: true }
  | { hang: true };

export type Route = (req: RecordedRequest) => Reply;

export interface ScriptedServer {
  url: string;
  requests: RecordedRequest[];
  /** Replies used in order; when empty, `fallback` answers. */
  script: Reply[];
  fallback: Route;
  stop(): Promise<void>;
}

/** Starts a server on a free port of 127.0.0.1; `stop()` ends it and its connections. */
export async function startScriptedServer(fallback?: Route): Promise<ScriptedServer> {
  const sockets = new Set<Socket>();
  const state: ScriptedServer = {
    url: '',
    requests: [],
    script: [],
    fallback: fallback ?? (() => ({ status: 500, text: 'no scripted reply' })),
    stop: () => Promise.resolve(),
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let json: unknown;
      try {
        json = body === '' ? undefined : JSON.parse(body);
      } catch {
        json = undefined;
      }
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json,
      };
      state.requests.push(recorded);
      const reply = state.script.shift() ?? state.fallback(recorded);
      if ('drop' in reply) {
        req.socket.destroy();
        return;
      }
      if ('hang' in reply) return;
      const text = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '');
      res.writeHead(reply.status, {
        ...(reply.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(reply.headers ?? {}),
      });
      res.end(text);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  state.stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}

/** The current test's scripted server and the FlyClient that talks to it. */
export interface ScriptedFly {
  readonly server: ScriptedServer;
  readonly client: FlyClient;
  /** The client's clock: sleeps (backoff, polling) are recorded, never waited for. */
  readonly clock: FakeClock;
  /** `METHOD /path` of every request the server received, in order. */
  readonly calls: () => string[];
}

/**
 * Registers hooks that give every test of the file a fresh scripted server and a FlyClient
 * on it (a FakeClock, and `random` as the backoff jitter so delays are exact), and returns
 * the handle the tests use. Call once, at the top level.
 */
export function useScriptedFly(options: { token: string; random: () => number }): ScriptedFly {
  let current: { server: ScriptedServer; client: FlyClient; clock: FakeClock } | undefined;
  const get = (): NonNullable<typeof current> => {
    if (current === undefined) throw new Error('the scripted server exists only inside a test');
    return current;
  };

  beforeEach(async () => {
    const server = await startScriptedServer();
    const clock = new FakeClock();
    const client = new FlyClient({
      token: options.token,
      apiUrl: server.url,
      clock,
      random: options.random,
    });
    current = { server, client, clock };
  });

  afterEach(async () => {
    if (current === undefined) return;
    const { server, client } = current;
    current = undefined;
    await client.close();
    await server.stop();
  });

  return {
    get server() {
      return get().server;
    },
    get client() {
      return get().client;
    },
    get clock() {
      return get().clock;
    },
    calls: () => get().server.requests.map((r) => `${r.method} ${r.path}`),
  };
}

/** The FlyAPIError `p` rejects with; any other rejection is rethrown, and fulfilment fails. */
export async function flyAPIFailure(p: Promise<unknown>): Promise<FlyAPIError> {
  try {
    await p;
  } catch (e: unknown) {
    if (e instanceof FlyAPIError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

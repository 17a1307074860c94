/**
 * A git smart-HTTP server on 127.0.0.1 that demands a GitHub-style token (HTTP Basic,
 * user `x-access-token`), like github.com does for a private repository. Authorized requests
 * are served by `git http-backend` (CGI). It lets a test prove that the entrypoint's
 * credential helper hands the token to git without the token reaching a URL, a file or
 * the output.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHttpServer {
  /** Base URL, ending with a slash: `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** Requests that carried the expected token. */
  readonly authorized: () => number;
  /** Requests refused with 401 (no or wrong credentials). */
  readonly refused: () => number;
  stop(): Promise<void>;
}

/** Serves the bare repositories under `projectRoot` to clients that present `token`. */
export async function startGitHttpServer(
  projectRoot: string,
  token: string,
): Promise<GitHttpServer> {
  let authorized = 0;
  let refused = 0;
  const expected = `Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;

  const server = createServer((req, res) => {
    if (req.headers.authorization !== expected) {
      refused++;
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="flaude-test"' });
      res.end();
      return;
    }
    authorized++;
    serveWithHttpBackend(projectRoot, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    authorized: () => authorized,
    refused: () => refused,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function serveWithHttpBackend(
  projectRoot: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: header(req, 'content-type'),
    HTTP_CONTENT_ENCODING: header(req, 'content-encoding'),
    GIT_PROTOCOL: header(req, 'git-protocol'),
    REMOTE_USER: 'x-access-token',
    REMOTE_ADDR: '127.0.0.1',
  };
  const length = header(req, 'content-length');
  if (length !== '') env.CONTENT_LENGTH = length;

  const cgi = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  req.pipe(cgi.stdin);
  let head = Buffer.alloc(0);
  let headersSent = false;
  cgi.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else headers[name] = value;
    }
    res.writeHead(status, headers);
    headersSent = true;
    const rest = head.subarray(end + 4);
    if (rest.length > 0) res.write(rest);
  });
  cgi.stdout.on('end', () => {
    if (!headersSent) res.writeHead(502);
    res.end();
  });
  cgi.on('error', () => {
    if (!headersSent) res.writeHead(500);
    res.end();
  });
}

/** A server that accepts git's requests and never answers them: a stalled git host. */
export interface StallingServer {
  /** Base URL, ending with a slash. */
  readonly url: string;
  /** Requests received (each left unanswered). */
  readonly requests: () => number;
  stop(): Promise<void>;
}

/** Starts a {@link StallingServer} on 127.0.0.1. */
export async function startStallingServer(): Promise<StallingServer> {
  let requests = 0;
  const server = createServer(() => {
    requests++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests: () => requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

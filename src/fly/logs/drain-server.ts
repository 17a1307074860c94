import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../base/logger.js';
import type { LogCollector } from './collector.js';
import { parseDrainEntry, type LogLine } from './entries.js';

/** Options of a {@link LogDrainServer}. */
export interface LogDrainServerOptions {
  /**
   * Shared secret (at least 16 characters) that every request must carry as
   * `Authorization: Bearer <secret>`. Required: the exit marker decides a run's exit code,
   * so an open drain would let anyone who can reach it forge results (the seed library's
   * drain was open on all interfaces).
   */
  secret: string;
  /**
   * Interface to listen on; default `127.0.0.1`, so nothing beyond this host can even try
   * the secret. Fly's log shipper reaches a drain only through something public (a tunnel
   * or reverse proxy in front of loopback, or an explicit `0.0.0.0` on a reachable host);
   * that exposure is the caller's deliberate choice.
   */
  host?: string;
  /** Port; 0 (default) picks a free one, read it from `port`/`url` after `start()`. */
  port?: number;
  /**
   * Route entries marked `stream: stderr` (default false: dropped here). A stream still gets
   * them only when it was subscribed with `includeStderr` too.
   */
  includeStderr?: boolean;
  /** Largest request body accepted, in bytes (default 4 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  logger?: Logger;
}

const MIN_SECRET_LENGTH = 16;
const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * An HTTP endpoint that receives log entries as NDJSON (one JSON object per line, or a JSON
 * array of them) by POST and feeds them into a {@link LogCollector}: the alternative log
 * source for hosts Fly's log shipper can reach (docs/architecture.md#logs).
 *
 * Answers: 204 accepted (even when every line was skipped), 401 without the right bearer
 * secret (nothing is read or routed), 405 for other methods, 413 for a body over the limit
 * (nothing routed), 415 for compressed bodies. Lines that are not JSON objects are skipped
 * and counted in `malformedLines`; objects without a machine id or message in
 * `unroutableEntries`. Chunked bodies work (node:http decodes them).
 */
export class LogDrainServer {
  readonly #collector: LogCollector;
  readonly #secretDigest: Buffer;
  readonly #host: string;
  readonly #requestedPort: number;
  readonly #includeStderr: boolean;
  readonly #maxBodyBytes: number;
  readonly #logger: Logger;
  #server: Server | undefined;
  #port = 0;
  #malformedLines = 0;
  #unroutableEntries = 0;
  #acceptedEntries = 0;
  #unauthorizedRequests = 0;

  /** A server for `collector`; throws when the secret is missing or shorter than 16 characters. */
  constructor(collector: LogCollector, opts: LogDrainServerOptions) {
    const secret = (opts as Partial<LogDrainServerOptions> | undefined)?.secret;
    if (typeof secret !== 'string' || secret.trim().length < MIN_SECRET_LENGTH) {
      throw new TypeError(
        `LogDrainServer needs a shared secret of at least ${MIN_SECRET_LENGTH} characters ` +
          "(e.g. crypto.randomBytes(32).toString('hex')); an open drain lets anyone forge log lines and exit codes",
      );
    }
    this.#collector = collector;
    this.#secretDigest = digest(secret);
    this.#host = opts.host ?? '127.0.0.1';
    this.#requestedPort = opts.port ?? 0;
    this.#includeStderr = opts.includeStderr ?? false;
    this.#maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.#logger = opts.logger ?? silentLogger;
  }

  /** The port listened on (0 before `start()`). */
  get port(): number {
    return this.#port;
  }

  /**
   * `http://host:port` of the listening server. For a wildcard host (0.0.0.0, ::) this is the
   * loopback address, the one reachable from this machine; Fly needs a public one.
   */
  get url(): string {
    if (this.#server === undefined) throw new Error('LogDrainServer is not started');
    const host = this.#host === '0.0.0.0' ? '127.0.0.1' : this.#host === '::' ? '::1' : this.#host;
    return `http://${host.includes(':') ? `[${host}]` : host}:${this.#port}`;
  }

  /** Body lines that were not JSON objects (or arrays of them). */
  get malformedLines(): number {
    return this.#malformedLines;
  }

  /** JSON objects without a machine id or message. */
  get unroutableEntries(): number {
    return this.#unroutableEntries;
  }

  /** Entries handed to the collector (stdout, and stderr when included). */
  get acceptedEntries(): number {
    return this.#acceptedEntries;
  }

  /** Requests refused for a missing or wrong secret. */
  get unauthorizedRequests(): number {
    return this.#unauthorizedRequests;
  }

  /** Starts listening; resolves once bound. Idempotent. */
  async start(): Promise<void> {
    if (this.#server !== undefined) return;
    const server = createServer((req, res) => this.#handle(req, res));
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#requestedPort, this.#host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => this.#logger.warning(`Log drain server error: ${error.message}`));
    this.#server = server;
    this.#port = (server.address() as AddressInfo).port;
  }

  /** Stops listening and closes open connections. Does not finish any stream. Idempotent. */
  async stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    if (!this.#authorized(req.headers.authorization)) {
      this.#unauthorizedRequests++;
      this.#logger.debug('Log drain refused a request without the shared secret');
      refuse(req, res, 401, { 'www-authenticate': 'Bearer' });
      return;
    }
    if (req.method !== 'POST') {
      refuse(req, res, 405, { allow: 'POST' });
      return;
    }
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
      refuse(req, res, 415);
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.#maxBodyBytes) {
      refuse(req, res, 413);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > this.#maxBodyBytes) {
        tooLarge = true;
        chunks.length = 0;
        refuse(req, res, 413);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) return;
      this.#ingest(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(204).end();
    });
    req.on('error', () => {
      // The client went away mid-body: route nothing from a partial request.
      tooLarge = true;
    });
  }

  #authorized(header: string | undefined): boolean {
    const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
    // Digests have a fixed length, so the comparison takes the same time for any input.
    const given = digest(match?.[1]?.trim() ?? '');
    return timingSafeEqual(given, this.#secretDigest) && match !== null;
  }

  #ingest(body: string): void {
    for (const rawLine of body.split('\n')) {
      const text = rawLine.trim();
      if (text === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        this.#malformedLines++;
        continue;
      }
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) {
          this.#malformedLines++;
          continue;
        }
        const line = parseDrainEntry(item);
        if (line === undefined) {
          this.#unroutableEntries++;
          continue;
        }
        this.#route(line);
      }
    }
  }

  #route(line: LogLine): void {
    if (line.stream === 'system') return;
    if (line.stream === 'stderr' && !this.#includeStderr) return;
    this.#acceptedEntries++;
    this.#collector.push(line);
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Answers without reading the body, and closes the connection so an unread body cannot linger. */
function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(status, { ...headers, connection: 'close' });
  res.end();
  req.resume();
}

// The HTTP side of the emulator: routing, body parsing, recording, JSON/SSE answers.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { readMessagesRequest } from './messages-request.ts';
import {
  planReply,
  resolveScenarioOptions,
  type PlannedReply,
  type ResolvedScenarioOptions,
} from './scenarios.ts';
import { messageBody, messageStreamEvents, writeSseResponse } from './sse.ts';
import { FindingsRegistry } from './structured-output.ts';
import type {
  AnthropicEmulator,
  AnthropicEmulatorOptions,
  CredentialKind,
  RecordedRequest,
} from './types.ts';

const MAX_BODY_BYTES = 32 * 1024 * 1024;
const EXCERPT_CHARS = 200;

class HttpError extends Error {
  readonly status: number;
  readonly errorType: string;
  constructor(status: number, errorType: string, message: string) {
    super(message);
    this.status = status;
    this.errorType = errorType;
  }
}

function credentialKind(req: IncomingMessage): CredentialKind {
  if (typeof req.headers['x-api-key'] === 'string' && req.headers['x-api-key'] !== '')
    return 'api-key';
  if (/^Bearer \S/.test(req.headers.authorization ?? '')) return 'bearer';
  return 'none';
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES)
      throw new HttpError(413, 'request_too_large', 'Request body too large.');
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_request_error', 'Request body is not valid JSON.');
  }
}

function excerpt(text: string): string {
  return text.slice(0, EXCERPT_CHARS);
}

/** The emulator's request handler plus the state behind it. */
class AnthropicServer {
  readonly requests: RecordedRequest[] = [];
  readonly findings: FindingsRegistry;
  private readonly scenarios: ResolvedScenarioOptions;
  private readonly log: (line: string) => void;
  private readonly shutdown = new AbortController();
  private counter = 0;

  constructor(options: AnthropicEmulatorOptions) {
    this.scenarios = resolveScenarioOptions(options.scenarios);
    this.log = options.log ?? (() => {});
    this.findings = new FindingsRegistry(options.findings);
  }

  stopStreams(): void {
    this.shutdown.abort();
  }

  private nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}_emu${String(this.counter).padStart(6, '0')}`;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const betas = (req.headers['anthropic-beta'] ?? '')
      .toString()
      .split(',')
      .map((beta) => beta.trim())
      .filter((beta) => beta !== '');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      kind: 'unknown',
      status: 0,
      credential: credentialKind(req),
      betas,
      ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
    };
    this.requests.push(record);
    const requestId = this.nextId('req');
    const headers = { 'request-id': requestId };

    try {
      if (url.pathname === '/v1/messages' && req.method === 'POST') {
        await this.messages(req, res, record, headers);
      } else if (url.pathname === '/v1/messages/count_tokens' && req.method === 'POST') {
        record.kind = 'count_tokens';
        const body = await readJsonBody(req);
        const view = readMessagesRequest(body);
        record.model = view.model;
        this.json(res, record, 200, { input_tokens: estimateInputTokens(body) }, headers);
      } else if (url.pathname === '/api/hello' && (req.method === 'GET' || req.method === 'HEAD')) {
        // Connectivity preflight Claude Code sends unless nonessential traffic is disabled.
        record.kind = 'preflight';
        record.status = 200;
        res.writeHead(200, { 'content-type': 'text/plain', ...headers });
        res.end(req.method === 'HEAD' ? undefined : 'hello');
      } else {
        req.resume();
        this.log(`anthropic emulator: unknown request ${record.method} ${req.url ?? ''}`);
        throw new HttpError(404, 'not_found_error', `Not found: ${record.method} ${url.pathname}`);
      }
    } catch (e: unknown) {
      const error =
        e instanceof HttpError
          ? e
          : new HttpError(
              500,
              'api_error',
              `Emulator failure: ${e instanceof Error ? e.message : String(e)}`,
            );
      if (error.status === 500) this.log(`anthropic emulator: ${error.message}`);
      if (!res.headersSent) this.error(res, record, error, requestId);
      else if (!res.destroyed) res.end();
    }
  }

  private async messages(
    req: IncomingMessage,
    res: ServerResponse,
    record: RecordedRequest,
    headers: Record<string, string>,
  ): Promise<void> {
    const body = await readJsonBody(req);
    const view = readMessagesRequest(body);
    const planned: PlannedReply = planReply(
      view,
      this.scenarios,
      () => this.nextId('toolu'),
      this.findings,
    );
    const lastResult = view.toolResults.at(-1);
    Object.assign(record, {
      kind: planned.kind,
      model: view.model,
      stream: view.stream,
      scenario: planned.scenario,
      promptExcerpt: excerpt(view.prompt),
      prompt: view.prompt,
      bodyJson: JSON.stringify(body),
      tools: view.tools,
      ...(planned.step ? { step: planned.step } : {}),
      ...(planned.structuredOutput ? { structuredOutput: planned.structuredOutput } : {}),
      ...(lastResult ? { toolResultExcerpt: excerpt(lastResult.text) } : {}),
    } satisfies Partial<RecordedRequest>);

    const { reply } = planned;
    if (reply.kind === 'error') {
      throw new HttpError(reply.status, reply.errorType, reply.message);
    }
    const envelope = {
      id: this.nextId('msg'),
      model: view.model,
      inputTokens: estimateInputTokens(body),
    };
    if (!view.stream) {
      const pause = reply.pacing ? reply.pacing.chunkCount * reply.pacing.chunkDelayMs : 0;
      if (pause > 0)
        await sleep(pause, undefined, { signal: this.shutdown.signal }).catch(() => {});
      this.json(res, record, 200, messageBody(reply.message, envelope), headers);
      return;
    }
    record.status = 200;
    const events = messageStreamEvents(reply.message, envelope, reply.pacing);
    await writeSseResponse(res, events, headers, this.shutdown.signal);
  }

  private json(
    res: ServerResponse,
    record: RecordedRequest,
    status: number,
    body: unknown,
    headers: Record<string, string>,
  ): void {
    record.status = status;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private error(
    res: ServerResponse,
    record: RecordedRequest,
    error: HttpError,
    requestId: string,
  ): void {
    // The API's error envelope; Claude Code shows `API Error: <status> <message>`.
    this.json(
      res,
      record,
      error.status,
      {
        type: 'error',
        error: { type: error.errorType, message: error.message },
        request_id: requestId,
      },
      { 'request-id': requestId },
    );
  }
}

/** Input tokens as a rough 4-characters-per-token estimate of the request body. */
function estimateInputTokens(body: unknown): number {
  return Math.max(1, Math.ceil(JSON.stringify(body).length / 4));
}

/**
 * Starts the scripted Anthropic Messages API on 127.0.0.1. See README.md beside this file
 * for the scenarios and what Claude Code sends.
 */
export async function startAnthropicEmulator(
  options: AnthropicEmulatorOptions = {},
): Promise<AnthropicEmulator> {
  const state = new AnthropicServer(options);
  const server = createServer((req, res) => {
    void state.handle(req, res);
  });
  // Claude Code keeps connections alive between turns; never let an idle one block stop().
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: state.requests,
    registerFindings(id: string, document: unknown): void {
      state.findings.register(id, document);
    },
    stop(): Promise<void> {
      stopped ??= new Promise<void>((resolve) => {
        state.stopStreams();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

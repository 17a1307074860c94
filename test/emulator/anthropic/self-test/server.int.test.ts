// The emulator over loopback HTTP, without the CLI: routing, framing, recording, shutdown.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fetch } from 'undici';
import { afterEach, describe, expect, test } from 'vitest';
import {
  SIDE_ANSWER,
  startAnthropicEmulator,
  type AnthropicEmulator,
  type AnthropicEmulatorOptions,
} from '../index.ts';
import { accumulateMessage, parseSse } from './sse-parse.ts';

const SECRET = 'sk-ant-api03-must-never-be-recorded';

const running: AnthropicEmulator[] = [];

async function start(options?: AnthropicEmulatorOptions): Promise<AnthropicEmulator> {
  const emulator = await startAnthropicEmulator(options);
  running.push(emulator);
  return emulator;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.stop()));
});

function body(
  prompt: string,
  options: { stream?: boolean; tools?: string[]; extra?: unknown[] } = {},
): string {
  return JSON.stringify({
    model: 'claude-test-model',
    max_tokens: 1000,
    stream: options.stream ?? true,
    tools: (options.tools ?? ['Bash']).map((name) => ({ name, input_schema: { type: 'object' } })),
    messages: [
      { role: 'user', content: [{ type: 'text', text: prompt }] },
      { role: 'system', content: [{ type: 'text', text: 'Is a git repository: false' }] },
      ...(options.extra ?? []),
    ],
  });
}

function post(
  emulator: AnthropicEmulator,
  path: string,
  payload: string,
  headers: Record<string, string> = { 'x-api-key': SECRET },
): ReturnType<typeof fetch> {
  return fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-beta': 'a-1, b-2', ...headers },
    body: payload,
  });
}

describe('POST /v1/messages', () => {
  test('streams the scripted tool call as SSE', async () => {
    const emulator = await start();
    const response = await post(emulator, '/v1/messages?beta=true', body('review please'));

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    const { message, content } = accumulateMessage(parseSse(await response.text()));
    expect(message).toMatchObject({
      model: 'claude-test-model',
      stop_reason: 'tool_use',
      role: 'assistant',
    });
    expect(content[1]).toMatchObject({
      type: 'tool_use',
      name: 'Bash',
      input: { command: 'ls -la' },
    });
    expect(emulator.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/v1/messages',
        query: 'beta=true',
        kind: 'main',
        status: 200,
        credential: 'api-key',
        betas: ['a-1', 'b-2'],
        model: 'claude-test-model',
        stream: true,
        scenario: 'success',
        step: 'tool_use',
        promptExcerpt: 'review please',
        tools: ['Bash'],
      }),
    ]);
  });

  test('answers without streaming as one JSON message, final turn quoting the tool result', async () => {
    const emulator = await start();
    const extra = [
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'ls -la' } }],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 't1', content: 'unique-file-xyz.txt' }],
      },
    ];
    const response = await post(
      emulator,
      '/v1/messages',
      body('review', { stream: false, extra }),
      {
        authorization: `Bearer ${SECRET}`,
      },
    );

    expect(response.status).toBe(200);
    const json = (await response.json()) as Record<string, unknown>;
    expect(json).toMatchObject({
      type: 'message',
      stop_reason: 'end_turn',
      model: 'claude-test-model',
    });
    expect(JSON.stringify(json.content)).toContain('unique-file-xyz.txt');
    expect(emulator.requests[0]).toMatchObject({
      credential: 'bearer',
      stream: false,
      step: 'final',
      toolResultExcerpt: 'unique-file-xyz.txt',
    });
  });

  test('gives side requests (no Bash tool) a short answer, not the review', async () => {
    const emulator = await start();
    const response = await post(
      emulator,
      '/v1/messages',
      body('Write a title', { stream: false, tools: [] }),
    );
    const json = (await response.json()) as { content: unknown };
    expect(json.content).toEqual([{ type: 'text', text: SIDE_ANSWER }]);
    expect(emulator.requests[0]).toMatchObject({ kind: 'side', credential: 'api-key' });
  });

  test('api-error answers the API error envelope', async () => {
    const emulator = await start({
      scenarios: { apiError: { status: 403, type: 'permission_error', message: 'no' } },
    });
    const response = await post(emulator, '/v1/messages?beta=true', body('[scenario:api-error]'));
    expect(response.status).toBe(403);
    const envelope: unknown = await response.json();
    expect(envelope).toMatchObject({
      type: 'error',
      error: { type: 'permission_error', message: 'no' },
    });
    expect(envelope).toHaveProperty('request_id', expect.stringMatching(/^req_/));
    expect(emulator.requests[0]).toMatchObject({
      status: 403,
      step: 'error',
      scenario: 'api-error',
    });
  });

  test('a body that is not JSON is a 400 invalid_request_error', async () => {
    const emulator = await start();
    const response = await post(emulator, '/v1/messages', '{nope');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  test('slow streams the final answer in separate pieces', async () => {
    const emulator = await start({ scenarios: { slowChunkDelayMs: 100, slowChunkCount: 5 } });
    const extra = [
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'ls -la' } }],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'out' }] },
    ];
    const response = await post(emulator, '/v1/messages', body('[scenario:slow]', { extra }));
    // A fetch body is a stream of bytes; its type leaves the chunks as any.
    const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
    if (!reader) throw new Error('no body');
    const decoder = new TextDecoder();
    let text = '';
    let readsWithText = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = decoder.decode(value, { stream: true });
      if (chunk.includes('text_delta')) readsWithText += 1;
      text += chunk;
    }
    // The server pauses before every delta, so they cannot all arrive in one read.
    expect(readsWithText).toBeGreaterThan(1);
    const events = parseSse(text);
    expect(events.filter((e) => e.event === 'content_block_delta')).toHaveLength(5);
    expect(events.at(-1)?.event).toBe('message_stop');
  });
});

describe('other routes', () => {
  test('count_tokens answers an estimate', async () => {
    const emulator = await start();
    const response = await post(emulator, '/v1/messages/count_tokens?beta=true', body('x'));
    expect(response.status).toBe(200);
    const json = (await response.json()) as { input_tokens: number };
    expect(json.input_tokens).toBeGreaterThan(10);
    expect(emulator.requests[0]).toMatchObject({
      kind: 'count_tokens',
      model: 'claude-test-model',
    });
  });

  test('HEAD /api/hello is the connectivity preflight', async () => {
    const emulator = await start();
    const response = await fetch(`${emulator.url}/api/hello`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(emulator.requests[0]).toMatchObject({
      kind: 'preflight',
      status: 200,
      credential: 'none',
    });
  });

  test('unknown requests get a JSON 404 and are logged', async () => {
    const lines: string[] = [];
    const emulator = await start({ log: (line) => lines.push(line) });
    const response = await fetch(`${emulator.url}/api/oauth/profile`, {
      headers: { authorization: `Bearer ${SECRET}` },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'not_found_error' },
    });
    expect(lines).toEqual([expect.stringContaining('GET /api/oauth/profile')]);
    expect(emulator.requests[0]).toMatchObject({
      kind: 'unknown',
      status: 404,
      credential: 'bearer',
    });
  });

  test('never records a credential', async () => {
    const emulator = await start();
    await (await post(emulator, '/v1/messages', body('x', { stream: false }))).text();
    await (
      await post(emulator, '/v1/messages', body('x'), { authorization: `Bearer ${SECRET}` })
    ).text();
    expect(emulator.requests).toHaveLength(2);
    expect(JSON.stringify(emulator.requests)).not.toContain(SECRET);
  });
});

test('stop() ends a stream that is still pausing between chunks', async () => {
  const emulator = await startAnthropicEmulator({
    scenarios: { slowChunkDelayMs: 600_000, slowChunkCount: 3 },
  });
  const extra = [
    {
      role: 'assistant',
      content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'ls' } }],
    },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'out' }] },
  ];
  const response = await post(emulator, '/v1/messages', body('[scenario:slow]', { extra }));
  expect(response.status).toBe(200);
  const reading = response.text().then(
    (text) => text,
    () => 'aborted',
  );
  await emulator.stop();
  const text = await reading;
  expect(text).not.toContain('message_stop');
});

test('cli.ts prints its URL, serves, and exits 0 on SIGTERM', async () => {
  const root = resolve(import.meta.dirname, '../../../..');
  const child = spawn(
    resolve(root, 'node_modules/.bin/node'),
    ['test/emulator/anthropic/cli.ts', '--port', '0'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit');
  try {
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const { url } = JSON.parse(line) as { url: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const response = await fetch(`${url}/v1/messages/count_tokens`, {
      method: 'POST',
      body: body('x'),
    });
    expect(response.status).toBe(200);
    expect((await fetch(`${url}/v1/models`)).status).toBe(404);
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = (await exited) as [number | null];
  expect(code).toBe(0);
  expect(stderr).toContain('unknown request GET /v1/models');
});

import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { FlyClient, type FlyClientOptions } from '../../../src/fly/api/client.ts';
import { FlyAPIError } from '../../../src/fly/api/errors.ts';
import { FakeClock } from '../fake-clock.ts';
import { startScriptedServer, type Reply, type ScriptedServer } from '../http-script.ts';

const TOKEN = 'fo1_plainTokenValue123';
const START = 1_700_000_000_000;

let server: ScriptedServer;
let clock: FakeClock;
const clients: FlyClient[] = [];

function client(options: Partial<FlyClientOptions> = {}): FlyClient {
  const c = new FlyClient({
    token: TOKEN,
    apiUrl: server.url,
    logsUrl: server.url,
    clock,
    random: () => 0.5,
    rateLimit: false,
    ...options,
  });
  clients.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e: unknown) {
    return e;
  }
  throw new Error('expected a rejection');
}

beforeEach(async () => {
  server = await startScriptedServer();
  clock = new FakeClock({ start: START });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.stop();
});

describe('requests', () => {
  test('sends Bearer auth, user agent, JSON body and query; parses JSON', async () => {
    server.script.push({ status: 200, json: { id: 'm1' } });
    const body = await client().request<{ id: string }>({
      method: 'POST',
      path: '/v1/apps/a/machines',
      query: { state: ['started', 'stopped'], timeout: 5, skip: undefined, flag: true },
      body: { name: 'x' },
    });
    expect(body).toEqual({ id: 'm1' });
    const req = server.requests[0];
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/v1/apps/a/machines');
    expect(req?.query.getAll('state')).toEqual(['started', 'stopped']);
    expect(req?.query.get('timeout')).toBe('5');
    expect(req?.query.get('flag')).toBe('true');
    expect(req?.query.has('skip')).toBe(false);
    expect(req?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req?.headers['user-agent']).toBe('flaude-action');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.json).toEqual({ name: 'x' });
  });

  test('passes a FlyV1 token unchanged', async () => {
    server.script.push({ status: 200, json: {} });
    const token = 'FlyV1 fm2_abc,fm2_def';
    await client({ token }).request({ method: 'GET', path: '/v1/apps/a' });
    expect(server.requests[0]?.headers.authorization).toBe(token);
  });

  test('a base URL with a path prefix keeps it', async () => {
    server.script.push({ status: 200, json: [] });
    await client({ logsUrl: `${server.url}/proxy/` }).request({
      method: 'GET',
      path: '/api/v1/apps/a/logs',
      api: 'logs',
      query: { next_token: '' },
    });
    expect(server.requests[0]?.url).toBe('/proxy/api/v1/apps/a/logs?next_token=');
  });

  test('an empty answer is undefined; responseType ignore drops a non-JSON body', async () => {
    server.script.push({ status: 200, text: '' }, { status: 200, text: 'ok' });
    const c = client();
    expect(await c.request({ method: 'GET', path: '/v1/x' })).toBeUndefined();
    expect(
      await c.request({ method: 'DELETE', path: '/v1/x', responseType: 'ignore' }),
    ).toBeUndefined();
  });

  test('a non-JSON success is a FlyAPIError', async () => {
    server.script.push({ status: 200, text: '<html>proxy</html>' });
    const e = await failure(client().request({ method: 'GET', path: '/v1/x' }));
    expect(e).toBeInstanceOf(FlyAPIError);
    expect((e as FlyAPIError).detail).toMatch(/not JSON: <html>proxy<\/html>/);
  });

  test('send returns headers (pagination cursor)', async () => {
    server.script.push({ status: 200, json: [], headers: { 'fly-next-cursor': 'c2' } });
    const res = await client().send({ method: 'GET', path: '/v1/apps/a/machines' });
    expect(res.headers['fly-next-cursor']).toBe('c2');
  });
});

describe('errors', () => {
  test.each<
    [string, Reply, { statusCode: number; detail: string; status?: string; message: string }]
  >([
    [
      '1 401 with Fly error body',
      { status: 401, json: { error: 'token invalid' } },
      {
        statusCode: 401,
        detail: 'token invalid',
        message: 'Fly API GET /v1/apps/a failed: 401: token invalid',
      },
    ],
    [
      '2 422 with status code',
      { status: 422, json: { error: 'app name already taken', status: 'name_taken' } },
      {
        statusCode: 422,
        detail: 'app name already taken',
        status: 'name_taken',
        message: 'Fly API GET /v1/apps/a failed: 422 name_taken: app name already taken',
      },
    ],
    [
      '3 message field',
      { status: 400, json: { message: 'bad timeout' } },
      {
        statusCode: 400,
        detail: 'bad timeout',
        message: 'Fly API GET /v1/apps/a failed: 400: bad timeout',
      },
    ],
    [
      '4 plain text body',
      { status: 404, text: 'not   found\nhere' },
      {
        statusCode: 404,
        detail: 'not found here',
        message: 'Fly API GET /v1/apps/a failed: 404: not found here',
      },
    ],
    [
      '5 empty body uses the reason phrase',
      { status: 404, text: '' },
      {
        statusCode: 404,
        detail: 'Not Found',
        message: 'Fly API GET /v1/apps/a failed: 404: Not Found',
      },
    ],
    [
      '6 JSON without error fields is quoted',
      { status: 403, json: { nope: 1 } },
      {
        statusCode: 403,
        detail: '{"nope":1}',
        message: 'Fly API GET /v1/apps/a failed: 403: {"nope":1}',
      },
    ],
    [
      '7 the token echoed by the server is redacted',
      { status: 401, json: { error: `bad token Bearer ${TOKEN}` } },
      {
        statusCode: 401,
        detail: 'bad token Bearer ***',
        message: 'Fly API GET /v1/apps/a failed: 401: bad token Bearer ***',
      },
    ],
  ])('%s', async (_title, reply, expected) => {
    server.script.push(reply);
    const e = await failure(client().request({ method: 'GET', path: '/v1/apps/a' }));
    expect(e).toBeInstanceOf(FlyAPIError);
    const err = e as FlyAPIError;
    expect({
      statusCode: err.statusCode,
      detail: err.detail,
      ...(err.status === undefined ? {} : { status: err.status }),
      message: err.message,
    }).toEqual(expected);
    expect(err.method).toBe('GET');
    expect(err.path).toBe('/v1/apps/a');
    expect(server.requests).toHaveLength(1);
  });

  test('a FlyV1 macaroon is redacted part by part', async () => {
    const token = 'FlyV1 fm2_firstpart,fm2_secondpart';
    server.script.push({ status: 401, json: { error: 'rejected fm2_secondpart' } });
    const e = (await failure(
      client({ token }).request({ method: 'GET', path: '/v1/apps/a' }),
    )) as Error;
    expect(e.message).not.toContain('fm2_secondpart');
    expect(e.message).toContain('***');
  });

  test('connection refused is statusCode 0 with the cause', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((r) => probe.close(() => r()));
    const e = await failure(
      client({ apiUrl: `http://127.0.0.1:${port}`, retry: { maxAttempts: 1 } }).request({
        method: 'GET',
        path: '/v1/apps/a',
      }),
    );
    expect(e).toBeInstanceOf(FlyAPIError);
    expect((e as FlyAPIError).statusCode).toBe(0);
    expect((e as FlyAPIError).cause).toBeDefined();
    expect((e as FlyAPIError).message).toMatch(
      /^Fly API GET \/v1\/apps\/a failed: no response: .*ECONNREFUSED/,
    );
  });

  test('a request that gets no answer times out as statusCode 0', async () => {
    server.script.push({ hang: true });
    const e = await failure(
      client({ requestTimeoutMs: 150, retry: { maxAttempts: 1 } }).request({
        method: 'GET',
        path: '/v1/apps/a',
      }),
    );
    expect(e).toBeInstanceOf(FlyAPIError);
    expect((e as FlyAPIError).statusCode).toBe(0);
    expect((e as FlyAPIError).detail).toBe('no answer within 150 ms');
  });

  test('the caller aborting rejects with its reason, not a FlyAPIError', async () => {
    server.script.push({ hang: true });
    const controller = new AbortController();
    const p = client().request({ method: 'GET', path: '/v1/apps/a', signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled by test')), 20);
    const e = await failure(p);
    expect(e).not.toBeInstanceOf(FlyAPIError);
    expect((e as Error).message).toBe('cancelled by test');
  });
});

describe('retries', () => {
  test('429 with Retry-After seconds waits that long, then succeeds', async () => {
    server.script.push(
      { status: 429, text: '', headers: { 'retry-after': '3' } },
      { status: 200, json: { ok: 1 } },
    );
    expect(await client().request({ method: 'GET', path: '/v1/apps/a' })).toEqual({ ok: 1 });
    expect(clock.sleeps).toEqual([3000]);
    expect(server.requests).toHaveLength(2);
  });

  test('429 with Retry-After as an HTTP date waits until then', async () => {
    const at = new Date(START + 7000).toUTCString();
    server.script.push(
      { status: 429, text: '', headers: { 'retry-after': at } },
      { status: 200, json: {} },
    );
    await client().request({ method: 'GET', path: '/v1/apps/a' });
    expect(clock.sleeps).toEqual([7000]);
  });

  test('429 without Retry-After backs off with full jitter, doubling', async () => {
    server.script.push(
      { status: 429, text: '' },
      { status: 429, text: '' },
      { status: 200, json: {} },
    );
    await client({ retry: { baseDelayMs: 1000 } }).request({ method: 'GET', path: '/v1/apps/a' });
    // random() = 0.5: half of 1000, then half of 2000.
    expect(clock.sleeps).toEqual([500, 1000]);
    expect(server.requests).toHaveLength(3);
  });

  test('the backoff is capped by maxDelayMs', async () => {
    server.script.push(
      { status: 503, text: '' },
      { status: 503, text: '' },
      { status: 200, json: {} },
    );
    await client({ random: () => 0.999, retry: { baseDelayMs: 1000, maxDelayMs: 1500 } }).request({
      method: 'GET',
      path: '/v1/apps/a',
    });
    expect(clock.sleeps).toEqual([999, 1498]);
  });

  test('503 then 200 is retried once', async () => {
    server.script.push(
      { status: 503, json: { error: 'busy' } },
      { status: 200, json: { ok: true } },
    );
    expect(await client().request({ method: 'GET', path: '/v1/apps/a' })).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  test.each([[502], [504]])('%s is retried', async (status) => {
    server.script.push({ status, text: '' }, { status: 200, json: {} });
    await client().request({ method: 'GET', path: '/v1/apps/a' });
    expect(server.requests).toHaveLength(2);
  });

  test.each([[400], [404], [408], [500], [422]])('%s is not retried', async (status) => {
    server.script.push({ status, text: '' }, { status: 200, json: {} });
    const e = await failure(client().request({ method: 'GET', path: '/v1/apps/a' }));
    expect((e as FlyAPIError).statusCode).toBe(status);
    expect(server.requests).toHaveLength(1);
  });

  test('attempts are bounded', async () => {
    server.fallback = () => ({ status: 503, text: '' });
    const e = await failure(
      client({ retry: { maxAttempts: 3 } }).request({ method: 'GET', path: '/v1/apps/a' }),
    );
    expect((e as FlyAPIError).statusCode).toBe(503);
    expect(server.requests).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
  });

  test("a request's maxAttempts replaces the client's, and timeoutMs bounds each attempt", async () => {
    server.fallback = () => ({ hang: true });
    const e = await failure(
      client({ retry: { maxAttempts: 5 } }).request({
        method: 'DELETE',
        path: '/v1/apps/a/machines/m1',
        timeoutMs: 50,
        maxAttempts: 2,
      }),
    );
    expect(e).toMatchObject({ statusCode: 0, detail: 'no answer within 50 ms' });
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toHaveLength(1);
  });

  test('a dropped connection is retried on a safe request', async () => {
    server.script.push({ drop: true }, { status: 200, json: { ok: 1 } });
    expect(await client().request({ method: 'GET', path: '/v1/apps/a' })).toEqual({ ok: 1 });
    expect(server.requests).toHaveLength(2);
  });

  test('POST is never repeated by default: a dropped create fails once with statusCode 0', async () => {
    server.script.push({ drop: true }, { status: 200, json: {} });
    const e = await failure(
      client().request({ method: 'POST', path: '/v1/apps/a/machines', body: {} }),
    );
    expect((e as FlyAPIError).statusCode).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  test("retry 'never' is not repeated even on 503", async () => {
    server.script.push({ status: 503, text: '' }, { status: 200, json: {} });
    const e = await failure(
      client().request({ method: 'GET', path: '/v1/apps/a', retry: 'never' }),
    );
    expect((e as FlyAPIError).statusCode).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  test("a POST marked 'safe' (stop) is retried", async () => {
    server.script.push({ status: 503, text: '' }, { status: 200, json: { ok: true } });
    await client().request({
      method: 'POST',
      path: '/v1/apps/a/machines/m/stop',
      body: {},
      retry: 'safe',
    });
    expect(server.requests).toHaveLength(2);
  });
});

describe('rate limiting in the client', () => {
  test('a burst of 3 stop calls goes at once, the 4th waits a second and a margin', async () => {
    server.fallback = () => ({ status: 200, json: { ok: true } });
    const c = client({ rateLimit: true });
    await Promise.all(
      [1, 2, 3, 4].map(() =>
        c.request({ method: 'POST', path: '/v1/apps/a/machines/m1/stop', body: {}, retry: 'safe' }),
      ),
    );
    expect(clock.sleeps).toEqual([1250]);
    expect(server.requests).toHaveLength(4);
  });

  test('different machines do not share a bucket', async () => {
    server.fallback = () => ({ status: 200, json: {} });
    const c = client({ rateLimit: true });
    await Promise.all(
      [1, 2, 3, 4, 5, 6].map((i) =>
        c.request({
          method: 'POST',
          path: `/v1/apps/a/machines/m${i}/stop`,
          body: {},
          retry: 'safe',
        }),
      ),
    );
    expect(clock.sleeps).toEqual([]);
  });

  test('the logs endpoint is not limited', async () => {
    server.fallback = () => ({ status: 200, json: { data: [], meta: { next_token: '' } } });
    const c = client({ rateLimit: true });
    for (let i = 0; i < 8; i++) {
      await c.request({ method: 'GET', path: '/api/v1/apps/a/logs', api: 'logs' });
    }
    expect(clock.sleeps).toEqual([]);
  });
});

import { request } from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { LogCollector } from '../../../src/fly/logs/collector.ts';
import { LogDrainServer, type LogDrainServerOptions } from '../../../src/fly/logs/drain-server.ts';

const SECRET = 'a-test-secret-0123456789abcdef';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/** One request over loopback with node:http; `chunks` are written one by one (chunked when no length). */
function post(
  url: string,
  chunks: string[],
  opts: { method?: string; headers?: Record<string, string>; secret?: string | null } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-ndjson',
    ...opts.headers,
  };
  const secret = opts.secret === undefined ? SECRET : opts.secret;
  if (secret !== null) headers['authorization'] = `Bearer ${secret}`;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'POST', headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const ndjson = (...objects: unknown[]): string =>
  objects.map((o) => JSON.stringify(o)).join('\n') + '\n';

const servers: LogDrainServer[] = [];
async function startServer(
  collector: LogCollector,
  opts: Partial<LogDrainServerOptions> = {},
): Promise<LogDrainServer> {
  const server = new LogDrainServer(collector, { secret: SECRET, ...opts });
  servers.push(server);
  await server.start();
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

describe('LogDrainServer construction', () => {
  test('defaults to loopback and a free port', async () => {
    const server = await startServer(new LogCollector());
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });
});

describe('LogDrainServer over loopback HTTP', () => {
  test('routes entries of several machines in one POST, in order, and answers 204', async () => {
    const collector = new LogCollector();
    const a = collector.subscribe('a');
    const b = collector.subscribe('b');
    const server = await startServer(collector);
    const reply = await post(server.url, [
      ndjson(
        { fly: { app: { instance: 'a' } }, message: 'a1' },
        { instance: 'b', message: 'b1' },
        { machine_id: 'a', log: 'a2' },
        { 'fly.machine.id': 'b', msg: 'b2' },
      ),
    ]);
    expect(reply.status).toBe(204);
    collector.finishAll();
    expect(await a.collect()).toEqual(['a1', 'a2']);
    expect(await b.collect()).toEqual(['b1', 'b2']);
    expect(server.acceptedEntries).toBe(4);
  });

  test('refuses requests without the right secret with 401 and routes nothing', async () => {
    const collector = new LogCollector();
    const stream = collector.subscribe('m');
    const server = await startServer(collector);
    const body = ndjson({ instance: 'm', message: '[flaude:exit:0]' });
    const replies = await Promise.all([
      post(server.url, [body], { secret: null }),
      post(server.url, [body], { secret: 'wrong-secret-0123456789abcdef' }),
      post(server.url, [body], { secret: `${SECRET}x` }),
      post(server.url, [body], { secret: SECRET.slice(0, -1) }),
      post(server.url, [body], { secret: null, headers: { authorization: `Basic ${SECRET}` } }),
      post(server.url, [body], { secret: null, headers: { authorization: SECRET } }),
    ]);
    expect(replies.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(replies[0]?.headers['www-authenticate']).toBe('Bearer');
    expect(server.unauthorizedRequests).toBe(6);
    expect(collector.exitMarkerCode('m')).toBeUndefined();
    collector.finishAll();
    expect(await stream.collect()).toEqual([]);
  });

  test('accepts the scheme in any case', async () => {
    const collector = new LogCollector();
    const stream = collector.subscribe('m');
    const server = await startServer(collector);
    const reply = await post(server.url, [ndjson({ instance: 'm', message: 'ok' })], {
      secret: null,
      headers: { authorization: `bearer ${SECRET}` },
    });
    expect(reply.status).toBe(204);
    collector.finishAll();
    expect(await stream.collect()).toEqual(['ok']);
  });

  test('answers 413 to a body over the limit, declared or chunked, and routes nothing from it', async () => {
    const collector = new LogCollector();
    const stream = collector.subscribe('m');
    const server = await startServer(collector, { maxBodyBytes: 1024 });
    const line = JSON.stringify({ instance: 'm', message: 'x'.repeat(100) }) + '\n';
    const big = line.repeat(20);
    const declared = await post(server.url, [big], {
      headers: { 'content-length': String(Buffer.byteLength(big)) },
    });
    expect(declared.status).toBe(413);
    const chunked = await post(
      server.url,
      Array.from({ length: 20 }, () => line),
    );
    expect(chunked.status).toBe(413);
    const fits = await post(server.url, [line]);
    expect(fits.status).toBe(204);
    collector.finishAll();
    expect(await stream.collect()).toEqual(['x'.repeat(100)]);
  });

  test('skips and counts malformed lines, keeps the good ones', async () => {
    const collector = new LogCollector();
    const stream = collector.subscribe('m');
    const server = await startServer(collector);
    const body = [
      JSON.stringify({ instance: 'm', message: 'good 1' }),
      '{not json',
      '42',
      '"a string"',
      'null',
      '',
      '   ',
      JSON.stringify({ message: 'no machine id' }),
      JSON.stringify({ instance: 'm', message: 'good 2' }) + '\r',
      JSON.stringify([{ instance: 'm', message: 'good 3' }, 7]),
    ].join('\n');
    expect((await post(server.url, [body])).status).toBe(204);
    expect(server.malformedLines).toBe(5);
    expect(server.unroutableEntries).toBe(1);
    collector.finishAll();
    expect(await stream.collect()).toEqual(['good 1', 'good 2', 'good 3']);
  });

  test('reassembles chunked bodies whose chunks split lines and multi-byte characters', async () => {
    const collector = new LogCollector();
    const stream = collector.subscribe('m');
    const server = await startServer(collector);
    const body = ndjson(
      { instance: 'm', message: 'héllo ✓' },
      { instance: 'm', message: 'second' },
    );
    const bytes = Buffer.from(body, 'utf8');
    const cut = bytes.indexOf(Buffer.from('✓')) + 1; // inside the 3-byte character
    const reply = await new Promise<number>((resolve, reject) => {
      const req = request(
        server.url,
        { method: 'POST', headers: { authorization: `Bearer ${SECRET}` }, agent: false },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.write(bytes.subarray(0, cut));
      req.write(bytes.subarray(cut));
      req.end();
    });
    expect(reply).toBe(204);
    collector.finishAll();
    expect(await stream.collect()).toEqual(['héllo ✓', 'second']);
  });

  test('drops stderr by default and system entries always', async () => {
    const collector = new LogCollector();
    const stream = collector.subscribe('m', { includeStderr: true });
    const server = await startServer(collector);
    await post(server.url, [
      ndjson(
        { instance: 'm', message: 'out', stream: 'stdout' },
        { instance: 'm', message: 'err', stream: 'stderr' },
        { instance: 'm', message: 'proxy', source: 'proxy' },
        { instance: 'm', message: 'sys', stream: 'system' },
      ),
    ]);
    collector.finishAll();
    expect(await stream.collect()).toEqual(['out']);
  });

  test('routes stderr when configured (and the subscriber asks for it)', async () => {
    const collector = new LogCollector();
    const withErr = collector.subscribe('m', { includeStderr: true });
    const withoutErr = collector.subscribe('n');
    const server = await startServer(collector, { includeStderr: true });
    await post(server.url, [
      ndjson(
        { instance: 'm', message: 'out', stream: 'stdout' },
        { instance: 'm', message: '[flaude:error] boom', stream: 'stderr' },
        { instance: 'n', message: 'n err', stream: 'stderr' },
        { instance: 'm', message: 'fly', source: 'fly', stream: 'system' },
      ),
    ]);
    collector.finishAll();
    expect(await withErr.collect()).toEqual(['out', '[flaude:error] boom']);
    expect(await withoutErr.collect()).toEqual([]);
  });

  test('buffers lines of machines not subscribed yet', async () => {
    const collector = new LogCollector();
    const server = await startServer(collector);
    await post(server.url, [ndjson({ instance: 'later', message: 'early line' })]);
    const stream = collector.subscribe('later');
    collector.finish('later');
    expect(await stream.collect()).toEqual(['early line']);
  });

  test('the exit marker posted through the drain is recorded', async () => {
    const collector = new LogCollector();
    const server = await startServer(collector);
    await post(server.url, [ndjson({ instance: 'm', message: '[flaude:exit:4]' })]);
    expect(collector.exitMarkerCode('m')).toBe(4);
  });

  test('answers 405 to other methods and 415 to compressed bodies', async () => {
    const collector = new LogCollector();
    const server = await startServer(collector);
    expect((await post(server.url, [], { method: 'GET' })).status).toBe(405);
    expect(
      (await post(server.url, ['x'], { headers: { 'content-encoding': 'gzip' } })).status,
    ).toBe(415);
  });

  test('stop() closes the port; start/stop are idempotent', async () => {
    const server = await startServer(new LogCollector());
    await server.start();
    const url = server.url;
    await server.stop();
    await server.stop();
    await expect(post(url, [ndjson({ instance: 'm', message: 'x' })])).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});

// The unit tier's network seal (test/setup-network-seal.ts) holds for the library's clients as
// they are built by default, each with connections of its own rather than undici's global
// dispatcher: a request to a non-loopback host fails before any DNS lookup or socket.
import dns from 'node:dns';
import { get } from 'node:https';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { FlyClient } from '../../src/fly/api/client.ts';
import { FlyAPIError } from '../../src/fly/api/errors.ts';
import { ImageRegistryError, imageExists } from '../../src/fly/image/index.ts';
import { refusedByNetworkSeal, SEALED_CODE } from '../setup-network-seal.ts';
import { startScriptedServer } from './http-script.ts';

afterEach(() => {
  vi.restoreAllMocks();
  refusedByNetworkSeal.length = 0;
});

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e: unknown) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('the network seal of the unit tests', () => {
  test("FlyClient's own Pool cannot reach a non-loopback host: refused before DNS", async () => {
    const lookup = vi.spyOn(dns, 'lookup');
    const client = new FlyClient({
      token: 'fo1_sealTestToken',
      apiUrl: 'https://api.machines.example',
      retry: { maxAttempts: 1 },
      rateLimit: false,
    });
    try {
      const e = await rejection(client.request({ method: 'GET', path: '/v1/apps/a' }));
      expect(e).toBeInstanceOf(FlyAPIError);
      expect((e as FlyAPIError).statusCode).toBe(0);
      expect((e as FlyAPIError).message).toMatch(/net connect disabled in tests/);
    } finally {
      await client.close();
    }
    expect(lookup).not.toHaveBeenCalled();
    expect(refusedByNetworkSeal).toEqual([{ kind: 'connect', target: 'api.machines.example:443' }]);
  });

  test("the registry lookup's own Agent cannot either", async () => {
    const lookup = vi.spyOn(dns, 'lookup');
    const e = await rejection(
      imageExists('my-app', 'flaude-1', {
        token: 'fm2_sealTestToken',
        registryUrl: 'https://registry.machines.example',
        maxAttempts: 1,
      }),
    );
    expect(e).toBeInstanceOf(ImageRegistryError);
    expect((e as ImageRegistryError).statusCode).toBe(0);
    expect((e as Error).message).toMatch(/net connect disabled in tests/);
    expect(lookup).not.toHaveBeenCalled();
    expect(refusedByNetworkSeal).toEqual([
      { kind: 'connect', target: 'registry.machines.example:443' },
    ]);
  });

  test("node's own https client and a direct DNS lookup are refused too", async () => {
    const e = await new Promise<unknown>((resolve) => {
      get('https://api.machines.example/', () => resolve(undefined)).on('error', resolve);
    });
    expect((e as { code?: unknown }).code).toBe(SEALED_CODE);
    const dnsError = await rejection(dns.promises.lookup('api.machines.example'));
    expect((dnsError as { code?: unknown }).code).toBe(SEALED_CODE);
    const resolveError = await rejection(dns.promises.resolve4('localhost'));
    expect((resolveError as { code?: unknown }).code).toBe(SEALED_CODE);
    expect(refusedByNetworkSeal.map((r) => r.kind)).toEqual(['connect', 'dns', 'dns']);
  });

  test('loopback stays reachable', async () => {
    const server = await startScriptedServer();
    const client = new FlyClient({ token: 'fo1_sealTestToken', apiUrl: server.url });
    try {
      server.script.push({ status: 200, json: { ok: true } });
      expect(await client.request({ method: 'GET', path: '/v1/apps/a' })).toEqual({ ok: true });
      expect(await dns.promises.lookup('localhost')).toHaveProperty('address');
    } finally {
      await client.close();
      await server.stop();
    }
    expect(refusedByNetworkSeal).toEqual([]);
  });
});

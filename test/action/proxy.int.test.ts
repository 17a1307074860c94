// Tier 2: the step's HTTP clients behind a proxy. withFlyClient (what the main and post steps
// use) and ensureImage on the dispatcher it hands out (what the main step does) talk to the
// Fly emulator and a loopback registry through a CONNECT proxy the test runs, as the runner's
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY say.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { withFlyClient } from '../../src/action/with-fly-client.ts';
import { ensureApp } from '../../src/fly/api/apps.ts';
import { FlyAPIError } from '../../src/fly/api/errors.ts';
import { listMachines } from '../../src/fly/api/machines.ts';
import { ensureImage, ImageRegistryError, imageExists } from '../../src/fly/image/index.ts';
import { fetchLogPageFrom } from '../../src/fly/logs/poller.ts';
import { silentLogger } from '../../src/fly/base/logger.ts';
import { startFlyEmulator, type FlyEmulator } from '../emulator/fly/index.ts';
import { startTestProxy, type TestProxy } from '../harness/http-proxy.ts';

const APP = 'proxy-app';

/** A registry that has every tag of every app; it records who asked. */
interface FakeRegistry {
  readonly url: string;
  readonly requests: { method: string; url: string; remotePort: number }[];
  stop(): Promise<void>;
}

async function startFakeRegistry(): Promise<FakeRegistry> {
  const requests: FakeRegistry['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      remotePort: req.socket.remotePort ?? 0,
    });
    const manifest = /^\/v2\/[a-z0-9-]+\/manifests\/[^/]+$/.test(req.url ?? '');
    res.writeHead(manifest && req.method === 'HEAD' ? 200 : 404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let fly: FlyEmulator;
let registry: FakeRegistry;
let proxy: TestProxy;
let containerDir: string;

beforeEach(async () => {
  fly = await startFlyEmulator();
  registry = await startFakeRegistry();
  proxy = await startTestProxy();
  containerDir = mkdtempSync(join(tmpdir(), 'flaude-proxy-test-'));
  writeFileSync(join(containerDir, 'Dockerfile'), 'FROM scratch\n');
});

afterEach(async () => {
  expect(fly.validationFailures).toEqual([]);
  await proxy.stop();
  await registry.stop();
  await fly.stop();
  rmSync(containerDir, { recursive: true, force: true });
});

const hostOf = (url: string): string => new URL(url).host;

/** What the main step does over HTTP, through the clients it builds, with `env` as its env. */
async function stepRequests(
  env: NodeJS.ProcessEnv,
): Promise<{ image: string; dispatcher: Dispatcher | undefined }> {
  const inputs = { flyApiToken: fly.token, flyApiUrl: fly.url, flyLogsUrl: fly.logsUrl };
  return withFlyClient(
    inputs,
    silentLogger,
    async (client, dispatcher) => {
      await ensureApp(client, APP, 'personal');
      await listMachines(client, APP);
      await fetchLogPageFrom(client, APP)('', AbortSignal.timeout(10_000));
      const image = await ensureImage(APP, {
        containerDir,
        token: fly.token,
        registry: registry.url,
        ...(dispatcher === undefined ? {} : { dispatcher }),
        builder: {
          name: 'docker',
          build: () => Promise.reject(new Error('the tag exists: nothing to build')),
          push: () => Promise.reject(new Error('the tag exists: nothing to push')),
        },
      });
      return { image, dispatcher };
    },
    env,
  );
}

describe('the step behind a proxy', () => {
  test('HTTP_PROXY: Machines API, logs and registry requests all go through the proxy', async () => {
    const { image, dispatcher } = await stepRequests({ HTTP_PROXY: proxy.url });
    expect(dispatcher).toBeInstanceOf(EnvHttpProxyAgent);
    expect(image).toMatch(new RegExp(`^127\\.0\\.0\\.1:\\d+/${APP}:flaude-[0-9a-f]{16}$`));
    expect(new Set(proxy.connects)).toEqual(
      new Set([hostOf(fly.url), hostOf(fly.logsUrl), hostOf(registry.url)]),
    );
    expect(fly.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([`POST /v1/apps`, `GET /v1/apps/${APP}/machines`]),
    );
    // The registry was asked from the proxy's side of a tunnel, never directly.
    expect(registry.requests.map((r) => r.method)).toEqual(['HEAD']);
    for (const r of registry.requests) expect(proxy.upstreamPorts).toContain(r.remotePort);
  });

  test('lower-case http_proxy and no_proxy: a host in no_proxy is reached directly', async () => {
    await stepRequests({ http_proxy: proxy.url, no_proxy: hostOf(registry.url) });
    expect(proxy.connects).toContain(hostOf(fly.url));
    expect(proxy.connects).toContain(hostOf(fly.logsUrl));
    expect(proxy.connects).not.toContain(hostOf(registry.url));
    expect(registry.requests).toHaveLength(1);
    for (const r of registry.requests) expect(proxy.upstreamPorts).not.toContain(r.remotePort);
  });

  test('NO_PROXY: a bare host in the list exempts every port of it', async () => {
    await stepRequests({ HTTP_PROXY: proxy.url, NO_PROXY: 'example.test, 127.0.0.1' });
    expect(proxy.connects).toEqual([]);
    expect(registry.requests).toHaveLength(1);
  });

  test('HTTPS_PROXY carries https requests (to a host the proxy refuses); http ones go direct', async () => {
    const env = { HTTPS_PROXY: proxy.url };
    await stepRequests(env);
    expect(proxy.connects).toEqual([]);

    const inputs = {
      flyApiToken: fly.token,
      flyApiUrl: 'https://api.machines.example',
      flyLogsUrl: 'https://api.logs.example',
    };
    const [flyError, registryError] = await withFlyClient(
      inputs,
      silentLogger,
      async (client, dispatcher) =>
        Promise.all([
          client
            .request({ method: 'GET', path: `/v1/apps/${APP}`, maxAttempts: 1 })
            .catch((e: unknown) => e),
          imageExists(APP, 'flaude-1', {
            token: fly.token,
            registryUrl: 'https://registry.machines.example',
            ...(dispatcher === undefined ? {} : { dispatcher }),
            maxAttempts: 1,
          }).catch((e: unknown) => e),
        ]),
      env,
    );
    expect(flyError).toBeInstanceOf(FlyAPIError);
    expect((flyError as FlyAPIError).statusCode).toBe(0);
    expect(registryError).toBeInstanceOf(ImageRegistryError);
    expect([...proxy.connects].sort()).toEqual([
      'api.machines.example:443',
      'registry.machines.example:443',
    ]);
  });

  test('without a proxy variable every client connects directly', async () => {
    const { dispatcher } = await stepRequests({ NO_PROXY: '*' });
    expect(dispatcher).toBeUndefined();
    expect(proxy.connects).toEqual([]);
    expect(proxy.forwarded).toEqual([]);
    expect(registry.requests).toHaveLength(1);
  });
});

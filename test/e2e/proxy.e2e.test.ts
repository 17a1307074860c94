// Tier 3: dist/index.js behind a proxy, as a self-hosted runner with HTTP_PROXY runs it: every
// request of the main and post steps to the Fly API, the logs endpoint and the registry goes
// through a CONNECT proxy the test runs on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runActionStep } from '../harness/action-run.ts';
import { startTestProxy, type TestProxy } from '../harness/http-proxy.ts';
import { startEmulators, type ReviewerEmulators } from '../harness/emulators.ts';

const FLY_TOKEN = 'fly-proxy-e2e-token-5ecret';

let world: ReviewerEmulators;
let proxy: TestProxy;
let registry: Server;
let registryUrl: string;
const registryRequests: { method: string; url: string; remotePort: number }[] = [];

beforeAll(async () => {
  world = await startEmulators({ name: 'e2e-proxy', fly: { token: FLY_TOKEN } });
  proxy = await startTestProxy();
  // Every tag is there, so the step looks the image up and builds nothing.
  registry = createServer((req, res) => {
    registryRequests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      remotePort: req.socket.remotePort ?? 0,
    });
    res.writeHead(req.method === 'HEAD' ? 200 : 404).end();
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await proxy?.stop();
  await new Promise<void>((resolve) => (registry ? registry.close(() => resolve()) : resolve()));
  await world?.stop();
});

describe('the bundled action behind HTTP_PROXY', () => {
  test('main and post steps send every Fly and registry request through the proxy', async () => {
    const { fly } = world;
    const inputs = {
      'fly-api-token': FLY_TOKEN,
      app: 'flaude-proxy',
      org: 'personal',
      'claude-code-oauth-token': 'sk-ant-oat01-proxy-e2e-5ecret',
      name: 'claude',
      'timeout-minutes': '5',
      'fly-api-url': fly.url,
      'fly-logs-url': fly.logsUrl,
      'fly-registry-url': registryUrl,
    };
    const env = { HTTP_PROXY: proxy.url };
    const event = world.pullRequestEvent();
    const main = await runActionStep(world.dir, { inputs, event, env });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.log).toContain(`HTTP requests go through the proxy ${proxy.url} (HTTP_PROXY)`);
    expect(main.outputs.succeeded).toBe('1');

    const hosts = [fly.url, fly.logsUrl, registryUrl].map((u) => new URL(u).host);
    expect(new Set(proxy.connects)).toEqual(new Set(hosts));
    expect(registryRequests.map((r) => `${r.method} ${r.url}`)).toEqual([
      expect.stringMatching(/^HEAD \/v2\/flaude-proxy\/manifests\/flaude-[0-9a-f]{16}$/),
    ]);
    for (const r of registryRequests) expect(proxy.upstreamPorts).toContain(r.remotePort);

    const tunnels = proxy.connects.length;
    const post = await runActionStep(world.dir, { inputs, event, env, state: main.state });
    expect(post.exitCode, post.log).toBe(0);
    expect(proxy.connects.slice(tunnels)).toContain(new URL(fly.url).host);
    expect(fly.liveMachines()).toEqual([]);
    expect(fly.validationFailures).toEqual([]);
  });
});

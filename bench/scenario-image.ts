/**
 * Scenario 7: the image. With `image` empty the action hashes its own container/ and asks
 * the registry for that tag; a second run with container/ unchanged must build nothing and
 * cost one registry request. Uses the registry tier's pieces (Debian's docker-registry and
 * buildah, see test/registry/harness.ts) only when they are installed, else the scenario is
 * reported as skipped with the reason. The tag is seeded with a tiny stand-in image (the
 * emulated machines run the entrypoint as a process, as in test/registry/action-image.test.ts);
 * the real image's size needs a real build of container/, whose base image comes from the
 * internet, so it is not measured here.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCliBuilder, hashContainerDir, imageTag } from '../src/fly/image/index.ts';
import { missingRegistryDeps, startRegistry } from '../test/registry/harness.ts';
import { runStep, expectSuccess } from './action-step.ts';
import type { Figure, ScenarioResult } from './figure.ts';
import { FLY_TOKEN, startBenchWorld } from './world.ts';

const APP = 'flaude-bench-image';
const CONTAINER_DIR = fileURLToPath(new URL('../container', import.meta.url));
const BUILD_LINE = /is not in the registry: building it/;

/** A pass-through proxy in front of the registry that counts what goes through it. */
async function countingProxy(
  target: string,
): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  const upstream = new URL(target);
  let count = 0;
  const server: Server = createServer((req, res) => {
    count++;
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Two runs with `image` empty against a seeded registry; counts builds and requests. */
export async function benchImage(opts: { signal: AbortSignal }): Promise<ScenarioResult> {
  const missing = missingRegistryDeps();
  if (missing !== undefined) {
    return { scenario: 'image', figures: [], details: {}, skipped: missing.message };
  }
  const root = await mkdtemp(path.join(tmpdir(), 'flaude-bench-image-'));
  const registry = await startRegistry(path.join(root, 'registry'), {
    kind: 'htpasswd',
    username: 'x',
    password: FLY_TOKEN,
  });
  const proxy = await countingProxy(registry.url);
  const world = await startBenchWorld('bench-image');
  world.fly.addApp(APP);
  const runs: Array<{ builds: number; registryRequests: number }> = [];
  try {
    const tag = imageTag(await hashContainerDir(CONTAINER_DIR));
    const seeded = `${registry.host}/${APP}:${tag}`;
    const context = path.join(root, 'context');
    await mkdir(context);
    await writeFile(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
    await writeFile(path.join(context, 'hello.txt'), 'stand-in for the reviewer image\n');
    const buildah = createCliBuilder('buildah', {
      storage: {
        root: path.join(root, 'buildah-root'),
        runroot: path.join(root, 'buildah-runroot'),
        driver: 'vfs',
      },
      isolation: 'chroot',
    });
    await buildah.build({
      contextDir: context,
      dockerfile: path.join(context, 'Dockerfile'),
      image: seeded,
      platform: 'linux/amd64',
      timeoutMs: 30_000,
    });
    await buildah.push({
      image: seeded,
      registryHost: registry.host,
      username: 'x',
      password: FLY_TOKEN,
      tlsVerify: false,
      timeoutMs: 30_000,
    });
    for (let i = 0; i < 2; i++) {
      opts.signal.throwIfAborted();
      const before = proxy.count();
      const step = await runStep(world, {
        app: APP,
        reviewers: 1,
        plan: { runMs: 500, lines: 2, tailLines: 1 },
        tag: `image-${i}`,
        signal: opts.signal,
        inputs: { image: '', 'fly-registry-url': proxy.url },
      });
      expectSuccess(step, 1, `image run ${i + 1}`);
      runs.push({
        builds: step.log.split('\n').filter((l) => BUILD_LINE.test(l)).length,
        registryRequests: proxy.count() - before,
      });
    }
  } finally {
    await world.stop();
    await proxy.close();
    await registry.stop();
    await rm(root, { recursive: true, force: true });
  }
  const second = runs[1];
  const scenario = '7 image';
  const figures: Figure[] = [
    {
      id: 'image.second_run_builds',
      scenario,
      label: 'second run, container/ unchanged: image builds',
      unit: 'count',
      ours: second?.builds ?? NaN,
      baseline: null,
      floor: 0,
    },
    {
      id: 'image.second_run_registry_requests',
      scenario,
      label: 'second run, container/ unchanged: registry requests',
      unit: 'requests',
      ours: second?.registryRequests ?? NaN,
      baseline: null,
      floor: 1,
    },
  ];
  return {
    scenario: 'image',
    figures,
    details: {
      runs,
      imageSize:
        'not measured: the real image is built from container/, whose base image needs the internet',
    },
  };
}

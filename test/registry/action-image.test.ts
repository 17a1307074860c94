// The bundled action with `image` empty, against a real registry (Debian's docker-registry,
// htpasswd auth with the Fly token as password) and the Fly emulator: it hashes its own
// container/, finds that tag in the registry and runs the reviewer on it, building nothing.
// (The tag is seeded with a tiny image built by buildah, since the emulated machines run the
// entrypoint as a process; real-image.test.ts builds and pushes the real container/.)
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { createCliBuilder, hashContainerDir, imageTag } from '../../src/fly/image/index.ts';
import { runActionStep } from '../harness/action-run.ts';
import { startEmulators, type ReviewerEmulators } from '../harness/emulators.ts';
import { missingRegistryDeps, startRegistry, type RunningRegistry } from './harness.ts';

const APP = 'flaude-action-image';
const TOKEN = `fm2_action-image-${randomUUID()}`;
const CONTAINER_DIR = fileURLToPath(new URL('../../container', import.meta.url));
const depsError = missingRegistryDeps();

let root = '';
let registry: RunningRegistry | undefined;
let world: ReviewerEmulators | undefined;
let expectedImage = '';

beforeEach(() => {
  if (depsError) throw depsError;
});

beforeAll(async () => {
  if (depsError) return;
  root = await mkdtemp(path.join(tmpdir(), 'flaude-action-image-'));
  registry = await startRegistry(path.join(root, 'registry'), {
    kind: 'htpasswd',
    username: 'x',
    password: TOKEN,
  });
  expectedImage = `${registry.host}/${APP}:${imageTag(await hashContainerDir(CONTAINER_DIR))}`;

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
    image: expectedImage,
    platform: 'linux/amd64',
    timeoutMs: 120_000,
  });
  await buildah.push({
    image: expectedImage,
    registryHost: registry.host,
    username: 'x',
    password: TOKEN,
    tlsVerify: false,
    timeoutMs: 120_000,
  });
  world = await startEmulators({ name: 'registry-action', fly: { token: TOKEN } });
});

afterAll(async () => {
  await world?.stop();
  await registry?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

test('image empty: the content-hash tag is found in the registry and the reviewer runs on it', async () => {
  const w = world!;
  const run = await runActionStep(w.dir, {
    inputs: {
      'fly-api-token': TOKEN,
      app: APP,
      'anthropic-api-key': 'sk-ant-api03-action-image',
      'machine-github-token': '',
      'fly-api-url': w.fly.url,
      'fly-logs-url': w.fly.logsUrl,
      'fly-registry-url': registry!.url,
    },
    event: w.pullRequestEvent(),
  });

  expect(run.exitCode, run.log).toBe(0);
  expect(run.log).toContain('::group::Reviewer image');
  const create = w.fly.requests.find(
    (r) => r.method === 'POST' && r.path === `/v1/apps/${APP}/machines`,
  );
  expect((create?.body as { config: { image: string } }).config.image).toBe(expectedImage);
  expect((JSON.parse(run.outputs.results ?? '[]') as unknown[])[0]).toMatchObject({
    exit_code: 0,
    success: true,
  });
  expect(run.log.replace(/^::add-mask::.*$/gm, '')).not.toContain(TOKEN);
  expect(w.fly.validationFailures).toEqual([]);
});

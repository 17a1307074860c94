// ensureImage on the real container/ directory: built by buildah, pushed to a real registry
// (Debian's docker-registry on 127.0.0.1), then found by its content-hash tag with nothing
// built. The base and the layers come from scripts/build-image.sh (run first, from its cache
// when nothing changed), in the machine's own container storage: this machine cannot pull
// node:24-bookworm-slim, and intercepts TLS, so each build is given what the script gives its
// own (BASE_IMAGE, the extra CA for the build only, layer reuse). A runner with Docker Hub and
// plain TLS needs none of that.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { runCommand, type CommandRunner } from '../../src/fly/image/command.ts';
import {
  createCliBuilder,
  ensureImage,
  hashContainerDir,
  imageExists,
  imageTag,
  type Builder,
} from '../../src/fly/image/index.ts';
import { buildReviewerImage, REVIEWER_BASE_IMAGE } from '../image/build-image.ts';
import { missingRegistryDeps, startRegistry, type RunningRegistry } from './harness.ts';

const CONTAINER_DIR = fileURLToPath(new URL('../../container', import.meta.url));
const APP = 'flaude-real-image';
const TOKEN = `fm2_real-image-${randomUUID()}`;
const depsError = missingRegistryDeps();

let root = '';
let registry: RunningRegistry | undefined;
let buildArgs: string[] = [];
let pushed = '';

beforeEach(() => {
  if (depsError) throw depsError;
});

beforeAll(async () => {
  if (depsError) return;
  buildReviewerImage();
  root = await mkdtemp(path.join(tmpdir(), 'flaude-real-image-'));
  registry = await startRegistry(path.join(root, 'registry'), {
    kind: 'htpasswd',
    username: 'x',
    password: TOKEN,
  });
  buildArgs = ['--layers', '--build-arg', `BASE_IMAGE=${REVIEWER_BASE_IMAGE}`];
  const ca = process.env['NODE_EXTRA_CA_CERTS'];
  if (ca) {
    const caDir = path.join(root, 'ca');
    await mkdir(caDir);
    await copyFile(ca, path.join(caDir, 'build-ca.pem'));
    buildArgs.push(
      '--volume',
      `${caDir}:/mnt:ro`,
      '--build-arg',
      'NODE_EXTRA_CA_CERTS=/mnt/build-ca.pem',
    );
  }
}, 900_000);

afterAll(async () => {
  // The build tagged the machine's storage with the test registry's reference; only the tag
  // goes, the layers stay for the next build.
  if (pushed) spawnSync('buildah', ['rmi', pushed], { stdio: 'ignore' });
  await registry?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

/** buildah's own `bud` argv with this machine's additions before the context directory. */
const withMachineBuildArgs: CommandRunner = (spec) => {
  if (!spec.args.includes('bud')) return runCommand(spec);
  const args = [...spec.args];
  args.splice(args.length - 1, 0, ...buildArgs);
  return runCommand({ ...spec, args });
};

/** Wraps a builder and counts what it is asked to do. */
function counting(inner: Builder) {
  const counts = { builds: 0, pushes: 0 };
  const builder: Builder = {
    name: inner.name,
    build: async (spec) => {
      counts.builds++;
      await inner.build(spec);
    },
    push: async (spec) => {
      counts.pushes++;
      await inner.push(spec);
    },
  };
  return { builder, counts };
}

it('builds the real container/ with buildah and pushes it; a second run finds the tag and builds nothing', async () => {
  if (registry === undefined) throw new Error('The test registry did not start');
  const { builder, counts } = counting(
    createCliBuilder('buildah', { isolation: 'chroot', runCommand: withMachineBuildArgs }),
  );
  const options = { containerDir: CONTAINER_DIR, registry: registry.url, token: `FlyV1 ${TOKEN}` };
  const tag = imageTag(await hashContainerDir(CONTAINER_DIR));
  expect(await imageExists(APP, tag, { token: `FlyV1 ${TOKEN}`, registryUrl: registry.url })).toBe(
    false,
  );

  const image = await ensureImage(APP, { ...options, builder });
  pushed = image;
  expect(image).toBe(`${registry.host}/${APP}:${tag}`);
  expect(counts).toEqual({ builds: 1, pushes: 1 });
  expect(await imageExists(APP, tag, { token: `FlyV1 ${TOKEN}`, registryUrl: registry.url })).toBe(
    true,
  );

  expect(await ensureImage(APP, { ...options, builder })).toBe(image);
  expect(counts).toEqual({ builds: 1, pushes: 1 });
}, 900_000);

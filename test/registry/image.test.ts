// ensureImage against a real registry (Debian's docker-registry on 127.0.0.1) with a real
// builder (buildah, vfs storage, chroot isolation, private storage dirs).
//
// What is built: a tiny context this test writes (FROM scratch + COPY of one file), so that
// these checks of the protocol take seconds. The real container/ directory is built and
// pushed by real-image.test.ts; here it is used for its content hash and the lookup of its tag.
//
// Run with `npm run test:registry` after `bash scripts/install-registry-deps.sh` (as root).
// Missing packages make every test fail with that hint; nothing is skipped.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createCliBuilder,
  ensureImage,
  hashContainerDir,
  ImageBuildError,
  imageExists,
  ImageRegistryError,
  imageTag,
  MANIFEST_ACCEPT,
  type Builder,
  type CliBuilderOptions,
} from '../../src/fly/image/index.ts';
import {
  missingRegistryDeps,
  startRegistry,
  startTokenRealm,
  type RunningRegistry,
  type TokenRealm,
} from './harness.ts';

const REAL_CONTAINER_DIR = fileURLToPath(new URL('../../container', import.meta.url));
const APP = 'flaude-registry-test';
const TOKEN = `fm2_registry-test-${randomUUID()}`;
const WRONG_TOKEN = `fm2_wrong-${randomUUID()}`;
const depsError = missingRegistryDeps();

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

async function tinyContext(root: string, content: string): Promise<string> {
  const dir = path.join(root, `context-${randomUUID()}`);
  await mkdir(dir);
  await writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
  await writeFile(path.join(dir, 'hello.txt'), content);
  return dir;
}

async function getJson(url: string, authorization: string, accept?: string): Promise<unknown> {
  const res = await request(url, { headers: { authorization, ...(accept ? { accept } : {}) } });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`GET ${url}: HTTP ${res.statusCode}: ${text}`);
  return JSON.parse(text);
}

function buildahStorage(root: string): CliBuilderOptions {
  return {
    storage: {
      root: path.join(root, 'buildah-root'),
      runroot: path.join(root, 'buildah-runroot'),
      driver: 'vfs',
    },
    isolation: 'chroot',
  };
}

/**
 * The URL of the registry a beforeAll started. Never a default: without one, ensureImage would
 * go to registry.fly.io.
 */
function urlOf(registry: RunningRegistry | undefined): string {
  if (registry === undefined) throw new Error('The test registry did not start');
  return registry.url;
}

describe('registry with htpasswd auth (docker-registry + buildah)', () => {
  let root = '';
  let registry: RunningRegistry | undefined;
  let builderOptions: CliBuilderOptions = {};
  const basic = `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`;

  beforeEach(() => {
    if (depsError) throw depsError;
  });

  beforeAll(async () => {
    if (depsError) return;
    root = await mkdtemp(path.join(tmpdir(), 'flaude-registry-'));
    registry = await startRegistry(path.join(root, 'registry'), {
      kind: 'htpasswd',
      username: 'x',
      password: TOKEN,
    });
    builderOptions = buildahStorage(root);
  });

  afterAll(async () => {
    await registry?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('finds the tag of the real container/ directory missing in an empty registry', async () => {
    const tag = imageTag(await hashContainerDir(REAL_CONTAINER_DIR));
    expect(
      await imageExists(APP, tag, { token: `FlyV1 ${TOKEN}`, registryUrl: urlOf(registry) }),
    ).toBe(false);
  });

  it('builds with buildah and pushes once; the second call finds the tag and builds nothing', async () => {
    const context = await tinyContext(root, `hello ${randomUUID()}\n`);
    const { builder, counts } = counting(createCliBuilder('buildah', builderOptions));
    const options = {
      containerDir: context,
      registry: urlOf(registry),
      token: `FlyV1 ${TOKEN}`,
      builder,
    };

    const image = await ensureImage(APP, options);
    expect(image).toBe(`${registry?.host}/${APP}:${imageTag(await hashContainerDir(context))}`);
    expect(counts).toEqual({ builds: 1, pushes: 1 });

    // What was pushed is a linux/amd64 image with exactly the one file layer.
    const tag = image.split(':').pop() ?? '';
    const manifest = (await getJson(
      `${registry?.url}/v2/${APP}/manifests/${tag}`,
      basic,
      MANIFEST_ACCEPT,
    )) as { mediaType?: string; config: { digest: string }; layers: unknown[] };
    expect(manifest.layers).toHaveLength(1);
    const config = (await getJson(
      `${registry?.url}/v2/${APP}/blobs/${manifest.config.digest}`,
      basic,
    )) as {
      architecture: string;
      os: string;
    };
    expect([config.os, config.architecture]).toEqual(['linux', 'amd64']);

    expect(await ensureImage(APP, options)).toBe(image);
    expect(counts).toEqual({ builds: 1, pushes: 1 });
  });

  it('a wrong token is refused before any build, and the error does not contain it', async () => {
    const context = await tinyContext(root, 'never built\n');
    const { builder, counts } = counting(createCliBuilder('buildah', builderOptions));
    const error = await ensureImage(APP, {
      containerDir: context,
      registry: urlOf(registry),
      token: WRONG_TOKEN,
      builder,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageRegistryError);
    expect((error as ImageRegistryError).statusCode).toBe(401);
    expect((error as Error).message).toMatch(/refused the credentials/);
    expect((error as Error).message).not.toContain(WRONG_TOKEN);
    expect(counts.builds).toBe(0);
  });

  it('a push with a wrong token fails with ImageBuildError (buildah exit code, redacted stderr)', async () => {
    const context = await tinyContext(root, `push me ${randomUUID()}\n`);
    const builder = createCliBuilder('buildah', builderOptions);
    const image = `${registry?.host}/${APP}:flaude-wrongpush`;
    await builder.build({
      contextDir: context,
      dockerfile: path.join(context, 'Dockerfile'),
      image,
      platform: 'linux/amd64',
      timeoutMs: 300_000,
    });
    const authDirs = async (): Promise<string[]> =>
      (await readdir(tmpdir())).filter((n) => n.startsWith('flaude-registry-auth-'));
    const before = new Set(await authDirs());
    const error = await builder
      .push({
        image,
        registryHost: registry?.host ?? '',
        username: 'x',
        password: WRONG_TOKEN,
        tlsVerify: false,
        timeoutMs: 300_000,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageBuildError);
    const e = error as ImageBuildError;
    expect(e.returncode).not.toBe(0);
    expect(e.returncode).not.toBeNull();
    expect(e.stderr).toMatch(/unauthorized|authentication required/i);
    expect(`${e.message}\n${e.stderr}`).not.toContain(WRONG_TOKEN);
    // The temporary auth file is gone.
    expect((await authDirs()).filter((n) => !before.has(n))).toEqual([]);
  });
});

describe('registry with token auth (Bearer challenge, JWT realm)', () => {
  let root = '';
  let realm: TokenRealm | undefined;
  let registry: RunningRegistry | undefined;
  let builderOptions: CliBuilderOptions = {};

  beforeEach(() => {
    if (depsError) throw depsError;
  });

  beforeAll(async () => {
    if (depsError) return;
    root = await mkdtemp(path.join(tmpdir(), 'flaude-registry-token-'));
    realm = await startTokenRealm(path.join(root, 'realm'), { username: 'x', password: TOKEN });
    registry = await startRegistry(path.join(root, 'registry'), {
      kind: 'token',
      realm: realm.realm,
      service: realm.service,
      issuer: realm.issuer,
      certPath: realm.certPath,
    });
    builderOptions = buildahStorage(root);
  });

  afterAll(async () => {
    await registry?.stop();
    await realm?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('follows the challenge to the realm for the lookup; buildah pushes through it; the second call builds nothing', async () => {
    const context = await tinyContext(root, `bearer ${randomUUID()}\n`);
    const { builder, counts } = counting(createCliBuilder('buildah', builderOptions));
    const options = {
      containerDir: context,
      registry: urlOf(registry),
      token: `FlyV1 ${TOKEN}`,
      builder,
    };

    const image = await ensureImage(APP, options);
    expect(counts).toEqual({ builds: 1, pushes: 1 });
    const lookup = realm?.requests[0];
    expect(lookup?.granted).toBe(true);
    expect(lookup?.query.get('service')).toBe(realm?.service);
    // The lookup asks for pull only; buildah gets its own push token.
    expect(lookup?.query.get('scope')).toBe(`repository:${APP}:pull`);

    const before = realm?.requests.length ?? 0;
    expect(await ensureImage(APP, options)).toBe(image);
    expect(counts).toEqual({ builds: 1, pushes: 1 });
    // The second lookup went through the realm again (a fresh token per lookup).
    expect(realm?.requests.length).toBe(before + 1);
  });

  it('a token the realm refuses is a clear error without the token', async () => {
    const error = await imageExists(APP, 'flaude-0000000000000000', {
      token: WRONG_TOKEN,
      registryUrl: urlOf(registry),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageRegistryError);
    expect((error as Error).message).toMatch(/refused the credentials/);
    expect((error as Error).message).not.toContain(WRONG_TOKEN);
    expect(realm?.requests.at(-1)?.granted).toBe(false);
  });
});

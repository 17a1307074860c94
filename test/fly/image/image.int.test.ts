// The image layer where it meets the outside: a fifo in the container directory, a registry
// on loopback (a strict fake of the v2 API and its token realm) and real subprocesses.
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../../../src/fly/base/clock.ts';
import {
  ensureImage,
  hashContainerDir,
  ImageBuildError,
  imageExists,
  ImageRegistryError,
  imageTag,
  MANIFEST_ACCEPT,
  runCommand,
  type BuildSpec,
  type Builder,
  type PushSpec,
} from '../../../src/fly/image/index.ts';
import { fakeRunner, TOKEN, useContainerDirs } from './fixtures.ts';

const BASIC = `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`;
const containerDir = useContainerDirs();

const noSleepClock: Clock & { sleeps: number[] } = {
  sleeps: [],
  now: () => 0,
  sleep(ms) {
    this.sleeps.push(ms);
    return Promise.resolve();
  },
};

describe('hashContainerDir', () => {
  it('refuses a missing directory, a file and a fifo', async () => {
    const dir = await containerDir();
    await expect(hashContainerDir(path.join(dir, 'nope'))).rejects.toThrow(/cannot be read/);
    await expect(hashContainerDir(path.join(dir, 'Dockerfile'))).rejects.toThrow(/not a directory/);
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    await expect(hashContainerDir(dir)).rejects.toThrow(
      /"pipe" is not a file, directory or symlink/,
    );
  });
});

// A loopback stand-in for a v2 registry and its token realm, strict about what it is sent.
interface FakeRegistry {
  url: string;
  tags: Set<string>;
  requests: { method: string; url: string; headers: IncomingMessage['headers'] }[];
  /** Statuses to answer manifest HEADs with before the real answer. */
  failures: number[];
  /** `Retry-After` values sent with those failures, in order. */
  retryAfter: string[];
  stop(): Promise<void>;
}

async function startFakeRegistry(opts: {
  auth: 'basic' | 'bearer';
  realmUrl?: (base: string) => string;
}): Promise<FakeRegistry> {
  const tags = new Set<string>();
  const requests: FakeRegistry['requests'] = [];
  const failures: number[] = [];
  const retryAfter: string[] = [];
  const issued = 'issued-registry-token';
  let base = '';
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const url = new URL(req.url ?? '/', base);
    if (url.pathname === '/token') {
      if (req.headers.authorization !== BASIC) {
        res.writeHead(401).end();
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ token: issued }));
      return;
    }
    const m = /^\/v2\/([a-z0-9-]+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (!m || req.method !== 'HEAD') {
      res.writeHead(400).end();
      return;
    }
    const failure = failures.shift();
    if (failure !== undefined) {
      const after = retryAfter.shift();
      res.writeHead(failure, after === undefined ? {} : { 'retry-after': after }).end();
      return;
    }
    const good = opts.auth === 'basic' ? BASIC : `Bearer ${issued}`;
    if (req.headers.authorization !== good) {
      const challenge =
        opts.auth === 'basic'
          ? 'Basic realm="fake"'
          : `Bearer realm="${opts.realmUrl ? opts.realmUrl(base) : `${base}/token`}",service="fake-registry",scope="repository:${m[1]}:pull"`;
      res.writeHead(401, { 'www-authenticate': challenge }).end();
      return;
    }
    res.writeHead(tags.has(`${m[1]}:${m[2]}`) ? 200 : 404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    tags,
    requests,
    failures,
    retryAfter,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('imageExists against a loopback registry', () => {
  let registry: FakeRegistry | undefined;
  afterEach(async () => {
    await registry?.stop();
    registry = undefined;
    noSleepClock.sleeps.length = 0;
  });

  it('sends HEAD with Basic x:<token without scheme> and every manifest type; 200 exists, 404 missing', async () => {
    registry = await startFakeRegistry({ auth: 'basic' });
    registry.tags.add('my-app:flaude-1');
    const options = { token: `FlyV1 ${TOKEN}`, registryUrl: registry.url };
    expect(await imageExists('my-app', 'flaude-1', options)).toBe(true);
    expect(await imageExists('my-app', 'flaude-2', options)).toBe(false);
    expect(registry.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'HEAD /v2/my-app/manifests/flaude-1',
      'HEAD /v2/my-app/manifests/flaude-2',
    ]);
    expect(registry.requests[0]?.headers.authorization).toBe(BASIC);
    expect(registry.requests[0]?.headers.accept).toBe(MANIFEST_ACCEPT);
    for (const type of [
      'application/vnd.oci.image.index.v1+json',
      'application/vnd.oci.image.manifest.v1+json',
      'application/vnd.docker.distribution.manifest.list.v2+json',
      'application/vnd.docker.distribution.manifest.v2+json',
    ]) {
      expect(MANIFEST_ACCEPT).toContain(type);
    }
  });

  it('refuses a wrong token with a clear error that does not contain it', async () => {
    registry = await startFakeRegistry({ auth: 'basic' });
    const wrong = 'fm2_wrong-token-cccccccccc';
    const error = await imageExists('my-app', 'flaude-1', {
      token: wrong,
      registryUrl: registry.url,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageRegistryError);
    expect((error as ImageRegistryError).statusCode).toBe(401);
    expect((error as Error).message).toMatch(
      /refused the credentials for 127\.0\.0\.1:\d+\/my-app:flaude-1/,
    );
    expect((error as Error).message).not.toContain(wrong);
  });

  it('follows a Bearer challenge: token from the realm with Basic and scope pull, then HEAD with Bearer', async () => {
    registry = await startFakeRegistry({ auth: 'bearer' });
    registry.tags.add('my-app:flaude-1');
    expect(
      await imageExists('my-app', 'flaude-1', { token: TOKEN, registryUrl: registry.url }),
    ).toBe(true);
    const [first, tokenRequest, second] = registry.requests;
    expect(first?.headers.authorization).toBe(BASIC);
    const realm = new URL(tokenRequest?.url ?? '', registry.url);
    expect(realm.pathname).toBe('/token');
    expect(realm.searchParams.get('service')).toBe('fake-registry');
    // A lookup only reads; the builder authenticates its push itself.
    expect(realm.searchParams.get('scope')).toBe('repository:my-app:pull');
    expect(tokenRequest?.headers.authorization).toBe(BASIC);
    expect(second?.headers.authorization).toBe('Bearer issued-registry-token');
    expect(second?.headers.accept).toBe(MANIFEST_ACCEPT);
    expect(registry.requests).toHaveLength(3);
  });

  it('reports a realm that refuses the token as refused credentials', async () => {
    registry = await startFakeRegistry({ auth: 'bearer' });
    await expect(
      imageExists('my-app', 'flaude-1', { token: 'fm2_other', registryUrl: registry.url }),
    ).rejects.toThrow(/refused the credentials/);
  });

  it('never sends credentials to a token realm that is not https (http only for an http registry)', async () => {
    registry = await startFakeRegistry({ auth: 'bearer', realmUrl: () => 'ftp://127.0.0.1/token' });
    await expect(
      imageExists('my-app', 'flaude-1', { token: TOKEN, registryUrl: registry.url }),
    ).rejects.toThrow(/non-HTTPS token realm/);
    expect(registry.requests.filter((r) => r.url.startsWith('/token'))).toHaveLength(0);
  });

  it('retries 503 and 429 with backoff on the injected clock, then answers', async () => {
    registry = await startFakeRegistry({ auth: 'basic' });
    registry.failures.push(503, 429);
    expect(
      await imageExists('my-app', 'flaude-9', {
        token: TOKEN,
        registryUrl: registry.url,
        clock: noSleepClock,
        // The top of each full-jitter range: the ceilings themselves.
        random: () => 1,
      }),
    ).toBe(false);
    expect(noSleepClock.sleeps).toEqual([500, 1000]);
  });

  it('jitters the backoff, capped at 8 s', async () => {
    registry = await startFakeRegistry({ auth: 'basic' });
    registry.failures.push(503, 503, 503, 503, 503, 503);
    expect(
      await imageExists('my-app', 'flaude-9', {
        token: TOKEN,
        registryUrl: registry.url,
        clock: noSleepClock,
        maxAttempts: 7,
        random: () => 0.5,
      }),
    ).toBe(false);
    expect(noSleepClock.sleeps).toEqual([250, 500, 1000, 2000, 4000, 4000]);
  });

  it('waits as long as Retry-After asks (seconds or a date), at most 60 s', async () => {
    registry = await startFakeRegistry({ auth: 'basic' });
    registry.failures.push(429, 503, 429);
    registry.retryAfter.push('3', new Date(Date.now() + 3_600_000).toUTCString(), 'soon');
    const clock = { ...noSleepClock, now: () => Date.now(), sleeps: [] as number[] };
    expect(
      await imageExists('my-app', 'flaude-9', {
        token: TOKEN,
        registryUrl: registry.url,
        clock,
        maxAttempts: 4,
        random: () => 0.5,
      }),
    ).toBe(false);
    // An unparsable value falls back to the backoff (half of 2000 ms, the third ceiling).
    expect(clock.sleeps).toEqual([3000, 60_000, 1000]);
  });

  it('gives up after maxAttempts with the last status', async () => {
    registry = await startFakeRegistry({ auth: 'basic' });
    registry.failures.push(502, 502, 502);
    const error = await imageExists('my-app', 'flaude-9', {
      token: TOKEN,
      registryUrl: registry.url,
      clock: noSleepClock,
      maxAttempts: 2,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageRegistryError);
    expect((error as ImageRegistryError).statusCode).toBe(502);
    expect(registry.requests).toHaveLength(2);
  });

  it('reports a registry that does not answer with status 0', async () => {
    registry = await startFakeRegistry({ auth: 'basic' });
    const url = registry.url;
    await registry.stop();
    registry = undefined;
    const error = await imageExists('my-app', 'flaude-1', {
      token: TOKEN,
      registryUrl: url,
      clock: noSleepClock,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageRegistryError);
    expect((error as ImageRegistryError).statusCode).toBe(0);
    expect(noSleepClock.sleeps).toHaveLength(2);
  });
});

describe('runCommand (real subprocesses)', () => {
  const node = process.execPath;

  it('captures output, redacts secrets, passes stdin and reports the exit code', async () => {
    const lines: string[] = [];
    const result = await runCommand({
      command: node,
      args: [
        '-e',
        'process.stdin.pipe(process.stdout); process.stderr.write("err s3cr3t-value\\n"); process.stdin.on("end", () => process.exit(3))',
      ],
      stdin: 'hello s3cr3t-value\npartial',
      timeoutMs: 30_000,
      secrets: ['s3cr3t-value'],
      onLine: (line, stream) => lines.push(`${stream}:${line}`),
    });
    expect(result.exitCode).toBe(3);
    expect(result.timedOut).toBe(false);
    expect(result.stdout).toBe('hello ***\npartial\n');
    expect(result.stderr).toBe('err ***\n');
    expect(lines).toEqual(
      expect.arrayContaining(['stdout:hello ***', 'stdout:partial', 'stderr:err ***']),
    );
  });

  it('kills the process group on timeout', async () => {
    const result = await runCommand({
      command: node,
      args: ['-e', 'setInterval(() => {}, 1000)'],
      timeoutMs: 200,
    });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
  });

  it('kills on abort', async () => {
    const controller = new AbortController();
    const pending = runCommand({
      command: node,
      args: ['-e', 'setInterval(() => {}, 1000)'],
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    controller.abort();
    const result = await pending;
    expect(result.exitCode).toBeNull();
    expect(result.timedOut).toBe(false);
  });

  describe('never signals the group after the process has exited (its id may be reused)', () => {
    afterEach(() => {
      vi.useRealTimers();
      vi.restoreAllMocks();
    });

    /** process.kill, recorded; signals to the group are sent for real except SIGKILL. */
    function recordKills(): Array<[number, string]> {
      const kills: Array<[number, string]> = [];
      const real = process.kill.bind(process);
      vi.spyOn(process, 'kill').mockImplementation((pid: number, sig?: string | number) => {
        kills.push([pid, String(sig)]);
        return sig === 'SIGKILL' ? true : real(pid, sig);
      });
      return kills;
    }

    it.each([
      ['a timeout', 'timeout' as const],
      ['an abort', 'abort' as const],
    ])('after %s that SIGTERM ended, no SIGKILL follows', async (_title, how) => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const kills = recordKills();
      const controller = new AbortController();
      const pending = runCommand({
        command: node,
        args: ['-e', 'setInterval(() => {}, 1000)'],
        timeoutMs: 1_000,
        signal: controller.signal,
      });
      if (how === 'timeout') vi.advanceTimersByTime(1_000);
      else controller.abort();
      const result = await pending;
      expect(result.exitCode).toBeNull();
      expect(result.timedOut).toBe(how === 'timeout');
      expect(kills).toHaveLength(1);
      expect(kills[0]?.[1]).toBe('SIGTERM');
      // The kill grace (5 s) passes long after the exit.
      vi.advanceTimersByTime(10_000);
      expect(kills.map(([, sig]) => sig)).toEqual(['SIGTERM']);
    });
  });

  it('reports a missing program as ENOENT', async () => {
    const result = await runCommand({
      command: 'flaude-no-such-builder',
      args: [],
      timeoutMs: 1000,
    });
    expect(result.spawnError).toBe('ENOENT');
  });
});

// A Builder that records calls and "pushes" into the fake registry.
function recordingBuilder(registry: FakeRegistry, fail?: ImageBuildError) {
  const builds: BuildSpec[] = [];
  const pushes: PushSpec[] = [];
  const builder: Builder = {
    name: 'fake',
    build(spec) {
      builds.push(spec);
      return fail ? Promise.reject(fail) : Promise.resolve();
    },
    push(spec) {
      pushes.push(spec);
      const ref = spec.image.slice(spec.registryHost.length + 1);
      registry.tags.add(ref);
      return Promise.resolve();
    },
  };
  return { builder, builds, pushes };
}

describe('ensureImage', () => {
  let registry: FakeRegistry;
  beforeEach(async () => {
    registry = await startFakeRegistry({ auth: 'basic' });
  });
  afterEach(async () => {
    await registry.stop();
  });

  it('builds and pushes a missing tag once, then finds it', async () => {
    const dir = await containerDir();
    const expectedTag = imageTag(await hashContainerDir(dir));
    const host = new URL(registry.url).host;
    const fake = recordingBuilder(registry);
    const options = {
      containerDir: dir,
      registry: registry.url,
      token: `FlyV1 ${TOKEN}`,
      builder: fake.builder,
    };

    const first = await ensureImage('my-app', options);
    expect(first).toBe(`${host}/my-app:${expectedTag}`);
    expect(fake.builds).toEqual([
      expect.objectContaining({
        contextDir: dir,
        dockerfile: path.join(dir, 'Dockerfile'),
        image: first,
        platform: 'linux/amd64',
      }),
    ]);
    expect(fake.pushes).toEqual([
      expect.objectContaining({
        image: first,
        registryHost: host,
        username: 'x',
        password: TOKEN,
        tlsVerify: false,
      }),
    ]);

    const second = await ensureImage('my-app', options);
    expect(second).toBe(first);
    expect(fake.builds).toHaveLength(1);
    expect(fake.pushes).toHaveLength(1);
  });

  it('does not look for a builder when the tag exists', async () => {
    const dir = await containerDir();
    registry.tags.add(`my-app:${imageTag(await hashContainerDir(dir))}`);
    const runner = fakeRunner(() => ({ exitCode: null, spawnError: 'ENOENT' }));
    const image = await ensureImage('my-app', {
      containerDir: dir,
      registry: registry.url,
      token: TOKEN,
      builderOptions: { runCommand: runner.run },
    });
    expect(image).toContain(':flaude-');
    expect(runner.calls).toHaveLength(0);
  });

  it('without a builder, fails with ImageBuildError pointing at the image input', async () => {
    const dir = await containerDir();
    const runner = fakeRunner(() => ({ exitCode: null, spawnError: 'ENOENT' }));
    const error = await ensureImage('my-app', {
      containerDir: dir,
      registry: registry.url,
      token: TOKEN,
      builderOptions: { runCommand: runner.run },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageBuildError);
    expect((error as Error).message).toMatch(/No image builder is available.*`image` input/s);
    expect(runner.calls.map((c) => c.command)).toEqual(['docker', 'buildah', 'podman']);
  });

  it('a named builder is the only one tried', async () => {
    const dir = await containerDir();
    const runner = fakeRunner((spec) =>
      spec.command === 'podman' ? { exitCode: null, spawnError: 'ENOENT' } : {},
    );
    await expect(
      ensureImage('my-app', {
        containerDir: dir,
        registry: registry.url,
        token: TOKEN,
        builder: 'podman',
        builderOptions: { runCommand: runner.run },
      }),
    ).rejects.toThrow(/podman: not installed/);
    expect(runner.calls.map((c) => c.command)).toEqual(['podman']);
  });

  it('propagates a build failure and pushes nothing', async () => {
    const dir = await containerDir();
    const fake = recordingBuilder(
      registry,
      new ImageBuildError('fake build failed', { returncode: 2, stderr: 'boom' }),
    );
    const error = await ensureImage('my-app', {
      containerDir: dir,
      registry: registry.url,
      token: TOKEN,
      builder: fake.builder,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageBuildError);
    expect((error as ImageBuildError).returncode).toBe(2);
    expect(fake.pushes).toHaveLength(0);
  });

  it('a registry that refuses the token stops before any build', async () => {
    const dir = await containerDir();
    const fake = recordingBuilder(registry);
    await expect(
      ensureImage('my-app', {
        containerDir: dir,
        registry: registry.url,
        token: 'fm2_wrong',
        builder: fake.builder,
      }),
    ).rejects.toBeInstanceOf(ImageRegistryError);
    expect(fake.builds).toHaveLength(0);
  });
});

import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../../../src/fly/base/clock.ts';
import {
  buildCommandArgs,
  createCliBuilder,
  detectBuilder,
  ensureImage,
  hashContainerDir,
  IMAGE_PLATFORM,
  ImageBuildError,
  imageExists,
  imageReference,
  ImageRegistryError,
  imageTag,
  MANIFEST_ACCEPT,
  parseBearerChallenge,
  pushCommandArgs,
  registryHost,
  registryPassword,
  registrySecrets,
  runCommand,
  type BuildSpec,
  type Builder,
  type CommandResult,
  type CommandSpec,
  type PushSpec,
} from '../../../src/fly/image/index.ts';
import { redactSecrets } from '../../../src/fly/base/messages.ts';

const TOKEN = 'fm2_unit-test-token-aaaaaaaa,fm2_second-macaroon-bbbbbbbb';
const BASIC = `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`;

const tempDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flaude-image-test-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function containerDir(files: Record<string, string> = {}): Promise<string> {
  const dir = await tempDir();
  const all = {
    Dockerfile: 'FROM scratch\nCOPY entrypoint.sh /\n',
    'entrypoint.sh': '#!/bin/sh\n',
    ...files,
  };
  for (const [rel, content] of Object.entries(all)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), content, { mode: 0o644 });
  }
  return dir;
}

const noSleepClock: Clock & { sleeps: number[] } = {
  sleeps: [],
  now: () => 0,
  sleep(ms) {
    this.sleeps.push(ms);
    return Promise.resolve();
  },
};

describe('hashContainerDir', () => {
  it('is the same for the same content, whatever the creation order', async () => {
    const a = await containerDir({ 'b/x.txt': '1', 'a/y.txt': '2' });
    const b = await containerDir({ 'a/y.txt': '2', 'b/x.txt': '1' });
    expect(await hashContainerDir(a)).toBe(await hashContainerDir(b));
    expect(await hashContainerDir(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    [
      'a byte of a file',
      async (d: string) => writeFile(path.join(d, 'entrypoint.sh'), '#!/bin/sh \n'),
    ],
    ['a file mode', async (d: string) => chmod(path.join(d, 'entrypoint.sh'), 0o755)],
    ['a new empty directory', async (d: string) => mkdir(path.join(d, 'empty'))],
    ['a new file', async (d: string) => writeFile(path.join(d, 'extra'), '')],
    ['a .dockerignore', async (d: string) => writeFile(path.join(d, '.dockerignore'), 'x\n')],
    [
      'a rename',
      async (d: string) => {
        await writeFile(path.join(d, 'entrypoint2.sh'), '#!/bin/sh\n');
        await rm(path.join(d, 'entrypoint.sh'));
      },
    ],
    ['a new symlink', async (d: string) => symlink('entrypoint.sh', path.join(d, 'link'))],
  ])('changes with %s', async (_what, change) => {
    const dir = await containerDir();
    const before = await hashContainerDir(dir);
    await change(dir);
    expect(await hashContainerDir(dir)).not.toBe(before);
  });

  it('hashes a symlink by its target, without following it', async () => {
    const a = await containerDir();
    const b = await containerDir();
    await symlink('entrypoint.sh', path.join(a, 'link'));
    await symlink('Dockerfile', path.join(b, 'link'));
    expect(await hashContainerDir(a)).not.toBe(await hashContainerDir(b));
  });

  it('keeps file boundaries unambiguous', async () => {
    const a = await containerDir({ x: 'ab', y: 'c' });
    const b = await containerDir({ x: 'a', y: 'bc' });
    expect(await hashContainerDir(a)).not.toBe(await hashContainerDir(b));
  });

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

describe('tag and reference', () => {
  it.each([
    ['0123456789abcdef0123', 'flaude-0123456789abcdef'],
    ['f'.repeat(64), `flaude-${'f'.repeat(16)}`],
  ])('imageTag(%s) = %s', (hash, tag) => {
    expect(imageTag(hash)).toBe(tag);
  });

  it.each(['', 'ABCDEF0123456789', '0123', 'xyz0123456789abcdef'])(
    'imageTag refuses %j',
    (hash) => {
      expect(() => imageTag(hash)).toThrow(/not lowercase hex/);
    },
  );

  it.each([
    ['https://registry.fly.io', 'my-app', 'flaude-1', 'registry.fly.io/my-app:flaude-1'],
    ['https://registry.fly.io/', 'a1', 'flaude-1', 'registry.fly.io/a1:flaude-1'],
    ['http://127.0.0.1:5123', 'my-app', 'flaude-2', '127.0.0.1:5123/my-app:flaude-2'],
  ])('imageReference(%s, %s, %s) = %s', (url, app, tag, ref) => {
    expect(imageReference(url, app, tag)).toBe(ref);
  });

  it.each([
    ['https://registry.fly.io', 'My_App', /not a Fly app name/],
    ['https://registry.fly.io', '-app', /not a Fly app name/],
    ['ftp://registry.fly.io', 'app', /must be http\(s\)/],
    ['https://registry.fly.io/v2', 'app', /bare origin/],
    ['not a url', 'app', /is not a URL/],
  ])('imageReference(%s, %s) refuses', (url, app, error) => {
    expect(() => imageReference(url, app, 'flaude-1')).toThrow(error);
  });

  it('registryHost keeps the port', () => {
    expect(registryHost('http://127.0.0.1:40000')).toBe('127.0.0.1:40000');
    expect(registryHost('https://registry.fly.io:443')).toBe('registry.fly.io');
  });

  it.each([
    ['FlyV1 fm2_abc,fm2_def', 'fm2_abc,fm2_def'],
    ['Bearer tok123', 'tok123'],
    ['bearer  tok123 ', 'tok123'],
    ['  fo1_plain', 'fo1_plain'],
  ])('registryPassword(%j) = %j', (token, password) => {
    expect(registryPassword(token)).toBe(password);
  });

  it('registrySecrets covers the token, each macaroon and the base64 credential', () => {
    const secrets = registrySecrets(`FlyV1 ${TOKEN}`);
    expect(secrets).toEqual(
      expect.arrayContaining([
        `FlyV1 ${TOKEN}`,
        TOKEN,
        'fm2_unit-test-token-aaaaaaaa',
        'fm2_second-macaroon-bbbbbbbb',
        Buffer.from(`x:${TOKEN}`).toString('base64'),
      ]),
    );
    const text = `a ${TOKEN} b fm2_second-macaroon-bbbbbbbb c ${Buffer.from(`x:${TOKEN}`).toString('base64')}`;
    expect(redactSecrets(text, secrets)).toBe('a *** b *** c ***');
  });
});

describe('parseBearerChallenge', () => {
  it.each([
    [
      'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:app:pull"',
      {
        realm: 'https://auth.example/token',
        service: 'registry.example',
        scope: 'repository:app:pull',
      },
    ],
    [
      'bearer realm=https://a/t, service=s',
      { realm: 'https://a/t', service: 's', scope: undefined },
    ],
    [
      ['Basic realm="x"', 'Bearer realm="https://a/t"'],
      { realm: 'https://a/t', service: undefined, scope: undefined },
    ],
    [
      'Bearer realm="https://a/t?x=\\"q\\""',
      { realm: 'https://a/t?x="q"', service: undefined, scope: undefined },
    ],
  ])('parses %j', (header, expected) => {
    expect(parseBearerChallenge(header)).toEqual(expected);
  });

  it.each([[undefined], ['Basic realm="registry"'], ['Bearer service="s"'], [[]]])(
    'ignores %j',
    (header) => {
      expect(parseBearerChallenge(header)).toBeUndefined();
    },
  );
});

// A loopback stand-in for a v2 registry and its token realm, strict about what it is sent.
interface FakeRegistry {
  url: string;
  tags: Set<string>;
  requests: { method: string; url: string; headers: IncomingMessage['headers'] }[];
  /** Statuses to answer manifest HEADs with before the real answer. */
  failures: number[];
  stop(): Promise<void>;
}

async function startFakeRegistry(opts: {
  auth: 'basic' | 'bearer';
  realmUrl?: (base: string) => string;
}): Promise<FakeRegistry> {
  const tags = new Set<string>();
  const requests: FakeRegistry['requests'] = [];
  const failures: number[] = [];
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
      res.writeHead(failure).end();
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
    // A lookup only reads (API-NOTES §4); the builder authenticates its push itself.
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
      }),
    ).toBe(false);
    expect(noSleepClock.sleeps).toEqual([500, 1000]);
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

describe('builder commands', () => {
  const build = {
    contextDir: '/ctx',
    dockerfile: '/ctx/Dockerfile',
    image: 'registry.fly.io/a:flaude-1',
    platform: IMAGE_PLATFORM,
  };
  const storage = { root: '/s/root', runroot: '/s/run', driver: 'vfs' };

  it.each([
    [
      1,
      'docker' as const,
      {},
      [
        'build',
        '--platform',
        'linux/amd64',
        '--tag',
        'registry.fly.io/a:flaude-1',
        '--file',
        '/ctx/Dockerfile',
        '/ctx',
      ],
    ],
    [
      2,
      'buildah' as const,
      {},
      [
        'bud',
        '--platform',
        'linux/amd64',
        '--tag',
        'registry.fly.io/a:flaude-1',
        '--file',
        '/ctx/Dockerfile',
        '--format',
        'docker',
        '/ctx',
      ],
    ],
    [
      3,
      'buildah' as const,
      { storage, isolation: 'chroot' },
      [
        '--root',
        '/s/root',
        '--runroot',
        '/s/run',
        '--storage-driver',
        'vfs',
        'bud',
        '--platform',
        'linux/amd64',
        '--tag',
        'registry.fly.io/a:flaude-1',
        '--file',
        '/ctx/Dockerfile',
        '--format',
        'docker',
        '--isolation',
        'chroot',
        '/ctx',
      ],
    ],
    [
      4,
      'podman' as const,
      { storage: { driver: 'vfs' } },
      [
        '--storage-driver',
        'vfs',
        'build',
        '--platform',
        'linux/amd64',
        '--tag',
        'registry.fly.io/a:flaude-1',
        '--file',
        '/ctx/Dockerfile',
        '--format',
        'docker',
        '/ctx',
      ],
    ],
    [
      5,
      'docker' as const,
      { storage },
      [
        'build',
        '--platform',
        'linux/amd64',
        '--tag',
        'registry.fly.io/a:flaude-1',
        '--file',
        '/ctx/Dockerfile',
        '/ctx',
      ],
    ],
  ])('%i: %s build args', (_n, name, options, expected) => {
    expect(buildCommandArgs(name, build, options)).toEqual(expected);
  });

  it.each([
    [1, 'docker' as const, true, {}, ['--config', '/auth', 'push', 'registry.fly.io/a:flaude-1']],
    [
      2,
      'buildah' as const,
      true,
      {},
      [
        'push',
        '--authfile',
        '/auth/config.json',
        '--tls-verify=true',
        'registry.fly.io/a:flaude-1',
        'docker://registry.fly.io/a:flaude-1',
      ],
    ],
    [
      3,
      'podman' as const,
      false,
      { storage },
      [
        '--root',
        '/s/root',
        '--runroot',
        '/s/run',
        '--storage-driver',
        'vfs',
        'push',
        '--authfile',
        '/auth/config.json',
        '--tls-verify=false',
        'registry.fly.io/a:flaude-1',
        'docker://registry.fly.io/a:flaude-1',
      ],
    ],
  ])('%i: %s push args', (_n, name, tlsVerify, options, expected) => {
    expect(
      pushCommandArgs(name, { image: 'registry.fly.io/a:flaude-1', tlsVerify }, '/auth', options),
    ).toEqual(expected);
  });
});

// A CommandRunner that records what it is asked and answers from a script.
function fakeRunner(
  answer: (spec: CommandSpec) => Partial<CommandResult> | Promise<Partial<CommandResult>>,
) {
  const calls: CommandSpec[] = [];
  const run = async (spec: CommandSpec): Promise<CommandResult> => {
    calls.push(spec);
    return {
      exitCode: 0,
      stdout: '',
      stderr: '',
      timedOut: false,
      spawnError: undefined,
      ...(await answer(spec)),
    };
  };
  return { calls, run };
}

const pushSpec: PushSpec = {
  image: '127.0.0.1:5000/my-app:flaude-1',
  registryHost: '127.0.0.1:5000',
  username: 'x',
  password: TOKEN,
  tlsVerify: false,
  timeoutMs: 1000,
};

describe('createCliBuilder', () => {
  it('pushes with a 0600 auth file in a private temp dir, never the token in argv, and removes it', async () => {
    let seen: { path: string; mode: number; dirMode: number; content: unknown } | undefined;
    const runner = fakeRunner(async (spec) => {
      const authfile = spec.args[spec.args.indexOf('--authfile') + 1] ?? '';
      seen = {
        path: authfile,
        mode: (await stat(authfile)).mode & 0o777,
        dirMode: (await stat(path.dirname(authfile))).mode & 0o777,
        content: JSON.parse(await readFile(authfile, 'utf8')),
      };
      return {};
    });
    await createCliBuilder('buildah', { runCommand: runner.run }).push(pushSpec);
    expect(seen?.mode).toBe(0o600);
    expect(seen?.dirMode).toBe(0o700);
    expect(seen?.content).toEqual({
      auths: { '127.0.0.1:5000': { auth: Buffer.from(`x:${TOKEN}`).toString('base64') } },
    });
    await expect(stat(path.dirname(seen?.path ?? ''))).rejects.toThrow(/ENOENT/);
    const call = runner.calls[0];
    expect(call?.command).toBe('buildah');
    expect(call?.args.join(' ')).not.toContain('fm2_');
    expect(call?.stdin).toBeUndefined();
    expect(call?.secrets).toEqual(expect.arrayContaining([TOKEN, 'fm2_unit-test-token-aaaaaaaa']));
  });

  it('docker push reads config.json from --config', async () => {
    let content: unknown;
    const runner = fakeRunner(async (spec) => {
      content = JSON.parse(await readFile(path.join(spec.args[1] ?? '', 'config.json'), 'utf8'));
      return {};
    });
    await createCliBuilder('docker', { runCommand: runner.run }).push(pushSpec);
    expect(runner.calls[0]?.args.slice(2)).toEqual(['push', '127.0.0.1:5000/my-app:flaude-1']);
    expect(content).toEqual({
      auths: { '127.0.0.1:5000': { auth: Buffer.from(`x:${TOKEN}`).toString('base64') } },
    });
  });

  it('turns a failed push into ImageBuildError with returncode and redacted stderr, and still removes the auth file', async () => {
    let authDir = '';
    const runner = fakeRunner((spec) => {
      authDir = path.dirname(spec.args[spec.args.indexOf('--authfile') + 1] ?? '');
      // A runner that forgot to redact: the builder must still not leak the token.
      return {
        exitCode: 125,
        stderr: `Error: unauthorized for ${TOKEN}\nsecond line fm2_second-macaroon-bbbbbbbb\n`,
      };
    });
    const error = await createCliBuilder('podman', { runCommand: runner.run })
      .push(pushSpec)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageBuildError);
    const e = error as ImageBuildError;
    expect(e.returncode).toBe(125);
    expect(e.stderr).toBe('Error: unauthorized for ***\nsecond line ***\n');
    expect(e.message).toContain('podman push failed with exit code 125');
    expect(e.message).toContain('unauthorized for ***');
    expect(e.message).not.toContain('fm2_');
    await expect(stat(authDir)).rejects.toThrow(/ENOENT/);
  });

  it.each([
    [{ timedOut: true, exitCode: null }, /docker build timed out after 1 s/, null],
    [{ spawnError: 'ENOENT', exitCode: null }, /docker build could not start \(ENOENT\)/, null],
    [
      { exitCode: 1, stderr: 'no such file: Dockerfile\n' },
      /failed with exit code 1:\nno such file: Dockerfile/,
      1,
    ],
  ])('build result %j -> ImageBuildError', async (answer, message, returncode) => {
    const runner = fakeRunner(() => answer);
    const spec: BuildSpec = {
      contextDir: '/c',
      dockerfile: '/c/Dockerfile',
      image: 'i',
      platform: IMAGE_PLATFORM,
      timeoutMs: 1000,
    };
    const error = await createCliBuilder('docker', { runCommand: runner.run })
      .build(spec)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageBuildError);
    expect((error as Error).message).toMatch(message);
    expect((error as ImageBuildError).returncode).toBe(returncode);
    expect(runner.calls[0]?.timeoutMs).toBe(1000);
  });
});

describe('detectBuilder', () => {
  it('skips docker when `docker info` fails (client without engine) and takes buildah', async () => {
    const runner = fakeRunner((spec) =>
      spec.command === 'docker'
        ? { exitCode: 1, stderr: 'Cannot connect to the Docker daemon\n' }
        : {},
    );
    const builder = await detectBuilder({ runCommand: runner.run });
    expect(builder.name).toBe('buildah');
    expect(runner.calls.map((c) => [c.command, ...c.args].join(' '))).toEqual([
      'docker info',
      'buildah --version',
    ]);
  });

  it('takes docker when its engine answers', async () => {
    const runner = fakeRunner(() => ({}));
    expect((await detectBuilder({ runCommand: runner.run })).name).toBe('docker');
    expect(runner.calls).toHaveLength(1);
  });

  it('falls through to podman', async () => {
    const runner = fakeRunner((spec) =>
      spec.command === 'podman' ? {} : { exitCode: null, spawnError: 'ENOENT' },
    );
    expect((await detectBuilder({ runCommand: runner.run })).name).toBe('podman');
  });

  it('without any builder, says why and points at the image input', async () => {
    const runner = fakeRunner((spec) =>
      spec.command === 'docker'
        ? {
            exitCode: 1,
            stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock\n',
          }
        : spec.command === 'buildah'
          ? { exitCode: null, spawnError: 'ENOENT' }
          : { exitCode: null, timedOut: true },
    );
    const error = await detectBuilder({ runCommand: runner.run }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageBuildError);
    const message = (error as Error).message;
    expect(message).toContain(
      'docker: `docker info` exited 1 (Cannot connect to the Docker daemon',
    );
    expect(message).toContain('buildah: not installed');
    expect(message).toContain('podman: `podman --version` timed out');
    expect(message).toContain('pass a prebuilt image with the `image` input');
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
    async build(spec) {
      builds.push(spec);
      if (fail) throw fail;
    },
    async push(spec) {
      pushes.push(spec);
      const ref = spec.image.slice(spec.registryHost.length + 1);
      registry.tags.add(ref);
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

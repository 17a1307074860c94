import { chmod, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildCommandArgs,
  createCliBuilder,
  detectBuilder,
  hashContainerDir,
  IMAGE_PLATFORM,
  ImageBuildError,
  imageReference,
  imageTag,
  parseBearerChallenge,
  pushCommandArgs,
  registryHost,
  registryPassword,
  registrySecrets,
  type BuildSpec,
  type PushSpec,
} from '../../../src/fly/image/index.ts';
import { redactSecrets } from '../../../src/fly/base/messages.ts';
import { fakeRunner, TOKEN, useContainerDirs } from './fixtures.ts';

const containerDir = useContainerDirs();

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

/**
 * The image builders: docker, buildah or podman run as subprocesses behind the `Builder`
 * interface; the argv of each build and push is built by a pure function. Detection picks the
 * first one that works.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger, type Logger } from '../base/logger.js';
import { runCommand, type CommandRunner } from './command.js';
import { ImageBuildError } from './errors.js';
import { redactSecrets } from '../base/messages.js';
import { registrySecrets } from './reference.js';

const DEFAULT_PROBE_TIMEOUT_MS = 20_000;
const ERROR_TAIL_LINES = 20;

/** What to build. */
export interface BuildSpec {
  contextDir: string;
  dockerfile: string;
  /** Full reference to tag the result with. */
  image: string;
  platform: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** What to push and with which credentials. */
export interface PushSpec {
  image: string;
  /** `host[:port]` the credentials are for. */
  registryHost: string;
  username: string;
  password: string;
  /** False only for a plain-HTTP registry (loopback tests). */
  tlsVerify: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Builds and pushes images. Throws `ImageBuildError` on failure. */
export interface Builder {
  readonly name: string;
  build(spec: BuildSpec): Promise<void>;
  push(spec: PushSpec): Promise<void>;
}

/** The builders that can be detected or named. */
export type BuilderName = 'docker' | 'buildah' | 'podman';
/** Detection order: docker only when its engine answers, then buildah, then podman. */
export const BUILDER_NAMES: readonly BuilderName[] = ['docker', 'buildah', 'podman'];

/** Where buildah/podman keep images (their global `--root`, `--runroot`, `--storage-driver`). */
export interface ContainerStorage {
  root?: string;
  runroot?: string;
  driver?: string;
}

/** Options of the subprocess builders. */
export interface CliBuilderOptions {
  /** buildah/podman only; default: the tool's own configuration. */
  storage?: ContainerStorage;
  /** buildah/podman `--isolation` (e.g. `chroot` as root inside a container); default the tool's. */
  isolation?: string;
  runCommand?: CommandRunner;
  logger?: Logger;
}

function storageArgs(name: BuilderName, storage: ContainerStorage | undefined): string[] {
  if (name === 'docker' || !storage) return [];
  const args: string[] = [];
  if (storage.root) args.push('--root', storage.root);
  if (storage.runroot) args.push('--runroot', storage.runroot);
  if (storage.driver) args.push('--storage-driver', storage.driver);
  return args;
}

/** The argv (without the program) that builds `spec` with `name`. */
export function buildCommandArgs(
  name: BuilderName,
  spec: Pick<BuildSpec, 'contextDir' | 'dockerfile' | 'image' | 'platform'>,
  options: Pick<CliBuilderOptions, 'storage' | 'isolation'> = {},
): string[] {
  const common = ['--platform', spec.platform, '--tag', spec.image, '--file', spec.dockerfile];
  if (name === 'docker') return ['build', ...common, spec.contextDir];
  const verb = name === 'buildah' ? 'bud' : 'build';
  // Docker's manifest format: what flyctl pushes and every Fly machine can pull.
  const isolation = options.isolation ? ['--isolation', options.isolation] : [];
  return [
    ...storageArgs(name, options.storage),
    verb,
    ...common,
    '--format',
    'docker',
    ...isolation,
    spec.contextDir,
  ];
}

/**
 * The argv (without the program) that pushes `spec.image`. The credentials are never in it:
 * docker reads `<authDir>/config.json` through `--config`, buildah/podman read the same file
 * through `--authfile` (both use the `{"auths": {...}}` format).
 */
export function pushCommandArgs(
  name: BuilderName,
  spec: Pick<PushSpec, 'image' | 'tlsVerify'>,
  authDir: string,
  options: Pick<CliBuilderOptions, 'storage'> = {},
): string[] {
  if (name === 'docker') return ['--config', authDir, 'push', spec.image];
  return [
    ...storageArgs(name, options.storage),
    'push',
    '--authfile',
    path.join(authDir, 'config.json'),
    `--tls-verify=${spec.tlsVerify ? 'true' : 'false'}`,
    spec.image,
    `docker://${spec.image}`,
  ];
}

/** A `Builder` that runs docker, buildah or podman as subprocesses. */
export function createCliBuilder(name: BuilderName, options: CliBuilderOptions = {}): Builder {
  const run = options.runCommand ?? runCommand;
  const logger = options.logger ?? silentLogger;
  const exec = async (
    args: string[],
    what: string,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    secrets: readonly string[],
  ): Promise<void> => {
    const result = await run({
      command: name,
      args,
      timeoutMs,
      ...(signal === undefined ? {} : { signal }),
      secrets,
      onLine: (line) => logger.info(line),
    });
    // Runners are injectable: redact again rather than trust them.
    const stderr = redactSecrets(result.stderr, secrets);
    if (result.spawnError !== undefined) {
      throw new ImageBuildError(`${name} ${what} could not start (${result.spawnError})`, {
        stderr,
      });
    }
    if (result.timedOut) {
      throw new ImageBuildError(
        `${name} ${what} timed out after ${Math.round(timeoutMs / 1000)} s${tail(stderr)}`,
        {
          returncode: result.exitCode,
          stderr,
        },
      );
    }
    if (signal?.aborted) {
      throw new ImageBuildError(`${name} ${what} was cancelled`, {
        returncode: result.exitCode,
        stderr,
      });
    }
    if (result.exitCode !== 0) {
      throw new ImageBuildError(
        `${name} ${what} failed with exit code ${result.exitCode ?? 'none (killed)'}${tail(stderr)}`,
        { returncode: result.exitCode, stderr },
      );
    }
  };
  return {
    name,
    async build(spec) {
      logger.info(`Building ${spec.image} for ${spec.platform} with ${name}`);
      await exec(buildCommandArgs(name, spec, options), 'build', spec.timeoutMs, spec.signal, []);
    },
    async push(spec) {
      const secrets = registrySecrets(spec.password);
      // mkdtemp makes the directory 0700; the file is 0600 and removed in every case.
      const authDir = await mkdtemp(path.join(tmpdir(), 'flaude-registry-auth-'));
      try {
        const auth = Buffer.from(`${spec.username}:${spec.password}`, 'utf8').toString('base64');
        await writeFile(
          path.join(authDir, 'config.json'),
          JSON.stringify({ auths: { [spec.registryHost]: { auth } } }),
          { mode: 0o600 },
        );
        logger.info(`Pushing ${spec.image} with ${name}`);
        await exec(
          pushCommandArgs(name, spec, authDir, options),
          'push',
          spec.timeoutMs,
          spec.signal,
          secrets,
        );
      } finally {
        await rm(authDir, { recursive: true, force: true });
      }
    },
  };
}

function tail(stderr: string): string {
  const lines = stderr
    .trimEnd()
    .split('\n')
    .filter((l) => l.trim() !== '');
  if (lines.length === 0) return '';
  return `:\n${lines.slice(-ERROR_TAIL_LINES).join('\n')}`;
}

/** Options of `detectBuilder`. */
export interface DetectBuilderOptions extends CliBuilderOptions {
  /** Which builders to try, in order; default `BUILDER_NAMES`. */
  candidates?: readonly BuilderName[];
  /** Per probe, default 20 s. */
  probeTimeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * The first usable builder: docker only when `docker info` succeeds (a client without an
 * engine cannot build), buildah or podman when `--version` runs. Throws `ImageBuildError`
 * listing why each was rejected and pointing at the prebuilt `image` input.
 */
export async function detectBuilder(options: DetectBuilderOptions = {}): Promise<Builder> {
  const run = options.runCommand ?? runCommand;
  const logger = options.logger ?? silentLogger;
  const reasons: string[] = [];
  for (const name of options.candidates ?? BUILDER_NAMES) {
    const probe = name === 'docker' ? ['info'] : ['--version'];
    const result = await run({
      command: name,
      args: probe,
      timeoutMs: options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    if (result.spawnError === undefined && !result.timedOut && result.exitCode === 0) {
      logger.info(`Image builder: ${name}`);
      return createCliBuilder(name, options);
    }
    const why =
      result.spawnError === 'ENOENT'
        ? 'not installed'
        : result.spawnError !== undefined
          ? `cannot start (${result.spawnError})`
          : result.timedOut
            ? `\`${name} ${probe.join(' ')}\` timed out`
            : `\`${name} ${probe.join(' ')}\` exited ${result.exitCode ?? 'by signal'}${firstLine(result.stderr)}`;
    reasons.push(`${name}: ${why}`);
    logger.debug(`image builder ${name} unusable: ${why}`);
  }
  throw new ImageBuildError(
    `No image builder is available (${reasons.join('; ')}). Install docker (with a running engine), ` +
      'buildah or podman, or pass a prebuilt image with the `image` input.',
  );
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '');
  return line ? ` (${line.trim().slice(0, 200)})` : '';
}

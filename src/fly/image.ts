/**
 * The reviewer image: tag it by the content of the container directory, look the tag up in the
 * registry, and build and push it only when it is missing.
 *
 * Registry facts (API-NOTES §4): repositories are `registry.fly.io/<app>:<tag>`; the username
 * is `x` and the password is the Fly token without its `FlyV1 `/`Bearer ` scheme; a tag is
 * checked with `HEAD /v2/<app>/manifests/<tag>` (200 exists, 404 missing). Fly does not
 * document whether registry.fly.io answers with a Bearer challenge, so the generic token flow
 * of the distribution spec is implemented as a fallback.
 *
 * Builds and pushes run as subprocesses (docker, buildah or podman) behind the `Builder`
 * interface; registry lookups go through undici.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdtemp, readFile, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getGlobalDispatcher, request, type Dispatcher } from 'undici';
import { systemClock, type Clock } from './clock.js';
import { silentLogger, type Logger } from './logger.js';

/** Fly Machines run linux/amd64; images are always built for it. */
export const IMAGE_PLATFORM = 'linux/amd64';
/** Fly's registry (API-NOTES §4). */
export const DEFAULT_REGISTRY_URL = 'https://registry.fly.io';
/** Registry username for Fly tokens (API-NOTES §4). */
export const REGISTRY_USERNAME = 'x';
/** Every manifest type a pushed tag may have, so the HEAD answers 200 whatever the builder wrote. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

// Part of the hash so that a change to the hashing rules or the platform changes every tag.
const HASH_FORMAT = 'flaude-image-content-v1';
const TAG_PREFIX = 'flaude-';
const TAG_HASH_HEX_CHARS = 16;
const DEFAULT_BUILD_TIMEOUT_MS = 30 * 60_000;
const DEFAULT_PUSH_TIMEOUT_MS = 15 * 60_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_PROBE_TIMEOUT_MS = 20_000;
const DEFAULT_LOOKUP_ATTEMPTS = 3;
const KILL_GRACE_MS = 5_000;
const MAX_CAPTURED_CHARS = 256 * 1024;
const ERROR_TAIL_LINES = 20;
// Fly app names (and so repository names): lowercase letters, digits and dashes.
const APP_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A builder subprocess failed, timed out, or no builder could be found. */
export class ImageBuildError extends Error {
  override readonly name = 'ImageBuildError';
  /** The builder's exit code; null when it did not exit by itself (timeout, abort, not started). */
  readonly returncode: number | null;
  /** The builder's stderr with every credential replaced by `***`. */
  readonly stderr: string;

  constructor(message: string, details: { returncode?: number | null; stderr?: string } = {}) {
    super(message);
    this.returncode = details.returncode ?? null;
    this.stderr = details.stderr ?? '';
  }
}

/** The registry refused or failed a lookup. The message never contains the token. */
export class ImageRegistryError extends Error {
  override readonly name = 'ImageRegistryError';
  /** HTTP status; 0 when no HTTP answer arrived (connection error, timeout). */
  readonly statusCode: number;

  constructor(message: string, statusCode: number) {
    super(message);
    this.statusCode = statusCode;
  }
}

// ---------------------------------------------------------------------------------------------
// Tag and reference (pure)

/**
 * SHA-256 (hex) of everything under `dir`: relative paths (POSIX separators, sorted by UTF-16
 * code unit, so independent of locale and file system order), entry type, permission bits
 * (`mode & 0o7777`, because COPY keeps them), file bytes and symlink targets (not followed).
 * Nothing is skipped, `.dockerignore`d files included: a change there costs a rebuild, never a
 * stale image. Entries other than files, directories and symlinks are refused.
 */
export async function hashContainerDir(dir: string): Promise<string> {
  const root = await lstat(dir).catch((e: unknown) => {
    throw new Error(`Container directory ${JSON.stringify(dir)} cannot be read: ${messageOf(e)}`);
  });
  if (!root.isDirectory()) {
    throw new Error(`Container directory ${JSON.stringify(dir)} is not a directory`);
  }
  const hash = createHash('sha256');
  hash.update(`${HASH_FORMAT}\0${IMAGE_PLATFORM}\0`);
  for (const rel of await listTree(dir)) {
    const full = path.join(dir, ...rel.split('/'));
    const st = await lstat(full);
    const perm = (st.mode & 0o7777).toString(8);
    let kind: string;
    let data: Buffer;
    if (st.isDirectory()) {
      kind = 'd';
      data = Buffer.alloc(0);
    } else if (st.isFile()) {
      kind = 'f';
      data = await readFile(full);
    } else if (st.isSymbolicLink()) {
      kind = 'l';
      data = Buffer.from(await readlink(full), 'utf8');
    } else {
      throw new Error(
        `Container directory entry ${JSON.stringify(rel)} is not a file, directory or symlink`,
      );
    }
    // Length prefixes keep the encoding unambiguous whatever the names and bytes contain.
    const name = Buffer.from(rel, 'utf8');
    hash.update(`${kind} ${perm} ${name.length}:`);
    hash.update(name);
    hash.update(` ${data.length}:`);
    hash.update(data);
    hash.update('\n');
  }
  return hash.digest('hex');
}

async function listTree(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    out.push(rel);
    if (entry.isDirectory()) out.push(...(await listTree(dir, rel)));
  }
  return out.sort();
}

/** `flaude-` + the first 16 hex characters of the content hash. */
export function imageTag(contentHash: string): string {
  if (!/^[0-9a-f]{16,}$/.test(contentHash)) {
    throw new Error(`Content hash ${JSON.stringify(contentHash)} is not lowercase hex`);
  }
  return TAG_PREFIX + contentHash.slice(0, TAG_HASH_HEX_CHARS);
}

/** `host[:port]` of a registry base URL, as it appears in image references. */
export function registryHost(registryUrl: string): string {
  return parseRegistryUrl(registryUrl).host;
}

/** `<registry host>/<app>:<tag>`, e.g. `registry.fly.io/my-app:flaude-0123456789abcdef`. */
export function imageReference(registryUrl: string, app: string, tag: string): string {
  checkAppName(app);
  return `${registryHost(registryUrl)}/${app}:${tag}`;
}

/** The registry password for a Fly token: the token without a `FlyV1 `/`Bearer ` scheme. */
export function registryPassword(token: string): string {
  const trimmed = token.trim();
  const scheme = /^(?:FlyV1|Bearer)\s+/i.exec(trimmed);
  return scheme ? trimmed.slice(scheme[0].length).trim() : trimmed;
}

/**
 * Every form in which the token could leak into a builder's output: the token as given, the
 * password, each macaroon of a comma-joined token, and the base64 `x:<password>` credential.
 */
export function registrySecrets(token: string): string[] {
  const password = registryPassword(token);
  const forms = [token.trim(), password, basicCredential(password)];
  for (const part of password.split(',')) {
    if (part.trim().length >= 8) forms.push(part.trim());
  }
  return [...new Set(forms.filter((s) => s.length > 0))];
}

/** Replaces every occurrence of each secret with `***` (longest first). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret) out = out.split(secret).join('***');
  }
  return out;
}

function basicCredential(password: string): string {
  return Buffer.from(`${REGISTRY_USERNAME}:${password}`, 'utf8').toString('base64');
}

function parseRegistryUrl(registryUrl: string): URL {
  let url: URL;
  try {
    url = new URL(registryUrl);
  } catch {
    throw new Error(`Registry URL ${JSON.stringify(registryUrl)} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`Registry URL ${JSON.stringify(registryUrl)} must be http(s)`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.username) {
    throw new Error(
      `Registry URL ${JSON.stringify(registryUrl)} must be a bare origin like https://registry.fly.io`,
    );
  }
  return url;
}

function checkAppName(app: string): void {
  if (!APP_NAME.test(app)) {
    throw new Error(
      `App name ${JSON.stringify(app)} is not a Fly app name (lowercase letters, digits, dashes)`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Registry lookup

/** A parsed `WWW-Authenticate: Bearer ...` challenge. */
export interface BearerChallenge {
  realm: string;
  service: string | undefined;
  scope: string | undefined;
}

/** Parses the Bearer challenge of a 401 answer; undefined when there is none (e.g. Basic). */
export function parseBearerChallenge(
  header: string | readonly string[] | undefined,
): BearerChallenge | undefined {
  const headers = header === undefined ? [] : typeof header === 'string' ? [header] : header;
  for (const value of headers) {
    const match = /^\s*Bearer\s+(.*)$/is.exec(value);
    if (!match) continue;
    const params = new Map<string, string>();
    for (const p of (match[1] ?? '').matchAll(
      /([A-Za-z_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g,
    )) {
      const key = (p[1] ?? '').toLowerCase();
      const raw = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
      params.set(key, raw);
    }
    const realm = params.get('realm');
    if (!realm) continue;
    return { realm, service: params.get('service'), scope: params.get('scope') };
  }
  return undefined;
}

/** How to reach the registry. */
export interface RegistryOptions {
  /** Fly token (with or without its scheme); the registry password. */
  token: string;
  /** Registry base URL; default https://registry.fly.io. */
  registryUrl?: string;
  /** undici dispatcher; default the global one (tests install a loopback-only MockAgent there). */
  dispatcher?: Dispatcher;
  /** Per request, default 30 s. */
  requestTimeoutMs?: number;
  /** Attempts for 429, 5xx and connection errors, default 3. */
  maxAttempts?: number;
  clock?: Clock;
  logger?: Logger;
  signal?: AbortSignal;
}

interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Whether `<app>:<tag>` exists in the registry: `HEAD /v2/<app>/manifests/<tag>` with Basic
 * `x:<token>`; on a 401 Bearer challenge, a token for `repository:<app>:pull,push` is fetched
 * from the realm with the same Basic credentials and the HEAD is repeated with it.
 * Throws `ImageRegistryError` when the credentials are refused or the registry fails.
 */
export async function imageExists(
  app: string,
  tag: string,
  options: RegistryOptions,
): Promise<boolean> {
  checkAppName(app);
  const base = parseRegistryUrl(options.registryUrl ?? DEFAULT_REGISTRY_URL);
  const password = registryPassword(options.token);
  const basic = `Basic ${basicCredential(password)}`;
  const where = `${base.host}/${app}:${tag}`;
  const manifestUrl = new URL(`/v2/${app}/manifests/${encodeURIComponent(tag)}`, base).toString();
  const head = (authorization: string): Promise<HttpAnswer> =>
    send(
      options,
      'HEAD',
      manifestUrl,
      { Authorization: authorization, Accept: MANIFEST_ACCEPT },
      where,
    );

  let answer = await head(basic);
  if (answer.statusCode === 401) {
    const challenge = parseBearerChallenge(answer.headers['www-authenticate']);
    if (challenge) {
      const token = await fetchBearerToken(challenge, base, app, basic, options, where);
      answer = await head(`Bearer ${token}`);
    }
  }
  switch (answer.statusCode) {
    case 200:
      return true;
    case 404:
      return false;
    case 401:
    case 403:
      throw credentialsRefused(answer.statusCode, where, base.host, app);
    default:
      throw new ImageRegistryError(
        `Registry lookup of ${where} failed: HTTP ${answer.statusCode}`,
        answer.statusCode,
      );
  }
}

async function fetchBearerToken(
  challenge: BearerChallenge,
  base: URL,
  app: string,
  basic: string,
  options: RegistryOptions,
  where: string,
): Promise<string> {
  let realm: URL;
  try {
    realm = new URL(challenge.realm);
  } catch {
    throw new ImageRegistryError(`Registry ${base.host} sent an unusable token realm`, 401);
  }
  // The realm receives the password: never over plain HTTP unless the registry itself is
  // plain HTTP (a loopback test registry).
  if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && base.protocol === 'http:')) {
    throw new ImageRegistryError(
      `Registry ${base.host} asked for credentials at a non-HTTPS token realm (${realm.origin}); refusing to send them`,
      401,
    );
  }
  if (challenge.service) realm.searchParams.set('service', challenge.service);
  realm.searchParams.set('scope', `repository:${app}:pull,push`);
  const answer = await send(options, 'GET', realm.toString(), { Authorization: basic }, where);
  if (answer.statusCode === 401 || answer.statusCode === 403) {
    throw credentialsRefused(answer.statusCode, where, base.host, app);
  }
  if (answer.statusCode !== 200) {
    throw new ImageRegistryError(
      `Registry token request for ${where} failed: HTTP ${answer.statusCode}`,
      answer.statusCode,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    parsed = undefined;
  }
  const fields = (parsed ?? {}) as { token?: unknown; access_token?: unknown };
  const token = typeof fields.token === 'string' ? fields.token : fields.access_token;
  if (typeof token !== 'string' || token === '') {
    throw new ImageRegistryError(`Registry token realm for ${where} answered without a token`, 200);
  }
  return token;
}

function credentialsRefused(
  status: number,
  where: string,
  host: string,
  app: string,
): ImageRegistryError {
  return new ImageRegistryError(
    `Registry ${host} refused the credentials for ${where} (HTTP ${status}): the Fly token must be ` +
      `valid and have access to app ${JSON.stringify(app)}'s organization (registry user "x", password = token)`,
    status,
  );
}

function isRetryable(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

async function send(
  options: RegistryOptions,
  method: 'HEAD' | 'GET',
  url: string,
  headers: Record<string, string>,
  where: string,
): Promise<HttpAnswer> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const attempts = Math.max(1, options.maxAttempts ?? DEFAULT_LOOKUP_ATTEMPTS);
  const dispatcher = options.dispatcher ?? getGlobalDispatcher();
  // Only the origin and path are logged: the query of a realm URL is harmless, headers are not.
  const shown = new URL(url);
  for (let attempt = 1; ; attempt++) {
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (options.signal) signals.push(options.signal);
    let answer: HttpAnswer | undefined;
    let failure: string | undefined;
    try {
      logger.debug(`registry ${method} ${shown.origin}${shown.pathname} (attempt ${attempt})`);
      const res = await request(url, {
        method,
        headers,
        dispatcher,
        signal: AbortSignal.any(signals),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const body = method === 'HEAD' ? '' : await res.body.text();
      if (method === 'HEAD') await res.body.dump();
      answer = { statusCode: res.statusCode, headers: res.headers, body };
    } catch (e: unknown) {
      if (options.signal?.aborted) throw e;
      failure = messageOf(e);
    }
    if (answer && !isRetryable(answer.statusCode)) return answer;
    if (attempt >= attempts) {
      if (answer) return answer;
      throw new ImageRegistryError(
        `Registry request for ${where} failed: ${failure ?? 'no answer'}`,
        0,
      );
    }
    const delay = Math.min(8_000, 500 * 2 ** (attempt - 1));
    logger.debug(
      `registry ${method} ${shown.origin}${shown.pathname}: ${answer ? `HTTP ${answer.statusCode}` : failure}; retrying in ${delay} ms`,
    );
    await clock.sleep(delay, options.signal);
  }
}

// ---------------------------------------------------------------------------------------------
// Subprocesses

/** One subprocess to run. */
export interface CommandSpec {
  command: string;
  args: readonly string[];
  /** Written to stdin, then stdin is closed; without it stdin is empty. */
  stdin?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Replaced by `***` in captured output and in `onLine`. */
  secrets?: readonly string[];
  /** Each complete output line (already redacted), as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** What a subprocess did. */
export interface CommandResult {
  /** Exit code; null when killed by a signal or not started. */
  exitCode: number | null;
  /** Redacted, at most the last 256 KiB of each stream. */
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the process could not be started, e.g. `ENOENT` (not installed). */
  spawnError: string | undefined;
}

/** Runs one subprocess; injectable so that builders are tested with a fake. */
export type CommandRunner = (spec: CommandSpec) => Promise<CommandResult>;

/**
 * Runs a subprocess in its own process group, kills the group (SIGTERM, then SIGKILL after
 * 5 s) on timeout or abort, and never rejects: failures are in the result.
 */
export const runCommand: CommandRunner = (spec) =>
  new Promise<CommandResult>((resolve) => {
    const secrets = spec.secrets ?? [];
    const captured = { stdout: '', stderr: '' };
    const partial = { stdout: '', stderr: '' };
    let timedOut = false;
    let settled = false;
    const child = spawn(spec.command, [...spec.args], {
      stdio: [spec.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const killGroup = (sig: NodeJS.Signals): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, sig);
      } catch {
        // Already gone.
      }
    };
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      killGroup('SIGTERM');
      killTimer ??= setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, spec.timeoutMs);
    const onAbort = (): void => stop();
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    if (spec.signal?.aborted) stop();

    const take = (stream: 'stdout' | 'stderr', chunk: Buffer): void => {
      const text = partial[stream] + chunk.toString('utf8');
      const lines = text.split('\n');
      partial[stream] = lines.pop() ?? '';
      for (const line of lines) emit(stream, line);
    };
    const emit = (stream: 'stdout' | 'stderr', line: string): void => {
      const clean = redact(line, secrets);
      captured[stream] = (captured[stream] + clean + '\n').slice(-MAX_CAPTURED_CHARS);
      spec.onLine?.(clean, stream);
    };
    child.stdout?.on('data', (c: Buffer) => take('stdout', c));
    child.stderr?.on('data', (c: Buffer) => take('stderr', c));
    if (spec.stdin !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined); // the child may exit without reading
      child.stdin.end(spec.stdin);
    }
    const finish = (exitCode: number | null, spawnError: string | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
      for (const stream of ['stdout', 'stderr'] as const) {
        if (partial[stream]) emit(stream, partial[stream]);
      }
      resolve({ exitCode, stdout: captured.stdout, stderr: captured.stderr, timedOut, spawnError });
    };
    child.on('error', (e: NodeJS.ErrnoException) => finish(null, e.code ?? e.message));
    child.on('close', (code) => finish(code, undefined));
  });

// ---------------------------------------------------------------------------------------------
// Builders

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
      signal,
      secrets,
      onLine: (line) => logger.info(line),
    });
    // Runners are injectable: redact again rather than trust them.
    const stderr = redact(result.stderr, secrets);
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
      signal: options.signal,
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

// ---------------------------------------------------------------------------------------------
// ensureImage

/** Options of `ensureImage`. */
export interface EnsureImageOptions {
  /** The directory holding the Dockerfile; its whole content determines the tag. */
  containerDir: string;
  /** Fly token (with or without its scheme), used as the registry password. */
  token: string;
  /** Registry base URL; default https://registry.fly.io. */
  registry?: string;
  /** A builder, a builder to use by name, or 'auto' (default) to detect one. */
  builder?: Builder | BuilderName | 'auto';
  /** Options for the detected or named subprocess builder. */
  builderOptions?: DetectBuilderOptions;
  /** Default `<containerDir>/Dockerfile`. */
  dockerfile?: string;
  /** Default 30 min. */
  buildTimeoutMs?: number;
  /** Default 15 min. */
  pushTimeoutMs?: number;
  /** Registry requests, default 30 s each. */
  requestTimeoutMs?: number;
  dispatcher?: Dispatcher;
  clock?: Clock;
  logger?: Logger;
  signal?: AbortSignal;
}

/**
 * Returns the reference of the reviewer image for `app`, e.g.
 * `registry.fly.io/my-app:flaude-0123456789abcdef`, building and pushing it only when the
 * content-hash tag is not in the registry yet.
 */
export async function ensureImage(app: string, options: EnsureImageOptions): Promise<string> {
  const logger = options.logger ?? silentLogger;
  const registryUrl = options.registry ?? DEFAULT_REGISTRY_URL;
  checkAppName(app);
  const base = parseRegistryUrl(registryUrl);
  const tag = imageTag(await hashContainerDir(options.containerDir));
  const image = imageReference(registryUrl, app, tag);
  const registryOptions: RegistryOptions = {
    token: options.token,
    registryUrl,
    dispatcher: options.dispatcher,
    requestTimeoutMs: options.requestTimeoutMs,
    clock: options.clock,
    logger,
    signal: options.signal,
  };
  if (await imageExists(app, tag, registryOptions)) {
    logger.info(`Image ${image} is already in the registry`);
    return image;
  }
  logger.info(`Image ${image} is not in the registry: building it`);
  const builder = await resolveBuilder(options, logger);
  await builder.build({
    contextDir: options.containerDir,
    dockerfile: options.dockerfile ?? path.join(options.containerDir, 'Dockerfile'),
    image,
    platform: IMAGE_PLATFORM,
    timeoutMs: options.buildTimeoutMs ?? DEFAULT_BUILD_TIMEOUT_MS,
    signal: options.signal,
  });
  await builder.push({
    image,
    registryHost: base.host,
    username: REGISTRY_USERNAME,
    password: registryPassword(options.token),
    tlsVerify: base.protocol === 'https:',
    timeoutMs: options.pushTimeoutMs ?? DEFAULT_PUSH_TIMEOUT_MS,
    signal: options.signal,
  });
  logger.info(`Pushed ${image}`);
  return image;
}

async function resolveBuilder(options: EnsureImageOptions, logger: Logger): Promise<Builder> {
  const choice = options.builder ?? 'auto';
  if (typeof choice !== 'string') return choice;
  const detect = { logger, signal: options.signal, ...options.builderOptions };
  if (choice === 'auto') return detectBuilder(detect);
  if (!BUILDER_NAMES.includes(choice)) {
    throw new ImageBuildError(
      `Unknown image builder ${JSON.stringify(choice)}; use one of ${BUILDER_NAMES.join(', ')} or auto`,
    );
  }
  return detectBuilder({ ...detect, candidates: [choice] });
}

function messageOf(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return code && !e.message.includes(code) ? `${e.message} (${code})` : e.message;
  }
  return String(e);
}

// Starts Debian's docker-registry (distribution 2.8) on 127.0.0.1 with a throw-away
// configuration, and a JWT token realm for its token-auth mode. Used by the registry tests
// only (`npm run test:registry`); the packages come from scripts/install-registry-deps.sh.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const INSTALL_HINT =
  'run `bash scripts/install-registry-deps.sh` as root (Debian bookworm: installs docker-registry, buildah, apache2-utils, openssl)';

const REQUIRED_PROGRAMS = ['docker-registry', 'buildah', 'htpasswd', 'openssl'];

function onPath(program: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(':').concat('/usr/sbin', '/usr/bin')) {
    try {
      accessSync(path.join(dir, program), constants.X_OK);
      return true;
    } catch {
      // Not in this directory.
    }
  }
  return false;
}

/**
 * Why the registry tests cannot run here, or undefined when they can. Tests throw it from
 * `beforeEach`, so each one FAILS with the install hint instead of being skipped.
 */
export function missingRegistryDeps(): Error | undefined {
  const missing = REQUIRED_PROGRAMS.filter((p) => !onPath(p));
  if (missing.length === 0) return undefined;
  return new Error(
    `Registry tests cannot run: not installed: ${missing.join(', ')}. Fix: ${INSTALL_HINT}`,
  );
}

export type RegistryAuth =
  | { kind: 'htpasswd'; username: string; password: string }
  | { kind: 'token'; realm: string; service: string; issuer: string; certPath: string };

export interface RunningRegistry {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** e.g. 127.0.0.1:40123 */
  host: string;
  /** What the registry printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts docker-registry on 127.0.0.1 (port chosen by the kernel) with storage under `dir`. */
export async function startRegistry(dir: string, auth: RegistryAuth): Promise<RunningRegistry> {
  await mkdir(path.join(dir, 'storage'), { recursive: true });
  let authYaml: string;
  if (auth.kind === 'htpasswd') {
    // distribution's htpasswd auth accepts bcrypt only; -i reads the password from stdin.
    const line = execFileSync('htpasswd', ['-Bin', auth.username], {
      input: auth.password,
      encoding: 'utf8',
    });
    await writeFile(path.join(dir, 'htpasswd'), line.trim() + '\n', { mode: 0o600 });
    authYaml = `  htpasswd:\n    realm: flaude-test\n    path: ${path.join(dir, 'htpasswd')}\n`;
  } else {
    authYaml =
      `  token:\n    realm: ${auth.realm}\n    service: ${auth.service}\n` +
      `    issuer: ${auth.issuer}\n    rootcertbundle: ${auth.certPath}\n`;
  }
  const config = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${path.join(dir, 'storage')}`,
    'http:',
    '  addr: 127.0.0.1:0',
    `  secret: ${randomUUID()}`,
    'auth:',
    authYaml,
  ].join('\n');
  const configPath = path.join(dir, 'config.yml');
  await writeFile(configPath, config);

  const child = spawn('docker-registry', ['serve', configPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error('docker-registry did not report its port within 30 s')),
      30_000,
    );
    const fail = (e: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${e.message}\n${output}`));
    };
    const take = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (e) => fail(e));
    child.on('exit', (code) =>
      fail(new Error(`docker-registry exited with ${code} before listening`)),
    );
  });
  const host = `127.0.0.1:${port}`;
  return {
    url: `http://${host}`,
    host,
    output: () => output,
    stop: () => stopProcess(child),
  };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface TokenRequest {
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  granted: boolean;
}

export interface TokenRealm {
  /** The realm URL for the registry config, e.g. http://127.0.0.1:40124/token */
  realm: string;
  service: string;
  issuer: string;
  /** Self-signed certificate whose key signs the tokens (the registry's rootcertbundle). */
  certPath: string;
  requests: TokenRequest[];
  stop(): Promise<void>;
}

/**
 * A token realm in the shape of the distribution token spec: Basic `username:password` in,
 * an ES256 JWT out, granting exactly the requested repository actions. The JWT carries its
 * certificate in `x5c`, which the registry verifies against `certPath`.
 */
export async function startTokenRealm(
  dir: string,
  credentials: { username: string; password: string },
): Promise<TokenRealm> {
  await mkdir(dir, { recursive: true });
  const keyPath = path.join(dir, 'token-key.pem');
  const certPath = path.join(dir, 'token-cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=flaude-test-token-realm',
    ],
    { stdio: 'ignore' },
  );
  const key = createPrivateKey(await readFile(keyPath));
  const certDer = (await readFile(certPath, 'utf8')).replace(/-----[^-]+-----|\s/g, '');
  const service = 'flaude-test-registry';
  const issuer = 'flaude-test-realm';
  const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const requests: TokenRequest[] = [];

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const granted = url.pathname === '/token' && req.headers.authorization === expected;
    requests.push({ query: url.searchParams, headers: req.headers, granted });
    if (!granted) {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"errors":[{"code":"UNAUTHORIZED"}]}');
      return;
    }
    const access = url.searchParams.getAll('scope').flatMap((scope) => {
      const [type, ...rest] = scope.split(':');
      const actions = rest.pop() ?? '';
      return type
        ? [{ type, name: rest.join(':'), actions: actions.split(',').filter(Boolean) }]
        : [];
    });
    const token = signJwt(key, certDer, {
      iss: issuer,
      sub: credentials.username,
      aud: url.searchParams.get('service') ?? service,
      access,
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        token,
        access_token: token,
        expires_in: 300,
        issued_at: new Date().toISOString(),
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certPath,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function signJwt(key: KeyObject, certDerBase64: string, claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: 'JWT', alg: 'ES256', x5c: [certDerBase64] };
  const body = { ...claims, iat: now, nbf: now - 60, exp: now + 300, jti: randomUUID() };
  const encode = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const signingInput = `${encode(header)}.${encode(body)}`;
  // JWS ES256 wants r||s, not DER.
  const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

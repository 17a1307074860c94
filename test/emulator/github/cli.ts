/**
 * Runs the GitHub emulator as a process (for the demo and for tests that need it out of
 * process):
 *
 *   node_modules/.bin/node test/emulator/github/cli.ts --port 0
 *     [--token TOKEN=LOGIN[:read|:write]]... [--repo OWNER/NAME[=GITDIR]]... [--server-url URL]
 *
 * Prints one JSON line `{"url", "token"}` on stdout once listening; exits 0 on SIGTERM/SIGINT.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startGithubEmulator } from './index.ts';
import type { GithubEmulatorOptions, RepoSpec, TokenSpec } from './types.ts';

/** Turns the command line into emulator options. */
export function parseCliOptions(args: string[]): GithubEmulatorOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      port: { type: 'string', default: '0' },
      token: { type: 'string', multiple: true, default: [] },
      repo: { type: 'string', multiple: true, default: [] },
      'server-url': { type: 'string' },
    },
  });
  if (!/^\d+$/.test(values.port)) {
    throw new Error(`--port wants a non-negative integer, got ${JSON.stringify(values.port)}`);
  }
  const options: GithubEmulatorOptions = {
    port: Number(values.port),
    repos: values.repo.map(parseRepo),
  };
  if (values.token.length > 0) options.tokens = values.token.map(parseToken);
  if (values['server-url'] !== undefined) options.serverUrl = values['server-url'];
  return options;
}

/** `TOKEN=LOGIN[:read|:write]` (write when no access is given). */
function parseToken(spec: string): TokenSpec {
  const match = /^([^=]+)=([^:]+)(?::(read|write))?$/.exec(spec);
  if (!match) {
    throw new Error(`--token wants TOKEN=LOGIN[:read|:write], got ${JSON.stringify(spec)}`);
  }
  return {
    token: match[1] ?? '',
    login: match[2] ?? '',
    access: match[3] === 'read' ? 'read' : 'write',
  };
}

/** `OWNER/NAME[=GITDIR]`. */
function parseRepo(spec: string): RepoSpec {
  const match = /^([^/=]+)\/([^/=]+)(?:=(.+))?$/.exec(spec);
  if (!match) throw new Error(`--repo wants OWNER/NAME[=GITDIR], got ${JSON.stringify(spec)}`);
  const repo: RepoSpec = { owner: match[1] ?? '', name: match[2] ?? '' };
  if (match[3] !== undefined) repo.gitDir = match[3];
  return repo;
}

async function main(): Promise<void> {
  const emulator = await startGithubEmulator(parseCliOptions(process.argv.slice(2)));
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    void emulator.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(`github emulator: stop failed: ${String(e)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.stdout.write(`${JSON.stringify({ url: emulator.url, token: emulator.token })}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(`github emulator: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}

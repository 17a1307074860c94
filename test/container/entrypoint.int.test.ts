/**
 * container/entrypoint.sh run as a local process, the way every emulated machine runs it,
 * with a stub `claude` first on PATH (the real CLI is exercised through the Fly emulator).
 * The stub records its argv, cwd, uid and environment, can run `git diff` where it starts,
 * can probe what it could do with the GitHub token (fetch, git config, credential helpers,
 * its ancestors' /proc/<pid>/environ), prints two stream-json lines and a stderr line, and
 * exits as told. Repositories are local
 * bare repositories reached through `url.<dir>.insteadOf=https://github.com/` given in
 * GIT_CONFIG_COUNT/KEY/VALUE, as the emulator does.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHttpServer, startStallingServer } from './git-http-server.ts';

const ENTRYPOINT = fileURLToPath(new URL('../../container/entrypoint.sh', import.meta.url));
const isRoot = process.getuid?.() === 0;
const MISSING_USER = 'flaude-test-no-such-user';
/** The user drop needs root and a user to drop to: Debian's `nobody`. */
const nobodyUsable =
  isRoot && spawnSync('runuser', ['-u', 'nobody', '--', 'true'], { stdio: 'ignore' }).status === 0;

// ---------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------

const STUB = String.raw`#!/bin/bash
# Stand-in for the Claude Code CLI: records how it was started, then behaves as told.
set -u
rec=${'$'}{STUB_RECORD:?}
mkdir -p "$rec"
printf '%s\0' "$@" >"$rec/argv"
printf '%s' "$PWD" >"$rec/cwd"
id -u >"$rec/uid"
env -0 >"$rec/env"
if [ -n "${'$'}{STUB_DIFF_BASE:-}" ]; then
  git diff --name-only -z "$STUB_DIFF_BASE...HEAD" >"$rec/diff" 2>"$rec/diff.err"
  echo $? >"$rec/diff.rc"
fi
if [ -n "${'$'}{STUB_PROBE_GITHUB:-}" ]; then
  # What anything Claude runs could do with the GitHub token: fetch with it, find it in git's
  # configuration or a credential helper, or read it from an ancestor's environment.
  GIT_TERMINAL_PROMPT=0 git fetch --quiet origin 2>"$rec/fetch.err"
  echo $? >"$rec/fetch.rc"
  git config --list --show-origin >"$rec/git-config" 2>&1
  printf 'protocol=https\nhost=github.com\npath=acme/widget.git\n\n' |
    GIT_TERMINAL_PROMPT=0 git credential fill >"$rec/credential" 2>&1
  echo $? >"$rec/credential.rc"
  mkdir -p "$rec/environ"
  pid=$PPID
  while [ "$pid" -gt 1 ]; do
    if cat "/proc/$pid/environ" >"$rec/environ/$pid" 2>/dev/null; then
      echo "$pid readable"
    else
      rm -f "$rec/environ/$pid"
      echo "$pid denied"
    fi >>"$rec/ancestors"
    pid=$(awk '/^PPid:/ { print $2 }' "/proc/$pid/status")
  done
fi
echo '{"type":"system","subtype":"init","session_id":"stub-session"}'
echo 'stub: a line on stderr' >&2
case ${'$'}{STUB_MODE:-exit} in
  wait)
    trap 'echo TERM >"$rec/signal"; exit 143' TERM
    trap 'echo INT >"$rec/signal"; exit 130' INT
    touch "$rec/ready"
    sleep 60 &
    wait $!
    ;;
  leave-background)
    # A tool's background job that outlives Claude.
    (sleep 5; echo 'late line from a leftover process') &
    ;;
  ignore-signals)
    trap '' TERM INT
    touch "$rec/ready"
    sleep 60 &
    wait $!
    ;;
esac
echo '{"type":"result","subtype":"success","is_error":false,"result":"stub done"}'
exit "${'$'}{STUB_EXIT:-0}"
`;

interface Fixture {
  root: string;
  githubRoot: string;
  stubBin: string;
  records: string;
  /** refs/pull/7/head: three commits on top of FORK_POINT, reachable from no branch. */
  prHead: string;
  forkPoint: string;
  mainTip: string;
  /** `feature` moved on: featureOld is its parent, featureNew its tip. */
  featureOld: string;
  featureNew: string;
  orphanTip: string;
  docsTip: string;
}

let fx: Fixture;
let runCounter = 0;

function gitEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: fx.root,
    GIT_AUTHOR_NAME: 'Fixture',
    GIT_AUTHOR_EMAIL: 'fixture@example.com',
    GIT_COMMITTER_NAME: 'Fixture',
    GIT_COMMITTER_EMAIL: 'fixture@example.com',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
  };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: gitEnv() }).trim();
}

function commitFile(work: string, file: string, content: string): string {
  mkdirSync(join(work, file, '..'), { recursive: true });
  writeFileSync(join(work, file), content);
  git(work, 'add', '--', file);
  git(work, 'commit', '--quiet', '-m', `add ${file}`);
  return git(work, 'rev-parse', 'HEAD');
}

function createBare(fullName: string): string {
  const bare = join(fx.githubRoot, `${fullName}.git`);
  mkdirSync(bare, { recursive: true });
  git(bare, 'init', '--bare', '--quiet', '--initial-branch=main');
  return bare;
}

function createWidgetRepo(): void {
  const bare = createBare('acme/widget');
  const work = mkdtempSync(join(fx.root, 'work-'));
  git(work, 'init', '--quiet', '--initial-branch=main');
  for (let i = 1; i <= 20; i++)
    commitFile(work, `base-${String(i).padStart(2, '0')}.txt`, `base ${i}\n`);
  fx.forkPoint = git(work, 'rev-parse', 'HEAD');

  // The pull request, published only as refs/pull/7/head: on GitHub a fork's head is
  // reachable from the base repository under that name and from no branch of it.
  git(work, 'checkout', '--quiet', '-b', 'pr');
  commitFile(work, 'src/feature-1.ts', 'export const one = 1;\n');
  mkdirSync(join(work, 'docs'), { recursive: true });
  writeFileSync(join(work, 'docs', 'a "quoted" name.md'), 'quoted\n');
  writeFileSync(join(work, 'docs', 'ünïcödé.md'), 'unicode\n');
  writeFileSync(join(work, 'docs', 'line\nbreak.md'), 'newline\n');
  git(work, 'add', 'docs');
  git(work, 'commit', '--quiet', '-m', 'docs with awkward names');
  commitFile(work, 'src/feature-2.ts', 'export const two = 2;\n');
  fx.prHead = commitFile(work, 'src/feature-3.ts', 'export const three = 3;\n');
  git(work, 'push', '--quiet', bare, 'HEAD:refs/pull/7/head');

  git(work, 'checkout', '--quiet', 'main');
  for (let i = 21; i <= 28; i++) commitFile(work, `base-${i}.txt`, `base ${i}\n`);
  fx.mainTip = git(work, 'rev-parse', 'HEAD');
  git(work, 'push', '--quiet', bare, 'main:refs/heads/main');

  git(work, 'checkout', '--quiet', '-b', 'feature');
  fx.featureOld = commitFile(work, 'feature-old.txt', 'old\n');
  fx.featureNew = commitFile(work, 'feature-new.txt', 'new\n');
  git(work, 'push', '--quiet', bare, 'feature:refs/heads/feature');

  git(work, 'checkout', '--quiet', '--orphan', 'orphan');
  git(work, 'rm', '-r', '--quiet', '--cached', '.');
  commitFile(work, 'unrelated-1.txt', 'one\n');
  // Longer than all deepening steps from depth 1 together (1 + 2 + ... + 32 commits), so
  // that only the final full fetch can show that there is no common ancestor.
  for (let i = 0; i < 70; i++)
    git(work, 'commit', '--quiet', '--allow-empty', '-m', `unrelated ${i}`);
  fx.orphanTip = commitFile(work, 'unrelated-2.txt', 'two\n');
  git(work, 'push', '--quiet', bare, 'orphan:refs/heads/orphan');
}

function createDocsRepo(): void {
  const bare = createBare('acme/docs');
  const work = mkdtempSync(join(fx.root, 'work-'));
  git(work, 'init', '--quiet', '--initial-branch=main');
  commitFile(work, 'README.md', '# docs\n');
  fx.docsTip = commitFile(work, 'guide/intro.md', 'intro\n');
  git(work, 'push', '--quiet', bare, 'main:refs/heads/main');
}

function createBigRepo(): void {
  const bare = createBare('acme/big');
  const work = mkdtempSync(join(fx.root, 'work-'));
  git(work, 'init', '--quiet', '--initial-branch=main');
  for (let i = 0; i < 2003; i++)
    writeFileSync(join(work, `file-${String(i).padStart(4, '0')}.txt`), `${i}\n`);
  git(work, 'add', '.');
  git(work, 'commit', '--quiet', '-m', 'many files');
  git(work, 'push', '--quiet', bare, 'main:refs/heads/main');
}

beforeAll(() => {
  const root = mkdtempSync(join(tmpdir(), 'flaude-entrypoint-'));
  // Readable by the unprivileged users some tests run as.
  chmodSync(root, 0o755);
  fx = {
    root,
    githubRoot: join(root, 'github') + '/',
    stubBin: join(root, 'bin'),
    records: join(root, 'records'),
  } as Fixture;
  mkdirSync(fx.stubBin);
  writeFileSync(join(fx.stubBin, 'claude'), STUB, { mode: 0o755 });
  mkdirSync(fx.records);
  chmodSync(fx.records, 0o777);
  createWidgetRepo();
  createDocsRepo();
  createBigRepo();
});

afterAll(() => {
  if (fx?.root) rmSync(fx.root, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------
// Running the entrypoint
// ---------------------------------------------------------------------------------------

interface StubRecord {
  argv: string[];
  cwd: string;
  uid: number;
  env: Record<string, string>;
  /** `git diff --name-only <STUB_DIFF_BASE>...HEAD` where Claude started, when asked. */
  diff?: { rc: number; names: string[]; stderr: string };
  /** The signal the stub trapped, in mode `wait`. */
  signal?: string;
  /** What the stub could do with the GitHub token, with STUB_PROBE_GITHUB set. */
  probe?: GithubProbe;
}

interface GithubProbe {
  /** `git fetch origin` where Claude started, without a terminal to prompt on. */
  fetch: { rc: number; stderr: string };
  /** `git config --list --show-origin` as Claude sees it. */
  gitConfig: string;
  /** `git credential fill` for github.com: what a credential helper would hand out. */
  credential: { rc: number; output: string };
  /** Each ancestor up to pid 1: its environment, or null when Claude may not read it. */
  ancestors: Map<number, Buffer | null>;
}

interface EntrypointRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  lines: string[];
  workspace: string;
  stub: StubRecord | undefined;
  /** The entrypoint's own process (bash), unless a prefix command started it. */
  pid: number | undefined;
}

type EnvOverrides = Record<string, string | undefined>;

interface RunOptions {
  /** Called once the stub is running (it created `ready`), with the entrypoint process. */
  onStubReady?: (kill: (signal: NodeJS.Signals) => void) => void;
  /** Runs the entrypoint through this command prefix (e.g. runuser) instead of directly. */
  prefix?: string[];
  entrypoint?: string;
  workspace?: string;
}

function baseEnv(workspace: string, record: string): Record<string, string> {
  return {
    PATH: `${fx.stubBin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
    HOME: fx.root,
    LANG: 'C.UTF-8',
    FLAUDE_PROMPT: 'Review this change.',
    ANTHROPIC_API_KEY: 'sk-ant-test-key',
    FLAUDE_WORKSPACE: workspace,
    // Deterministic on machines that happen to have a `claude` user.
    FLAUDE_USER: MISSING_USER,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `url.${fx.githubRoot}.insteadOf`,
    GIT_CONFIG_VALUE_0: 'https://github.com/',
    STUB_RECORD: record,
  };
}

function readStubRecord(dir: string): StubRecord | undefined {
  if (!existsSync(join(dir, 'argv'))) return undefined;
  const nulList = (file: string): string[] => {
    const text = readFileSync(join(dir, file), 'utf8');
    return text === '' ? [] : text.replace(/\0$/, '').split('\0');
  };
  const env: Record<string, string> = {};
  for (const entry of nulList('env')) {
    const eq = entry.indexOf('=');
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  const record: StubRecord = {
    argv: nulList('argv'),
    cwd: readFileSync(join(dir, 'cwd'), 'utf8'),
    uid: Number(readFileSync(join(dir, 'uid'), 'utf8').trim()),
    env,
  };
  if (existsSync(join(dir, 'diff.rc'))) {
    record.diff = {
      rc: Number(readFileSync(join(dir, 'diff.rc'), 'utf8').trim()),
      names: nulList('diff'),
      stderr: readFileSync(join(dir, 'diff.err'), 'utf8'),
    };
  }
  if (existsSync(join(dir, 'signal')))
    record.signal = readFileSync(join(dir, 'signal'), 'utf8').trim();
  if (existsSync(join(dir, 'ancestors'))) record.probe = readGithubProbe(dir);
  return record;
}

function readGithubProbe(dir: string): GithubProbe {
  const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
  const ancestors = new Map<number, Buffer | null>();
  for (const line of read('ancestors').trim().split('\n')) {
    const [pid, access] = line.split(' ');
    ancestors.set(
      Number(pid),
      access === 'readable' ? readFileSync(join(dir, 'environ', pid as string)) : null,
    );
  }
  return {
    fetch: { rc: Number(read('fetch.rc').trim()), stderr: read('fetch.err') },
    gitConfig: read('git-config'),
    credential: { rc: Number(read('credential.rc').trim()), output: read('credential') },
    ancestors,
  };
}

async function runEntrypoint(
  overrides: EnvOverrides = {},
  options: RunOptions = {},
): Promise<EntrypointRun> {
  runCounter++;
  const workspace = options.workspace ?? join(fx.root, `ws-${runCounter}`);
  const record = join(fx.records, String(runCounter));
  const env: Record<string, string> = baseEnv(workspace, record);
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const command = [...(options.prefix ?? []), 'bash', options.entrypoint ?? ENTRYPOINT];
  const child = spawn(command[0] as string, command.slice(1), {
    env,
    cwd: fx.root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  let polling: NodeJS.Timeout | undefined;
  if (options.onStubReady) {
    const onReady = options.onStubReady;
    const poll = (): void => {
      if (existsSync(join(record, 'ready'))) onReady((signal) => child.kill(signal));
      else polling = setTimeout(poll, 20);
    };
    poll();
  }
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  if (polling) clearTimeout(polling);
  const lines = stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const pid = options.prefix ? undefined : child.pid;
  return { code, signal, stdout, stderr, lines, workspace, stub: readStubRecord(record), pid };
}

/** The run ended the contract's way: one exit marker, last, matching the exit status. */
function expectExit(run: EntrypointRun, code: number): void {
  expect(run.stderr, 'everything goes to stdout').toBe('');
  expect(run.lines.at(-1)).toBe(`[flaude:exit:${code}]`);
  expect(run.lines.filter((l) => l.startsWith('[flaude:exit:'))).toHaveLength(1);
  expect(run.code).toBe(code);
}

function errors(run: EntrypointRun): string[] {
  return run.lines.filter((l) => l.startsWith('[flaude:error] '));
}

interface Manifest {
  workspace: string;
  files: string[];
  truncated: boolean;
  total: number;
}

function manifestOf(run: EntrypointRun): { manifest: Manifest; index: number } {
  const index = run.lines.findIndex((l) => l.startsWith('[flaude:manifest:'));
  expect(index, 'a manifest line').toBeGreaterThanOrEqual(0);
  const line = run.lines[index] as string;
  expect(line.endsWith(']')).toBe(true);
  return { manifest: JSON.parse(line.slice('[flaude:manifest:'.length, -1)) as Manifest, index };
}

function repos(...entries: Record<string, unknown>[]): string {
  return JSON.stringify(entries);
}

const widgetPr = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  url: 'https://github.com/acme/widget.git',
  ref: 'refs/pull/7/head',
  sha: fx.prHead,
  base_ref: 'main',
  ...extra,
});

function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    env: { ...gitEnv(), GIT_CONFIG_GLOBAL: '/dev/null' },
  }).trim();
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

describe('configuration errors', () => {
  const cases: { name: string; env: () => EnvOverrides; names: string[] }[] = [
    {
      name: 'FLAUDE_PROMPT unset',
      env: () => ({ FLAUDE_PROMPT: undefined }),
      names: ['FLAUDE_PROMPT'],
    },
    {
      name: 'FLAUDE_PROMPT blank',
      env: () => ({ FLAUDE_PROMPT: ' \n\t ' }),
      names: ['FLAUDE_PROMPT'],
    },
    {
      name: 'no credential',
      env: () => ({ ANTHROPIC_API_KEY: undefined }),
      names: ['CLAUDE_CODE_OAUTH_TOKEN', 'ANTHROPIC_API_KEY', 'neither'],
    },
    {
      name: 'empty credentials count as unset',
      env: () => ({ ANTHROPIC_API_KEY: '', CLAUDE_CODE_OAUTH_TOKEN: '' }),
      names: ['CLAUDE_CODE_OAUTH_TOKEN', 'ANTHROPIC_API_KEY', 'neither'],
    },
    {
      name: 'both credentials',
      env: () => ({ CLAUDE_CODE_OAUTH_TOKEN: 'oauth-token' }),
      names: ['CLAUDE_CODE_OAUTH_TOKEN', 'ANTHROPIC_API_KEY', 'both'],
    },
    {
      name: 'FLAUDE_REPOS not JSON',
      env: () => ({ FLAUDE_REPOS: '[{"url":' }),
      names: ['FLAUDE_REPOS', 'JSON'],
    },
    {
      name: 'FLAUDE_REPOS two documents',
      env: () => ({ FLAUDE_REPOS: '[] []' }),
      names: ['FLAUDE_REPOS'],
    },
    {
      name: 'FLAUDE_REPOS an object',
      env: () => ({ FLAUDE_REPOS: '{"url":"x"}' }),
      names: ['FLAUDE_REPOS', 'list'],
    },
    {
      name: 'entry not an object',
      env: () => ({ FLAUDE_REPOS: '["https://github.com/a/b"]' }),
      names: ['FLAUDE_REPOS[0]'],
    },
    {
      name: 'entry without url',
      env: () => ({ FLAUDE_REPOS: repos({ ref: 'main' }) }),
      names: ['FLAUDE_REPOS[0].url'],
    },
    {
      name: 'unknown key',
      env: () => ({ FLAUDE_REPOS: repos({ url: 'https://github.com/a/b', branch: 'main' }) }),
      names: ['FLAUDE_REPOS[0]', 'branch'],
    },
    {
      name: 'depth negative',
      env: () => ({ FLAUDE_REPOS: repos({ url: 'https://github.com/a/b', depth: -1 }) }),
      names: ['FLAUDE_REPOS[0].depth'],
    },
    {
      name: 'depth fractional',
      env: () => ({ FLAUDE_REPOS: repos({ url: 'https://github.com/a/b', depth: 1.5 }) }),
      names: ['FLAUDE_REPOS[0].depth'],
    },
    {
      name: 'depth a string',
      env: () => ({ FLAUDE_REPOS: repos({ url: 'https://github.com/a/b', depth: '3' }) }),
      names: ['FLAUDE_REPOS[0].depth'],
    },
    {
      name: 'ref not a string',
      env: () => ({ FLAUDE_REPOS: repos({ url: 'https://github.com/a/b', ref: 7 }) }),
      names: ['FLAUDE_REPOS[0].ref'],
    },
    {
      name: 'control character in a field',
      env: () => ({ FLAUDE_REPOS: repos({ url: 'https://github.com/a/b', ref: 'ma\nin' }) }),
      names: ['FLAUDE_REPOS[0].ref'],
    },
    {
      name: 'ref that is an option',
      env: () => ({
        FLAUDE_REPOS: repos({ url: 'https://github.com/a/b', ref: '--upload-pack=evil' }),
      }),
      names: ['FLAUDE_REPOS[0].ref'],
    },
    {
      name: 'invalid ref name',
      env: () => ({ FLAUDE_REPOS: repos({ url: 'https://github.com/a/b', ref: 'a..b' }) }),
      names: ['FLAUDE_REPOS[0].ref'],
    },
    {
      name: 'base_ref that is not a branch',
      env: () => ({
        FLAUDE_REPOS: repos({ url: 'https://github.com/a/b', base_ref: 'refs/tags/v1' }),
      }),
      names: ['FLAUDE_REPOS[0].base_ref'],
    },
    {
      name: 'short sha',
      env: () => ({ FLAUDE_REPOS: repos({ url: 'https://github.com/a/b', sha: 'abc1234' }) }),
      names: ['FLAUDE_REPOS[0].sha'],
    },
    {
      name: 'url starting with a dash',
      env: () => ({ FLAUDE_REPOS: repos({ url: '--upload-pack=touch /tmp/x' }) }),
      names: ['FLAUDE_REPOS[0].url'],
    },
    {
      name: 'absolute target_dir',
      env: () => ({ FLAUDE_REPOS: repos({ url: 'https://github.com/a/b', target_dir: '/etc' }) }),
      names: ['FLAUDE_REPOS[0].target_dir'],
    },
    {
      name: 'target_dir escaping the workspace',
      env: () => ({
        FLAUDE_REPOS: repos({ url: 'https://github.com/a/b', target_dir: 'x/../../escape' }),
      }),
      names: ['FLAUDE_REPOS[0].target_dir'],
    },
    {
      name: 'two repositories in one directory',
      env: () => ({
        FLAUDE_REPOS: repos(
          { url: 'https://github.com/a/b' },
          { url: 'https://github.com/c/b.git' },
        ),
      }),
      names: ['FLAUDE_REPOS[1]', 'FLAUDE_REPOS[0]'],
    },
    {
      name: 'nested repository directories',
      env: () => ({
        FLAUDE_REPOS: repos(
          { url: 'https://github.com/a/b' },
          { url: 'https://github.com/c/d', target_dir: 'b/d' },
        ),
      }),
      names: ['FLAUDE_REPOS[1]'],
    },
    {
      name: 'timeout zero',
      env: () => ({ FLAUDE_TIMEOUT_SECONDS: '0' }),
      names: ['FLAUDE_TIMEOUT_SECONDS'],
    },
    {
      name: 'timeout negative',
      env: () => ({ FLAUDE_TIMEOUT_SECONDS: '-5' }),
      names: ['FLAUDE_TIMEOUT_SECONDS'],
    },
    {
      name: 'timeout fractional',
      env: () => ({ FLAUDE_TIMEOUT_SECONDS: '1.5' }),
      names: ['FLAUDE_TIMEOUT_SECONDS'],
    },
    {
      name: 'timeout with unit',
      env: () => ({ FLAUDE_TIMEOUT_SECONDS: '10m' }),
      names: ['FLAUDE_TIMEOUT_SECONDS'],
    },
    { name: 'max turns zero', env: () => ({ FLAUDE_MAX_TURNS: '0' }), names: ['FLAUDE_MAX_TURNS'] },
    {
      name: 'max turns a word',
      env: () => ({ FLAUDE_MAX_TURNS: 'ten' }),
      names: ['FLAUDE_MAX_TURNS'],
    },
    {
      name: 'unknown output format',
      env: () => ({ FLAUDE_OUTPUT_FORMAT: 'xml' }),
      names: ['FLAUDE_OUTPUT_FORMAT'],
    },
    {
      name: 'model with a space',
      env: () => ({ FLAUDE_MODEL: 'opus --verbose' }),
      names: ['FLAUDE_MODEL'],
    },
    {
      name: 'model that is an option',
      env: () => ({ FLAUDE_MODEL: '--help' }),
      names: ['FLAUDE_MODEL'],
    },
    {
      name: 'budget zero',
      env: () => ({ FLAUDE_MAX_BUDGET_USD: '0.00' }),
      names: ['FLAUDE_MAX_BUDGET_USD', '"0.00"'],
    },
    {
      name: 'budget in exponent notation',
      env: () => ({ FLAUDE_MAX_BUDGET_USD: '1e3' }),
      names: ['FLAUDE_MAX_BUDGET_USD', '"1e3"'],
    },
    {
      name: 'budget with a currency sign',
      env: () => ({ FLAUDE_MAX_BUDGET_USD: '$5' }),
      names: ['FLAUDE_MAX_BUDGET_USD'],
    },
    {
      name: 'allowed tools that are an option',
      env: () => ({ FLAUDE_ALLOWED_TOOLS: '--dangerously-skip-permissions' }),
      names: ['FLAUDE_ALLOWED_TOOLS'],
    },
    {
      name: 'disallowed tools with a newline',
      env: () => ({ FLAUDE_DISALLOWED_TOOLS: 'Bash\nEdit' }),
      names: ['FLAUDE_DISALLOWED_TOOLS', '"Bash\\nEdit"'],
    },
    {
      name: 'blank system prompt addition',
      env: () => ({ FLAUDE_APPEND_SYSTEM_PROMPT: ' \n ' }),
      names: ['FLAUDE_APPEND_SYSTEM_PROMPT'],
    },
    {
      name: 'claude args not JSON',
      env: () => ({ FLAUDE_CLAUDE_ARGS: '--fallback-model sonnet' }),
      names: ['FLAUDE_CLAUDE_ARGS', 'JSON'],
    },
    {
      name: 'claude args an object',
      env: () => ({ FLAUDE_CLAUDE_ARGS: '{"--bare":true}' }),
      names: ['FLAUDE_CLAUDE_ARGS', 'list'],
    },
    {
      name: 'claude args with a number',
      env: () => ({ FLAUDE_CLAUDE_ARGS: '["--max-thinking-tokens",1000]' }),
      names: ['FLAUDE_CLAUDE_ARGS[1]', 'string'],
    },
    {
      name: 'claude args setting a flag of the entrypoint',
      env: () => ({ FLAUDE_CLAUDE_ARGS: '["--bare","--output-format=json"]' }),
      names: ['FLAUDE_CLAUDE_ARGS[1]', '--output-format'],
    },
    {
      name: 'claude args setting print mode in a cluster of short flags',
      env: () => ({ FLAUDE_CLAUDE_ARGS: '["-cp"]' }),
      names: ['FLAUDE_CLAUDE_ARGS[0]', '-p'],
    },
    {
      name: 'claude args ending the options',
      env: () => ({ FLAUDE_CLAUDE_ARGS: '["--bare","--","--help"]' }),
      names: ['FLAUDE_CLAUDE_ARGS[1]', '"--"'],
    },
    {
      name: 'claude args starting with a value',
      env: () => ({ FLAUDE_CLAUDE_ARGS: '["Read","--bare"]' }),
      names: ['FLAUDE_CLAUDE_ARGS[0]', 'option'],
    },
    {
      name: 'claude args setting the JSON schema',
      env: () => ({ FLAUDE_CLAUDE_ARGS: '["--json-schema","{}"]' }),
      names: ['FLAUDE_CLAUDE_ARGS[0]', '--json-schema', 'sets itself'],
    },
    {
      name: 'claude args setting the JSON schema with =',
      env: () => ({ FLAUDE_CLAUDE_ARGS: '["--bare","--json-schema={}"]' }),
      names: ['FLAUDE_CLAUDE_ARGS[1]', '--json-schema'],
    },
    {
      name: "claude args loading the checkout's settings",
      env: () => ({ FLAUDE_CLAUDE_ARGS: '["--setting-sources=user,project,local"]' }),
      names: ['FLAUDE_CLAUDE_ARGS[0]', '--setting-sources', 'sets itself'],
    },
    {
      name: 'claude args setting --strict-mcp-config',
      env: () => ({ FLAUDE_CLAUDE_ARGS: '["--bare","--strict-mcp-config"]' }),
      names: ['FLAUDE_CLAUDE_ARGS[1]', '--strict-mcp-config', 'sets itself'],
    },
    {
      name: 'JSON schema not JSON',
      env: () => ({ FLAUDE_JSON_SCHEMA: '{type: object}' }),
      names: ['FLAUDE_JSON_SCHEMA is not valid JSON'],
    },
    {
      name: 'JSON schema of two documents',
      env: () => ({ FLAUDE_JSON_SCHEMA: '{} {}' }),
      names: ['FLAUDE_JSON_SCHEMA is not valid JSON'],
    },
    {
      name: 'JSON schema that is a list',
      env: () => ({ FLAUDE_JSON_SCHEMA: '[{"type":"object"}]' }),
      names: ['FLAUDE_JSON_SCHEMA must be a JSON object', 'got a JSON array'],
    },
    {
      name: 'JSON schema that is a string',
      env: () => ({ FLAUDE_JSON_SCHEMA: '"object"' }),
      names: ['FLAUDE_JSON_SCHEMA must be a JSON object', 'got a JSON string'],
    },
    {
      name: 'relative workspace',
      env: () => ({ FLAUDE_WORKSPACE: 'workspace' }),
      names: ['FLAUDE_WORKSPACE'],
    },
    {
      name: 'workspace with ..',
      env: () => ({ FLAUDE_WORKSPACE: '/tmp/../etc' }),
      names: ['FLAUDE_WORKSPACE'],
    },
    {
      name: 'user name with a space',
      env: () => ({ FLAUDE_USER: 'bad user' }),
      names: ['FLAUDE_USER'],
    },
    {
      name: 'GitHub token hand-over not 0 or 1',
      env: () => ({ FLAUDE_CLAUDE_GITHUB_TOKEN: 'true' }),
      names: ['FLAUDE_CLAUDE_GITHUB_TOKEN', '"true"'],
    },
  ];

  it.each(cases)('$name: names the variable, runs nothing, exits 2', async ({ env, names }) => {
    const run = await runEntrypoint(env());
    expectExit(run, 2);
    const messages = errors(run).join('\n');
    for (const name of names) expect(messages).toContain(name);
    expect(run.stub, 'Claude must not run').toBeUndefined();
    expect(existsSync(run.workspace), 'nothing is cloned').toBe(false);
    expect(run.lines[0]).toMatch(/^\[flaude\] Starting/);
  });

  it('reports every problem at once', async () => {
    const run = await runEntrypoint({
      FLAUDE_PROMPT: undefined,
      FLAUDE_MAX_TURNS: 'x',
      FLAUDE_TIMEOUT_SECONDS: 'y',
      FLAUDE_OUTPUT_FORMAT: 'yaml',
    });
    expectExit(run, 2);
    const messages = errors(run);
    expect(messages).toHaveLength(4);
    for (const name of [
      'FLAUDE_PROMPT',
      'FLAUDE_MAX_TURNS',
      'FLAUDE_TIMEOUT_SECONDS',
      'FLAUDE_OUTPUT_FORMAT',
    ]) {
      expect(messages.some((m) => m.includes(name))).toBe(true);
    }
  });

  it('refuses credentials in a URL without printing them', async () => {
    const secret = 'ghp_secretInUrl0123456789';
    const run = await runEntrypoint({
      FLAUDE_REPOS: repos({ url: `https://x-access-token:${secret}@github.com/acme/widget.git` }),
    });
    expectExit(run, 2);
    expect(errors(run).join('\n')).toContain('FLAUDE_REPOS[0].url');
    expect(run.stdout).not.toContain(secret);
  });

  it('quotes a bad value on one line', async () => {
    const run = await runEntrypoint({ FLAUDE_MAX_TURNS: '3\n[flaude:exit:0]' });
    expectExit(run, 2);
    expect(errors(run)).toEqual([
      '[flaude:error] FLAUDE_MAX_TURNS must be a positive integer: "3\\n[flaude:exit:0]"',
    ]);
  });
});

describe('checkout', () => {
  it('checks out the exact commit of a fork-only ref and fetches the base branch', async () => {
    const run = await runEntrypoint({
      FLAUDE_REPOS: repos(widgetPr()),
      STUB_DIFF_BASE: 'origin/main',
    });
    expectExit(run, 0);
    const repo = join(run.workspace, 'widget');
    expect(gitIn(repo, 'rev-parse', 'HEAD')).toBe(fx.prHead);
    expect(gitIn(repo, 'rev-parse', 'refs/remotes/origin/main')).toBe(fx.mainTip);
    expect(gitIn(repo, 'rev-parse', 'refs/pull/7/head')).toBe(fx.prHead);
    // Detached: the review is of a commit, not of a branch that may move.
    expect(spawnSync('git', ['-C', repo, 'symbolic-ref', '-q', 'HEAD']).status).not.toBe(0);
    expect(gitIn(repo, 'remote', 'get-url', 'origin')).toBe('https://github.com/acme/widget.git');
    expect(gitIn(repo, 'rev-parse', '--is-shallow-repository')).toBe('false');

    expect(run.stub?.cwd).toBe(repo);
    expect(run.stub?.diff?.rc).toBe(0);
    expect(run.stub?.diff?.names).toEqual([
      'docs/a "quoted" name.md',
      'docs/line\nbreak.md',
      'docs/ünïcödé.md',
      'src/feature-1.ts',
      'src/feature-2.ts',
      'src/feature-3.ts',
    ]);
    expect(run.lines).toContain(
      `[flaude] Cloning https://github.com/acme/widget.git (refs/pull/7/head) at ${fx.prHead} into ${repo}, base main, full history`,
    );
    expect(run.lines).toContain(`[flaude] Checked out ${fx.prHead} in ${repo}`);
    expect(run.lines).toContain(`[flaude] Workspace ready: ${repo} (1 repository)`);
  });

  it('fetches a commit by SHA alone', async () => {
    const run = await runEntrypoint({
      FLAUDE_REPOS: repos({ url: 'https://github.com/acme/widget', sha: fx.prHead.toUpperCase() }),
    });
    expectExit(run, 0);
    expect(gitIn(join(run.workspace, 'widget'), 'rev-parse', 'HEAD')).toBe(fx.prHead);
  });

  it('checks out the event commit even when the branch has moved on', async () => {
    const run = await runEntrypoint({
      FLAUDE_REPOS: repos({
        url: 'https://github.com/acme/widget.git',
        ref: 'feature',
        sha: fx.featureOld,
      }),
    });
    expectExit(run, 0);
    const repo = join(run.workspace, 'widget');
    expect(gitIn(repo, 'rev-parse', 'HEAD')).toBe(fx.featureOld);
    expect(gitIn(repo, 'rev-parse', 'refs/remotes/origin/feature')).toBe(fx.featureNew);
  });

  it('falls back to the SHA when the ref is gone', async () => {
    const run = await runEntrypoint({
      FLAUDE_REPOS: repos({
        url: 'https://github.com/acme/widget.git',
        ref: 'deleted-branch',
        sha: fx.featureOld,
      }),
    });
    expectExit(run, 0);
    expect(run.lines).toContain(
      `[flaude] Cannot fetch deleted-branch from https://github.com/acme/widget.git; fetching commit ${fx.featureOld} by itself`,
    );
    expect(gitIn(join(run.workspace, 'widget'), 'rev-parse', 'HEAD')).toBe(fx.featureOld);
  });

  it('checks out the branch tip without a SHA, and the default branch without either', async () => {
    const run = await runEntrypoint({
      FLAUDE_REPOS: repos(
        {
          url: 'https://github.com/acme/widget.git',
          ref: 'refs/heads/feature',
          target_dir: 'by-ref',
        },
        { url: 'https://github.com/acme/widget.git', target_dir: 'nested/default' },
      ),
    });
    expectExit(run, 0);
    expect(gitIn(join(run.workspace, 'by-ref'), 'rev-parse', 'HEAD')).toBe(fx.featureNew);
    expect(gitIn(join(run.workspace, 'nested/default'), 'rev-parse', 'HEAD')).toBe(fx.mainTip);
  });

  it('deepens a shallow fetch until the base and the head meet', async () => {
    const run = await runEntrypoint({
      FLAUDE_REPOS: repos(widgetPr({ depth: 1 })),
      STUB_DIFF_BASE: 'origin/main',
    });
    expectExit(run, 0);
    const repo = join(run.workspace, 'widget');
    expect(
      run.lines.some((l) =>
        l.startsWith('[flaude] No common ancestor with origin/main yet; deepening'),
      ),
    ).toBe(true);
    expect(gitIn(repo, 'merge-base', 'HEAD', 'origin/main')).toBe(fx.forkPoint);
    // Deep enough, not more: the history is still cut short.
    expect(gitIn(repo, 'rev-parse', '--is-shallow-repository')).toBe('true');
    expect(Number(gitIn(repo, 'rev-list', '--count', 'HEAD'))).toBeLessThan(23);
    expect(run.stub?.diff?.rc).toBe(0);
    expect(run.stub?.diff?.names).toContain('src/feature-3.ts');
    expect(run.stub?.diff?.names).not.toContain('base-28.txt');
  });

  it('fetches the full history when deepening finds no common ancestor', async () => {
    const run = await runEntrypoint({
      FLAUDE_REPOS: repos({
        url: 'https://github.com/acme/widget.git',
        sha: fx.orphanTip,
        base_ref: 'main',
        depth: 1,
      }),
    });
    expectExit(run, 0);
    const repo = join(run.workspace, 'widget');
    expect(run.lines).toContain(
      '[flaude] Still no common ancestor with origin/main; fetching the full history',
    );
    expect(
      run.lines.some((l) => l.startsWith('[flaude] Note: HEAD and origin/main share no history')),
    ).toBe(true);
    expect(gitIn(repo, 'rev-parse', '--is-shallow-repository')).toBe('false');
    expect(gitIn(repo, 'rev-parse', 'HEAD')).toBe(fx.orphanTip);
  });

  it('keeps a shallow clone shallow when there is no base branch', async () => {
    const run = await runEntrypoint({
      FLAUDE_REPOS: repos({ url: 'https://github.com/acme/widget.git', ref: 'main', depth: 2 }),
    });
    expectExit(run, 0);
    const repo = join(run.workspace, 'widget');
    expect(gitIn(repo, 'rev-list', '--count', 'HEAD')).toBe('2');
  });

  it('fails with 3 when the commit is not in the repository', async () => {
    const missing = 'f'.repeat(40);
    const run = await runEntrypoint({ FLAUDE_REPOS: repos(widgetPr({ sha: missing })) });
    expectExit(run, 3);
    expect(errors(run)[0]).toContain(`cannot fetch commit ${missing}`);
    expect(run.stub).toBeUndefined();
  });

  it('fails with 3 when the repository does not exist, showing what git said', async () => {
    const run = await runEntrypoint({
      FLAUDE_REPOS: repos({ url: 'https://github.com/acme/nothing.git' }),
    });
    expectExit(run, 3);
    expect(errors(run)[0]).toContain(
      'FLAUDE_REPOS[0]: cannot fetch the default branch from https://github.com/acme/nothing.git',
    );
    expect(errors(run).some((l) => l.startsWith('[flaude:error]   git: '))).toBe(true);
    expect(run.stub).toBeUndefined();
  });

  it('fails with 3 when the base branch does not exist', async () => {
    const run = await runEntrypoint({
      FLAUDE_REPOS: repos(widgetPr({ base_ref: 'no-such-branch' })),
    });
    expectExit(run, 3);
    expect(errors(run)[0]).toContain('base branch no-such-branch');
  });

  it('fails with 3 when the target directory is already in use', async () => {
    const workspace = join(fx.root, `ws-occupied-${runCounter}`);
    mkdirSync(join(workspace, 'widget'), { recursive: true });
    writeFileSync(join(workspace, 'widget', 'keep.txt'), 'mine\n');
    const run = await runEntrypoint({ FLAUDE_REPOS: repos(widgetPr()) }, { workspace });
    expectExit(run, 3);
    expect(errors(run)[0]).toContain('already exists and is not empty');
    expect(readFileSync(join(workspace, 'widget', 'keep.txt'), 'utf8')).toBe('mine\n');
  });

  it('starts Claude in the workspace root with several repositories', async () => {
    const run = await runEntrypoint({
      FLAUDE_REPOS: repos(widgetPr(), {
        url: 'https://github.com/acme/docs.git',
        ref: 'main',
        target_dir: 'docs-site',
      }),
    });
    expectExit(run, 0);
    expect(run.stub?.cwd).toBe(run.workspace);
    expect(gitIn(join(run.workspace, 'docs-site'), 'rev-parse', 'HEAD')).toBe(fx.docsTip);
    const { manifest } = manifestOf(run);
    expect(manifest.workspace).toBe(run.workspace);
    expect(manifest.files).toContain('widget/src/feature-3.ts');
    expect(manifest.files).toContain('docs-site/guide/intro.md');
    expect(run.lines).toContain(`[flaude] Workspace ready: ${run.workspace} (2 repositories)`);
  });

  it('starts Claude in an empty workspace root without repositories', async () => {
    for (const value of [undefined, '', '[]']) {
      const run = await runEntrypoint({ FLAUDE_REPOS: value });
      expectExit(run, 0);
      expect(run.stub?.cwd).toBe(run.workspace);
      expect(manifestOf(run).manifest).toEqual({
        workspace: run.workspace,
        files: [],
        truncated: false,
        total: 0,
      });
    }
  });
});

describe('the manifest', () => {
  it('lists the tracked files as valid JSON before Claude starts', async () => {
    const run = await runEntrypoint({ FLAUDE_REPOS: repos(widgetPr()) });
    expectExit(run, 0);
    const repo = join(run.workspace, 'widget');
    const { manifest, index } = manifestOf(run);
    const tracked = execFileSync('git', ['-C', repo, 'ls-files', '-z'], { encoding: 'utf8' })
      .split('\0')
      .filter((f) => f !== '');
    expect(manifest).toEqual({
      workspace: repo,
      files: tracked,
      truncated: false,
      total: tracked.length,
    });
    expect(manifest.files).toContain('docs/line\nbreak.md');
    expect(manifest.files).toContain('docs/a "quoted" name.md');
    expect(manifest.files).toContain('docs/ünïcödé.md');
    expect(manifest.files).not.toContain('.git/config');
    const firstClaudeLine = run.lines.findIndex((l) => l.startsWith('{"type":"system"'));
    expect(index).toBeLessThan(firstClaudeLine);
    expect(run.lines.filter((l) => l.startsWith('[flaude:manifest:'))).toHaveLength(1);
  });

  it('caps the list at 2000 files and says so', async () => {
    const run = await runEntrypoint({
      FLAUDE_REPOS: repos({ url: 'https://github.com/acme/big.git', ref: 'main' }),
    });
    expectExit(run, 0);
    const { manifest } = manifestOf(run);
    expect(manifest.files).toHaveLength(2000);
    expect(manifest.truncated).toBe(true);
    expect(manifest.total).toBe(2003);
    expect(manifest.files[0]).toBe('file-0000.txt');
  });
});

describe('the GitHub token', () => {
  it('reaches git through the credential helper and nowhere else', async () => {
    const token = 'ghs_flaudeTestToken0123456789abcdef';
    const server = await startGitHttpServer(fx.githubRoot, token);
    try {
      const run = await runEntrypoint({
        FLAUDE_REPOS: repos(widgetPr({ depth: 1 })),
        GITHUB_TOKEN: token,
        GH_TOKEN: token,
        GIT_CONFIG_KEY_0: `url.${server.url}.insteadOf`,
        STUB_DIFF_BASE: 'origin/main',
      });
      expectExit(run, 0);
      // The server refused the anonymous attempt and then got the token.
      expect(server.refused()).toBeGreaterThan(0);
      expect(server.authorized()).toBeGreaterThan(0);

      const repo = join(run.workspace, 'widget');
      expect(gitIn(repo, 'rev-parse', 'HEAD')).toBe(fx.prHead);
      expect(run.stdout).not.toContain(token);
      expect(run.stub?.argv.join(' ')).not.toContain(token);
      const config = readFileSync(join(repo, '.git', 'config'), 'utf8');
      expect(config).not.toContain(token);
      expect(config).not.toContain('credential');
      expect(gitIn(repo, 'remote', 'get-url', 'origin')).toBe('https://github.com/acme/widget.git');
      for (const file of filesUnder(join(repo, '.git'))) {
        expect(readFileSync(file).includes(token), file).toBe(false);
      }
      // The token was for the clone: Claude does not get it (FLAUDE_CLAUDE_GITHUB_TOKEN is unset).
      expect(run.stub?.env.GITHUB_TOKEN).toBeUndefined();
      expect(run.stub?.env.GH_TOKEN).toBeUndefined();
    } finally {
      await server.stop();
    }
  });

  it('fails with 3 on a wrong token without printing either token', async () => {
    const token = 'ghs_rightToken0123456789';
    const wrong = 'ghs_wrongToken9876543210';
    const server = await startGitHttpServer(fx.githubRoot, token);
    try {
      const run = await runEntrypoint({
        FLAUDE_REPOS: repos(widgetPr()),
        GITHUB_TOKEN: wrong,
        GIT_CONFIG_KEY_0: `url.${server.url}.insteadOf`,
      });
      expectExit(run, 3);
      expect(server.authorized()).toBe(0);
      expect(run.stdout).not.toContain(wrong);
      expect(run.stdout).not.toContain(token);
    } finally {
      await server.stop();
    }
  });

  it('fails instead of prompting when no token is given', async () => {
    const server = await startGitHttpServer(fx.githubRoot, 'ghs_required');
    try {
      const run = await runEntrypoint({
        FLAUDE_REPOS: repos(widgetPr()),
        GIT_CONFIG_KEY_0: `url.${server.url}.insteadOf`,
      });
      expectExit(run, 3);
      expect(server.authorized()).toBe(0);
    } finally {
      await server.stop();
    }
  });
});

describe('what Claude can see of the GitHub token', () => {
  const token = 'ghs_flaudeHandOverToken0123456789';
  const passedLine =
    '[flaude] The GitHub token is passed to Claude Code as GH_TOKEN and GITHUB_TOKEN (FLAUDE_CLAUDE_GITHUB_TOKEN=1)';
  const notPassedLine =
    '[flaude] The GitHub token is not passed to Claude Code (it was for the clone only)';

  /** A clone that needs the token, then the stub's probe; the server stays up for its fetch. */
  async function runWithProbe(env: EnvOverrides): Promise<{ run: EntrypointRun; refused: number }> {
    const server = await startGitHttpServer(fx.githubRoot, token);
    try {
      const run = await runEntrypoint({
        FLAUDE_REPOS: repos(widgetPr({ depth: 1 })),
        GITHUB_TOKEN: token,
        GH_TOKEN: token,
        GIT_CONFIG_KEY_0: `url.${server.url}.insteadOf`,
        STUB_PROBE_GITHUB: '1',
        ...env,
      });
      return { run, refused: server.refused() };
    } finally {
      await server.stop();
    }
  }

  /** What holds in both modes: git in the workspace has no way to the token. */
  function expectGitHasNoToken(run: EntrypointRun): GithubProbe {
    expectExit(run, 0);
    const probe = run.stub?.probe;
    expect(probe, 'the stub probed').toBeDefined();
    if (probe === undefined) throw new Error('no probe');
    // The server asked for credentials and git had none to give: nothing remembers the token.
    expect(probe.fetch.rc).not.toBe(0);
    expect(probe.fetch.stderr).toContain('terminal prompts disabled');
    expect(probe.gitConfig).not.toContain(token);
    expect(probe.gitConfig).not.toContain('credential.');
    expect(probe.credential.rc).not.toBe(0);
    expect(probe.credential.output).not.toContain('password=');
    expect(probe.credential.output).not.toContain(token);
    const git = join(run.workspace, 'widget', '.git');
    for (const file of filesUnder(git)) {
      expect(readFileSync(file).includes(token), file).toBe(false);
    }
    expect(run.stdout).not.toContain(token);
    return probe;
  }

  function expectEnvironment(run: EntrypointRun, passed: boolean): void {
    const env = run.stub?.env ?? {};
    if (passed) {
      expect(env.GITHUB_TOKEN).toBe(token);
      expect(env.GH_TOKEN).toBe(token);
      expect(run.lines).toContain(passedLine);
    } else {
      expect(env.GITHUB_TOKEN).toBeUndefined();
      expect(env.GH_TOKEN).toBeUndefined();
      expect(Object.entries(env).filter(([, value]) => value.includes(token))).toEqual([]);
      expect(run.lines).toContain(notPassedLine);
    }
  }

  describe.each([
    { passed: false, setting: 'unset', env: {} },
    { passed: true, setting: '1', env: { FLAUDE_CLAUDE_GITHUB_TOKEN: '1' } },
  ])('FLAUDE_CLAUDE_GITHUB_TOKEN $setting', ({ passed, env }) => {
    it(`without a user to drop to: the token ${passed ? 'is' : 'is not'} in Claude's environment, git cannot use it`, async () => {
      const { run, refused } = await runWithProbe(env);
      const probe = expectGitHasNoToken(run);
      expect(refused).toBeGreaterThan(0);
      expectEnvironment(run, passed);
      // The same user as the entrypoint reads its first environment, token and all: this is
      // what the user drop below prevents, and proof that the probe would see it.
      expect(run.pid).toBeDefined();
      const entrypointEnviron = probe.ancestors.get(run.pid as number);
      expect(entrypointEnviron, "the entrypoint's environ is readable").toBeInstanceOf(Buffer);
      expect(entrypointEnviron?.includes(token)).toBe(true);
    });

    it.skipIf(!nobodyUsable)(
      `as FLAUDE_USER nobody: the token ${passed ? 'is' : 'is not'} in Claude's environment, and no ancestor's /proc/<pid>/environ is readable (needs root and user nobody)`,
      async () => {
        const { run } = await runWithProbe({ ...env, FLAUDE_USER: 'nobody' });
        const probe = expectGitHasNoToken(run);
        expect(run.lines).toContain('[flaude] Running as user nobody');
        expect(run.stub?.uid).not.toBe(0);
        expectEnvironment(run, passed);
        expect(run.pid).toBeDefined();
        expect(probe.ancestors.has(run.pid as number), 'the entrypoint is an ancestor').toBe(true);
        expect(probe.ancestors.get(run.pid as number), "the entrypoint's environ").toBeNull();
        for (const [pid, environ] of probe.ancestors) {
          expect(environ?.includes(token) ?? false, `/proc/${pid}/environ`).toBe(false);
        }
      },
    );
  });

  it('hands over GH_TOKEN as both variables when only it is given', async () => {
    const { run } = await runWithProbe({
      GITHUB_TOKEN: undefined,
      FLAUDE_CLAUDE_GITHUB_TOKEN: '1',
    });
    expectGitHasNoToken(run);
    expectEnvironment(run, true);
  });

  it('says so when the hand-over is asked for but there is no token', async () => {
    const run = await runEntrypoint({ FLAUDE_CLAUDE_GITHUB_TOKEN: '1' });
    expectExit(run, 0);
    expect(run.stub?.env.GITHUB_TOKEN).toBeUndefined();
    expect(run.stub?.env.GH_TOKEN).toBeUndefined();
    expect(run.lines).toContain(
      '[flaude] FLAUDE_CLAUDE_GITHUB_TOKEN=1, but no GitHub token was given: Claude Code gets none',
    );
  });

  it('says nothing of a token when there is none', async () => {
    const run = await runEntrypoint({ FLAUDE_CLAUDE_GITHUB_TOKEN: '' });
    expectExit(run, 0);
    expect(run.lines.filter((l) => l.includes('GitHub token'))).toEqual([]);
  });

  it('does not start Claude when git configuration holds the token, naming where, not the token', async () => {
    const { run } = await runWithProbe({
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_1: 'flaude.leak',
      GIT_CONFIG_VALUE_1: `prefix-${token}`,
    });
    expectExit(run, 4);
    expect(run.stub, 'Claude must not run').toBeUndefined();
    expect(errors(run)).toEqual([
      `[flaude:error] the GitHub token is in git's configuration in ${join(run.workspace, 'widget')} (command line): Claude Code is not started with it`,
    ]);
    expect(run.stdout).not.toContain(token);
  });
});

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

describe('running Claude Code', () => {
  it('passes the prompt intact as the last argument, after --', async () => {
    const prompt = [
      '--dangerously-do-something "double" \'single\' `backticks` $HOME ${PATH} $(id -u)',
      '-p line two \\ backslash; rm -rf / && echo | cat > /dev/null * ? [a-z] ~',
      '',
      'ünïcödé ✓ 🚀\ttab\r\ncrlf [flaude:exit:0]',
      '-- ',
    ].join('\n');
    const run = await runEntrypoint({ FLAUDE_PROMPT: prompt });
    expectExit(run, 0);
    const argv = run.stub?.argv ?? [];
    expect(argv.at(-1)).toBe(prompt);
    expect(argv.at(-2)).toBe('--');
    expect(argv.indexOf('--')).toBe(argv.length - 2);
  });

  it('builds the arguments from the environment', async () => {
    const run = await runEntrypoint({
      FLAUDE_MODEL: 'claude-sonnet-4-5[1m]',
      FLAUDE_MAX_TURNS: '12',
    });
    expectExit(run, 0);
    expect(run.stub?.argv).toEqual([
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--dangerously-skip-permissions',
      '--setting-sources',
      'user',
      '--strict-mcp-config',
      '--model',
      'claude-sonnet-4-5[1m]',
      '--max-turns',
      '12',
      '--',
      'Review this change.',
    ]);
  });

  it('passes the Claude Code settings, each value one argument, extra arguments before --', async () => {
    const run = await runEntrypoint({
      FLAUDE_MODEL: 'opus',
      FLAUDE_MAX_TURNS: '30',
      FLAUDE_MAX_BUDGET_USD: '2.50',
      FLAUDE_APPEND_SYSTEM_PROMPT: 'Answer in English.',
      FLAUDE_ALLOWED_TOOLS: 'Read,Bash(git diff:*)',
      FLAUDE_DISALLOWED_TOOLS: 'WebFetch',
      FLAUDE_CLAUDE_ARGS: JSON.stringify(['--fallback-model', 'sonnet', '--bare']),
    });
    expectExit(run, 0);
    expect(run.stub?.argv).toEqual([
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--dangerously-skip-permissions',
      '--setting-sources',
      'user',
      '--strict-mcp-config',
      '--model',
      'opus',
      '--max-turns',
      '30',
      '--max-budget-usd',
      '2.50',
      '--append-system-prompt',
      'Answer in English.',
      '--allowedTools',
      'Read,Bash(git diff:*)',
      '--disallowedTools',
      'WebFetch',
      '--fallback-model',
      'sonnet',
      '--bare',
      '--',
      'Review this change.',
    ]);
    expect(run.lines).toContain(
      '[flaude] Running Claude Code (format stream-json, model opus, max turns 30, budget $2.50, 3 extra arguments)',
    );
  });

  it('passes FLAUDE_JSON_SCHEMA as one --json-schema argument, before the tool lists', async () => {
    const schema = '{\n  "type": "object",\n  "required": ["summary"], "x": "$(id) `id` *"\n}';
    const run = await runEntrypoint({
      FLAUDE_JSON_SCHEMA: schema,
      FLAUDE_ALLOWED_TOOLS: 'Read',
    });
    expectExit(run, 0);
    expect(run.stub?.argv).toEqual([
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--dangerously-skip-permissions',
      '--setting-sources',
      'user',
      '--strict-mcp-config',
      '--json-schema',
      schema,
      '--allowedTools',
      'Read',
      '--',
      'Review this change.',
    ]);
    expect(run.lines).toContain('[flaude] Running Claude Code (format stream-json, JSON schema)');
  });

  it('passes hostile values as single arguments, without a shell', async () => {
    const marker = join(fx.root, `pwned-${runCounter}`);
    const hostile = `-x --model "double" 'single' $(touch ${marker}) \`touch ${marker}\` $HOME; rm -rf * \\ ~\nline two`;
    const run = await runEntrypoint({
      FLAUDE_APPEND_SYSTEM_PROMPT: hostile,
      FLAUDE_CLAUDE_ARGS: JSON.stringify(['--system-prompt', hostile, '--add-dir', 'a b', '']),
    });
    expectExit(run, 0);
    const argv = run.stub?.argv ?? [];
    const at = argv.indexOf('--append-system-prompt');
    expect(argv[at + 1]).toBe(hostile);
    expect(argv.slice(argv.indexOf('--system-prompt'), -2)).toEqual([
      '--system-prompt',
      hostile,
      '--add-dir',
      'a b',
      '',
    ]);
    expect(argv.slice(-2)).toEqual(['--', 'Review this change.']);
    expect(existsSync(marker), 'nothing was evaluated').toBe(false);
  });

  it.each(['json', 'text'])('adds --verbose only for stream-json (format %s)', async (format) => {
    const run = await runEntrypoint({ FLAUDE_OUTPUT_FORMAT: format });
    expectExit(run, 0);
    expect(run.stub?.argv).toEqual([
      '-p',
      '--output-format',
      format,
      '--dangerously-skip-permissions',
      '--setting-sources',
      'user',
      '--strict-mcp-config',
      '--',
      'Review this change.',
    ]);
  });

  it.each([0, 1, 42])('exits with Claude Code exit code %i, the marker last', async (code) => {
    const run = await runEntrypoint({ STUB_EXIT: String(code) });
    expectExit(run, code);
    expect(run.lines.at(-2)).toBe(`[flaude] Claude Code exited with code ${code}`);
    expect(run.lines).toContain(
      '{"type":"result","subtype":"success","is_error":false,"result":"stub done"}',
    );
  });

  it("passes Claude's stdout through untouched and merges its stderr", async () => {
    const run = await runEntrypoint();
    expectExit(run, 0);
    const first = run.lines.indexOf(
      '{"type":"system","subtype":"init","session_id":"stub-session"}',
    );
    expect(first).toBeGreaterThan(0);
    expect(run.lines).toContain('stub: a line on stderr');
  });

  it('hands Claude the OAuth token and the user environment', async () => {
    const run = await runEntrypoint({
      ANTHROPIC_API_KEY: undefined,
      CLAUDE_CODE_OAUTH_TOKEN: 'oauth-token-value',
      MY_SETTING: 'kept',
    });
    expectExit(run, 0);
    expect(run.stub?.env.CLAUDE_CODE_OAUTH_TOKEN).toBe('oauth-token-value');
    expect(run.stub?.env.ANTHROPIC_API_KEY).toBeUndefined();
    expect(run.stub?.env.MY_SETTING).toBe('kept');
    expect(run.stdout).not.toContain('oauth-token-value');
  });

  it('stops Claude at FLAUDE_TIMEOUT_SECONDS with 124', async () => {
    const run = await runEntrypoint({ FLAUDE_TIMEOUT_SECONDS: '1', STUB_MODE: 'wait' });
    expectExit(run, 124);
    expect(errors(run)).toContain('[flaude:error] Claude Code timed out after 1 s');
    expect(run.lines.at(-2)).toBe('[flaude] Claude Code exited with code 124');
  });

  it('kills a Claude that ignores the stop signal, and still reports 124', async () => {
    const run = await runEntrypoint({ FLAUDE_TIMEOUT_SECONDS: '1', STUB_MODE: 'ignore-signals' });
    expectExit(run, 124);
    expect(errors(run)).toContain('[flaude:error] Claude Code timed out after 1 s');
  });

  it.each([
    ['SIGTERM', 143, 'TERM'],
    ['SIGINT', 130, 'INT'],
  ] as const)(
    'passes %s on to Claude and ends with the marker %i',
    async (signal, code, trapped) => {
      const run = await runEntrypoint(
        { STUB_MODE: 'wait' },
        { onStubReady: (kill) => kill(signal) },
      );
      expectExit(run, code);
      expect(run.stub?.signal).toBe(trapped);
      expect(errors(run).some((l) => l.includes(`received ${signal}`))).toBe(true);
    },
  );

  it('ends what Claude left running, so nothing follows the marker', async () => {
    const run = await runEntrypoint({ STUB_MODE: 'leave-background' });
    expectExit(run, 0);
    expect(run.stdout).not.toContain('late line');
  });

  it('fails with 127 when claude is not installed', async () => {
    const path = '/usr/sbin:/usr/bin:/sbin:/bin';
    // A machine with a real claude in a system directory cannot show this.
    if (path.split(':').some((dir) => existsSync(join(dir, 'claude')))) return;
    const run = await runEntrypoint({ PATH: path });
    expectExit(run, 127);
    expect(errors(run)[0]).toContain('claude');
  });

  it('fails with 4 when the workspace cannot be created', async () => {
    const run = await runEntrypoint({}, { workspace: '/proc/flaude-no-workspace' });
    expectExit(run, 4);
    expect(errors(run)[0]).toContain('FLAUDE_WORKSPACE');
    expect(run.stub).toBeUndefined();
  });
});

describe('privileges', () => {
  it.skipIf(!isRoot)('runs as root with IS_SANDBOX=1 when the user does not exist', async () => {
    const run = await runEntrypoint({ IS_SANDBOX: undefined });
    expectExit(run, 0);
    expect(run.stub?.uid).toBe(0);
    expect(run.stub?.env.IS_SANDBOX).toBe('1');
    expect(run.lines).toContain(
      `[flaude] User ${MISSING_USER} does not exist: running Claude Code as root with IS_SANDBOX=1`,
    );
  });

  it.skipIf(!nobodyUsable)(
    'drops to FLAUDE_USER, gives it the workspace and keeps the environment',
    async () => {
      const run = await runEntrypoint({
        FLAUDE_USER: 'nobody',
        FLAUDE_REPOS: repos(widgetPr()),
        STUB_DIFF_BASE: 'origin/main',
        MY_SETTING: 'kept',
      });
      expectExit(run, 0);
      const nobodyUid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
      const home = execFileSync('getent', ['passwd', 'nobody'], { encoding: 'utf8' })
        .trim()
        .split(':')[5];
      expect(run.stub?.uid).toBe(nobodyUid);
      expect(run.stub?.env.HOME).toBe(home);
      expect(run.stub?.env.USER).toBe('nobody');
      expect(run.stub?.env.LOGNAME).toBe('nobody');
      expect(run.stub?.env.IS_SANDBOX).toBeUndefined();
      expect(run.stub?.env.ANTHROPIC_API_KEY).toBe('sk-ant-test-key');
      expect(run.stub?.env.FLAUDE_PROMPT).toBe('Review this change.');
      expect(run.stub?.env.MY_SETTING).toBe('kept');
      expect(run.stub?.cwd).toBe(join(run.workspace, 'widget'));
      // The user owns what was cloned, so git works for it.
      expect(statSync(join(run.workspace, 'widget', 'src', 'feature-3.ts')).uid).toBe(nobodyUid);
      expect(statSync(join(run.workspace, 'widget', '.git', 'HEAD')).uid).toBe(nobodyUid);
      expect(run.stub?.diff?.rc).toBe(0);
      expect(run.stub?.diff?.names).toContain('src/feature-1.ts');
      expect(run.lines).toContain('[flaude] Running as user nobody');
    },
  );

  it.skipIf(!nobodyUsable)('stops Claude running as FLAUDE_USER on SIGTERM', async () => {
    const run = await runEntrypoint(
      { FLAUDE_USER: 'nobody', STUB_MODE: 'wait' },
      { onStubReady: (kill) => kill('SIGTERM') },
    );
    expectExit(run, 143);
    expect(run.stub?.signal).toBe('TERM');
    // Nothing but Claude's own lines and the entrypoint's between start and marker.
    expect(run.lines.filter((l) => !l.startsWith('[flaude') && !l.startsWith('{'))).toEqual([
      'stub: a line on stderr',
    ]);
  });

  it.skipIf(!nobodyUsable)('runs as the current user when started unprivileged', async () => {
    const open = join(fx.root, `open-${runCounter}`);
    mkdirSync(open);
    chmodSync(open, 0o777);
    const entrypoint = join(open, 'entrypoint.sh');
    copyFileSync(ENTRYPOINT, entrypoint);
    chmodSync(entrypoint, 0o755);
    const run = await runEntrypoint(
      { FLAUDE_USER: 'claude', IS_SANDBOX: undefined },
      { prefix: ['runuser', '-u', 'nobody', '--'], entrypoint, workspace: join(open, 'ws') },
    );
    expectExit(run, 0);
    expect(run.stub?.uid).not.toBe(0);
    expect(run.stub?.env.IS_SANDBOX).toBeUndefined();
    expect(run.lines.some((l) => l.includes('IS_SANDBOX'))).toBe(false);
  });

  it.skipIf(isRoot)('runs as the current user without IS_SANDBOX (non-root test run)', async () => {
    const run = await runEntrypoint({ IS_SANDBOX: undefined });
    expectExit(run, 0);
    expect(run.stub?.uid).toBe(process.getuid?.());
    expect(run.stub?.env.IS_SANDBOX).toBeUndefined();
  });
});

describe('the machine deadline (FLAUDE_DEADLINE_SECONDS)', () => {
  const reason = (what: string, seconds = 2): string =>
    `[flaude:error] the machine's deadline of ${seconds} s (FLAUDE_DEADLINE_SECONDS) passed while ${what}: stopping`;

  it('a clone from a git server that never answers ends at the deadline with 124 and the reason', async () => {
    const server = await startStallingServer();
    try {
      const run = await runEntrypoint({
        FLAUDE_DEADLINE_SECONDS: '2',
        FLAUDE_REPOS: repos(widgetPr()),
        GIT_CONFIG_KEY_0: `url.${server.url}.insteadOf`,
      });
      expectExit(run, 124);
      // The server stalls for ever: only the deadline can have ended the clone.
      expect(server.requests()).toBeGreaterThan(0);
      expect(errors(run)).toEqual([reason('cloning https://github.com/acme/widget.git')]);
      expect(run.stub, 'Claude never started').toBeUndefined();
    } finally {
      await server.stop();
    }
  });

  it('stops a Claude still running at the deadline, which is the whole run, with 124', async () => {
    const run = await runEntrypoint({
      FLAUDE_DEADLINE_SECONDS: '1',
      FLAUDE_TIMEOUT_SECONDS: '60',
      STUB_MODE: 'wait',
    });
    expectExit(run, 124);
    expect(run.stub?.signal).toBe('TERM');
    expect(errors(run)).toEqual([reason('Claude Code ran', 1)]);
  });

  it('changes nothing for a run that ends in time, nor for a stop signal', async () => {
    const done = await runEntrypoint({ FLAUDE_DEADLINE_SECONDS: '60' });
    expectExit(done, 0);
    expect(errors(done)).toEqual([]);
    const stopped = await runEntrypoint(
      { FLAUDE_DEADLINE_SECONDS: '60', STUB_MODE: 'wait' },
      { onStubReady: (kill) => kill('SIGTERM') },
    );
    expectExit(stopped, 143);
    expect(stopped.stub?.signal).toBe('TERM');
  });

  it.each(['0', '-1', '1.5', '10m'])('refuses FLAUDE_DEADLINE_SECONDS=%j with 2', async (value) => {
    const run = await runEntrypoint({ FLAUDE_DEADLINE_SECONDS: value });
    expectExit(run, 2);
    expect(errors(run)[0]).toContain('FLAUDE_DEADLINE_SECONDS must be a positive integer');
    expect(run.stub).toBeUndefined();
  });
});

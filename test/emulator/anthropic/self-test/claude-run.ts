// Runs the real Claude Code CLI the way an emulated Fly machine does, against a local
// Anthropic emulator, in a throwaway git repository.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The CLI from devDependencies (a native binary). */
export const CLAUDE_BIN = resolve(import.meta.dirname, '../../../../node_modules/.bin/claude');

/** Which credential variable the CLI gets. */
export type Credential = 'api-key' | 'oauth-token';

export interface ClaudeRunOptions {
  baseUrl: string;
  cwd: string;
  prompt: string;
  credential?: Credential;
  model?: string;
  maxTurns?: number;
  /** `--json-schema`: the CLI then asks for the answer through its StructuredOutput tool. */
  jsonSchema?: string;
}

export interface ClaudeRun {
  exitCode: number | null;
  /** Every stdout line that parsed as JSON (stream-json objects). */
  events: Record<string, unknown>[];
  /** The final `{"type":"result"}` object, if the CLI printed one. */
  result?: Record<string, unknown>;
  stderr: string;
}

/** Temporary directories made by this module; {@link cleanupTempDirs} removes them. */
const tempDirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Removes every directory this module created. */
export function cleanupTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Emulator Test', '-c', 'user.email=emulator@example.invalid', ...args],
    {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', GIT_CONFIG_NOSYSTEM: '1', HOME: cwd },
    },
  );
}

/** Runs git in a repository made here (for expected values in assertions). */
export function gitOutput(cwd: string, ...args: string[]): string {
  return git(cwd, ...args);
}

/**
 * A git repository with one commit and an uncommitted three-line change to a file whose
 * name is unique to this call, so only a real `git diff --stat` can produce its stat line.
 */
export function makeRepoWithChange(): { dir: string; changedFile: string } {
  const dir = tempDir('anthropic-emu-repo-');
  const changedFile = `target-${Math.random().toString(36).slice(2, 10)}.txt`;
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, changedFile), 'first\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'initial commit');
  writeFileSync(join(dir, changedFile), 'first\nsecond\nthird\nfourth\n');
  return { dir, changedFile };
}

/** A clean checkout whose branch carries a commit with a unique subject (a PR head). */
export function makeCleanRepoWithBranch(): { dir: string; subject: string } {
  const dir = tempDir('anthropic-emu-clean-');
  const subject = `feature commit ${Math.random().toString(36).slice(2, 10)}`;
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README.md'), '# base\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'base commit');
  git(dir, 'checkout', '-q', '-b', 'feature');
  writeFileSync(join(dir, 'feature.txt'), 'feature\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', subject);
  return { dir, subject };
}

/** A directory outside any git repository holding one file with a unique name. */
export function makePlainDir(): { dir: string; fileName: string } {
  const dir = tempDir('anthropic-emu-plain-');
  const fileName = `plain-${Math.random().toString(36).slice(2, 10)}.txt`;
  writeFileSync(join(dir, fileName), 'plain\n');
  return { dir, fileName };
}

/**
 * Spawns `claude -p --output-format stream-json --verbose --dangerously-skip-permissions`
 * with only the environment an emulated machine gives it: a private HOME, the emulator as
 * ANTHROPIC_BASE_URL, one credential, IS_SANDBOX because tests may run as root.
 */
export function runClaude(options: ClaudeRunOptions): Promise<ClaudeRun> {
  const home = tempDir('anthropic-emu-home-');
  mkdirSync(home, { recursive: true });
  const credential =
    (options.credential ?? 'api-key') === 'api-key'
      ? { ANTHROPIC_API_KEY: 'sk-ant-api03-emulator-test-key' }
      : { CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat01-emulator-test-token' };
  const args = [
    '-p',
    '--output-format',
    'stream-json',
    '--verbose',
    '--dangerously-skip-permissions',
  ];
  if (options.model !== undefined) args.push('--model', options.model);
  if (options.maxTurns !== undefined) args.push('--max-turns', String(options.maxTurns));
  if (options.jsonSchema !== undefined) args.push('--json-schema', options.jsonSchema);
  args.push('--', options.prompt);

  const child = spawn(CLAUDE_BIN, args, {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      ANTHROPIC_BASE_URL: options.baseUrl,
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
      IS_SANDBOX: '1',
      ...credential,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => {
      const events: Record<string, unknown>[] = [];
      for (const line of stdout.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          events.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // Not every line has to be JSON; the assertions look at the parsed ones.
        }
      }
      const result = events.findLast((event) => event.type === 'result');
      resolvePromise({ exitCode, events, stderr, ...(result ? { result } : {}) });
    });
  });
}

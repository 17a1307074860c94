// What the GitHub emulator's own tests share: the emulator serving the fixture repository of
// test/harness/fixture-repo.ts (its pull request #2 opened), a write and a read-only token,
// an octokit client built the way @actions/github builds its own, raw HTTP calls, and commits
// pushed as further pull requests.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { fetch, type Headers } from 'undici';
import { createFixtureRepo, type FixtureRepo } from '../../../harness/fixture-repo.ts';
import { startGithubEmulator, type GithubEmulator, type GithubEmulatorOptions } from '../index.ts';

/** The client class of @actions/github 9 (`GitHub` in its utils.ts), without its defaults. */
export const GitHubClient = Octokit.plugin(restEndpointMethods, paginateRest);
export type GitHubClientInstance = InstanceType<typeof GitHubClient>;

export const WRITE_TOKEN = 'ghs_selfTestWriteToken000000000000000';
export const READ_TOKEN = 'ghs_selfTestReadToken0000000000000000';
export const BOT = 'github-actions[bot]';
export const OWNER = 'Codertocat';
export const REPO = 'Hello-World';
export const FULL_NAME = `${OWNER}/${REPO}`;

export interface TestBed {
  dir: string;
  repo: FixtureRepo;
  /** The bare repository the emulator computes diffs in. */
  gitDir: string;
  github: GithubEmulator;
  /** Octokit with the write token. */
  octokit: GitHubClientInstance;
  /** Octokit with the read-only token. */
  readOnly: GitHubClientInstance;
  stop(): Promise<void>;
}

/** Octokit for the emulator (no retry plugin: every answer is seen as it is). */
export function clientFor(github: GithubEmulator, token: string): GitHubClientInstance {
  return new GitHubClient({ auth: token, baseUrl: github.url });
}

/** The emulator with the fixture repository and its pull request #2 (by `Codertocat`). */
export async function startTestBed(options: GithubEmulatorOptions = {}): Promise<TestBed> {
  const dir = mkdtempSync(join(tmpdir(), 'github-emulator-self-test-'));
  try {
    const repo = createFixtureRepo(dir);
    const gitDir = join(repo.githubRoot, `${repo.fullName}.git`);
    const github = await startGithubEmulator({
      tokens: [
        { token: WRITE_TOKEN, login: BOT, access: 'write' },
        { token: READ_TOKEN, login: 'fork-contributor', access: 'read' },
      ],
      repos: [
        {
          owner: OWNER,
          name: REPO,
          gitDir,
          defaultBranch: repo.baseRef,
          associations: { 'octo-member': 'MEMBER' },
        },
      ],
      ...options,
    });
    github.addPullRequest(FULL_NAME, {
      number: repo.prNumber,
      title: 'Update the README with new information.',
      body: 'This is a pretty simple change that we need to pull into master.',
      user: OWNER,
      baseRef: repo.baseRef,
      baseSha: repo.baseSha,
      headRef: 'changes',
      headSha: repo.headSha,
    });
    return {
      dir,
      repo,
      gitDir,
      github,
      octokit: clientFor(github, WRITE_TOKEN),
      readOnly: clientFor(github, READ_TOKEN),
      async stop() {
        try {
          await github.stop();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (e: unknown) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

export interface RawResult {
  status: number;
  body: unknown;
  headers: Headers;
}

/** A plain HTTP call (for what octokit would not send: bad JSON, no token, odd paths). */
export async function rawCall(
  github: GithubEmulator,
  method: string,
  path: string,
  options: { body?: string; token?: string | null } = {},
): Promise<RawResult> {
  const token = options.token === undefined ? WRITE_TOKEN : options.token;
  const res = await fetch(`${github.url}${path}`, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      ...(token === null ? {} : { authorization: `token ${token}` }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: res.status, body, headers: res.headers };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Fixture',
      GIT_AUTHOR_EMAIL: 'fixture@example.com',
      GIT_COMMITTER_NAME: 'Fixture',
      GIT_COMMITTER_EMAIL: 'fixture@example.com',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
    },
  }).trim();
}

/** Files to change in a commit: path -> content (a Buffer for binary), null to delete. */
export interface CommitChange {
  files?: Record<string, string | Buffer | null>;
  /** from -> to, done before the writes. */
  renames?: Record<string, string>;
}

/**
 * Commits `change` on top of `fromSha` and pushes it to `ref` of the bare repository (e.g.
 * `refs/pull/3/head`, like a pull request head). Returns the new commit's SHA.
 */
export function commitOn(bed: TestBed, fromSha: string, change: CommitChange, ref: string): string {
  const work = mkdtempSync(join(bed.dir, 'push-'));
  try {
    git(work, 'init', '--quiet');
    git(work, 'fetch', '--quiet', bed.gitDir, fromSha);
    git(work, 'checkout', '--quiet', '--detach', fromSha);
    for (const [from, to] of Object.entries(change.renames ?? {})) {
      mkdirSync(dirname(join(work, to)), { recursive: true });
      git(work, 'mv', from, to);
    }
    for (const [path, content] of Object.entries(change.files ?? {})) {
      if (content === null) {
        git(work, 'rm', '--quiet', path);
      } else {
        mkdirSync(dirname(join(work, path)), { recursive: true });
        writeFileSync(join(work, path), content);
        git(work, 'add', path);
      }
    }
    git(work, 'commit', '--quiet', '-m', `commit for ${ref}`);
    const sha = git(work, 'rev-parse', 'HEAD');
    git(work, 'push', '--quiet', bed.gitDir, `HEAD:${ref}`);
    return sha;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `git diff` in the bare repository, the reference the emulator's patches are checked against. */
export function gitDiff(bed: TestBed, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', bed.gitDir, 'diff', '--no-color', ...args], {
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
}

/** The status and data of a failed octokit call (RequestError). */
export async function refusal(
  call: Promise<unknown>,
): Promise<{ status: number; data: unknown; headers: Record<string, string | undefined> }> {
  try {
    await call;
  } catch (e: unknown) {
    const error = e as {
      status?: number;
      response?: { data?: unknown; headers?: Record<string, string | undefined> };
    };
    if (typeof error.status === 'number') {
      return {
        status: error.status,
        data: error.response?.data,
        headers: error.response?.headers ?? {},
      };
    }
    throw e;
  }
  throw new Error('the call succeeded; a refusal was expected');
}

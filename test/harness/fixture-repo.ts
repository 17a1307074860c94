/**
 * A local stand-in for a GitHub repository: a bare repo with a base branch and a pull
 * request head published as refs/pull/N/head, the way GitHub exposes PR heads (fork heads
 * included). Emulated machines reach it through git's url.<base>.insteadOf rewrite.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface FixtureRepo {
  /** Root to rewrite `https://github.com/` to (ends with a slash). */
  readonly githubRoot: string;
  readonly fullName: string;
  readonly baseRef: string;
  readonly baseSha: string;
  /** The PR head: `pushHead` moves it, as a push to the PR branch does. */
  readonly headSha: string;
  readonly prNumber: number;
  /** The bare repository (what the GitHub emulator computes diffs in). */
  readonly gitDir: string;
  /** The PR's branch name (its head ref). */
  readonly headRef: string;
  /**
   * Commits `files` (path -> content; `null` deletes) on top of the PR head and publishes it
   * as the new refs/pull/N/head, as a `synchronize` push does; returns the new head SHA.
   */
  pushHead(files: Readonly<Record<string, string | null>>, message?: string): string;
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

/** Creates `<dir>/github/<owner>/<name>.git` with a base branch and PR #`prNumber`. */
export function createFixtureRepo(
  dir: string,
  opts: { fullName?: string; baseRef?: string; prNumber?: number } = {},
): FixtureRepo {
  const fullName = opts.fullName ?? 'Codertocat/Hello-World';
  const baseRef = opts.baseRef ?? 'master';
  const prNumber = opts.prNumber ?? 2;
  const githubRoot = join(dir, 'github') + '/';
  const bare = join(githubRoot, `${fullName}.git`);
  mkdirSync(bare, { recursive: true });
  git(bare, 'init', '--bare', '--quiet', `--initial-branch=${baseRef}`);

  const work = mkdtempSync(join(dir, 'work-'));
  git(work, 'init', '--quiet', `--initial-branch=${baseRef}`);
  writeFileSync(join(work, 'README.md'), '# Hello-World\n\nMy first repository on GitHub!\n');
  mkdirSync(join(work, 'src'));
  writeFileSync(
    join(work, 'src', 'greet.js'),
    'export function greet(name) {\n  return `Hello, ${name}`;\n}\n',
  );
  git(work, 'add', '.');
  git(work, 'commit', '--quiet', '-m', 'Initial commit');
  const baseSha = git(work, 'rev-parse', 'HEAD');
  git(work, 'push', '--quiet', bare, `${baseRef}:refs/heads/${baseRef}`);

  // The PR head exists only as refs/pull/N/head, like a fork's head on GitHub.
  git(work, 'checkout', '--quiet', '-b', 'changes');
  writeFileSync(
    join(work, 'README.md'),
    '# Hello-World\n\nMy first repository on GitHub!\n\nUpdated with new information.\n',
  );
  writeFileSync(
    join(work, 'src', 'greet.js'),
    'export function greet(name) {\n  return "Hello, " + name.trim();\n}\n',
  );
  git(work, 'commit', '--quiet', '-am', 'Update the README with new information.');
  const headSha = git(work, 'rev-parse', 'HEAD');
  git(work, 'push', '--quiet', bare, `HEAD:refs/pull/${prNumber}/head`);
  const repo = {
    githubRoot,
    fullName,
    baseRef,
    baseSha,
    headSha,
    prNumber,
    gitDir: bare,
    headRef: 'changes',
    pushHead(files: Readonly<Record<string, string | null>>, message = 'Follow-up'): string {
      for (const [path, content] of Object.entries(files)) {
        const file = join(work, path);
        if (content === null) {
          rmSync(file, { force: true });
        } else {
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, content);
        }
      }
      git(work, 'add', '--all');
      git(work, 'commit', '--quiet', '-m', message);
      repo.headSha = git(work, 'rev-parse', 'HEAD');
      git(work, 'push', '--quiet', '--force', bare, `HEAD:refs/pull/${prNumber}/head`);
      return repo.headSha;
    },
  };
  return repo;
}

/**
 * A pull request's diff computed by git in the repository the test registered: the files
 * GitHub lists (three-dot: the head against its merge base with the base, renames found),
 * each with its `patch` unless that is binary, empty or over GitHub's per-file limits.
 */
import { execFileSync } from 'node:child_process';
import { parseHunks, type Hunk } from './diff-hunks.ts';
import type { PatchLimits } from './types.ts';

/** `status` values of GitHub's `diff-entry`. */
export type DiffStatus = 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed';

export interface DiffFile {
  filename: string;
  previousFilename?: string;
  status: DiffStatus;
  additions: number;
  deletions: number;
  /** Blob of the file at the head (at the base for a removed file). */
  sha: string;
  /** Omitted for binary files, changes without content, and files over the limits. */
  patch?: string;
  /** The hunks review comments can be anchored in ([] without a patch). */
  hunks: Hunk[];
}

export interface PullDiff {
  mergeBase: string;
  files: DiffFile[];
  /** Commits from the merge base to the head, oldest first. */
  commits: string[];
}

/** GitHub's diff limits for one file (docs.github.com "Repository limits"). */
export const DEFAULT_PATCH_LIMITS: PatchLimits = { maxBytes: 500 * 1024, maxLines: 20_000 };

const STATUS_BY_LETTER: Record<string, DiffStatus> = {
  A: 'added',
  D: 'removed',
  M: 'modified',
  R: 'renamed',
  C: 'copied',
  T: 'changed',
};

/** Runs git in `gitDir` with no user or system configuration in the way. */
export function git(gitDir: string, args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir, '-c', 'core.quotepath=off', ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The full commit SHA `rev` names in `gitDir`; throws naming both when there is none. */
export function resolveCommit(gitDir: string, rev: string): string {
  try {
    return git(gitDir, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).trim();
  } catch {
    throw new Error(`no commit ${rev} in ${gitDir}`);
  }
}

/** The diff of `headSha` against its merge base with `baseSha`. */
export function computePullDiff(
  gitDir: string,
  baseSha: string,
  headSha: string,
  limits: PatchLimits,
): PullDiff {
  const mergeBase = git(gitDir, ['merge-base', baseSha, headSha]).trim();
  const range = [mergeBase, headSha];
  const common = ['--no-color', '--no-ext-diff', '--no-textconv', '-M'];
  const raw = parseRaw(git(gitDir, ['diff', '--raw', '-z', '--no-abbrev', ...common, ...range]));
  const patches = splitPatches(git(gitDir, ['diff', '-p', '-U3', ...common, ...range]));
  if (patches.length !== raw.length) {
    throw new Error(
      `git listed ${raw.length} files but printed ${patches.length} patches for ${mergeBase}..${headSha}`,
    );
  }
  const files = raw.map((entry, i): DiffFile => {
    const patch = patches[i] ?? '';
    const hunkLines = patch.split('\n');
    const additions = hunkLines.filter((l) => l.startsWith('+')).length;
    const deletions = hunkLines.filter((l) => l.startsWith('-')).length;
    const withinLimits =
      Buffer.byteLength(patch) <= limits.maxBytes && hunkLines.length <= limits.maxLines;
    const file: DiffFile = {
      filename: entry.path,
      status: entry.status,
      additions: patch === '' ? 0 : additions,
      deletions: patch === '' ? 0 : deletions,
      sha: entry.status === 'removed' ? entry.oldSha : entry.newSha,
      hunks: [],
    };
    if (entry.previousPath !== undefined) file.previousFilename = entry.previousPath;
    if (patch !== '' && withinLimits) {
      file.patch = patch;
      file.hunks = parseHunks(patch);
    }
    return file;
  });
  const commits = git(gitDir, ['rev-list', '--reverse', `${mergeBase}..${headSha}`])
    .split('\n')
    .filter((l) => l !== '');
  return { mergeBase, files, commits };
}

interface RawEntry {
  status: DiffStatus;
  oldSha: string;
  newSha: string;
  path: string;
  previousPath?: string;
}

/** `git diff --raw -z`: `:mode mode sha sha X\0path\0` (two paths for renames and copies). */
function parseRaw(output: string): RawEntry[] {
  const fields = output.split('\0');
  const entries: RawEntry[] = [];
  for (let i = 0; i < fields.length; i++) {
    const meta = fields[i] ?? '';
    if (!meta.startsWith(':')) continue;
    const [, , oldSha = '', newSha = '', letters = ''] = meta.slice(1).split(' ');
    const letter = letters.charAt(0);
    const status = STATUS_BY_LETTER[letter] ?? 'modified';
    if (letter === 'R' || letter === 'C') {
      entries.push({
        status,
        oldSha,
        newSha,
        previousPath: fields[i + 1] ?? '',
        path: fields[i + 2] ?? '',
      });
      i += 2;
    } else {
      entries.push({ status, oldSha, newSha, path: fields[i + 1] ?? '' });
      i += 1;
    }
  }
  return entries;
}

/**
 * `git diff -p` split per file, each cut to what GitHub calls the patch: from the first `@@`
 * to the end, without the trailing newline ('' for binary files and changes without hunks).
 */
function splitPatches(output: string): string[] {
  if (output === '') return [];
  return output
    .split(/^diff --git /m)
    .slice(1)
    .map((chunk) => {
      const lines = chunk.replace(/\n$/, '').split('\n');
      const first = lines.findIndex((l) => l.startsWith('@@ '));
      return first < 0 ? '' : lines.slice(first).join('\n');
    });
}

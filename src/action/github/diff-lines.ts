/**
 * The lines of a pull request's diff a review comment may sit on, read from the `patch` of
 * each file that the list-files endpoint returns. GitHub anchors a comment on the right side
 * (the head) on an added or a context line of a hunk, and a multi-line comment only within one
 * hunk; a file without a `patch` (GitHub omits it for large files, binary files and pure
 * renames) takes none. Pure.
 */

/** One hunk's right-side lines: line number in the head -> its text. */
export interface DiffHunk {
  readonly lines: ReadonlyMap<number, string>;
}

/** Per path (the name at the head), its hunks in order. */
export type PullDiff = ReadonlyMap<string, readonly DiffHunk[]>;

/** What the list-files endpoint gives per file. */
export interface PullFile {
  readonly filename: string;
  readonly patch?: string | undefined;
}

const HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** The right-side lines of a patch (the text from its first `@@`), grouped by hunk. */
export function rightSideHunks(patch: string | undefined): DiffHunk[] {
  if (!patch) return [];
  const hunks: Map<number, string>[] = [];
  let current: Map<number, string> | undefined;
  let line = 0;
  for (const text of patch.replace(/\r?\n$/, '').split('\n')) {
    const header = HUNK_HEADER.exec(text);
    if (header) {
      current = new Map();
      hunks.push(current);
      line = Number(header[1]);
      continue;
    }
    if (!current) continue;
    const kind = text.charAt(0);
    // Deleted lines are on the left side only; `\ No newline at end of file` is on neither.
    if (kind === '-' || kind === '\\') continue;
    current.set(line++, text.slice(1));
  }
  return hunks.map((lines) => ({ lines }));
}

/** The diff of a pull request from its files. */
export function pullDiffOf(files: readonly PullFile[]): PullDiff {
  return new Map(files.map((f) => [f.filename, rightSideHunks(f.patch)]));
}

/** The hunk holding right-side `line` of `path`, if the diff shows it. */
export function hunkAt(diff: PullDiff, path: string, line: number): DiffHunk | undefined {
  return diff.get(path)?.find((h) => h.lines.has(line));
}

/** The text of right-side `line` of `path`, if the diff shows it. */
export function lineText(diff: PullDiff, path: string, line: number): string | undefined {
  return hunkAt(diff, path, line)?.lines.get(line);
}

/**
 * Whether a comment on `startLine`..`line` of `path` can go on the diff: `line` on the right
 * side of a hunk and, for a range, `startLine` in that same hunk.
 */
export function isCommentable(
  diff: PullDiff,
  path: string,
  line: number,
  startLine?: number,
): boolean {
  const hunk = hunkAt(diff, path, line);
  if (!hunk) return false;
  return startLine === undefined || startLine >= line || hunk.lines.has(startLine);
}

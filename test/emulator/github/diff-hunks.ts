/**
 * A file's `patch` as GitHub's review endpoints read it: hunks of lines with their old and new
 * line numbers and their diff `position`, and where a review comment may be anchored. A
 * comment sits on a line of one hunk: `RIGHT` = an added (`+`) or context line, by its new line
 * number; `LEFT` = a deleted (`-`) or context line, by its old one. A multi-line comment's
 * start must be in the same hunk, before its end. The messages are GitHub's own.
 */

export type Side = 'LEFT' | 'RIGHT';

export interface DiffLine {
  kind: '+' | '-' | ' ' | '\\';
  text: string;
  oldLine: number | null;
  newLine: number | null;
  /** Lines below the file's first `@@` header (the line right below it is 1). */
  position: number;
}

export interface Hunk {
  /** The `@@ -a,b +c,d @@ ...` line. */
  header: string;
  lines: DiffLine[];
}

export const LINE_NOT_IN_DIFF = 'Pull request review thread line must be part of the diff';
export const START_NOT_IN_HUNK =
  'Pull request review thread start line must be part of the same hunk as the line.';
export const START_AFTER_END = 'Pull request review thread start line must precede the end line.';
export const HUNK_BLANK = "Pull request review thread diff hunk can't be blank";
export const PATH_INVALID = 'Pull request review thread path is invalid';

const HUNK_HEADER = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** The hunks of a patch (the text from its first `@@`); [] for '' or no hunks. */
export function parseHunks(patch: string): Hunk[] {
  const hunks: Hunk[] = [];
  let current: Hunk | undefined;
  let oldLine = 0;
  let newLine = 0;
  let position = -1;
  for (const text of patch.replace(/\n$/, '').split('\n')) {
    const header = HUNK_HEADER.exec(text);
    if (header) {
      position++;
      oldLine = Number(header[1]);
      newLine = Number(header[2]);
      current = { header: text, lines: [] };
      hunks.push(current);
      continue;
    }
    if (!current) continue;
    position++;
    const kind = text.charAt(0);
    if (kind === '+') {
      current.lines.push({ kind, text, oldLine: null, newLine: newLine++, position });
    } else if (kind === '-') {
      current.lines.push({ kind, text, oldLine: oldLine++, newLine: null, position });
    } else if (kind === '\\') {
      current.lines.push({ kind, text, oldLine: null, newLine: null, position });
    } else {
      current.lines.push({ kind: ' ', text, oldLine: oldLine++, newLine: newLine++, position });
    }
  }
  return hunks;
}

/** Where a line is: hunk and index in it. */
export interface LineAt {
  hunkIndex: number;
  lineIndex: number;
}

/** The line a comment on `side`'s line number `line` sits on, if it is in a hunk. */
export function findLine(hunks: readonly Hunk[], side: string, line: number): LineAt | undefined {
  if (side !== 'LEFT' && side !== 'RIGHT') return undefined;
  for (const [hunkIndex, hunk] of hunks.entries()) {
    const lineIndex = hunk.lines.findIndex((l) =>
      side === 'RIGHT'
        ? (l.kind === '+' || l.kind === ' ') && l.newLine === line
        : (l.kind === '-' || l.kind === ' ') && l.oldLine === line,
    );
    if (lineIndex >= 0) return { hunkIndex, lineIndex };
  }
  return undefined;
}

/** The line at a (deprecated) diff `position`, unless that is a hunk header or past the end. */
export function lineAtPosition(hunks: readonly Hunk[], position: number): LineAt | undefined {
  for (const [hunkIndex, hunk] of hunks.entries()) {
    const lineIndex = hunk.lines.findIndex((l) => l.position === position);
    if (lineIndex >= 0 && hunk.lines[lineIndex]?.kind !== '\\') return { hunkIndex, lineIndex };
  }
  return undefined;
}

/** A review comment's anchor as the request gives it. */
export interface AnchorRequest {
  line?: number | undefined;
  side?: string | undefined;
  startLine?: number | undefined;
  startSide?: string | undefined;
  position?: number | undefined;
}

/** Where a comment sits once accepted. */
export interface Anchor {
  line: number;
  side: Side;
  startLine: number | null;
  startSide: Side | null;
  position: number;
  /** The hunk header and its lines down to the commented one, GitHub's `diff_hunk`. */
  diffHunk: string;
}

/**
 * Anchors a comment in a file's hunks (`undefined` = the path is not a file of the pull
 * request), or the messages GitHub refuses it with, in its order.
 */
export function anchorComment(
  hunks: readonly Hunk[] | undefined,
  request: AnchorRequest,
): { ok: true; anchor: Anchor } | { ok: false; messages: string[] } {
  if (hunks === undefined) return { ok: false, messages: [PATH_INVALID, HUNK_BLANK] };
  const side = request.side ?? 'RIGHT';
  let target: LineAt | undefined;
  if (request.line !== undefined) target = findLine(hunks, side, request.line);
  else if (request.position !== undefined) target = lineAtPosition(hunks, request.position);

  const messages: string[] = [];
  if (!target) messages.push(LINE_NOT_IN_DIFF);
  let start: LineAt | undefined;
  if (request.startLine !== undefined) {
    const startSide = request.startSide ?? side;
    start = findLine(hunks, startSide, request.startLine);
    if (target && start && start.hunkIndex === target.hunkIndex) {
      if (start.lineIndex >= target.lineIndex) messages.push(START_AFTER_END);
    } else if (
      target &&
      startSide === side &&
      request.line !== undefined &&
      request.startLine >= request.line
    ) {
      messages.push(START_AFTER_END);
    } else {
      messages.push(START_NOT_IN_HUNK);
    }
  }
  if (!target) messages.push(HUNK_BLANK);
  if (messages.length > 0 || !target) return { ok: false, messages };

  const hunk = hunks[target.hunkIndex] as Hunk;
  const line = hunk.lines[target.lineIndex] as DiffLine;
  // findLine only matches a line that exists on the side asked for; a position has no side, so
  // its line's own decides (context lines count as RIGHT, GitHub's default).
  const anchoredSide: Side =
    request.line !== undefined ? (side as Side) : line.kind === '-' ? 'LEFT' : 'RIGHT';
  const startLine = start ? (hunk.lines[start.lineIndex] as DiffLine) : undefined;
  const startSide = startLine ? ((request.startSide ?? side) as Side) : null;
  return {
    ok: true,
    anchor: {
      line: (anchoredSide === 'LEFT' ? line.oldLine : line.newLine) ?? 0,
      side: anchoredSide,
      startLine: startLine
        ? ((startSide === 'LEFT' ? startLine.oldLine : startLine.newLine) ?? null)
        : null,
      startSide,
      position: line.position,
      diffHunk: [hunk.header, ...hunk.lines.slice(0, target.lineIndex + 1).map((l) => l.text)].join(
        '\n',
      ),
    },
  };
}

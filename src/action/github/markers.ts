/**
 * The hidden HTML comments by which the action finds its own content on a pull request again:
 * the sticky comment's marker, keyed by workflow, job and reviewer name (so two workflows, two
 * reviewers of one team, or two matrix legs with different reviewer names never take each
 * other's comment), and each inline comment's fingerprint (which reviewer reported what, on
 * which line), by which a later run recognises a finding it already posted. Pure.
 */
import { createHash } from 'node:crypto';

/** Who writes a sticky comment: the workflow, the job in it, and the reviewer's name. */
export interface ReviewerKey {
  readonly workflow: string;
  readonly job: string;
  readonly reviewer: string;
}

/**
 * A value made safe inside an HTML comment and unambiguous between fields: percent-encoding
 * leaves no space, `=`, `>` or `-` (so no `-->` and no `--`).
 */
function escapeValue(value: string): string {
  return encodeURIComponent(value).replace(/-/g, '%2D');
}

/**
 * The sticky comment's marker, on its own line at the top of the comment. A marker is found
 * by the whole line, so `reviewer=a` never matches `reviewer=ab`.
 */
export function stickyMarker(key: ReviewerKey): string {
  return (
    `<!-- flaude:comment workflow=${escapeValue(key.workflow)} job=${escapeValue(key.job)} ` +
    `reviewer=${escapeValue(key.reviewer)} -->`
  );
}

/**
 * Whether `marker` (a {@link stickyMarker}) is of reviewer `reviewer` of job `job`, whatever
 * the workflow: what a machine's metadata can tell of its comment.
 */
export function isMarkerOf(marker: string, job: string, reviewer: string): boolean {
  return marker.endsWith(` job=${escapeValue(job)} reviewer=${escapeValue(reviewer)} -->`);
}

/** Whether `body` carries `marker` on a line of its own. */
export function hasMarker(body: string | undefined, marker: string): boolean {
  return (body ?? '').split(/\r?\n/).some((line) => line.trim() === marker);
}

/** The first sticky marker line of `body`, if any. */
export function stickyMarkerOf(body: string | undefined): string | undefined {
  return (body ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => /^<!-- flaude:comment \S.* -->$/.test(l));
}

/** The line a sticky comment carries while its reviewer runs (the post step looks for it). */
export const REVIEWING_MARKER = '<!-- flaude:state reviewing -->';

function digest(parts: readonly string[], length: number): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, length);
}

/** A short stable tag for a reviewer key: what its inline comments carry instead of names. */
export function reviewerTag(key: ReviewerKey): string {
  return digest([key.workflow, key.job, key.reviewer], 16);
}

/**
 * A finding's fingerprint: the reviewer, the path, the title and the content of the line it
 * is on (surrounding white space ignored), hashed. The line number is left out on purpose: a
 * push that moves the code up or down keeps the fingerprint.
 */
export function findingFingerprint(
  key: ReviewerKey,
  finding: { readonly path: string; readonly title: string },
  lineContent: string,
): string {
  return digest([reviewerTag(key), finding.path, finding.title.trim(), lineContent.trim()], 24);
}

/** The marker an inline comment carries: whose finding and which. */
export function inlineMarker(tag: string, fingerprint: string): string {
  return `<!-- flaude:finding reviewer=${tag} fingerprint=${fingerprint} -->`;
}

const INLINE_MARKER = /^<!-- flaude:finding reviewer=([0-9a-f]+) fingerprint=([0-9a-f]+) -->$/m;

/** The reviewer tag and fingerprint of an inline comment, if it is one of ours. */
export function parseInlineMarker(
  body: string | undefined,
): { readonly reviewer: string; readonly fingerprint: string } | undefined {
  const m = INLINE_MARKER.exec(body ?? '');
  return m ? { reviewer: m[1] ?? '', fingerprint: m[2] ?? '' } : undefined;
}

/** The line an inline comment gets once its finding is no longer reported. */
export const NO_LONGER_REPORTED_MARKER = '<!-- flaude:no-longer-reported -->';

/**
 * Memory across pushes, read from the review comments already on the pull request: which
 * findings are there (by fingerprint, so a repeated finding is not posted again), and which of
 * this reviewer's earlier findings it no longer reports (their comment is edited once to say
 * so) or reports again (the note is taken back). Pure.
 */
import {
  isMarkedNoLongerReported,
  markNoLongerReported,
  unmarkNoLongerReported,
} from './inline-comment.js';
import { parseInlineMarker } from './markers.js';

/** A review comment as listed. */
export interface ExistingReviewComment {
  readonly id: number;
  readonly body: string;
}

/** An edit of one review comment. */
export interface ReviewCommentEdit {
  readonly id: number;
  readonly body: string;
}

/** Every fingerprint on the pull request's review comments. */
export function postedFingerprints(comments: readonly ExistingReviewComment[]): Set<string> {
  const found = new Set<string>();
  for (const c of comments) {
    const marker = parseInlineMarker(c.body);
    if (marker) found.add(marker.fingerprint);
  }
  return found;
}

/**
 * The edits to this reviewer's (`tag`) earlier comments: one whose fingerprint `reported`
 * lacks is marked no longer reported at `headSha` (once: a marked one is left alone); a marked
 * one whose finding is reported again is unmarked.
 */
export function memoryEdits(
  comments: readonly ExistingReviewComment[],
  tag: string,
  reported: ReadonlySet<string>,
  headSha: string,
): ReviewCommentEdit[] {
  const edits: ReviewCommentEdit[] = [];
  for (const c of comments) {
    const marker = parseInlineMarker(c.body);
    if (!marker || marker.reviewer !== tag) continue;
    const marked = isMarkedNoLongerReported(c.body);
    const stillReported = reported.has(marker.fingerprint);
    if (!stillReported && !marked) {
      edits.push({ id: c.id, body: markNoLongerReported(c.body, headSha) });
    } else if (stillReported && marked) {
      edits.push({ id: c.id, body: unmarkNoLongerReported(c.body) });
    }
  }
  return edits;
}

/**
 * Shows what a pull request holds on the GitHub emulator after a run, the way the demo prints
 * it: the conversation's comments (hidden markers included: they are what the next run finds
 * its comments by), then each review with its inline comments on `path:line`. Pure.
 */
import type {
  EmulatedIssueComment,
  EmulatedReview,
  EmulatedReviewComment,
} from '../test/emulator/github/index.ts';

/** The pull request's records, as the emulator's snapshots give them. */
export interface PullRequestRecords {
  readonly comments: readonly EmulatedIssueComment[];
  readonly reviews: readonly EmulatedReview[];
  readonly reviewComments: readonly EmulatedReviewComment[];
}

/** `text` with every line behind `by`, blank ones too (so a body reads as one block). */
function indent(text: string, by: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `${by}${line}`.trimEnd())
    .join('\n');
}

/** Where a review comment sits: `path:line`, or `path:start-line` for a range. */
function anchor(comment: EmulatedReviewComment): string {
  const { path, line, startLine } = comment;
  if (line === null) return `${path} (outdated)`;
  return startLine !== null && startLine < line
    ? `${path}:${startLine}-${line}`
    : `${path}:${line}`;
}

/**
 * The comments, then the reviews oldest first, each with its inline comments, as indented
 * text ending in a newline. Says so when there is nothing of a kind.
 */
export function renderPullRequestView(records: PullRequestRecords): string {
  const out: string[] = [];
  out.push(`Comments (${records.comments.length}):`);
  if (records.comments.length === 0) out.push('  (none)');
  for (const comment of records.comments) {
    const edited = comment.updatedAt === comment.createdAt ? '' : ', edited';
    out.push(`  #${comment.id} by ${comment.user}${edited}:`, indent(comment.body, '    │ '));
  }
  out.push('', `Reviews (${records.reviews.length}):`);
  if (records.reviews.length === 0) out.push('  (none)');
  for (const review of records.reviews) {
    out.push(
      `  #${review.id} ${review.state} by ${review.user} on ${review.commitId.slice(0, 7)}:`,
      ...(review.body.trim() === '' ? [] : [indent(review.body, '    │ ')]),
    );
    const inline = records.reviewComments.filter((c) => c.reviewId === review.id);
    for (const comment of inline) {
      out.push(`    ${anchor(comment)} (${comment.side}):`, indent(comment.body, '      │ '));
    }
  }
  return `${out.join('\n')}\n`;
}

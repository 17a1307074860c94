/**
 * The sticky comment of a reviewer whose runner vanished: nobody ran the post step, so it still
 * says "reviewing". When `mode: reap` destroys that reviewer's machine, it finds the comment by
 * what the machine's metadata says (pull request, run, job, reviewer) and marks it cancelled.
 */
import type { Redactor } from '../redact.js';
import type { GitHubClient } from './client.js';
import { hasMarker, isMarkerOf, REVIEWING_MARKER, stickyMarkerOf } from './markers.js';
import { markCancelled, type PullRequestLog } from './pull-request-report.js';
import type { PullRequestRef } from './pull-diff.js';
import { listConversation, type Conversation } from './sticky-comment.js';
import { writeFailureWarning } from './request-failure.js';

/** Whose comment: the reviewer, its job, and the workflow run that started it. */
export interface ReapedReviewer {
  readonly runId: string;
  readonly job: string;
  readonly reviewer: string;
}

/**
 * Marks the comment of `reaped` on pull request `pr` cancelled if it still says "reviewing"
 * and links run `runId` (its attempt's page included). Returns how many it changed (0 or 1).
 * Never throws: a failure is a warning.
 */
export async function cancelReapedComment(
  client: GitHubClient,
  pr: PullRequestRef,
  reaped: ReapedReviewer,
  options: { readonly log: PullRequestLog; readonly redact: Redactor },
): Promise<number> {
  let comments: Conversation['comments'];
  try {
    comments = (await listConversation(client, pr)).comments;
  } catch (e: unknown) {
    options.log.warning(
      writeFailureWarning(
        e,
        `read the comments of pull request #${pr.number} to mark reviewer '${reaped.reviewer}' cancelled`,
        options.redact,
      ),
    );
    return 0;
  }
  const runLink = new RegExp(
    `\\]\\(([^()\\s]*/actions/runs/${reaped.runId}(?:/attempts/\\d+)?)\\)`,
  );
  for (const comment of comments) {
    const marker = stickyMarkerOf(comment.body);
    const link = runLink.exec(comment.body ?? '');
    if (
      marker === undefined ||
      link === null ||
      !isMarkerOf(marker, reaped.job, reaped.reviewer) ||
      !hasMarker(comment.body, REVIEWING_MARKER)
    ) {
      continue;
    }
    return markCancelled(
      client,
      pr,
      { [reaped.reviewer]: comment.id },
      { runUrl: link[1], ...options },
    );
  }
  return 0;
}

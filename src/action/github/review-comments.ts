/** The pull request's review comments: every page of them, and an edit of one. */
import type { GitHubClient } from './client.js';
import type { PullRequestRef } from './pull-diff.js';
import type { ExistingReviewComment, ReviewCommentEdit } from './review-memory.js';

/** Every review comment on the pull request (all pages). */
export async function listReviewComments(
  client: GitHubClient,
  pr: PullRequestRef,
): Promise<ExistingReviewComment[]> {
  const comments = await client.paginate(client.rest.pulls.listReviewComments, {
    owner: pr.owner,
    repo: pr.repo,
    pull_number: pr.number,
    per_page: 100,
  });
  return comments.map((c) => ({ id: c.id, body: c.body }));
}

/** Changes one review comment's body. */
export async function editReviewComment(
  client: GitHubClient,
  pr: PullRequestRef,
  edit: ReviewCommentEdit,
): Promise<void> {
  await client.rest.pulls.updateReviewComment({
    owner: pr.owner,
    repo: pr.repo,
    comment_id: edit.id,
    body: edit.body,
  });
}

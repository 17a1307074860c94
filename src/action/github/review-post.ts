/**
 * Posts one pull request review, and makes sure a bad line never loses it. GitHub takes a
 * review with its inline comments all or nothing: one comment it refuses (a line outside the
 * diff, a range across hunks) and the answer is 422, without saying which. So on a 422 the
 * comments are tried as PENDING reviews (visible to nobody, deleted at once): first all of
 * them, which tells whether the comments are at fault at all, then halves of any group that
 * fails, down to the single comments GitHub refuses. Those are handed back (for the sticky
 * comment) and the review is posted with the rest.
 *
 * A user has at most one pending review per pull request, so each probe's review is deleted
 * before the next, and the caller must not post two reviews of one token at once.
 */
import type { GitHubClient } from './client.js';
import { refusalText, statusOf } from './request-failure.js';
import type { PullRequestRef } from './pull-diff.js';
import type { ReviewCommentRequest } from './review-plan.js';

export type ReviewEvent = 'COMMENT' | 'REQUEST_CHANGES';

export interface ReviewRequest {
  readonly commitId: string;
  readonly event: ReviewEvent;
  /** The review's text, given the indexes of the comments GitHub refused. */
  readonly body: (refused: readonly number[]) => string;
  readonly comments: readonly ReviewCommentRequest[];
}

export interface PostedReview {
  readonly id: number;
  readonly htmlUrl: string;
  /** Indexes into the request's comments of those GitHub refused (not in the review). */
  readonly refused: readonly number[];
  /** How many PENDING reviews it took to find them. */
  readonly probes: number;
}

/**
 * Creates the review. A 422 is narrowed to the refused comments as above; any other error,
 * or a 422 the comments do not explain, is thrown.
 */
export async function postReview(
  client: GitHubClient,
  pr: PullRequestRef,
  request: ReviewRequest,
): Promise<PostedReview> {
  const create = (comments: readonly ReviewCommentRequest[], refused: readonly number[]) =>
    client.rest.pulls.createReview({
      owner: pr.owner,
      repo: pr.repo,
      pull_number: pr.number,
      commit_id: request.commitId,
      event: request.event,
      body: request.body(refused),
      comments: [...comments],
    });
  try {
    const created = await create(request.comments, []);
    return { id: created.data.id, htmlUrl: created.data.html_url, refused: [], probes: 0 };
  } catch (e: unknown) {
    if (statusOf(e) !== 422 || request.comments.length === 0) throw e;
    const firstRefusal = e;
    let probes = 0;
    const accepts = async (indexes: readonly number[]): Promise<boolean> => {
      probes++;
      return probe(
        client,
        pr,
        request.commitId,
        indexes.map((i) => request.comments[i] as ReviewCommentRequest),
      );
    };
    const all = request.comments.map((_, i) => i);
    // The comments together pass: the review itself is refused (its event, its body).
    if (await accepts(all)) throw firstRefusal;
    const refused = await refusedAmong(all, true, accepts);
    const kept = all.filter((i) => !refused.includes(i));
    const created = await create(
      kept.map((i) => request.comments[i] as ReviewCommentRequest),
      refused,
    );
    return { id: created.data.id, htmlUrl: created.data.html_url, refused, probes };
  }
}

/**
 * The indexes GitHub refuses among `group`, given whether the group is known to fail. When
 * the left half passes, the right half must fail, so it is not tried again as a whole.
 */
export async function refusedAmong(
  group: readonly number[],
  knownToFail: boolean,
  accepts: (indexes: readonly number[]) => Promise<boolean>,
): Promise<number[]> {
  if (group.length === 0) return [];
  if (!knownToFail && (await accepts(group))) return [];
  if (group.length === 1) return [...group];
  const middle = Math.ceil(group.length / 2);
  const left = await refusedAmong(group.slice(0, middle), false, accepts);
  const right = await refusedAmong(group.slice(middle), left.length === 0, accepts);
  return [...left, ...right];
}

/** Whether GitHub takes `comments` in a review: tried as a PENDING review, deleted at once. */
async function probe(
  client: GitHubClient,
  pr: PullRequestRef,
  commitId: string,
  comments: readonly ReviewCommentRequest[],
): Promise<boolean> {
  let pendingId: number;
  try {
    const pending = await client.rest.pulls.createReview({
      owner: pr.owner,
      repo: pr.repo,
      pull_number: pr.number,
      commit_id: commitId,
      comments: [...comments],
    });
    pendingId = pending.data.id;
  } catch (e: unknown) {
    // Another review of this token pending on the pull request says nothing of the comments.
    if (statusOf(e) === 422 && !/pending review/i.test(refusalText(e))) return false;
    throw e;
  }
  await client.rest.pulls.deletePendingReview({
    owner: pr.owner,
    repo: pr.repo,
    pull_number: pr.number,
    review_id: pendingId,
  });
  return true;
}

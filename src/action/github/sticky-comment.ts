/**
 * The sticky comment on the pull request's conversation: found by its marker across every
 * page of comments (a busy pull request has more than the first 30), created once, then
 * updated in place. A step with many reviewers reads the conversation once for all of them
 * ({@link listConversation}) rather than once per reviewer. A create is never repeated
 * blindly: GitHub may have made the comment before answering 5xx, and a second one would stay
 * "reviewing" for good.
 */
import type { GitHubClient } from './client.js';
import { hasMarker } from './markers.js';
import type { PullRequestRef } from './pull-diff.js';
import { statusOf } from './request-failure.js';

/** A comment as GitHub returns it, what the action keeps of it. */
export interface PostedComment {
  readonly id: number;
  readonly htmlUrl: string;
}

/** One comment of the conversation, as kept: its id, page and text. */
export interface ConversationComment {
  readonly id: number;
  readonly htmlUrl: string;
  readonly body: string | undefined;
}

/** The pull request's conversation as read once: its sticky comments, found by marker. */
export interface Conversation {
  /** Every comment, oldest first. */
  readonly comments: readonly ConversationComment[];
  /** The first comment carrying `marker`, if any. */
  find(marker: string): PostedComment | undefined;
}

/** Every page of the pull request's conversation comments, kept for {@link Conversation.find}. */
export async function listConversation(
  client: GitHubClient,
  pr: PullRequestRef,
): Promise<Conversation> {
  const comments = await client.paginate(client.rest.issues.listComments, {
    owner: pr.owner,
    repo: pr.repo,
    issue_number: pr.number,
    per_page: 100,
  });
  const kept = comments.map((c) => ({ id: c.id, htmlUrl: c.html_url, body: c.body }));
  return {
    comments: kept,
    find(marker) {
      const found = kept.find((c) => hasMarker(c.body, marker));
      return found ? { id: found.id, htmlUrl: found.htmlUrl } : undefined;
    },
  };
}

/**
 * Writes `body` (which carries `marker`) to the sticky comment: updates `known` (an id found
 * earlier in this run) or the one found by marker in `conversation` (read now when not
 * given), else creates it.
 */
export async function upsertStickyComment(
  client: GitHubClient,
  pr: PullRequestRef,
  marker: string,
  body: string,
  known?: PostedComment,
  conversation?: Conversation,
): Promise<PostedComment> {
  const existing = known ?? (conversation ?? (await listConversation(client, pr))).find(marker);
  if (existing) {
    const updated = await client.rest.issues.updateComment({
      owner: pr.owner,
      repo: pr.repo,
      comment_id: existing.id,
      body,
    });
    return { id: updated.data.id, htmlUrl: updated.data.html_url };
  }
  const params = { owner: pr.owner, repo: pr.repo, issue_number: pr.number, body };
  try {
    // The retry plugin would repeat a 5xx create as it is; here the marker is looked for first.
    const created = await client.rest.issues.createComment({ ...params, request: { retries: 0 } });
    return { id: created.data.id, htmlUrl: created.data.html_url };
  } catch (e: unknown) {
    if (!mayHaveTakenEffect(e)) throw e;
    // Read afresh: a conversation read before the create cannot hold what it made.
    const made = (await listConversation(client, pr)).find(marker);
    if (made) return made;
    const created = await client.rest.issues.createComment(params);
    return { id: created.data.id, htmlUrl: created.data.html_url };
  }
}

/**
 * Whether a failed write may still have been carried out: a 5xx, or no answer at all. A 4xx is
 * GitHub refusing it.
 */
export function mayHaveTakenEffect(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status >= 500;
}

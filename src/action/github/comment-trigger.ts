/**
 * The GitHub side of a `/review` comment: the pull request's current head, read through the
 * API (an `issue_comment` payload names the pull request, not its head), and the reactions
 * that answer the commenter: 👀 when the team starts, then 🚀 or 😕 with the result. A
 * reaction is a courtesy: one that fails is a warning, never the step's failure.
 */
import { pullRequestContext, type ReviewContext } from '../context.js';
import type { GitHubClient } from './client.js';
import { repositoryParams } from './repository-name.js';
import { requestFailure } from './request-failure.js';

/** Where the trigger says what went wrong with a reaction. */
export interface TriggerLog {
  warning(message: string): void;
}

/** The reactions the trigger gives, in GitHub's `content` names. */
export type TriggerReaction = 'eyes' | 'rocket' | 'confused';

/** The reaction that says the team started. */
export const STARTED_REACTION: TriggerReaction = 'eyes';

/** The reaction for the team's result: 🚀 when it succeeded, 😕 when it failed. */
export function resultReaction(success: boolean): TriggerReaction {
  return success ? 'rocket' : 'confused';
}

/**
 * `context` with the pull request the comment is on, at its head as GitHub has it now (a push
 * after the comment is reviewed too: the comment asks for a review of the PR, not of a
 * commit). Throws, naming the pull request and GitHub's answer, when it cannot be read: then
 * there is nothing to review.
 */
export async function withCommentedPullRequest(
  client: GitHubClient,
  context: ReviewContext,
): Promise<ReviewContext> {
  const comment = context.comment;
  if (!comment) throw new Error(`The '${context.eventName}' event has no comment to answer.`);
  try {
    const { data } = await client.rest.pulls.get({
      ...repositoryParams(context.repository),
      pull_number: comment.issueNumber,
    });
    return { ...context, pullRequest: pullRequestContext(data) };
  } catch (e: unknown) {
    throw new Error(
      requestFailure(
        `read pull request #${comment.issueNumber} of ${context.repository}`,
        e,
        'pull-requests: read',
      ),
      { cause: e },
    );
  }
}

/**
 * Reacts to the triggering comment with `content`. Returns whether GitHub took it; a refusal
 * (a read-only token, a deleted comment) is a warning naming the permission, never thrown.
 */
export async function reactToComment(
  client: GitHubClient,
  context: ReviewContext,
  content: TriggerReaction,
  log: TriggerLog,
): Promise<boolean> {
  const comment = context.comment;
  if (!comment) {
    log.warning(`No ${content} reaction: the '${context.eventName}' event has no comment.`);
    return false;
  }
  try {
    await client.rest.reactions.createForIssueComment({
      ...repositoryParams(context.repository),
      comment_id: comment.id,
      content,
    });
    return true;
  } catch (e: unknown) {
    log.warning(
      requestFailure(
        `react with ${content} to the comment that asked for the review`,
        e,
        'pull-requests: write',
      ),
    );
    return false;
  }
}

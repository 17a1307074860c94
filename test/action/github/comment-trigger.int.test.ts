// A /review comment against the GitHub emulator with the step's real client: the event is
// checked, the pull request's head read through the API, and the comment answered 👀 then
// 🚀 or 😕; with a read-only token the reactions are warnings and nothing throws.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { buildReviewContext, type ReviewContext } from '../../../src/action/context.ts';
import { checkEvent } from '../../../src/action/events.ts';
import {
  reactToComment,
  resultReaction,
  STARTED_REACTION,
  withCommentedPullRequest,
} from '../../../src/action/github/comment-trigger.ts';
import { webhookEvent } from '../webhooks.ts';
import { BOT, MEMBER, READ_TOKEN, startGithubBed, type GithubBed } from './github-bed.ts';

let bed: GithubBed;
beforeEach(async () => {
  bed = await startGithubBed();
});
afterEach(async () => {
  try {
    expect(bed.github.invalidRequests).toEqual([]);
    expect(bed.github.responseSchemaViolations).toEqual([]);
  } finally {
    await bed.stop();
  }
});

/**
 * The comment `body` by `login` on PR #2, posted in the emulator, as a real
 * issue_comment.created payload carries it.
 */
function commentEvent(body: string, login: string, association: string): ReviewContext {
  const id = bed.github.addIssueComment(bed.repo.fullName, bed.repo.prNumber, {
    body,
    user: login,
  });
  const payload = webhookEvent('issue_comment', 'created');
  const issue = payload.issue as unknown as Record<string, unknown>;
  issue.number = bed.repo.prNumber;
  issue.pull_request = {
    url: `https://api.github.com/repos/${bed.repo.fullName}/pulls/${bed.repo.prNumber}`,
  };
  payload.comment.id = id;
  payload.comment.body = body;
  payload.comment.user.login = login;
  (payload.comment as { author_association: string }).author_association = association;
  return buildReviewContext(
    {
      GITHUB_EVENT_NAME: 'issue_comment',
      GITHUB_REPOSITORY: bed.repo.fullName,
      GITHUB_SHA: bed.repo.baseSha,
      GITHUB_REF: `refs/heads/${bed.repo.baseRef}`,
    },
    payload,
  );
}

const inputs = { reviewers: [], allowForkPrs: false, triggerPhrase: '/review' };

const reactions = (): { content: string; user: string }[] =>
  bed.github.issueComments(bed.repo.fullName, bed.repo.prNumber)[0]?.reactions ?? [];

describe('a /review comment', () => {
  test('from a member: the head is read, then 👀, then 🚀', async () => {
    const context = commentEvent('/review please', MEMBER, 'MEMBER');
    expect(checkEvent(inputs, context)).toEqual({ run: true });

    const ready = await withCommentedPullRequest(bed.client, context);
    expect(ready.pullRequest).toEqual({
      number: bed.repo.prNumber,
      headRef: 'changes',
      headSha: bed.repo.headSha,
      baseRef: bed.repo.baseRef,
      baseSha: bed.repo.baseSha,
      fork: false,
      // The pulls.get answer's: the emulator's default title, and no description.
      title: 'Pull request from changes',
      body: '',
    });
    expect(checkEvent(inputs, ready)).toEqual({ run: true });

    expect(await reactToComment(bed.client, ready, STARTED_REACTION, bed.log)).toBe(true);
    expect(reactions()).toEqual([{ content: 'eyes', user: BOT }]);
    expect(await reactToComment(bed.client, ready, resultReaction(true), bed.log)).toBe(true);
    expect(reactions()).toEqual([
      { content: 'eyes', user: BOT },
      { content: 'rocket', user: BOT },
    ]);
    expect(bed.warnings).toEqual([]);
  });

  test('a failed team is answered 😕', async () => {
    const context = commentEvent('/review', MEMBER, 'MEMBER');
    expect(await reactToComment(bed.client, context, resultReaction(false), bed.log)).toBe(true);
    expect(reactions()).toEqual([{ content: 'confused', user: BOT }]);
  });

  test('the head is the current one: a push after the comment is reviewed', async () => {
    const context = commentEvent('/review', MEMBER, 'MEMBER');
    bed.github.setPullRequestHead(bed.repo.fullName, bed.repo.prNumber, bed.repo.baseSha);
    const ready = await withCommentedPullRequest(bed.client, context);
    expect(ready.pullRequest?.headSha).toBe(bed.repo.baseSha);
  });

  test('from an outsider: skipped before any request', () => {
    const context = commentEvent('/review', 'someone-else', 'NONE');
    expect(checkEvent(inputs, context)).toEqual({
      run: false,
      notice:
        "'/review' from @someone-else is ignored: their author_association is NONE, and only OWNER, MEMBER, COLLABORATOR can start a review.",
    });
    expect(bed.github.requests).toEqual([]);
  });

  test('with a read-only token the reactions are warnings naming the permission', async () => {
    const context = commentEvent('/review', MEMBER, 'MEMBER');
    // Reading the head needs no write.
    const ready = await withCommentedPullRequest(bed.readOnly, context);
    expect(ready.pullRequest?.headSha).toBe(bed.repo.headSha);
    expect(await reactToComment(bed.readOnly, ready, STARTED_REACTION, bed.log)).toBe(false);
    expect(await reactToComment(bed.readOnly, ready, resultReaction(true), bed.log)).toBe(false);
    expect(reactions()).toEqual([]);
    expect(bed.warnings).toHaveLength(2);
    expect(bed.warnings[0]).toMatch(
      /^Could not react with eyes to the comment that asked for the review: HTTP 403: Resource not accessible by integration.*\. The workflow's token needs `pull-requests: write` \(its permissions: block\)\.$/,
    );
    expect(bed.warnings[1]).toMatch(/^Could not react with rocket .*`pull-requests: write`/);
    expect(bed.github.requests.filter((r) => r.method === 'POST').map((r) => r.token)).toEqual([
      READ_TOKEN,
      READ_TOKEN,
    ]);
  });

  test('a pull request that cannot be read fails with GitHub answer, naming it', async () => {
    const context = commentEvent('/review', MEMBER, 'MEMBER');
    const gone = { ...context, comment: { ...context.comment!, issueNumber: 99 } };
    await expect(withCommentedPullRequest(bed.client, gone)).rejects.toThrow(
      /^Could not read pull request #99 of Codertocat\/Hello-World: HTTP 404: Not Found/,
    );
  });

  test('a reaction to a deleted comment is a warning, not an error', async () => {
    const context = commentEvent('/review', MEMBER, 'MEMBER');
    const deleted = { ...context, comment: { ...context.comment!, id: 987654 } };
    expect(await reactToComment(bed.client, deleted, STARTED_REACTION, bed.log)).toBe(false);
    expect(bed.warnings).toEqual([
      expect.stringMatching(/^Could not react with eyes .*: HTTP 404: Not Found/),
    ]);
  });
});

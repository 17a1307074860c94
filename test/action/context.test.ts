import type {
  IssueCommentCreatedEvent,
  IssueCommentEvent,
  PullRequestEvent,
} from '@octokit/webhooks-types';
import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  buildReviewContext,
  type IssueCommentFields,
  type IssueFields,
  type PayloadFields,
  type PullRequestFields,
} from '../../src/action/context.ts';
import { webhookEvent, webhookPayload } from './webhooks.ts';

const env = {
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_REPOSITORY: 'Codertocat/Hello-World',
  GITHUB_SHA: 'ffffffffffffffffffffffffffffffffffffffff',
  GITHUB_REF: 'refs/pull/2/merge',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_JOB: 'review',
  GITHUB_WORKFLOW: 'Claude review',
  GITHUB_SERVER_URL: 'https://github.com',
};

describe('buildReviewContext', () => {
  test('reads a real pull_request.opened payload', () => {
    const ctx = buildReviewContext(env, webhookPayload('pull_request', 'opened'));
    expect(ctx).toEqual({
      eventName: 'pull_request',
      event: 'pull_request',
      action: 'opened',
      repository: 'Codertocat/Hello-World',
      cloneUrl: 'https://github.com/Codertocat/Hello-World.git',
      sha: env.GITHUB_SHA,
      ref: env.GITHUB_REF,
      pullRequest: {
        number: 2,
        headRef: 'changes',
        headSha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
        baseRef: 'master',
        baseSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
        fork: false,
        title: 'Update the README with new information.',
        body: 'This is a pretty simple change that we need to pull into master.',
      },
      refDeleted: false,
      runId: '4242',
      runAttempt: '2',
      job: 'review',
      workflow: 'Claude review',
      serverUrl: 'https://github.com',
    });
  });

  test("a pull_request's title and body that are missing or not strings are read as empty", () => {
    const payload = webhookPayload('pull_request', 'opened');
    const pr = payload.pull_request as Record<string, unknown>;
    pr.title = 42;
    pr.body = null;
    expect(buildReviewContext(env, payload).pullRequest).toMatchObject({ title: '', body: '' });
    delete pr.title;
    pr.body = { text: 'no' };
    expect(buildReviewContext(env, payload).pullRequest).toMatchObject({ title: '', body: '' });
  });

  test('marks a PR whose head lives in another repository as a fork', () => {
    const payload = webhookEvent('pull_request', 'synchronize');
    expect(payload.pull_request.head.repo).not.toBeNull();
    payload.pull_request.head.repo!.full_name = 'someone/Hello-World';
    expect(buildReviewContext(env, payload).pullRequest?.fork).toBe(true);
  });

  test('treats a deleted fork (head.repo null) as a fork', () => {
    const payload = webhookEvent('pull_request', 'opened');
    payload.pull_request.head.repo = null;
    expect(buildReviewContext(env, payload).pullRequest?.fork).toBe(true);
  });

  test.each([
    ['schedule', 'schedule'],
    ['workflow_dispatch', 'workflow_dispatch'],
    ['push', 'push'],
    ['pull_request_review', 'other'],
  ])('classifies %s events without a PR', (eventName, kind) => {
    const ctx = buildReviewContext(
      { ...env, GITHUB_EVENT_NAME: eventName, GITHUB_REF: 'refs/heads/main' },
      {},
    );
    expect(ctx.event).toBe(kind);
    expect(ctx.pullRequest).toBeUndefined();
    expect(ctx.ref).toBe('refs/heads/main');
  });

  test.each([
    ['push', undefined],
    ['workflow_dispatch', undefined],
    ['pull_request', 'synchronize'],
    ['pull_request', 'closed'],
  ] as const)('reads the action of a real %s payload: %s', (event, action) => {
    const ctx = buildReviewContext(
      { ...env, GITHUB_EVENT_NAME: event },
      webhookPayload(event, action),
    );
    expect(ctx.action).toBe(action);
  });

  test('fails clearly on a malformed pull_request', () => {
    expect(() => buildReviewContext(env, { pull_request: { number: 3 } })).toThrow(
      /pull_request without number/,
    );
  });

  test('takes the repository from the payload when GITHUB_REPOSITORY is not set', () => {
    const { GITHUB_REPOSITORY: _, ...rest } = env;
    const ctx = buildReviewContext(rest, webhookPayload('pull_request', 'opened'));
    expect(ctx.repository).toBe('Codertocat/Hello-World');
  });

  type PullRequestPayload = PullRequestEvent['pull_request'];
  test.each<[string, (pr: PullRequestPayload) => void]>([
    ['a number that is not an integer', (pr) => (pr.number = 2.5)],
    ['a head.sha that is not a string', (pr) => ((pr.head as { sha: unknown }).sha = 42)],
    ['an empty base.ref', (pr) => (pr.base.ref = '')],
  ])('refuses a pull_request with %s', (_what, spoil) => {
    const payload = webhookEvent('pull_request', 'opened');
    spoil(payload.pull_request);
    expect(() => buildReviewContext(env, payload)).toThrow(/pull_request without number/);
  });

  // Checked by the typecheck: what flaude reads is typed as GitHub's webhook schema has it,
  // so a real payload always fits the fields the runtime checks produce.
  test('the fields it reads are the webhook schema types', () => {
    expectTypeOf<PullRequestEvent['pull_request']>().toExtend<PullRequestFields>();
    expectTypeOf<PullRequestEvent>().toExtend<PayloadFields>();
    expectTypeOf<PullRequestFields['number']>().toEqualTypeOf<number>();
  });

  test('reads the comment of a real issue_comment.created payload', () => {
    const ctx = buildReviewContext(
      { ...env, GITHUB_EVENT_NAME: 'issue_comment', GITHUB_REF: 'refs/heads/master' },
      webhookPayload('issue_comment', 'created'),
    );
    expect(ctx.event).toBe('issue_comment');
    expect(ctx.action).toBe('created');
    expect(ctx.comment).toEqual({
      id: 492700400,
      body: "You are totally right! I'll get this fixed right away.",
      authorLogin: 'Codertocat',
      authorAssociation: 'OWNER',
      issueNumber: 1,
      onPullRequest: false,
    });
    // The payload names no head: the pull request is read through the API.
    expect(ctx.pullRequest).toBeUndefined();
  });

  test('a comment on a pull request says so', () => {
    const payload = webhookEvent('issue_comment', 'created');
    payload.issue.pull_request = {
      url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1',
      html_url: 'https://github.com/Codertocat/Hello-World/pull/1',
      diff_url: 'https://github.com/Codertocat/Hello-World/pull/1.diff',
      patch_url: 'https://github.com/Codertocat/Hello-World/pull/1.patch',
    };
    const ctx = buildReviewContext({ ...env, GITHUB_EVENT_NAME: 'issue_comment' }, payload);
    expect(ctx.comment?.onPullRequest).toBe(true);
  });

  test('other events have no comment', () => {
    expect(buildReviewContext(env, webhookPayload('pull_request', 'opened')).comment).toBe(
      undefined,
    );
  });

  test.each<[string, (p: IssueCommentCreatedEvent) => void]>([
    ['a comment id that is not an integer', (p) => (p.comment.id = 1.5)],
    [
      'no author_association',
      (p) => ((p.comment as { author_association: unknown }).author_association = null),
    ],
    ['no author login', (p) => ((p.comment.user as { login: unknown }).login = 7)],
    [
      'an issue number that is not a number',
      (p) => ((p.issue as { number: unknown }).number = '1'),
    ],
  ])('refuses an issue comment with %s', (_what, spoil) => {
    const payload = webhookEvent('issue_comment', 'created') as IssueCommentCreatedEvent;
    spoil(payload);
    expect(() =>
      buildReviewContext({ ...env, GITHUB_EVENT_NAME: 'issue_comment' }, payload),
    ).toThrow(
      'The event payload has an issue comment without issue.number, comment.id, comment.user.login or comment.author_association.',
    );
  });

  test('the comment fields it reads are the webhook schema types', () => {
    // An issue_comment payload has no pull_request key at all; everything else fits.
    expectTypeOf<IssueCommentEvent>().toExtend<Omit<PayloadFields, 'pull_request'>>();
    expectTypeOf<IssueCommentEvent['comment']>().toExtend<IssueCommentFields>();
    expectTypeOf<IssueCommentEvent['issue']>().toExtend<IssueFields>();
  });

  test('needs a repository', () => {
    expect(() => buildReviewContext({ GITHUB_EVENT_NAME: 'push' }, {})).toThrow(
      /GITHUB_REPOSITORY/,
    );
  });
});

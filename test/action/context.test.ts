import type { PullRequestEvent } from '@octokit/webhooks-types';
import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  buildReviewContext,
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
      },
      refDeleted: false,
      runId: '4242',
      runAttempt: '2',
      job: 'review',
      serverUrl: 'https://github.com',
    });
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
    ['issue_comment', 'other'],
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

  test('needs a repository', () => {
    expect(() => buildReviewContext({ GITHUB_EVENT_NAME: 'push' }, {})).toThrow(
      /GITHUB_REPOSITORY/,
    );
  });
});

// Which events the step runs on, with real payloads from @octokit/webhooks-examples.
import { describe, expect, test } from 'vitest';
import { buildReviewContext, type ReviewContext } from '../../src/action/context.ts';
import { checkEvent, PULL_REQUEST_ACTIONS, SUPPORTED_EVENTS } from '../../src/action/events.ts';
import { readInputs, type InputSource } from '../../src/action/inputs.ts';
import { webhookEvent, webhookPayload } from './webhooks.ts';

const valid: Record<string, string> = {
  'fly-api-token': 'fly-secret-token',
  app: 'my-reviewers',
  'claude-code-oauth-token': 'sk-ant-oat01-secret',
  image: 'registry.fly.io/my-reviewers:flaude-1',
  'machine-github-token': 'ghs_machinetoken',
};

const inputs = (overrides: Record<string, string> = {}) => {
  const values = { ...valid, ...overrides };
  const source: InputSource = { get: (name) => values[name] ?? '', setSecret: () => {} };
  return readInputs(source, 'linux');
};

const env = {
  GITHUB_REPOSITORY: 'Codertocat/Hello-World',
  GITHUB_SHA: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
  GITHUB_REF: 'refs/heads/master',
};

function context(event: string, payload: unknown = {}): ReviewContext {
  return buildReviewContext({ ...env, GITHUB_EVENT_NAME: event }, payload);
}

function forkPullRequest(event: string): ReviewContext {
  const payload = webhookEvent('pull_request', 'opened');
  payload.pull_request.head.repo!.full_name = 'someone/Hello-World';
  return context(event, payload);
}

const TEAM = '- name: security\n  prompt: Look for injections.\n- name: tests';

describe('checkEvent', () => {
  test.each(
    PULL_REQUEST_ACTIONS.flatMap((a) => [
      ['pull_request', a] as const,
      ['pull_request_target', a] as const,
    ]),
  )('%s %s runs with the built-in prompt', (event, action) => {
    expect(() =>
      checkEvent(inputs(), context(event, webhookPayload('pull_request', action))),
    ).not.toThrow();
    expect(() =>
      checkEvent(
        inputs({ reviewers: TEAM }),
        context(event, webhookPayload('pull_request', action)),
      ),
    ).not.toThrow();
  });

  test.each(['closed', 'labeled', 'assigned', 'converted_to_draft', 'review_requested'])(
    'pull_request %s is refused, naming the type and the reviewed ones',
    (action) => {
      expect(() =>
        checkEvent(inputs(), context('pull_request', webhookPayload('pull_request', action))),
      ).toThrow(
        `'pull_request' events of type '${action}' are not reviewed: flaude-action runs on opened, synchronize, reopened, ready_for_review (set on.pull_request.types to those).`,
      );
    },
  );

  test('a pull request event without a pull request in its payload is refused', () => {
    expect(() => checkEvent(inputs({ prompt: 'x' }), context('pull_request', {}))).toThrow(
      "The 'pull_request' event payload has no pull_request: no commit to review.",
    );
  });

  test('pull_request_target from a fork is refused unless allow-fork-prs', () => {
    expect(() => checkEvent(inputs(), forkPullRequest('pull_request_target'))).toThrow(
      "Pull request #2 comes from a fork, and pull_request_target would run its code with this repository's secrets: set 'allow-fork-prs: true' to review it anyway (the machine then gets no GitHub token).",
    );
    expect(() =>
      checkEvent(inputs({ 'allow-fork-prs': 'true' }), forkPullRequest('pull_request_target')),
    ).not.toThrow();
    // pull_request runs a fork's code without the repository's secrets: nothing to allow.
    expect(() => checkEvent(inputs(), forkPullRequest('pull_request'))).not.toThrow();
  });

  test.each([
    ['schedule', {}],
    ['workflow_dispatch', webhookPayload('workflow_dispatch')],
    ['push', webhookPayload('push')],
  ] as const)(
    '%s needs the prompts, naming prompt or the entry and the event',
    (event, payload) => {
      expect(() => checkEvent(inputs(), context(event, payload))).toThrow(
        `Input 'prompt' is required on '${event}' events; the built-in review prompt only applies to pull_request and pull_request_target.`,
      );
      expect(() => checkEvent(inputs({ reviewers: TEAM }), context(event, payload))).toThrow(
        `Input 'reviewers', entry 2 ("tests") needs a 'prompt' on '${event}' events; the built-in review prompt only applies to pull_request and pull_request_target.`,
      );
      expect(() =>
        checkEvent(inputs({ prompt: 'Tidy up.' }), context(event, payload)),
      ).not.toThrow();
      const everyone = `${TEAM}\n  prompt: Check the tests.`;
      expect(() =>
        checkEvent(inputs({ reviewers: everyone }), context(event, payload)),
      ).not.toThrow();
    },
  );

  test('a push that deleted its ref is refused', () => {
    const deletion = webhookEvent('push');
    deletion.deleted = true;
    deletion.after = '0'.repeat(40);
    expect(() =>
      checkEvent(
        inputs({ prompt: 'x' }),
        buildReviewContext(
          { ...env, GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/tags/simple-tag' },
          deletion,
        ),
      ),
    ).toThrow('This push deleted refs/tags/simple-tag: there is no commit to review.');
  });

  test.each([
    ['issue_comment', webhookPayload('issue_comment', 'created')],
    ['pull_request_review', webhookPayload('pull_request_review', 'submitted')],
    ['release', webhookPayload('release', 'published')],
    ['', {}],
  ] as const)('%j is refused, listing the supported events', (event, payload) => {
    expect(() => checkEvent(inputs({ prompt: 'x' }), context(event, payload))).toThrow(
      `Event '${event || 'unknown'}' is not supported: flaude-action runs on ${SUPPORTED_EVENTS.join(', ')}.`,
    );
  });
});

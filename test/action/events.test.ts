// Which events the step runs on, with real payloads from @octokit/webhooks-examples.
import { describe, expect, test } from 'vitest';
import { buildReviewContext, type ReviewContext } from '../../src/action/context.ts';
import {
  checkEvent,
  isPullRequestEvent,
  PULL_REQUEST_ACTIONS,
  startsWithPhrase,
  SUPPORTED_EVENTS,
  TRIGGER_ASSOCIATIONS,
} from '../../src/action/events.ts';
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
    ['pull_request_review', webhookPayload('pull_request_review', 'submitted')],
    ['release', webhookPayload('release', 'published')],
    ['', {}],
  ] as const)('%j is refused, listing the supported events', (event, payload) => {
    expect(() => checkEvent(inputs({ prompt: 'x' }), context(event, payload))).toThrow(
      `Event '${event || 'unknown'}' is not supported: flaude-action runs on ${SUPPORTED_EVENTS.join(', ')}.`,
    );
  });

  test('the events that run return the decision to run', () => {
    expect(
      checkEvent(inputs(), context('pull_request', webhookPayload('pull_request', 'opened'))),
    ).toEqual({
      run: true,
    });
    expect(checkEvent(inputs({ prompt: 'x' }), context('schedule'))).toEqual({ run: true });
  });
});

/** A real issue_comment.created payload (by the repository's OWNER, on issue #1), changed. */
function comment(
  change: {
    body?: string;
    association?: string;
    onPullRequest?: boolean;
    action?: string;
  } = {},
): ReviewContext {
  const payload = webhookEvent('issue_comment', 'created');
  const loose = payload as unknown as {
    action: string;
    issue: { pull_request?: unknown };
    comment: { author_association: string };
  };
  if (change.action !== undefined) loose.action = change.action;
  payload.comment.body = change.body ?? '/review';
  if (change.association !== undefined) loose.comment.author_association = change.association;
  if (change.onPullRequest !== false) {
    loose.issue.pull_request = {
      url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1',
      html_url: 'https://github.com/Codertocat/Hello-World/pull/1',
      diff_url: 'https://github.com/Codertocat/Hello-World/pull/1.diff',
      patch_url: 'https://github.com/Codertocat/Hello-World/pull/1.patch',
    };
  }
  return context('issue_comment', payload);
}

describe('checkEvent on issue_comment', () => {
  test.each(TRIGGER_ASSOCIATIONS)("'/review' from an author who is %s runs", (association) => {
    const ctx = comment({ association });
    expect(checkEvent(inputs(), ctx)).toEqual({ run: true });
    // The built-in prompt applies: a comment on a pull request reviews that pull request.
    expect(isPullRequestEvent(ctx)).toBe(true);
  });

  test.each(['CONTRIBUTOR', 'FIRST_TIMER', 'FIRST_TIME_CONTRIBUTOR', 'MANNEQUIN', 'NONE'])(
    "'/review' from an author who is %s is skipped, naming the association",
    (association) => {
      expect(checkEvent(inputs(), comment({ association }))).toEqual({
        run: false,
        notice: `'/review' from @Codertocat is ignored: their author_association is ${association}, and only OWNER, MEMBER, COLLABORATOR can start a review.`,
      });
    },
  );

  test('a comment on a plain issue is skipped', () => {
    const ctx = comment({ onPullRequest: false });
    expect(checkEvent(inputs(), ctx)).toEqual({
      run: false,
      notice: '#1 is an issue, not a pull request: nothing to review.',
    });
    expect(isPullRequestEvent(ctx)).toBe(false);
  });

  test.each(['You are totally right!', '/reviewer', 'Please /review', ''])(
    'a comment that does not start with the phrase is skipped, never quoted: %j',
    (body) => {
      expect(checkEvent(inputs(), comment({ body }))).toEqual({
        run: false,
        notice:
          "The comment on #1 does not start with '/review' (input 'trigger-phrase'): no review.",
      });
    },
  );

  test('the phrase is the trigger-phrase input', () => {
    const custom = inputs({ 'trigger-phrase': '@flaude review' });
    expect(checkEvent(custom, comment({ body: '@flaude review security please' }))).toEqual({
      run: true,
    });
    expect(checkEvent(custom, comment({ body: '/review' }))).toMatchObject({ run: false });
  });

  test.each(['edited', 'deleted'])('a comment that was %s is skipped', (action) => {
    expect(checkEvent(inputs(), comment({ action }))).toEqual({
      run: false,
      notice: `A comment that was ${action} does not start a review; a new one does.`,
    });
  });

  test('needs no prompt: the built-in review applies', () => {
    expect(checkEvent(inputs({ reviewers: TEAM }), comment())).toEqual({ run: true });
  });

  test('once the head is read, a fork head needs allow-fork-prs', () => {
    const fork = {
      ...comment(),
      pullRequest: {
        number: 1,
        headRef: 'patch-1',
        headSha: 'a'.repeat(40),
        baseRef: 'master',
        baseSha: 'b'.repeat(40),
        fork: true,
        title: 'Patch',
        body: '',
      },
    };
    expect(() => checkEvent(inputs(), fork)).toThrow(
      "Pull request #1 comes from a fork, and issue_comment would run its code with this repository's secrets: set 'allow-fork-prs: true' to review it anyway (the machine then gets no GitHub token).",
    );
    expect(checkEvent(inputs({ 'allow-fork-prs': 'true' }), fork)).toEqual({ run: true });
    expect(
      checkEvent(inputs(), { ...fork, pullRequest: { ...fork.pullRequest, fork: false } }),
    ).toEqual({
      run: true,
    });
  });

  test('an issue_comment payload without its comment is refused', () => {
    expect(() => checkEvent(inputs(), context('issue_comment', {}))).toThrow(
      "The 'issue_comment' event payload has no issue comment: nothing to check.",
    );
  });
});

describe('startsWithPhrase', () => {
  test.each([
    [1, '/review', '/review', true],
    [2, '/review\nplease look at the tests', '/review', true],
    [3, '  \n/review security', '/review', true],
    [4, '/review\tnow', '/review', true],
    [5, '/reviewer', '/review', false],
    [6, '/review!', '/review', false],
    [7, 'a /review', '/review', false],
    [8, '/Review', '/review', false],
    [9, '', '/review', false],
  ])('#%i %j with %j: %s', (_n, body, phrase, expected) => {
    expect(startsWithPhrase(body, phrase)).toBe(expected);
  });
});

// Inputs as the runner passes them -> readInputs -> planReviewers -> the machine each
// reviewer gets (its config and the container environment it becomes), on real payloads.
import { describe, expect, test } from 'vitest';
import { buildReviewContext, type ReviewContext } from '../../src/action/context.ts';
import { readInputs, type InputSource } from '../../src/action/inputs.ts';
import {
  MACHINE_OVERHEAD_SECONDS,
  planReviewers,
  type ReviewerPlan,
} from '../../src/action/reviewers.ts';
import { buildCreateMachineRequest, type MachineConfig } from '../../src/fly/index.ts';
import { webhookEvent, webhookPayload } from './webhooks.ts';

const valid: Record<string, string> = {
  'fly-api-token': 'fly-secret-token',
  app: 'my-reviewers',
  'claude-code-oauth-token': 'sk-ant-oat01-secret',
  image: 'registry.fly.io/my-reviewers:flaude-1',
  'machine-github-token': 'ghs_machinetoken',
  name: 'claude',
  'memory-mb': '2048',
  'vm-size': 'shared-cpu-2x',
  'timeout-minutes': '30',
};

const env = {
  GITHUB_REPOSITORY: 'Codertocat/Hello-World',
  GITHUB_RUN_ID: '77',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_JOB: 'review',
  GITHUB_SHA: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
  GITHUB_REF: 'refs/heads/master',
};
const prContext = buildReviewContext(
  { ...env, GITHUB_EVENT_NAME: 'pull_request' },
  webhookPayload('pull_request', 'opened'),
);
const now = new Date('2026-11-21T12:00:00Z');

function plan(
  overrides: Record<string, string>,
  context: ReviewContext = prContext,
  nonce = 'n0nce123',
): ReviewerPlan[] {
  const values = { ...valid, ...overrides };
  const source: InputSource = { get: (name) => values[name] ?? '', setSecret: () => {} };
  return planReviewers(readInputs(source, 'linux'), context, { image: 'img', now, nonce });
}

/** The container environment a plan's machine gets. */
function machineEnv(config: MachineConfig): Record<string, string> {
  return buildCreateMachineRequest(config, { name: 'm' }).config.env ?? {};
}

const TEAM = `
- name: security
  prompt: Review this pull request for security problems only.
  model: opus
  timeout-minutes: 10
- name: tests
  prompt: Check that every behaviour change in this pull request has a test.
  max-turns: 30
  vm-size: performance-1x
  env:
    LEVEL: strict
`;

describe('a team of reviewers', () => {
  test('one plan per entry, in order, each with its overrides and the step defaults', () => {
    const plans = plan({ reviewers: TEAM, model: 'sonnet', env: 'SHARED: "1"' });
    expect(plans.map((p) => p.name)).toEqual(['security', 'tests']);
    const [security, tests] = plans as [ReviewerPlan, ReviewerPlan];

    expect(security.config).toMatchObject({
      prompt: 'Review this pull request for security problems only.',
      model: 'opus',
      timeoutSeconds: 600,
      guest: 'shared-cpu-2x',
      memoryMb: 2048,
      env: { SHARED: '1' },
    });
    expect(security.config.maxTurns).toBeUndefined();
    expect(security.waitTimeoutSeconds).toBe(600 + MACHINE_OVERHEAD_SECONDS);

    expect(tests.config).toMatchObject({
      model: 'sonnet',
      maxTurns: 30,
      timeoutSeconds: 1800,
      guest: 'performance-1x',
      memoryMb: 2048,
      env: { SHARED: '1', LEVEL: 'strict' },
    });
    expect(tests.waitTimeoutSeconds).toBe(1800 + MACHINE_OVERHEAD_SECONDS);

    // The same checkout for everyone: the PR head at its exact SHA, with the base.
    expect(tests.config.repos).toEqual(security.config.repos);
    expect(security.config.repos?.[0]).toMatchObject({
      ref: 'refs/pull/2/head',
      baseRef: 'master',
    });
  });

  test('machine names: one per reviewer, each with the step nonce, apart across matrix legs', () => {
    const legA = plan({ reviewers: TEAM }, prContext, 'aaaa1111');
    const legB = plan({ reviewers: TEAM }, prContext, 'bbbb2222');
    const names = [...legA, ...legB].map((p) => p.machineName);
    expect(new Set(names).size).toBe(4);
    expect(legA.every((p) => p.machineName.includes('aaaa1111'))).toBe(true);
    expect(legA[0]?.machineName).toContain('security');
    expect(legA[1]?.machineName).toContain('tests');
  });

  test('metadata: the input added to every machine, the flaude_* keys per reviewer', () => {
    const plans = plan({ reviewers: TEAM, metadata: 'team: core\ncost-center: "42"' });
    for (const p of plans) {
      expect(p.config.metadata).toEqual({
        team: 'core',
        'cost-center': '42',
        flaude_repo: 'Codertocat/Hello-World',
        flaude_run_id: '77',
        flaude_run_attempt: '1',
        flaude_job: 'review',
        flaude_reviewer: p.name,
        flaude_pr: '2',
        flaude_deadline: expect.stringMatching(/^2026-11-21T12:/) as unknown,
      });
    }
    expect(plans[0]?.config.metadata?.flaude_deadline).toBe('2026-11-21T12:15:00.000Z');
    expect(plans[1]?.config.metadata?.flaude_deadline).toBe('2026-11-21T12:35:00.000Z');
  });
});

describe('the plan each Claude Code input produces', () => {
  test.each<[string, Record<string, string>, Partial<MachineConfig>, Record<string, string>]>([
    ['model', { model: 'opus' }, { model: 'opus' }, { FLAUDE_MODEL: 'opus' }],
    ['max-turns', { 'max-turns': '30' }, { maxTurns: 30 }, { FLAUDE_MAX_TURNS: '30' }],
    [
      'max-budget-usd',
      { 'max-budget-usd': '2.50' },
      { maxBudgetUsd: 2.5 },
      { FLAUDE_MAX_BUDGET_USD: '2.5' },
    ],
    [
      'allowed-tools',
      { 'allowed-tools': 'Read\nBash(git diff:*)' },
      { allowedTools: ['Read', 'Bash(git diff:*)'] },
      { FLAUDE_ALLOWED_TOOLS: 'Read,Bash(git diff:*)' },
    ],
    [
      'disallowed-tools',
      { 'disallowed-tools': 'WebFetch, WebSearch' },
      { disallowedTools: ['WebFetch', 'WebSearch'] },
      { FLAUDE_DISALLOWED_TOOLS: 'WebFetch,WebSearch' },
    ],
    [
      'append-system-prompt',
      { 'append-system-prompt': 'Answer in English.' },
      { appendSystemPrompt: 'Answer in English.' },
      { FLAUDE_APPEND_SYSTEM_PROMPT: 'Answer in English.' },
    ],
    [
      'claude-args',
      { 'claude-args': `--fallback-model sonnet --add-dir "design notes"` },
      { claudeArgs: ['--fallback-model', 'sonnet', '--add-dir', 'design notes'] },
      { FLAUDE_CLAUDE_ARGS: '["--fallback-model","sonnet","--add-dir","design notes"]' },
    ],
    [
      'env',
      { env: 'REVIEW_STYLE: terse' },
      { env: { REVIEW_STYLE: 'terse' } },
      { REVIEW_STYLE: 'terse' },
    ],
    ['region', { region: 'ams' }, { region: 'ams' }, {}],
    [
      'claude-github-token',
      { 'claude-github-token': 'true' },
      { githubToken: 'ghs_machinetoken', claudeGithubToken: true },
      { GITHUB_TOKEN: 'ghs_machinetoken', FLAUDE_CLAUDE_GITHUB_TOKEN: '1' },
    ],
  ])('%s', (_input, overrides, config, machine) => {
    const [p] = plan(overrides);
    expect(p?.config).toMatchObject(config);
    expect(machineEnv(p!.config)).toMatchObject(machine);
  });

  test('unset, none of them reaches the machine', () => {
    const [p] = plan({});
    for (const key of [
      'model',
      'maxTurns',
      'maxBudgetUsd',
      'allowedTools',
      'disallowedTools',
      'appendSystemPrompt',
      'claudeArgs',
      'env',
    ]) {
      expect(p?.config, key).not.toHaveProperty(key);
    }
    const vars = Object.keys(machineEnv(p!.config));
    expect(vars.sort()).toEqual([
      'CLAUDE_CODE_OAUTH_TOKEN',
      'FLAUDE_DEADLINE_SECONDS',
      'FLAUDE_JSON_SCHEMA',
      'FLAUDE_OUTPUT_FORMAT',
      'FLAUDE_PROMPT',
      'FLAUDE_REPOS',
      'FLAUDE_TIMEOUT_SECONDS',
      'GH_TOKEN',
      'GITHUB_TOKEN',
    ]);
  });

  test('claude-args go to every reviewer of a team', () => {
    const plans = plan({ reviewers: TEAM, 'claude-args': '--bare' });
    expect(plans.map((p) => p.config.claudeArgs)).toEqual([['--bare'], ['--bare']]);
  });
});

describe('the checkout of each event', () => {
  test.each([
    ['push', webhookPayload('push'), 'refs/tags/simple-tag'],
    ['push', webhookPayload('push'), 'refs/heads/master'],
    ['workflow_dispatch', webhookPayload('workflow_dispatch'), 'refs/heads/main'],
    // GITHUB_REF is the default branch on schedule.
    ['schedule', {}, 'refs/heads/master'],
  ] as const)('%s on %s: GITHUB_SHA of GITHUB_REF, no base', (event, payload, ref) => {
    const context = buildReviewContext(
      { ...env, GITHUB_EVENT_NAME: event, GITHUB_REF: ref },
      payload,
    );
    const [p] = plan({ prompt: 'Tidy up.' }, context);
    expect(p?.config.prompt).toBe('Tidy up.');
    expect(p?.config.repos).toEqual([
      { url: 'https://github.com/Codertocat/Hello-World.git', ref, sha: env.GITHUB_SHA },
    ]);
    expect(p?.config.metadata).not.toHaveProperty('flaude_pr');
    expect(p?.config.githubToken).toBe('ghs_machinetoken');
  });

  test('pull_request_target: the PR head; from a fork, only allowed, and without the token', () => {
    const target = buildReviewContext(
      { ...env, GITHUB_EVENT_NAME: 'pull_request_target' },
      webhookPayload('pull_request', 'synchronize'),
    );
    const [same] = plan({}, target);
    expect(same?.config.repos?.[0]).toMatchObject({ ref: 'refs/pull/2/head', baseRef: 'master' });
    expect(same?.config.githubToken).toBe('ghs_machinetoken');

    const payload = webhookEvent('pull_request', 'synchronize');
    payload.pull_request.head.repo!.full_name = 'someone/Hello-World';
    const fork = buildReviewContext({ ...env, GITHUB_EVENT_NAME: 'pull_request_target' }, payload);
    expect(() => plan({}, fork)).toThrow(/allow-fork-prs/);
    const [allowed] = plan({ 'allow-fork-prs': 'true' }, fork);
    expect(allowed?.config.repos?.[0]).toMatchObject({
      ref: 'refs/pull/2/head',
      sha: payload.pull_request.head.sha,
    });
    expect(allowed?.config).not.toHaveProperty('githubToken');
  });

  test('an unsupported event has no plan', () => {
    const release = buildReviewContext(
      { ...env, GITHUB_EVENT_NAME: 'release' },
      webhookPayload('release', 'published'),
    );
    expect(() => plan({ prompt: 'x' }, release)).toThrow(/Event 'release' is not supported/);
  });

  test('a skipped event has no plan: a comment on an issue', () => {
    const comment = buildReviewContext(
      { ...env, GITHUB_EVENT_NAME: 'issue_comment' },
      webhookPayload('issue_comment', 'created'),
    );
    expect(() => plan({ prompt: 'x' }, comment)).toThrow(
      /^No reviewers to plan: #1 is an issue, not a pull request/,
    );
  });
});

// Tier 3: dist/index.js run as the runner runs it (main step, then post step), against the
// Fly emulator whose machines run the real entrypoint, git and Claude Code CLI, talking to
// the scripted model server. Uses the committed bundle: test/dist.int.test.ts keeps it fresh.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { viewWorkflowLog } from '../../scripts/workflow-log-view.ts';
import type { FlyEmulator } from '../emulator/fly/index.ts';
import { runActionStep, runMainThenPost, type StepRun } from '../harness/action-run.ts';
import type { FixtureRepo } from '../harness/fixture-repo.ts';
import { startEmulators, type ReviewerEmulators } from '../harness/emulators.ts';
import { expectNoSecrets as expectNoSecretsIn } from '../harness/step-checks.ts';

const secrets = {
  fly: 'fly-e2e-token-5ecret',
  claude: 'sk-ant-oat01-e2e-claude-5ecret',
  github: 'ghs_e2eGithubToken5ecretValue0123',
};

let world: ReviewerEmulators;
let dir: string;
let repo: FixtureRepo;
let fly: FlyEmulator;

beforeAll(async () => {
  world = await startEmulators({ name: 'e2e-action', fly: { token: secrets.fly } });
  ({ dir, repo, fly } = world);
});

afterAll(async () => {
  await world?.stop();
});

afterEach(() => {
  // No failure path may leave a machine running, and every request must be one Fly accepts.
  expect(fly.liveMachines()).toEqual([]);
  expect(fly.validationFailures).toEqual([]);
});

function inputs(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'fly-api-token': secrets.fly,
    app: 'flaude-e2e',
    org: 'personal',
    'claude-code-oauth-token': secrets.claude,
    name: 'claude',
    image: 'registry.fly.io/flaude-e2e:emulated',
    'vm-size': 'shared-cpu-2x',
    'memory-mb': '2048',
    'timeout-minutes': '5',
    'machine-github-token': secrets.github,
    'fly-api-url': fly.url,
    'fly-logs-url': fly.logsUrl,
    ...overrides,
  };
}

async function mainThenPost(
  stepInputs: Record<string, string>,
): Promise<{ main: StepRun; post: StepRun }> {
  return runMainThenPost(dir, { inputs: stepInputs, event: world.pullRequestEvent() });
}

/** None of the step's secrets (nor `extra`) in its log, outputs, state, summary, transcripts. */
function expectNoSecrets(run: StepRun, extra: string[] = []): void {
  expectNoSecretsIn(run, [...Object.values(secrets), ...extra]);
}

describe('the bundled action on a pull_request', () => {
  test("a passing reviewer: step succeeds, results carry exit code 0 and Claude's text", async () => {
    const { main, post } = await mainThenPost(inputs());

    expect(main.exitCode, main.log).toBe(0);
    const results = JSON.parse(main.outputs.results ?? 'null') as Record<string, unknown>[];
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      name: 'claude',
      exit_code: 0,
      success: true,
      error: null,
      // Bash, the review, and the StructuredOutput call that delivers the report.
      num_turns: 3,
      region: 'iad',
      // The emulator's default report: the review as summary, no findings.
      verdict: 'comment',
      findings: [],
      model: 'claude-sonnet-5-5',
      subtype: 'success',
      is_error: false,
    });
    // The machine's estimate, and the total of both costs.
    const flyCost = results[0]?.fly_cost_usd as number;
    expect(flyCost).toBeGreaterThan(0);
    expect(Number(main.outputs['total-cost-usd'])).toBeCloseTo(
      (results[0]?.cost_usd as number) + flyCost,
      6,
    );
    expect(results[0]?.result).toMatch(/## Review/);
    // The tool call really ran in the checkout of the PR head.
    expect(results[0]?.result).toContain('Update the README with new information.');
    expect(main.outputs['machine-ids']).toBe(results[0]?.machine_id);
    expect(main.outputs.succeeded).toBe('1');
    expect(main.outputs.failed).toBe('0');

    // The reviewer's log is one readable group, not raw JSON.
    expect(main.log).toContain('::group::Reviewer claude');
    expect(main.log).toContain('▶ Bash:');
    expect(main.log).not.toMatch(/^\{"type":/m);
    expect(main.log).toContain('::endgroup::');
    expect(main.summary).toContain('| claude | ✅ passed | — | 0 |');
    // The library's debug lines never show as text in the live section.
    expect(viewWorkflowLog(main.log)).not.toContain('::debug::');

    // The raw transcript: every line JSON, Claude's events as printed, where the output says.
    const transcriptsDir = main.outputs['transcripts-dir'] ?? '';
    expect(transcriptsDir).toMatch(/[/\\]flaude$/);
    const transcript = readFileSync(join(transcriptsDir, 'claude.jsonl'), 'utf8');
    const lines = transcript
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(lines).toContainEqual(expect.objectContaining({ type: 'result', is_error: false }));
    expect(lines).toContainEqual('[flaude:exit:0]');
    for (const secret of Object.values(secrets)) expect(transcript).not.toContain(secret);

    // The machine was created as the contract says.
    const create = fly.requests.find(
      (r) => r.method === 'POST' && r.path === '/v1/apps/flaude-e2e/machines',
    );
    const body = create?.body as {
      config: {
        auto_destroy: boolean;
        restart: { policy: string };
        metadata: Record<string, string>;
        guest: unknown;
        env: Record<string, string>;
      };
    };
    expect(body.config.auto_destroy).toBe(true);
    expect(body.config.restart.policy).toBe('no');
    expect(body.config.guest).toEqual({ cpu_kind: 'shared', cpus: 2, memory_mb: 2048 });
    expect(body.config.metadata).toMatchObject({
      managed_by: 'flaude',
      flaude_pr: '2',
      flaude_reviewer: 'claude',
    });
    for (const secret of Object.values(secrets)) {
      expect(JSON.stringify(body.config.metadata)).not.toContain(secret);
    }
    expect(JSON.parse(body.config.env.FLAUDE_REPOS ?? '[]')).toEqual([
      {
        url: 'https://github.com/Codertocat/Hello-World.git',
        ref: 'refs/pull/2/head',
        sha: repo.headSha,
        base_ref: 'master',
        depth: 50,
      },
    ]);

    // Main destroyed its machine, so the post step has nothing to do.
    expect(post.exitCode).toBe(0);
    expect(post.log).toContain('No reviewer machines left to clean up.');
    expectNoSecrets(main);
    expectNoSecrets(post);
  });

  test("a reviewer's findings reach results and the summary, from its structured output", async () => {
    const report = {
      summary: 'Two problems in the README change.',
      verdict: 'request_changes',
      findings: [
        {
          path: 'README.md',
          line: 3,
          start_line: 1,
          severity: 'high',
          title: 'The heading is gone',
          body: 'The first line no longer names the project.',
          suggestion: '# Hello-World',
        },
        { path: 'README.md', line: 5, severity: 'low', title: 'Trailing space', body: 'Cosmetic.' },
      ],
    };
    world.anthropic.registerFindings('e2e-two-problems', report);
    const { main } = await mainThenPost(
      inputs({ prompt: 'Review this. [findings:e2e-two-problems]', name: 'finder' }),
    );

    expect(main.exitCode, main.log).toBe(0);
    const results = JSON.parse(main.outputs.results ?? 'null') as Record<string, unknown>[];
    expect(results[0]).toMatchObject({
      name: 'finder',
      success: true,
      error: null,
      verdict: report.verdict,
      summary: report.summary,
      findings: report.findings,
    });
    expect(main.summary).toContain('**Verdict:** request changes');
    expect(main.summary).toContain('*high* (1)\n\n- `README.md:1-3` The heading is gone');
    expect(main.summary).toContain('*low* (1)\n\n- `README.md:5` Trailing space');
    // The machine got the schema as --json-schema's value.
    const create = fly.requests.findLast(
      (r) => r.method === 'POST' && r.path === '/v1/apps/flaude-e2e/machines',
    );
    const env = (create?.body as { config: { env: Record<string, string> } }).config.env;
    expect(JSON.parse(env.FLAUDE_JSON_SCHEMA ?? '{}')).toMatchObject({
      required: ['summary', 'verdict', 'findings'],
    });
    expectNoSecrets(main);
  });

  test('a reviewer whose model never calls StructuredOutput fails with the reason', async () => {
    const { main } = await mainThenPost(
      inputs({ prompt: 'Review this. [scenario:no-structured-output]', name: 'prose' }),
    );

    expect(main.exitCode).toBe(1);
    const reason =
      "Claude's result has no structured output (the findings the --json-schema asks for)";
    const results = JSON.parse(main.outputs.results ?? 'null') as Record<string, unknown>[];
    expect(results[0]).toMatchObject({
      name: 'prose',
      success: false,
      exit_code: 0,
      subtype: 'success',
      is_error: false,
      error: reason,
      verdict: null,
      summary: null,
      findings: null,
    });
    expect(main.log).toMatch(
      /^::error title=Reviewer prose failed::Claude's result has no structured output/m,
    );
    expect(main.log.split('\n')).toContain(`::error::Reviewer prose failed: ${reason}`);
    expect(main.summary).toContain(`| prose | ❌ failed | ${reason} | 0 |`);
    expectNoSecrets(main);
  });

  test('a failing reviewer: step fails and the error carries the log tail', async () => {
    const { main, post } = await mainThenPost(
      inputs({ prompt: 'Review this. [scenario:api-error]', name: 'strict' }),
    );

    expect(main.exitCode).toBe(1);
    const results = JSON.parse(main.outputs.results ?? 'null') as Record<string, unknown>[];
    expect(results[0]).toMatchObject({
      name: 'strict',
      success: false,
      exit_code: 1,
      subtype: 'success',
      is_error: true,
    });
    // The reason is Claude's, in one sentence, not the exit code.
    const reason =
      'Claude reported an API error: API Error: 400 Emulated API error (scenario api-error): request refused.';
    expect(results[0]?.error).toBe(reason);
    expect(main.outputs.failed).toBe('1');
    // The reviewer's annotation, titled with its name: the reason, then the machine's failure
    // and the tail of its log (the runner encodes newlines as %0A).
    const annotation =
      main.log.split('\n').find((l) => l.startsWith('::error title=Reviewer strict failed::')) ??
      '';
    expect(annotation).toContain(reason);
    expect(annotation).toMatch(/Machine \S+ failed: exit code 1/);
    expect(annotation).toContain('── reviewer exited with code 1');
    // The step's own failure names the reviewer and its reason.
    const error = main.log.split('\n').find((l) => l.startsWith('::error::')) ?? '';
    expect(error).toBe(`::error::Reviewer strict failed: ${reason}`);
    expect(main.summary).toContain(`| strict | ❌ failed | ${reason} | 1 |`);
    expect(post.exitCode).toBe(0);
    expectNoSecrets(main);
  });

  test('fail-on-error false: the failed reviewer is reported and annotated, the step stays green', async () => {
    const { main, post } = await mainThenPost(
      inputs({
        prompt: 'Review this. [scenario:api-error]',
        name: 'lenient',
        'fail-on-error': 'false',
      }),
    );

    expect(main.exitCode, main.log).toBe(0);
    const results = JSON.parse(main.outputs.results ?? 'null') as Record<string, unknown>[];
    expect(results[0]).toMatchObject({ name: 'lenient', success: false, is_error: true });
    expect(results[0]?.error).toMatch(/^Claude reported an API error: /);
    expect(main.outputs.failed).toBe('1');
    expect(main.log).toMatch(
      /^::error title=Reviewer lenient failed::Claude reported an API error/m,
    );
    expect(main.log).not.toMatch(/^::error::/m);
    expect(main.log).toContain(
      '1 of 1 reviewer failed; the step passes since fail-on-error is false.',
    );
    expect(main.summary).toContain('| lenient | ❌ failed | Claude reported an API error');
    expect(post.exitCode).toBe(0);
    expectNoSecrets(main);
  });

  test('a job summary that cannot be written leaves a passing review green, with a warning', async () => {
    const event = world.pullRequestEvent();
    // A runner without job summaries: no GITHUB_STEP_SUMMARY at all.
    const env = { GITHUB_STEP_SUMMARY: undefined };
    const main = await runActionStep(dir, { inputs: inputs(), event, env });
    const post = await runActionStep(dir, { inputs: inputs(), event, env, state: main.state });

    expect(main.exitCode, main.log).toBe(0);
    expect(main.log).toMatch(
      /^::warning::Could not write the job summary: Unable to find environment variable for \$GITHUB_STEP_SUMMARY/m,
    );
    expect(main.log).not.toMatch(/^::error::/m);
    expect(main.summary).toBe('');
    // The outputs were written all the same.
    const results = JSON.parse(main.outputs.results ?? 'null') as Record<string, unknown>[];
    expect(results[0]).toMatchObject({ name: 'claude', success: true, exit_code: 0 });
    expect(main.outputs.succeeded).toBe('1');
    expect(main.outputs.failed).toBe('0');
    expect(main.outputs['machine-ids']).toBe(results[0]?.machine_id);
    expect(post.exitCode).toBe(0);
    expectNoSecrets(main);
  });

  test("a team of two with Claude Code's settings: every flag reaches the real CLI", async () => {
    fly.clearRecords();
    const { main } = await mainThenPost(
      inputs({
        name: 'claude',
        'max-concurrency': '1',
        'max-budget-usd': '5',
        'allowed-tools': 'Bash, Read',
        'disallowed-tools': 'WebFetch',
        'append-system-prompt': 'Answer in English.',
        'claude-args': '--fallback-model claude-haiku-4-5',
        env: 'REVIEW_STYLE: terse',
        metadata: 'team: core',
        reviewers: '- name: security\n  max-turns: 10\n- name: tests\n  model: claude-sonnet-4-5',
      }),
    );
    expect(main.exitCode, main.log).toBe(0);
    const results = JSON.parse(main.outputs.results ?? 'null') as Record<string, unknown>[];
    expect(results.map((r) => [r.name, r.success])).toEqual([
      ['security', true],
      ['tests', true],
    ]);
    const creates = fly.requests.filter(
      (r) => r.method === 'POST' && r.path === '/v1/apps/flaude-e2e/machines',
    );
    const envs = creates.map(
      (r) => (r.body as { config: { env: Record<string, string> } }).config.env,
    );
    expect(envs).toHaveLength(2);
    expect(envs[0]).toMatchObject({
      FLAUDE_MAX_TURNS: '10',
      FLAUDE_MAX_BUDGET_USD: '5',
      FLAUDE_ALLOWED_TOOLS: 'Bash,Read',
      FLAUDE_DISALLOWED_TOOLS: 'WebFetch',
      FLAUDE_APPEND_SYSTEM_PROMPT: 'Answer in English.',
      FLAUDE_CLAUDE_ARGS: '["--fallback-model","claude-haiku-4-5"]',
      REVIEW_STYLE: 'terse',
    });
    expect(envs[1]).toMatchObject({ FLAUDE_MODEL: 'claude-sonnet-4-5' });
    expect(envs[1]).not.toHaveProperty('FLAUDE_MAX_TURNS');
  });

  test('bad inputs fail before any request reaches Fly', async () => {
    fly.clearRecords();
    const cases: [Record<string, string>, RegExp][] = [
      [{ 'fly-api-token': '' }, /Input 'fly-api-token' is required/],
      [{ 'vm-size': 'gigantic-cpu-99x' }, /Input 'vm-size' is "gigantic-cpu-99x"/],
      [{ 'timeout-minutes': 'soon' }, /Input 'timeout-minutes' is "soon"/],
      [{ 'anthropic-api-key': 'sk-ant-api03-e2e-second-credential' }, /both set/],
      [{ 'claude-code-oauth-token': '' }, /Neither/],
      [
        { reviewers: '- name: tests\n  promt: typo' },
        /entry 1 \("tests"\) has an unknown key "promt"/,
      ],
      [
        { reviewers: '- name: a', prompt: 'Review.' },
        /Inputs 'reviewers' and 'prompt' are both set/,
      ],
      [{ 'max-concurrency': '0' }, /Input 'max-concurrency' is "0"/],
      [{ model: 'opus --verbose' }, /Input 'model' is "opus --verbose"/],
      [{ 'max-turns': 'many' }, /Input 'max-turns' is "many"/],
      [{ 'max-budget-usd': '-1' }, /Input 'max-budget-usd' is "-1"/],
      [{ 'allowed-tools': '--verbose' }, /Input 'allowed-tools' is "--verbose"/],
      [{ 'disallowed-tools': '-x' }, /Input 'disallowed-tools' is "-x"/],
      [
        { reviewers: '- name: a\n  append-system-prompt: ""' },
        /field 'append-system-prompt' is empty/,
      ],
      [{ env: 'GITHUB_TOKEN: mine' }, /Input 'env': env key "GITHUB_TOKEN" is reserved/],
      [{ metadata: 'flaude_reviewer: me' }, /Input 'metadata': key "flaude_reviewer" is reserved/],
      [{ 'claude-args': '--output-format json' }, /Input 'claude-args' sets --output-format/],
      [{ 'fail-on-error': 'no' }, /Input 'fail-on-error' is "no"; expected true or false/],
      [{ 'allow-fork-prs': 'yes' }, /Input 'allow-fork-prs' is "yes"; expected true or false/],
    ];
    for (const [overrides, message] of cases) {
      const run = await runActionStep(dir, {
        inputs: inputs(overrides),
        event: world.pullRequestEvent(),
      });
      expect(run.exitCode).toBe(1);
      expect(run.log).toMatch(message);
      expectNoSecrets(run, ['sk-ant-api03-e2e-second-credential']);
    }
    expect(fly.requests).toEqual([]);
  });
});

// Tier 3: Claude Code's own word on how it ended decides a reviewer's status, in one step of
// dist/index.js (main, then post) against the Fly emulator. A reviewer that reaches
// `max-turns` fails with that reason (the real entrypoint and CLI, talking to the scripted
// model server); a reviewer whose Claude exits 0 with a `result` line saying `is_error: true`
// fails too (a script machine replaying a real captured run: see below why).
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { apiErrorResult, initLine } from '../action/claude-frames.ts';
import { webhookPayload } from '../action/webhooks.ts';
import type { FlyEmulator } from '../emulator/fly/index.ts';
import { runMainThenPost, type StepRun } from '../harness/action-run.ts';
import { startEmulators, type Emulators, type ReviewerEmulators } from '../harness/emulators.ts';
import {
  emulatedStepInputs,
  expectNoSecrets,
  resultsOf,
  reviewerGroups,
  reviewerMachines,
  transcriptsOf,
} from '../harness/step-checks.ts';
import { expectFlyClean } from '../harness/use-emulators.ts';

const secrets = {
  fly: 'fly-status-e2e-token-5ecret',
  anthropic: 'sk-ant-api03-status-e2e-5ecret-key',
  github: 'ghs_statusE2eGithubToken5ecretValue1',
};

/** The step's inputs on `fly`, for `app`, with `overrides` on top. */
function inputs(
  fly: FlyEmulator,
  app: string,
  overrides: Record<string, string>,
): Record<string, string> {
  return emulatedStepInputs(fly, app, secrets, overrides);
}

/** The main step, then the post step with the state main saved, as the runner runs them. */
async function mainThenPost(
  dir: string,
  stepInputs: Record<string, string>,
  event: { name: string; payload: Record<string, unknown> },
): Promise<{ main: StepRun; post: StepRun }> {
  return runMainThenPost(dir, { inputs: stepInputs, event });
}

/** The post step found nothing to do and said nothing alarming. */
function expectQuietPost(post: StepRun): void {
  expect(post.exitCode, post.log).toBe(0);
  expect(post.log).toContain('No reviewer machines left to clean up.');
  expect(post.log).not.toMatch(/^::(warning|error)/m);
}

/** The log's error annotations titled with `name`'s failure. */
function titledErrors(run: StepRun, name: string): string[] {
  return run.log.split('\n').filter((l) => l.startsWith(`::error title=Reviewer ${name} failed::`));
}

/** Every machine of `app` destroyed, one per reviewer in `names`. */
function expectMachinesDestroyed(fly: FlyEmulator, app: string, names: readonly string[]): void {
  expect(reviewerMachines(fly, app).map((m) => [m.reviewer, m.state])).toEqual(
    names.map((name) => [name, 'destroyed']),
  );
}

describe('a reviewer that reaches max-turns', () => {
  const app = 'flaude-status-turns';
  let world: ReviewerEmulators;

  beforeAll(async () => {
    world = await startEmulators({ name: 'e2e-status-turns', fly: { token: secrets.fly } });
  });
  afterAll(async () => {
    await world?.stop();
  });
  afterEach(async () => {
    await expectFlyClean(world.fly);
  });

  test('fails the step with that reason, in results, annotation and summary', async () => {
    // The success scenario's first turn is a Bash tool call: with one turn allowed, the real
    // CLI stops there with `error_max_turns` and exits 1.
    const reviewers = [
      '- name: hasty',
      '  prompt: Review this pull request.',
      '  max-turns: 1',
    ].join('\n');
    const { main, post } = await mainThenPost(
      world.dir,
      inputs(world.fly, app, { reviewers }),
      world.pullRequestEvent(),
    );
    expect(main.exitCode, main.log).toBe(1);

    const reason = 'Claude stopped after reaching max-turns (1)';
    const results = resultsOf(main);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      name: 'hasty',
      success: false,
      exit_code: 1,
      subtype: 'error_max_turns',
      is_error: true,
      error: reason,
    });
    expect(main.outputs.succeeded).toBe('0');
    expect(main.outputs.failed).toBe('1');

    const titled = titledErrors(main, 'hasty');
    expect(titled).toHaveLength(1);
    expect(titled[0]).toContain(`::${reason}.`);
    expect(titled[0]).toMatch(/Machine \S+ failed: exit code 1/);
    expect(main.log).toMatch(
      /^::error::Reviewer hasty failed: Claude stopped after reaching max-turns \(1\)$/m,
    );
    expect(main.summary).toMatch(
      /^\| hasty \| ❌ failed \| Claude stopped after reaching max-turns \(1\) \| 1 \|/m,
    );
    const groups = reviewerGroups(main.log);
    expect(groups.map((g) => g.name)).toEqual(['hasty']);
    expect(groups[0]?.lines.at(-1)).toMatch(
      /^✖ hasty failed after \d+ s: Claude stopped after reaching max-turns \(1\)$/,
    );
    // The raw transcript keeps Claude's own words.
    const transcript = transcriptsOf(main).get('hasty.jsonl') ?? '';
    expect(transcript).toContain('"subtype":"error_max_turns"');
    expect(transcript).toContain('Reached maximum number of turns (1)');

    expectMachinesDestroyed(world.fly, app, ['hasty']);
    expectQuietPost(post);
    for (const run of [main, post]) expectNoSecrets(run, Object.values(secrets));
  });
});

describe('a reviewer whose Claude exits 0 but says is_error: true', () => {
  // Why a script machine here and nowhere else: the pinned CLI (2.1.330) exits 1 on every API
  // error it has been given (400, 401, 403, 404, 413), so a reviewer machine running it cannot
  // show this case; exiting 0 after an API error is a documented bug of earlier 2.1.x releases,
  // which a user's image may still carry. The script prints what such a run prints: the real
  // lines captured from the CLI (its init line and its api-error result, `subtype: success`,
  // `is_error: true`, `terminal_reason: api_error`), then the entrypoint's exit marker for 0,
  // and exits 0.
  const app = 'flaude-status-lying';
  const script = [
    "cat <<'FRAMES'",
    '[flaude] Claude Code started (replayed frames of a run that exited 0)',
    initLine,
    apiErrorResult,
    '[flaude:exit:0]',
    'FRAMES',
    'exit 0',
    '',
  ].join('\n');
  let world: Emulators;

  beforeAll(async () => {
    world = await startEmulators({
      name: 'e2e-status-lying',
      fly: { token: secrets.fly },
      scripts: { files: { 'exit-0-api-error.sh': script }, forImage: () => 'exit-0-api-error.sh' },
    });
  });
  afterAll(async () => {
    await world?.stop();
  });
  afterEach(async () => {
    await expectFlyClean(world.fly);
  });

  test('fails the step with a plain reason, though the exit code is 0', async () => {
    const event = { name: 'pull_request', payload: webhookPayload('pull_request', 'opened') };
    const { main, post } = await mainThenPost(
      world.dir,
      inputs(world.fly, app, { name: 'liar', prompt: 'Review this pull request.' }),
      event,
    );
    expect(main.exitCode, main.log).toBe(1);

    const reason =
      'Claude reported an API error: API Error: 400 Emulated API error (scenario api-error): request refused.';
    const results = resultsOf(main);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      name: 'liar',
      exit_code: 0,
      success: false,
      subtype: 'success',
      is_error: true,
      error: reason,
    });
    expect(main.outputs.failed).toBe('1');

    const titled = titledErrors(main, 'liar');
    expect(titled).toHaveLength(1);
    expect(titled[0]).toContain(`::${reason}`);
    // The machine's own view stays in the annotation: it exited 0.
    expect(titled[0]).toMatch(/Machine \S+ failed: exit code 0/);
    expect(main.log).toMatch(/^::error::Reviewer liar failed: Claude reported an API error: /m);
    expect(main.summary).toMatch(
      /^\| liar \| ❌ failed \| Claude reported an API error[^|]* \| 0 \|/m,
    );

    expectMachinesDestroyed(world.fly, app, ['liar']);
    expectQuietPost(post);
    for (const run of [main, post]) expectNoSecrets(run, Object.values(secrets));
  });
});

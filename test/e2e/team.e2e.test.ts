// Tier 3: a team of reviewers in one step of dist/index.js (main, then post), against the Fly
// emulator whose machines run the real entrypoint and Claude Code CLI, talking to the scripted
// model server: the concurrency limit as the emulator saw it, one log group per reviewer in
// the order they finished, a failing reviewer among passing ones, and two matrix legs at once.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { FlyEmulator } from '../emulator/fly/index.ts';
import {
  runActionStep,
  runMainThenPost,
  type StepOptions,
  type StepRun,
} from '../harness/action-run.ts';
import { startEmulators, type ReviewerEmulators } from '../harness/emulators.ts';
import {
  emulatedStepInputs,
  expectNoSecrets,
  maxAlive,
  resultsOf,
  reviewerGroups,
  reviewerMachines,
  transcriptsOf,
} from '../harness/step-checks.ts';
import { expectFlyClean } from '../harness/use-emulators.ts';

const secrets = {
  fly: 'fly-team-e2e-token-5ecret',
  anthropic: 'sk-ant-api03-team-e2e-5ecret-key',
  github: 'ghs_teamE2eGithubToken5ecretValue01',
};

let world: ReviewerEmulators;
let dir: string;
let fly: FlyEmulator;
/** Each test's own app: the emulator keeps destroyed machines, and a test counts its own. */
let app: string;
let apps = 0;

beforeAll(async () => {
  // The slow answer takes about 8 s: long enough that the reviewers after it in the plan
  // finish first, whatever the machine's load.
  world = await startEmulators({
    name: 'e2e-team',
    fly: { token: secrets.fly },
    model: { scenarios: { slowChunkDelayMs: 400, slowChunkCount: 20 } },
  });
  ({ dir, fly } = world);
});

afterAll(async () => {
  await world?.stop();
});

beforeEach(() => {
  fly.clearRecords();
  apps += 1;
  app = `flaude-team-${apps}`;
});

afterEach(async () => {
  await expectFlyClean(fly);
});

function inputs(overrides: Record<string, string> = {}): Record<string, string> {
  return emulatedStepInputs(fly, app, secrets, overrides);
}

/** The main step, then the post step with the state main saved, as the runner runs them. */
async function mainThenPost(
  stepInputs: Record<string, string>,
  extra: Partial<StepOptions> = {},
): Promise<{ main: StepRun; post: StepRun }> {
  return runMainThenPost(dir, { inputs: stepInputs, event: world.pullRequestEvent(), ...extra });
}

/** A `reviewers` input: one entry per name, with its prompt. */
function team(prompts: Record<string, string>): string {
  return Object.entries(prompts)
    .map(([name, prompt]) => `- name: ${name}\n  prompt: ${JSON.stringify(prompt)}`)
    .join('\n');
}

/** The post step found nothing to do and said nothing alarming. */
function expectQuietPost(post: StepRun): void {
  expect(post.exitCode, post.log).toBe(0);
  expect(post.log).toContain('No reviewer machines left to clean up.');
  expect(post.log).not.toMatch(/^::(warning|error)/m);
}

describe('a team of three at max-concurrency 2', () => {
  test('never more than 2 machines alive; one whole group each, in finishing order', async () => {
    const { main, post } = await mainThenPost(
      inputs({
        'max-concurrency': '2',
        reviewers: team({
          slow: 'Review this pull request. [scenario:slow]',
          quick: 'Review this pull request.',
          third: 'Review this pull request.',
        }),
      }),
    );
    expect(main.exitCode, main.log).toBe(0);

    // The emulator's record: 3 machines, at most 2 alive at any moment (and 2 at some).
    const machines = reviewerMachines(fly, app);
    expect(machines.map((m) => m.reviewer)).toEqual(['slow', 'quick', 'third']);
    expect(machines.every((m) => m.state === 'destroyed')).toBe(true);
    expect(maxAlive(machines)).toBe(2);

    // One group per reviewer, never interleaved (logGroups refuses nesting), in the order
    // their machines exited: the slow one, first in the plan, last.
    const groups = reviewerGroups(main.log);
    const exitedAt = (reviewer: string): number =>
      machines.find((m) => m.reviewer === reviewer)?.events.find((e) => e.type === 'exit')
        ?.timestamp ?? NaN;
    const byExit = ['slow', 'quick', 'third'].sort((a, b) => exitedAt(a) - exitedAt(b));
    expect(groups.map((g) => g.name)).toEqual(byExit);
    expect(byExit.at(-1)).toBe('slow');

    // Each group is complete, and only its own reviewer's: its machine's checkout, Claude's
    // start, its tool call, its review and its closing line, and no other machine's lines.
    const results = resultsOf(main);
    const idOf = (name: string): string => results.find((r) => r.name === name)?.machine_id ?? '';
    for (const group of groups) {
      const text = group.lines.join('\n');
      expect(text).toMatch(new RegExp(`Cloning .*${idOf(group.name)}/workspace`));
      expect(text).toContain('Checked out');
      expect(text).toContain('· Claude Code started');
      expect(text).toContain('▶ Bash:');
      expect(text).toContain('## Review');
      expect(group.lines.at(-1)).toMatch(new RegExp(`^✔ ${group.name} passed after \\d+ s\\.$`));
      for (const other of results.filter((r) => r.name !== group.name)) {
        expect(text).not.toContain(other.machine_id);
      }
    }
    // While they ran: progress lines outside the groups, and a status line for all of them.
    expect(main.log).toMatch(/^\[slow\] started: machine \S+ in iad$/m);
    expect(main.log).toMatch(/^\[quick\] ▶ Bash: /m);
    expect(main.log).toMatch(/^slow: running \d+s(, \d+ turns?)? · quick: passed in \d+s · /m);

    // Outputs: every reviewer, in plan order.
    expect(results.map((r) => [r.name, r.success, r.exit_code])).toEqual([
      ['slow', true, 0],
      ['quick', true, 0],
      ['third', true, 0],
    ]);
    for (const r of results) expect(r.result).toContain('## Review');
    expect(results.map((r) => r.machine_id)).toEqual(machines.map((m) => m.id));
    expect(main.outputs['machine-ids']).toBe(machines.map((m) => m.id).join(','));
    expect(main.outputs.succeeded).toBe('3');
    expect(main.outputs.failed).toBe('0');
    const transcripts = transcriptsOf(main);
    expect([...transcripts.keys()]).toEqual(['quick.jsonl', 'slow.jsonl', 'third.jsonl']);
    for (const text of transcripts.values()) {
      expect(text).toMatch(/"type":"result"/);
      expect(text).toContain('"[flaude:exit:0]"');
    }

    // The summary: a row per reviewer (3 turns: Bash, the review, the StructuredOutput call),
    // then each result in an open block.
    for (const m of machines) {
      expect(main.summary).toMatch(
        new RegExp(
          `^\\| ${m.reviewer} \\| ✅ passed \\| — \\| 0 \\| \\d+ s \\| 3 \\| \\$[\\d.]+ \\| (<\\$0\\.0001|\\$[\\d.]+) \\| \`${m.id}\` \\| \\w+ \\|$`,
          'm',
        ),
      );
      expect(main.summary).toContain(`<details open><summary>${m.reviewer}</summary>`);
    }

    // Main destroyed each machine as it finished, so its state lists no id left to destroy.
    expect(JSON.parse(main.state['machine-names'] ?? '[]')).toHaveLength(3);
    expect(JSON.parse(main.state['machine-ids'] ?? '[]')).toEqual([]);
    expectQuietPost(post);
    for (const run of [main, post]) expectNoSecrets(run, Object.values(secrets));
  });
});

describe('one failing reviewer among passing ones', () => {
  const reviewers = team({
    first: 'Review this pull request.',
    broken: 'Review this pull request. [scenario:api-error]',
    last: 'Review this pull request.',
  });

  /** What both settings of fail-on-error report alike. */
  function expectEveryReviewerReported(main: StepRun): void {
    const results = resultsOf(main);
    expect(results.map((r) => [r.name, r.success, r.exit_code])).toEqual([
      ['first', true, 0],
      ['broken', false, 1],
      ['last', true, 0],
    ]);
    // One plain sentence: the real CLI exits 1 after the API error, and its result line says why.
    expect(results[1]?.error).toMatch(/^Claude reported an API error: API Error: 400 /);
    expect(main.outputs.succeeded).toBe('2');
    expect(main.outputs.failed).toBe('1');
    expect(main.outputs['machine-ids']?.split(',')).toHaveLength(3);
    expect(main.summary).toMatch(/^\| first \| ✅ passed \| — \| 0 \|/m);
    expect(main.summary).toMatch(
      /^\| broken \| ❌ failed \| Claude reported an API error[^|]* \| 1 \|/m,
    );
    expect(main.summary).toMatch(/^\| last \| ✅ passed \| — \| 0 \|/m);
    expect(main.summary).toContain('<details><summary>broken</summary>');
    // The failure is an annotation titled with the reviewer's name: its reason, then the
    // machine's failure with the log tail.
    const errors = main.log.split('\n').filter((l) => l.startsWith('::error'));
    const titled = errors.filter((l) => l.startsWith('::error title=Reviewer broken failed::'));
    expect(titled).toHaveLength(1);
    expect(titled[0]).toMatch(/::Claude reported an API error: .*Machine \S+ failed: exit code 1/);
    expect(errors.join('\n')).not.toMatch(/Reviewer (first|last)/);
    expect(
      reviewerGroups(main.log)
        .map((g) => g.name)
        .sort(),
    ).toEqual(['broken', 'first', 'last']);
    // Every machine was destroyed, the failed one too.
    const machines = reviewerMachines(fly, app);
    expect(machines.map((m) => [m.reviewer, m.state])).toEqual([
      ['first', 'destroyed'],
      ['broken', 'destroyed'],
      ['last', 'destroyed'],
    ]);
  }

  test('fails the step, and every reviewer is reported', async () => {
    const { main, post } = await mainThenPost(inputs({ reviewers }));
    expect(main.exitCode, main.log).toBe(1);
    expectEveryReviewerReported(main);
    // The step's own failure names the reviewer and its reason, in one line.
    expect(main.log).toMatch(/^::error::Reviewer broken failed: Claude reported an API error/m);
    expectQuietPost(post);
    for (const run of [main, post]) expectNoSecrets(run, Object.values(secrets));
  });

  test('with fail-on-error false: the step passes, the failure still reported', async () => {
    const { main, post } = await mainThenPost(inputs({ reviewers, 'fail-on-error': 'false' }));
    expect(main.exitCode, main.log).toBe(0);
    expectEveryReviewerReported(main);
    expect(main.log).not.toMatch(/^::error::/m);
    expect(main.log).toContain(
      '1 of 3 reviewers failed; the step passes since fail-on-error is false.',
    );
    expectQuietPost(post);
    for (const run of [main, post]) expectNoSecrets(run, Object.values(secrets));
  });
});

describe('two matrix legs at once on one app', () => {
  test('share no machine name, output or state entry; both posts clean up', async () => {
    // A matrix job: the same run, attempt and job for both legs, one reviewer each.
    const legs = ['unit', 'lint'];
    const mains = await Promise.all(
      legs.map((name) =>
        runActionStep(dir, {
          inputs: inputs({ name, prompt: `Review this pull request (${name} leg).` }),
          event: world.pullRequestEvent(),
        }),
      ),
    );
    const machines = reviewerMachines(fly, app);
    expect(machines.map((m) => m.reviewer).sort()).toEqual(['lint', 'unit']);
    expect(new Set(machines.map((m) => m.name)).size).toBe(2);

    for (const [i, main] of mains.entries()) {
      const name = legs[i]!;
      const other = legs[1 - i]!;
      const mine = machines.find((m) => m.reviewer === name);
      const theirs = machines.find((m) => m.reviewer === other);
      expect(main.exitCode, main.log).toBe(0);
      expect(resultsOf(main).map((r) => [r.name, r.success, r.machine_id])).toEqual([
        [name, true, mine?.id],
      ]);
      expect(main.outputs['machine-ids']).toBe(mine?.id);
      expect(JSON.stringify(main.outputs)).not.toContain(theirs?.id);
      expect(JSON.stringify(main.outputs)).not.toContain(`"${other}"`);
      expect([...transcriptsOf(main).keys()]).toEqual([`${name}.jsonl`]);
      expect(JSON.parse(main.state['machine-names'] ?? '[]')).toEqual([mine?.name]);
      expect(JSON.stringify(main.state)).not.toContain(theirs?.name);
      expect(JSON.stringify(main.state)).not.toContain(theirs?.id);
      expect(main.summary).toContain(`| ${name} | ✅ passed |`);
      expect(main.summary).not.toContain(`| ${other} |`);
    }

    const posts = await Promise.all(
      legs.map((name, i) =>
        runActionStep(dir, {
          inputs: inputs({ name, prompt: `Review this pull request (${name} leg).` }),
          event: world.pullRequestEvent(),
          state: mains[i]!.state,
        }),
      ),
    );
    for (const post of posts) expectQuietPost(post);
    for (const run of [...mains, ...posts]) expectNoSecrets(run, Object.values(secrets));
  });

  test('legs with the same reviewer name still get machines of their own', async () => {
    const mains = await Promise.all(
      [1, 2].map(() =>
        runActionStep(dir, {
          inputs: inputs({ name: 'claude', prompt: 'Review this pull request.' }),
          event: world.pullRequestEvent(),
        }),
      ),
    );
    const machines = reviewerMachines(fly, app);
    expect(machines).toHaveLength(2);
    expect(machines[0]?.name).not.toBe(machines[1]?.name);
    const ids = mains.map((main) => {
      expect(main.exitCode, main.log).toBe(0);
      return main.outputs['machine-ids'];
    });
    expect(ids.sort()).toEqual(machines.map((m) => m.id).sort());
    const names = mains.map((main) => JSON.parse(main.state['machine-names'] ?? '[]') as string[]);
    expect(names.flat().sort()).toEqual(machines.map((m) => m.name).sort());
    for (const run of mains) expectNoSecrets(run, Object.values(secrets));
  });
});

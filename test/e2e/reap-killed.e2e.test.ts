// Tier 3: a runner that vanishes (the main step SIGKILLed, no post step) leaves its reviewer
// machine running; `mode: reap` reads the metadata the action itself put on it, leaves it while
// its workflow run is in progress, and destroys it once the run has completed.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runActionStep, type StepRun } from '../harness/action-run.ts';
import {
  GITHUB_READ_ONLY_TOKEN,
  startEmulators,
  type ReviewerEmulators,
} from '../harness/emulators.ts';
import { expectGithubClean, expectNoSecrets } from '../harness/step-checks.ts';
import { expectFlyClean } from '../harness/use-emulators.ts';

const APP = 'flaude-e2e-reap-killed';
const ANTHROPIC_KEY = 'sk-ant-api03-reap-killed-5ecret';

let world: ReviewerEmulators;

beforeAll(async () => {
  // A slow answer keeps Claude busy while the test kills the step.
  world = await startEmulators({
    name: 'e2e-reap-killed',
    model: { scenarios: { slowChunkDelayMs: 500, slowChunkCount: 120 } },
  });
});

afterAll(async () => {
  await world?.stop();
});

/** The runner's environment for both steps: this repository, this workflow run. */
function runner(runId: number): Record<string, string> {
  return { GITHUB_REPOSITORY: world.repo.fullName, GITHUB_RUN_ID: String(runId) };
}

async function reap(runId: number): Promise<StepRun> {
  const step = world.githubStep(GITHUB_READ_ONLY_TOKEN);
  const run = await runActionStep(world.dir, {
    inputs: {
      mode: 'reap',
      'fly-api-token': world.fly.token,
      app: APP,
      'fly-api-url': world.fly.url,
      'fly-logs-url': world.fly.logsUrl,
      ...step.inputs,
    },
    env: step.env,
    event: { name: 'schedule', payload: { schedule: '*/30 * * * *' } },
    github: runner(runId),
  });
  expectNoSecrets(run, [world.fly.token, GITHUB_READ_ONLY_TOKEN]);
  expect(run.exitCode, run.log).toBe(0);
  return run;
}

test('a killed step leaves its machine; reap leaves it while the run goes on, then destroys it', async () => {
  const { fly, github, repo } = world;
  const runId = github.addWorkflowRun(repo.fullName, { headSha: repo.headSha });
  const controller = new AbortController();
  let seen = '';
  const main = await runActionStep(world.dir, {
    inputs: {
      'fly-api-token': fly.token,
      app: APP,
      'anthropic-api-key': ANTHROPIC_KEY,
      name: 'vanished',
      prompt: 'Review slowly. [scenario:slow]',
      image: `registry.fly.io/${APP}:emulated`,
      'timeout-minutes': '5',
      'machine-github-token': '',
      'github-token': '',
      'fly-api-url': fly.url,
      'fly-logs-url': fly.logsUrl,
    },
    event: world.pullRequestEvent(),
    github: runner(runId),
    signal: controller.signal,
    killSignal: 'SIGKILL',
    onOutput: (chunk) => {
      seen += chunk;
      if (!controller.signal.aborted && seen.includes('Claude Code started')) controller.abort();
    },
  });
  expect(main.exitCode).not.toBe(0);
  const [left, ...others] = fly.liveMachines();
  expect(others).toEqual([]);
  expect(left).toBeDefined();

  const during = await reap(runId);
  expect(during.outputs.reaped).toBe('0');
  expect(during.summary).toMatch(
    new RegExp(
      `\\| vanished \\| ${repo.fullName} \\| ${runId} \\| [^|]+ \\| left \\| workflow run ${runId} is in_progress \\|`,
    ),
  );
  expect(fly.liveMachines().map((m) => m.id)).toEqual([left!.id]);

  github.updateWorkflowRun(runId, { status: 'completed', conclusion: 'cancelled' });
  const after = await reap(runId);
  expect(after.outputs.reaped).toBe('1');
  expect(after.summary).toContain(
    `| destroyed | workflow run ${runId} has completed (cancelled) |`,
  );
  await expectFlyClean(fly);
  expectGithubClean(github, [fly.token, GITHUB_READ_ONLY_TOKEN, ANTHROPIC_KEY]);
}, 120_000);

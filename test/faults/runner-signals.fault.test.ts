// Fault table, runner side: dist/index.js on a pull_request event whose main step the runner
// stops mid-review (SIGINT, SIGTERM, SIGKILL; then the post step), or loses altogether (a
// runner that vanishes: no post step, then a `mode: reap` step). Each row is read off the run
// and the emulators; every row ends with no machine left and no comment saying "reviewing".
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { runActionStep, type StepOptions, type StepRun } from '../harness/action-run.ts';
import {
  GITHUB_READ_ONLY_TOKEN,
  GITHUB_RUNNER_TOKEN,
  startEmulators,
  type ReviewerEmulators,
} from '../harness/emulators.ts';
import {
  emulatedStepInputs,
  expectGithubClean,
  expectNoSecrets,
  resultsOf,
  REVIEWING,
} from '../harness/step-checks.ts';
import { recordFaultRow } from './fault-table.ts';

const secrets = {
  fly: 'fly-faults-runner-token-5ecret',
  anthropic: 'sk-ant-api03-faults-runner-5ecret',
  github: 'ghs_faultsRunnerMachineToken5ecret01',
};
const allSecrets = [...Object.values(secrets), GITHUB_RUNNER_TOKEN, GITHUB_READ_ONLY_TOKEN];

let world: ReviewerEmulators;
let app: string;
let apps = 0;
let nextPullRequest = 70;

beforeAll(async () => {
  // The slow answer (about a minute) keeps Claude busy while a test stops the step.
  world = await startEmulators({
    name: 'faults-runner',
    fly: { token: secrets.fly },
    model: { scenarios: { slowChunkDelayMs: 500, slowChunkCount: 120 } },
  });
});

afterAll(async () => {
  await world?.stop();
});

beforeEach(() => {
  world.fly.clearRecords();
  world.github.clearRecords();
  apps += 1;
  app = `flaude-faults-runner-${apps}`;
});

afterEach(() => {
  expectGithubClean(world.github, allSecrets);
  expect(world.fly.validationFailures).toEqual([]);
});

/** A pull request of the fixture repository at its first head, with its refs/pull/N/head. */
function openPullRequest(): number {
  return world.openPullRequest(nextPullRequest++);
}

/** The main step's options: slow reviewer `name` on pull request `number`, in workflow run `runId`. */
function slowReview(name: string, number: number, runId = 1001): StepOptions {
  const github = world.githubStep();
  const event = world.pullRequestEvent('opened');
  const payload = event.payload as { number: number; pull_request: { number: number } };
  payload.number = number;
  payload.pull_request.number = number;
  return {
    inputs: {
      ...emulatedStepInputs(world.fly, app, secrets, {
        name,
        prompt: 'Review slowly. [scenario:slow]',
      }),
      ...github.inputs,
    },
    env: github.env,
    event,
    github: { GITHUB_REPOSITORY: world.repo.fullName, GITHUB_RUN_ID: String(runId) },
  };
}

/** Runs the main step and sends it `signal` once Claude runs and the comment says "reviewing". */
async function stopMidReview(
  options: StepOptions,
  number: number,
  signal: NodeJS.Signals,
): Promise<StepRun> {
  const controller = new AbortController();
  let seen = '';
  const main = await runActionStep(world.dir, {
    ...options,
    signal: controller.signal,
    killSignal: signal,
    onOutput: (chunk) => {
      seen += chunk;
      if (
        !controller.signal.aborted &&
        seen.includes('Claude Code started') &&
        commentsOf(number).some((c) => c.body.includes(REVIEWING))
      )
        controller.abort();
    },
  });
  expect(controller.signal.aborted).toBe(true);
  return main;
}

function commentsOf(number: number): { body: string }[] {
  return world.github.issueComments(world.repo.fullName, number);
}

/** Machines still alive once those Fly accepted a destroy for have gone. */
async function machinesLeft(): Promise<number> {
  for (const m of world.fly.liveMachines()) {
    if (m.state !== 'destroyed') await world.fly.waitForMachineState(m.id, 'destroyed', 30_000);
  }
  return world.fly.liveMachines().length;
}

/** The heading of a sticky comment (`🚫`, `💬 Comment`...), or "reviewing". */
function commentState(body: string): string {
  if (body.includes(REVIEWING)) return 'reviewing';
  const heading = /^### (.+)$/m.exec(body)?.[1] ?? 'no heading';
  return heading.replace(/ ?(· )?flaude · .*$/, '');
}

interface Observation {
  readonly text: string;
  readonly commentsReviewing: number;
  readonly machinesLeft: number;
}

/** What the steps did and what the pull request shows, in words, and the counts of the row. */
async function observe(number: number, steps: Record<string, StepRun>): Promise<Observation> {
  const parts = Object.entries(steps).map(([name, run]) => `${name} exit ${run.exitCode}`);
  const main = steps.main;
  if (main?.outputs.results !== undefined) {
    for (const r of resultsOf(main)) {
      parts.push(
        `${r.name}: success=${r.success}` + (r.error ? ` error="${r.error.slice(0, 60)}"` : ''),
      );
    }
  } else {
    parts.push('main wrote no results (killed)');
  }
  const comments = commentsOf(number);
  const reviews = world.github.reviews(world.repo.fullName, number);
  parts.push(
    `PR: ${comments.length} comment(s) [${comments.map((c) => commentState(c.body)).join('; ')}], ` +
      `${reviews.length} review(s)`,
  );
  return {
    text: parts.join('; '),
    commentsReviewing: comments.filter((c) => c.body.includes(REVIEWING)).length,
    machinesLeft: await machinesLeft(),
  };
}

/** The comment of `reviewer` says cancelled, and nothing of a review was posted. */
function expectCancelled(number: number): void {
  const comments = commentsOf(number);
  expect(comments.map((c) => commentState(c.body))).toEqual(['🚫']);
  expect(comments[0]?.body).toContain('Cancelled before the review was finished');
  expect(world.github.reviews(world.repo.fullName, number)).toEqual([]);
}

test.each(['SIGINT', 'SIGTERM'] as const)(
  '%s of the main step mid-review, then the post step',
  async (signal) => {
    const number = openPullRequest();
    const options = slowReview(signal.toLowerCase(), number);
    const main = await stopMidReview(options, number, signal);
    const post = await runActionStep(world.dir, { ...options, state: main.state });
    for (const run of [main, post]) expectNoSecrets(run, allSecrets);
    const seen = await observe(number, { main, post });
    recordFaultRow({
      fault: `${signal} of the main step mid-review, then the post step`,
      expected:
        'main destroys its machine, results say cancelled, comment says cancelled; exit 1; post exit 0',
      observed: seen.text,
      machinesLeft: seen.machinesLeft,
      commentsReviewing: seen.commentsReviewing,
    });
    expect(seen.machinesLeft, seen.text).toBe(0);
    expect(seen.commentsReviewing, seen.text).toBe(0);
    expect(main.exitCode).toBe(1);
    expect(main.log).toContain(`Received ${signal}: destroying the reviewer machines.`);
    const [result] = resultsOf(main);
    expect(result).toMatchObject({ success: false });
    expect(result?.error).toMatch(/cancel/i);
    expect(post.exitCode, post.log).toBe(0);
    expect(post.log).not.toMatch(/^::(warning|error)/m);
    expectCancelled(number);
  },
);

test('SIGKILL of the main step mid-review, then the post step', async () => {
  const number = openPullRequest();
  const options = slowReview('sigkill', number);
  const main = await stopMidReview(options, number, 'SIGKILL');
  const leftByMain = world.fly.liveMachines().length;
  const post = await runActionStep(world.dir, { ...options, state: main.state });
  for (const run of [main, post]) expectNoSecrets(run, allSecrets);
  const seen = await observe(number, { main, post });
  recordFaultRow({
    fault: 'SIGKILL of the main step mid-review, then the post step',
    expected:
      'the post step destroys the machine left and turns the comment from "reviewing" into cancelled',
    observed: `${seen.text}; ${leftByMain} machine(s) alive after main`,
    machinesLeft: seen.machinesLeft,
    commentsReviewing: seen.commentsReviewing,
  });
  expect(seen.machinesLeft, seen.text).toBe(0);
  expect(seen.commentsReviewing, seen.text).toBe(0);
  expect(main.exitCode).not.toBe(0);
  expect(leftByMain).toBe(1);
  expect(post.exitCode, post.log).toBe(0);
  expect(post.log).toMatch(/^Destroyed machine \S+ left by the main step\.$/m);
  expect(post.log).toContain('Marked 1 sticky comment cancelled.');
  expectCancelled(number);
});

/** A `mode: reap` step of this repository's scheduled workflow, posting with `token`. */
async function reap(token: string): Promise<StepRun> {
  const github = world.githubStep(token);
  const run = await runActionStep(world.dir, {
    inputs: {
      mode: 'reap',
      'fly-api-token': secrets.fly,
      app,
      'fly-api-url': world.fly.url,
      'fly-logs-url': world.fly.logsUrl,
      ...github.inputs,
    },
    env: github.env,
    event: { name: 'schedule', payload: { schedule: '*/30 * * * *' } },
    github: { GITHUB_REPOSITORY: world.repo.fullName, GITHUB_RUN_ID: '990001' },
  });
  expectNoSecrets(run, allSecrets);
  expect(run.exitCode, run.log).toBe(0);
  return run;
}

test('a runner that vanishes (SIGKILL, no post step), then a reap once its run completed', async () => {
  const number = openPullRequest();
  const runId = world.github.addWorkflowRun(world.repo.fullName, { headSha: world.repo.headSha });
  const main = await stopMidReview(slowReview('vanished', number, runId), number, 'SIGKILL');
  expectNoSecrets(main, allSecrets);
  const leftByMain = world.fly.liveMachines().length;
  const during = await reap(GITHUB_RUNNER_TOKEN);
  const leftDuring = world.fly.liveMachines().length;
  world.github.updateWorkflowRun(runId, { status: 'completed', conclusion: 'cancelled' });
  const after = await reap(GITHUB_RUNNER_TOKEN);
  const seen = await observe(number, { main, 'reap (run in progress)': during, reap: after });
  recordFaultRow({
    fault: 'a runner that vanishes mid-review (SIGKILL, no post step), then `mode: reap`',
    expected:
      'reap leaves the machine while the run is in progress, destroys it once the run completed, and turns the comment into cancelled',
    observed:
      `${seen.text}; machines alive after main ${leftByMain}, after the first reap ${leftDuring}; ` +
      `reaped ${during.outputs.reaped ?? '?'} then ${after.outputs.reaped ?? '?'}`,
    machinesLeft: seen.machinesLeft,
    commentsReviewing: seen.commentsReviewing,
  });
  expect(seen.machinesLeft, seen.text).toBe(0);
  expect(seen.commentsReviewing, seen.text).toBe(0);
  expect(leftByMain).toBe(1);
  expect(during.outputs.reaped).toBe('0');
  expect(leftDuring).toBe(1);
  expect(after.outputs.reaped).toBe('1');
  expect(after.log).toContain(
    `Marked the sticky comment of reviewer 'vanished' on #${number} cancelled.`,
  );
  expectCancelled(number);
});

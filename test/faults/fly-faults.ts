/**
 * What the Fly side of the fault table shares: one world of emulators per file (Fly, model,
 * GitHub with the fixture repository), a pull request and a Fly app of its own for every
 * fault, the bundled action run on it (main step, then the post step, as the runner runs
 * them), and the row's figures read off that run and the emulators afterwards.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { FlyEmulator, FlyEmulatorOptions } from '../emulator/fly/index.ts';
import { runActionStep, type StepOptions, type StepRun } from '../harness/action-run.ts';
import { startEmulators, type ReviewerEmulators } from '../harness/emulators.ts';
import {
  emulatedStepInputs,
  expectGithubClean,
  expectNoSecrets,
  resultsOf,
  type ReviewerResult,
  REVIEWING,
} from '../harness/step-checks.ts';
import { recordFaultRow } from './fault-table.ts';

export const secrets = {
  fly: 'fly-faults-token-5ecret',
  anthropic: 'sk-ant-api03-faults-5ecret',
  github: 'ghs_faultsMachineToken5ecretValue01',
};

/** A fast review: the final answer at once, no tool call. */
export const FAST_PROMPT = 'Review it. [scenario:no-tool]';

/** One fault's run: both steps and what the emulators hold afterwards. */
export interface FaultRun {
  readonly main: StepRun;
  readonly post: StepRun;
  readonly app: string;
  readonly pullRequest: number;
  readonly results: ReviewerResult[];
  /** Create requests that reached the Fly emulator for this run's app (any answer). */
  readonly creates: number;
  /** Machines the emulator holds for this run's app, destroyed ones included. */
  readonly machines: number;
  readonly machinesLeft: number;
  readonly commentsReviewing: number;
}

/** How one step of a fault is run. */
export interface FaultStep {
  /** Inputs over the defaults (one fast reviewer named `fly`). */
  readonly inputs?: Record<string, string>;
  /** Called with the step's promise pending, e.g. to start an outage once the machine exists. */
  readonly during?: () => Promise<void>;
}

/** The handle a fault file's tests use. */
export interface FlyFaultWorld {
  readonly world: () => ReviewerEmulators;
  readonly fly: () => FlyEmulator;
  /** This test's Fly app (not created yet: the step creates it). */
  readonly app: () => string;
  /** Main then post on a pull request of its own in this test's app. */
  run(step?: FaultStep): Promise<FaultRun>;
  /** Several steps at once on one pull request in this test's app (matrix legs, parallel runs). */
  runTogether(steps: readonly FaultStep[]): Promise<FaultRun[]>;
}

/**
 * Registers the hooks of one fault file: the emulators for the file, fresh records and faults
 * and an app of its own for every test, and after each the checks every run keeps (no request
 * Fly or GitHub would refuse, no secret in any body).
 */
export function useFlyFaultWorld(name: string, fly: FlyEmulatorOptions = {}): FlyFaultWorld {
  let world: ReviewerEmulators | undefined;
  let app = '';
  let apps = 0;
  let nextPullRequest = 100;
  const current = (): ReviewerEmulators => {
    if (!world) throw new Error('the fault world is not started');
    return world;
  };

  beforeAll(async () => {
    world = await startEmulators({ name, fly: { token: secrets.fly, ...fly } });
  });
  afterAll(async () => {
    await world?.stop();
  });
  beforeEach(() => {
    const w = current();
    w.fly.faults.clear();
    w.fly.clearRecords();
    w.github.faults.clear();
    w.github.clearRecords();
    apps += 1;
    app = `${name}-${apps}`;
  });
  afterEach(() => {
    const w = current();
    w.fly.faults.clear();
    expect(w.fly.validationFailures).toEqual([]);
    expect(w.fly.responseSchemaViolations).toEqual([]);
    expectGithubClean(w.github, Object.values(secrets));
  });

  const openPullRequest = (): number => current().openPullRequest(nextPullRequest++);

  const stepOptions = (number: number, step: FaultStep): Omit<StepOptions, 'state'> => {
    const w = current();
    const github = w.githubStep();
    const event = w.pullRequestEvent();
    const payload = event.payload as { number: number; pull_request: { number: number } };
    payload.number = number;
    payload.pull_request.number = number;
    return {
      inputs: {
        ...emulatedStepInputs(w.fly, app, secrets, { name: 'fly', prompt: FAST_PROMPT }),
        ...github.inputs,
        ...step.inputs,
      },
      env: github.env,
      event,
    };
  };

  const runSteps = async (steps: readonly FaultStep[]): Promise<FaultRun[]> => {
    const w = current();
    const number = openPullRequest();
    const runs = await Promise.all(
      steps.map(async (step) => {
        const options = stepOptions(number, step);
        const pending = runActionStep(w.dir, options);
        await step.during?.();
        const main = await pending;
        const post = await runActionStep(w.dir, { ...options, state: main.state });
        for (const run of [main, post]) expectNoSecrets(run, Object.values(secrets));
        return { main, post };
      }),
    );
    await settleDestroys(w.fly);
    const machines = w.fly.machines().filter((m) => m.app === app);
    const creates = w.fly.requests.filter(
      (r) => r.method === 'POST' && r.path === `/v1/apps/${app}/machines`,
    ).length;
    const commentsReviewing = w.github
      .issueComments(w.repo.fullName, number)
      .filter((c) => c.body.includes(REVIEWING)).length;
    return runs.map(({ main, post }) => ({
      main,
      post,
      app,
      pullRequest: number,
      results: main.outputs.results === undefined ? [] : resultsOf(main),
      creates,
      machines: machines.length,
      machinesLeft: w.fly.liveMachines().length,
      commentsReviewing,
    }));
  };

  return {
    world: current,
    fly: () => current().fly,
    app: () => app,
    run: async (step = {}) => (await runSteps([step]))[0]!,
    runTogether: runSteps,
  };
}

/** A machine Fly accepted to destroy is `destroying` for a moment: give it a few seconds. */
async function settleDestroys(fly: FlyEmulator): Promise<void> {
  for (const m of fly.liveMachines()) {
    if (m.state === 'destroying') await fly.waitForMachineState(m.id, 'destroyed', 10_000);
  }
}

/**
 * The row's `observed` cell, built from the runs (several steps on one pull request share the
 * app's figures): each step's exit code, each reviewer's outcome (its error when it failed),
 * the creates Fly received, the machines it holds, and how many results carry a 429.
 */
export function observedOf(runs: readonly FaultRun[], extra: readonly string[] = []): string {
  const first = runs[0];
  if (first === undefined) throw new Error('no run to describe');
  const results = runs.flatMap((run) => run.results);
  const reviewers = results.map((r) =>
    r.success ? `${r.name} succeeded` : `${r.name} failed (${r.error ?? 'no error given'})`,
  );
  const noResults = runs
    .filter((run) => run.results.length === 0)
    .map((run) => `no results (${firstError(run.main) ?? 'no error'})`);
  const rateLimited = results.filter((r) => /\b429\b/.test(r.error ?? '')).length;
  return [
    `step exit ${runs.map((run) => run.main.exitCode).join(', ')}`,
    ...reviewers,
    ...noResults,
    `${first.creates} create(s), ${first.machines} machine(s)`,
    `${rateLimited} result(s) with a 429`,
    ...extra,
  ].join('; ');
}

/** The first `::error::` line of a step, without the command. */
export function firstError(run: StepRun): string | undefined {
  return /^::error(?: [^:]*)?::(.*)$/m.exec(run.log)?.[1];
}

/**
 * The promises every row keeps, then the row: no machine left, no comment stuck in
 * "reviewing", the post step quiet, and every reviewer in the results reported in the summary.
 */
export function recordFlyFault(
  ran: FaultRun | readonly FaultRun[],
  row: { fault: string; expected: string; extra?: string[] },
): void {
  const runs: readonly FaultRun[] = Array.isArray(ran) ? ran : [ran as FaultRun];
  for (const run of runs) {
    expect(run.post.exitCode, run.post.log).toBe(0);
    for (const result of run.results) {
      // A finished review is never lost: its outcome is in the summary beside the output.
      expect(run.main.summary, `summary of ${result.name}`).toContain(
        result.success ? `| ${result.name} | ✅ passed |` : `| ${result.name} |`,
      );
    }
  }
  const run = runs[0]!;
  recordFaultRow({
    fault: row.fault,
    expected: row.expected,
    observed: observedOf(runs, row.extra),
    machinesLeft: run.machinesLeft,
    commentsReviewing: run.commentsReviewing,
  });
  expect(run.machinesLeft, 'machines left').toBe(0);
  expect(run.commentsReviewing, 'comments still saying reviewing').toBe(0);
}

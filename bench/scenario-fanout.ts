/**
 * Scenarios 2, 5 (Fly side) and 6 (action side) from the same runs: one main step of
 * dist/index.js per N (1, 5, 20, 50) with N reviewers at max-concurrency N on timed machines,
 * then the baseline with the same N. Per N: step start → every machine started, → step end;
 * 429s, failed creates, machines left; Machines API requests per machine; log requests per
 * machine-minute; the action's peak RSS.
 *
 * These steps post nothing to GitHub (`comment: false`, `inline-comments: false`): octokit's
 * throttling spaces GitHub writes that notify people (comments, reviews) 3 s apart, one after
 * the other, so with posting on the step's end at N = 50 would be GitHub's pacing (some 150
 * writes), not the fan-out the floor describes. One more step, N = 5 with posting on, shows
 * that cost beside the N = 5 figure.
 */
import type { FlyEmulator } from '../test/emulator/fly/index.ts';
import { DEFAULT_TIMINGS } from '../test/emulator/fly/index.ts';
import { runStep, type StepSample } from './action-step.ts';
import { runBaseline, type NaiveSample } from './baseline/naive-run.ts';
import type { Figure, ScenarioResult } from './figure.ts';
import { allStartedFloorMs, stepEndFloorMs, type FanOut, type Network } from './floor.ts';
import {
  machinesLeft,
  machinesOf,
  requestsByKind,
  requestsPerMachine,
  runWindow,
} from './machine-records.ts';
import { max, median, round } from './stats.ts';
import { startBenchWorld, type MachinePlan } from './world.ts';

const PLAN: MachinePlan = { runMs: 3_000, lines: 20, tailLines: 5 };
/**
 * After the last exit: its destroy; with posting, GitHub's review and the sticky comment's
 * update too.
 */
export const REQUESTS_AFTER_LAST_EXIT = { silent: 1, posting: 3 } as const;
/** The fan-out's steps post nothing to GitHub (see above). */
const NO_POSTING = { comment: 'false', 'inline-comments': 'false' };
/** The size of the one fan-out step that posts. */
const POSTING_N = 5;

/** One N's figures, for ours or the baseline. */
interface SizeFigures {
  readonly allStartedMs: number;
  readonly stepEndMs: number;
  readonly tooManyRequests: number;
  readonly failedCreates: number;
  readonly failedReviewers: number;
  readonly machinesLeft: number;
  readonly machineRequestsMedian: number;
  readonly machineRequestsMax: number;
  readonly logRequestsPerMachineMinute: number;
  readonly githubRequestsPerReviewer: number | null;
  readonly peakRssMb: number | null;
  readonly requestsByKind: Record<string, number>;
}

/** A size the scenario's budget ran out before: every figure NaN, so each is a miss. */
const NOT_MEASURED: SizeFigures = {
  allStartedMs: NaN,
  stepEndMs: NaN,
  tooManyRequests: NaN,
  failedCreates: NaN,
  failedReviewers: NaN,
  machinesLeft: NaN,
  machineRequestsMedian: NaN,
  machineRequestsMax: NaN,
  logRequestsPerMachineMinute: NaN,
  githubRequestsPerReviewer: NaN,
  peakRssMb: NaN,
  requestsByKind: {},
};

/** Runs ours then the baseline at each of `sizes`, then one step of 5 that posts. */
export async function benchFanOut(opts: {
  sizes: readonly number[];
  network: Network;
  nodeStartMs: number;
  signal: AbortSignal;
}): Promise<ScenarioResult> {
  const world = await startBenchWorld('bench-fanout', opts.network);
  const ours = new Map<number, SizeFigures>();
  const baseline = new Map<number, SizeFigures>();
  let posting: SizeFigures | undefined;
  let abortedBy: string | undefined;
  try {
    for (const n of opts.sizes) {
      opts.signal.throwIfAborted();
      // An app per run: Fly's create bucket is per app, so runs do not drain each other's.
      const app = `flaude-bench-fan-${n}`;
      world.fly.addApp(app);
      const step = await runStep(world, {
        app,
        reviewers: n,
        plan: PLAN,
        tag: `fan-${n}`,
        signal: opts.signal,
        inputs: NO_POSTING,
      });
      ours.set(n, await readStep(step, world.fly, app, n));
      progress(`ours N=${n}: ${round((step.exitedAt - step.spawnedAt) / 1000, 1)} s`);
      opts.signal.throwIfAborted();
      const naiveApp = `flaude-bench-naive-${n}`;
      world.fly.addApp(naiveApp);
      const naive = await runBaseline(world, { app: naiveApp, count: n, plan: PLAN });
      baseline.set(n, await readBaseline(naive, world.fly, naiveApp, n, opts.nodeStartMs));
      progress(`baseline N=${n}: ${round((Date.now() - naive.startedAt) / 1000, 1)} s`);
    }
    opts.signal.throwIfAborted();
    const postingApp = `flaude-bench-fan-posting-${POSTING_N}`;
    world.fly.addApp(postingApp);
    const step = await runStep(world, {
      app: postingApp,
      reviewers: POSTING_N,
      plan: PLAN,
      tag: `fan-posting-${POSTING_N}`,
      signal: opts.signal,
    });
    posting = await readStep(step, world.fly, postingApp, POSTING_N);
    progress(`ours N=${POSTING_N} posting: ${round((step.exitedAt - step.spawnedAt) / 1000, 1)} s`);
  } catch (e: unknown) {
    // Out of budget: the sizes measured so far are reported, the others as not measured.
    if (!opts.signal.aborted) throw e;
    abortedBy = e instanceof Error ? e.message : String(e);
  } finally {
    await world.stop();
  }

  const figures: Figure[] = [];
  for (const n of opts.sizes) {
    const o = ours.get(n) ?? NOT_MEASURED;
    const b = baseline.get(n) ?? NOT_MEASURED;
    const fan = fanOutShape(n, opts);
    const fanout = '2 fan-out';
    const api = '5 API efficiency';
    const memory = '6 memory';
    const at = { n };
    figures.push(
      {
        id: `fanout.all_started_ms.n${n}`,
        scenario: fanout,
        label: `N=${n}: step start → every machine started`,
        unit: 'ms',
        ours: round(o.allStartedMs),
        baseline: round(b.allStartedMs),
        floor: round(allStartedFloorMs(fan, opts.network)),
        series: { name: 'fan-out, every machine started', ...at },
      },
      {
        id: `fanout.step_end_ms.n${n}`,
        scenario: fanout,
        label: `N=${n}: step start → step end`,
        unit: 'ms',
        ours: round(o.stepEndMs),
        baseline: round(b.stepEndMs),
        floor: round(stepEndFloorMs(fan, opts.network)),
        series: { name: 'fan-out, step end', ...at },
      },
      {
        id: `fanout.fly_429s.n${n}`,
        scenario: fanout,
        label: `N=${n}: 429 answers from Fly (ours sends them again)`,
        unit: 'count',
        ours: o.tooManyRequests,
        baseline: b.tooManyRequests,
        floor: 0,
        series: { name: 'fan-out, 429s', ...at },
      },
      {
        id: `fanout.failed_creates.n${n}`,
        scenario: fanout,
        label: `N=${n}: failed creates`,
        unit: 'count',
        ours: o.failedCreates,
        baseline: b.failedCreates,
        floor: 0,
        series: { name: 'fan-out, failed creates', ...at },
      },
      {
        id: `fanout.failed_reviewers.n${n}`,
        scenario: fanout,
        label: `N=${n}: reviewers without a result`,
        unit: 'count',
        ours: o.failedReviewers,
        baseline: b.failedReviewers,
        floor: 0,
      },
      {
        id: `fanout.machines_left.n${n}`,
        scenario: fanout,
        label: `N=${n}: machines left after the step`,
        unit: 'count',
        ours: o.machinesLeft,
        baseline: b.machinesLeft,
        floor: 0,
      },
      {
        id: `api.machine_requests.n${n}`,
        scenario: api,
        label: `N=${n}: Machines API requests per machine (max)`,
        unit: 'requests',
        ours: o.machineRequestsMax,
        baseline: b.machineRequestsMax,
        floor: null,
        series: { name: 'Machines API requests per machine (max)', ...at },
      },
      {
        id: `api.log_requests_per_machine_minute.n${n}`,
        scenario: api,
        label: `N=${n}: log requests per machine-minute`,
        unit: 'req',
        ours: round(o.logRequestsPerMachineMinute, 1),
        baseline: round(b.logRequestsPerMachineMinute, 1),
        floor: null,
        series: { name: 'log requests per machine-minute', ...at },
      },
      {
        id: `memory.peak_rss_mb.n${n}`,
        scenario: memory,
        label: `N=${n}: the action's peak RSS`,
        unit: 'MB',
        ours: round(o.peakRssMb ?? NaN, 1),
        baseline: null,
        floor: null,
        series: { name: "the action's peak RSS", ...at },
      },
    );
  }
  {
    posting ??= NOT_MEASURED;
    const fan = fanOutShape(POSTING_N, opts, true);
    figures.push(
      {
        id: `fanout.step_end_ms.n${POSTING_N}_posting`,
        scenario: '2 fan-out',
        label: `N=${POSTING_N}, posting to GitHub: step start → step end`,
        unit: 'ms',
        ours: round(posting.stepEndMs),
        baseline: null,
        floor: round(stepEndFloorMs(fan, opts.network)),
      },
      {
        id: `api.github_requests_per_reviewer.n${POSTING_N}`,
        scenario: '5 API efficiency',
        label: `N=${POSTING_N}: GitHub requests per reviewer`,
        unit: 'requests',
        ours: round(posting.githubRequestsPerReviewer ?? NaN, 1),
        baseline: null,
        floor: null,
      },
    );
  }
  return {
    scenario: 'fanout',
    figures,
    details: {
      plan: PLAN,
      ours: Object.fromEntries(ours),
      baseline: Object.fromEntries(baseline),
      posting,
      abortedBy: abortedBy ?? null,
    },
  };
}

/** The floor's inputs for N reviewers. */
function fanOutShape(
  n: number,
  opts: { network: Network; nodeStartMs: number },
  posts = false,
): FanOut {
  return {
    reviewers: n,
    beforeFirstCreateMs: opts.nodeStartMs + opts.network.latencyMs,
    bootMs: DEFAULT_TIMINGS.launchMs + DEFAULT_TIMINGS.bootMs,
    runMs: PLAN.runMs,
    requestsAfterExit: REQUESTS_AFTER_LAST_EXIT[posts ? 'posting' : 'silent'],
  };
}

/** A step of the long scenario, on stderr, so a slow run shows where its time goes. */
function progress(text: string): void {
  process.stderr.write(` [${text}]`);
}

function machineMinutes(fly: FlyEmulator, app: string): number {
  return machinesOf(fly, app)
    .map((m) => runWindow(m))
    .reduce((sum, w) => sum + (w.exitedAt - w.startedAt) / 60_000, 0);
}

async function readStep(
  step: StepSample,
  fly: FlyEmulator,
  app: string,
  n: number,
): Promise<SizeFigures> {
  const machines = machinesOf(fly, app);
  const started = machines.map((m) => runWindow(m).startedAt);
  const creates = step.flyRequests.filter(
    (r) => r.method === 'POST' && r.path === `/v1/apps/${app}/machines`,
  );
  const perMachine = requestsPerMachine(step.flyRequests, app, machines);
  const logs = step.flyRequests.filter((r) => r.server === 'logs').length;
  return {
    allStartedMs: started.length === n ? max(started) - step.spawnedAt : NaN,
    stepEndMs: step.exitedAt - step.spawnedAt,
    tooManyRequests: step.flyRequests.filter((r) => r.status === 429).length,
    failedCreates: n - creates.filter((r) => r.status === 200).length,
    failedReviewers: n - step.results.filter((r) => r.success === true).length,
    machinesLeft: await machinesLeft(fly, app),
    machineRequestsMedian: median(perMachine),
    machineRequestsMax: max(perMachine),
    logRequestsPerMachineMinute: logs / machineMinutes(fly, app),
    githubRequestsPerReviewer: step.githubRequests.length / n,
    peakRssMb: step.peakRssMb,
    requestsByKind: requestsByKind(step.flyRequests),
  };
}

async function readBaseline(
  naive: NaiveSample,
  fly: FlyEmulator,
  app: string,
  n: number,
  nodeStartMs: number,
): Promise<SizeFigures> {
  const machines = machinesOf(fly, app);
  const started = machines.map((m) => runWindow(m).startedAt);
  const done = naive.outcomes.flatMap((o) => (o.doneAt === undefined ? [] : [o.doneAt]));
  const perMachine = requestsPerMachine(fly.requests, app, machines);
  const logs = fly.requests.filter((r) => r.server === 'logs').length;
  const failed = naive.outcomes.filter((o) => !o.ok).length;
  // The baseline runs inside the bench's process: Node's start is added, as a step pays it.
  const offset = nodeStartMs - naive.startedAt;
  return {
    // Only the machines it managed to create: the others never start.
    allStartedMs: started.length > 0 ? max(started) + offset : NaN,
    stepEndMs: max(done) + offset,
    tooManyRequests: fly.requests.filter((r) => r.status === 429).length,
    failedCreates: failed,
    failedReviewers: failed,
    machinesLeft: await machinesLeft(fly, app),
    machineRequestsMedian: median(perMachine),
    machineRequestsMax: max(perMachine),
    logRequestsPerMachineMinute: machines.length > 0 ? logs / machineMinutes(fly, app) : NaN,
    githubRequestsPerReviewer: null,
    peakRssMb: null,
    requestsByKind: requestsByKind(fly.requests),
  };
}

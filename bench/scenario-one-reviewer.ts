/**
 * Scenarios 1, 3 and 4 from the same runs: one reviewer through dist/index.js on a timed
 * machine (3 s, 40 lines, 10 of them in its last second), three times; the baseline runs the
 * same machine once per run.
 *
 * 1. overhead = step wall time − the machine's run time (the emulator's start and exit
 *    stamps); start-up = process start → first request either emulator received; bundle =
 *    start-up − Node's own start (the probe's preload time).
 * 3. log latency: each `bench-log` line's print time (in the line) → its appearance in the
 *    step's output; lines lost = printed but never shown.
 * 4. exit to result: the emulator's exit event → the reviewer's `✔ ... passed` line.
 */
import { runStep, expectSuccess, type StepSample } from './action-step.ts';
import { runBaseline, type NaiveSample } from './baseline/naive-run.ts';
import type { Figure, ScenarioResult } from './figure.ts';
import {
  exitToResultFloorMs,
  logLatencyFloorMs,
  oneReviewerOverheadFloorMs,
  type Network,
} from './floor.ts';
import { machinesOf, requestsPerMachine, runWindow } from './machine-records.ts';
import { median, percentile, round } from './stats.ts';
import { startBenchWorld, type MachinePlan } from './world.ts';

const APP = 'flaude-bench-one';
const BASELINE_APP = 'flaude-bench-one-naive';
const PLAN: MachinePlan = { runMs: 3_000, lines: 40, tailLines: 10 };

/**
 * The requests one reviewer cannot do without, one after the other: Fly's app, create, wait
 * and destroy; GitHub's review (with its inline finding) and the sticky comment's update with
 * the result. (The comment that says "reviewing" goes out while the machine is created.)
 */
export const ONE_REVIEWER_SEQUENTIAL_REQUESTS = 6;

interface RunFigures {
  readonly overheadMs: number;
  readonly startupMs: number;
  readonly bundleMs: number;
  readonly lineLatenciesMs: number[];
  readonly linesLost: number;
  readonly exitToResultMs: number;
  readonly flyRequestsPerMachine: number;
  readonly githubRequests: number;
}

/** Runs the scenario: `runs` steps of ours, as many baseline runs. */
export async function benchOneReviewer(opts: {
  runs: number;
  network: Network;
  nodeStartMs: number;
  signal: AbortSignal;
}): Promise<ScenarioResult> {
  const world = await startBenchWorld('bench-one', opts.network);
  world.fly.addApp(APP);
  world.fly.addApp(BASELINE_APP);
  const ours: RunFigures[] = [];
  const baseline: Array<Omit<RunFigures, 'startupMs' | 'bundleMs' | 'githubRequests'>> = [];
  try {
    for (let i = 0; i < opts.runs; i++) {
      opts.signal.throwIfAborted();
      const step = await runStep(world, {
        app: APP,
        reviewers: 1,
        plan: PLAN,
        tag: `one-${i}`,
        signal: opts.signal,
      });
      expectSuccess(step, 1, `one reviewer, run ${i + 1}`);
      ours.push(readStep(step, world.fly, i));
      opts.signal.throwIfAborted();
      const naive = await runBaseline(world, { app: BASELINE_APP, count: 1, plan: PLAN });
      baseline.push(readBaseline(naive, world.fly, opts.nodeStartMs));
    }
  } finally {
    await world.stop();
  }

  const all = (
    pick: (r: { lineLatenciesMs: number[] }) => number[],
    runs: typeof ours | typeof baseline,
  ) => runs.flatMap(pick);
  const oursLines = all((r) => r.lineLatenciesMs, ours);
  const naiveLines = all((r) => r.lineLatenciesMs, baseline);
  const med = (values: number[]): number => round(median(values));
  const overheadFloor = oneReviewerOverheadFloorMs(
    { sequentialRequests: ONE_REVIEWER_SEQUENTIAL_REQUESTS, nodeStartMs: opts.nodeStartMs },
    opts.network,
  );
  const one = '1 one reviewer';
  const logs = '3 log latency';
  const exit = '4 exit to result';
  const figures: Figure[] = [
    {
      id: 'one.overhead_ms',
      scenario: one,
      label: 'overhead: step wall time − machine run time (median)',
      unit: 'ms',
      ours: med(ours.map((r) => r.overheadMs)),
      baseline: med(baseline.map((r) => r.overheadMs)),
      floor: round(overheadFloor),
    },
    {
      id: 'one.startup_ms',
      scenario: one,
      label: 'start-up: process start → first request (median)',
      unit: 'ms',
      ours: med(ours.map((r) => r.startupMs)),
      baseline: null,
      floor: round(opts.nodeStartMs),
    },
    {
      id: 'one.bundle_load_ms',
      scenario: one,
      label: 'bundle load and init: Node ready → first request (median)',
      unit: 'ms',
      ours: med(ours.map((r) => r.bundleMs)),
      baseline: null,
      floor: null,
    },
    {
      id: 'logs.p50_ms',
      scenario: logs,
      label: 'line printed → shown, p50',
      unit: 'ms',
      ours: round(percentile(oursLines, 50)),
      baseline: round(percentile(naiveLines, 50)),
      floor: logLatencyFloorMs(opts.network),
    },
    {
      id: 'logs.p95_ms',
      scenario: logs,
      label: 'line printed → shown, p95',
      unit: 'ms',
      ours: round(percentile(oursLines, 95)),
      baseline: round(percentile(naiveLines, 95)),
      floor: logLatencyFloorMs(opts.network),
    },
    {
      id: 'logs.lines_lost',
      scenario: logs,
      label: `lines lost of ${PLAN.lines * opts.runs} (${PLAN.tailLines} per run in the last second)`,
      unit: 'lines',
      ours: ours.reduce((sum, r) => sum + r.linesLost, 0),
      baseline: baseline.reduce((sum, r) => sum + r.linesLost, 0),
      floor: 0,
    },
    {
      id: 'exit.exit_to_result_ms',
      scenario: exit,
      label: "machine exit → reviewer's result (median)",
      unit: 'ms',
      ours: med(ours.map((r) => r.exitToResultMs)),
      baseline: med(baseline.map((r) => r.exitToResultMs)),
      floor: exitToResultFloorMs(opts.network),
    },
  ];
  return {
    scenario: 'one',
    figures,
    details: {
      plan: PLAN,
      runs: ours,
      baselineRuns: baseline,
      overheadFloor: {
        sequentialRequests: ONE_REVIEWER_SEQUENTIAL_REQUESTS,
        latencyMs: opts.network.latencyMs,
        logLagMs: opts.network.logLagMs,
        nodeStartMs: round(opts.nodeStartMs, 1),
      },
    },
  };
}

function readStep(
  step: StepSample,
  fly: Parameters<typeof machinesOf>[0],
  index: number,
): RunFigures {
  const machineId = step.results[0]?.machine_id;
  const machine = machinesOf(fly, APP).find((m) => m.id === machineId);
  if (machine === undefined)
    throw new Error(`one reviewer, run ${index + 1}: no machine ${machineId}`);
  const window = runWindow(machine);
  const firstRequest = Math.min(
    ...step.flyRequests.map((r) => r.receivedAt),
    ...step.githubRequests.map((r) => r.receivedAt),
  );
  const resultAt = step.resultAt.get('reviewer-1');
  if (resultAt === undefined) throw new Error(`one reviewer, run ${index + 1}: no result line`);
  return {
    overheadMs: step.exitedAt - step.spawnedAt - (window.exitedAt - window.startedAt),
    startupMs: firstRequest - step.timeOriginMs,
    bundleMs: firstRequest - step.timeOriginMs - step.preloadMs,
    lineLatenciesMs: [...step.lines.values()].map((l) => l.seenAt - l.emittedAt),
    linesLost: PLAN.lines - step.lines.size,
    exitToResultMs: resultAt - window.exitedAt,
    flyRequestsPerMachine: requestsPerMachine(step.flyRequests, APP, [machine])[0] ?? NaN,
    githubRequests: step.githubRequests.length,
  };
}

function readBaseline(
  naive: NaiveSample,
  fly: Parameters<typeof machinesOf>[0],
  nodeStartMs: number,
): Omit<RunFigures, 'startupMs' | 'bundleMs' | 'githubRequests'> {
  const outcome = naive.outcomes[0];
  if (outcome?.ok !== true || outcome.doneAt === undefined) {
    throw new Error(`baseline, one machine: ${outcome?.error ?? 'no outcome'}`);
  }
  const machine = machinesOf(fly, BASELINE_APP).find((m) => m.id === outcome.machineId);
  if (machine === undefined) throw new Error(`baseline: no machine ${outcome.machineId}`);
  const window = runWindow(machine);
  const lines =
    naive.lines.get(outcome.name) ?? new Map<number, { emittedAt: number; seenAt: number }>();
  return {
    // The baseline runs inside the bench's process: Node's start is added, as a step pays it.
    overheadMs:
      outcome.doneAt - naive.startedAt + nodeStartMs - (window.exitedAt - window.startedAt),
    lineLatenciesMs: [...lines.values()].map((l) => l.seenAt - l.emittedAt),
    linesLost: PLAN.lines - lines.size,
    exitToResultMs: outcome.doneAt - window.exitedAt,
    flyRequestsPerMachine: requestsPerMachine(fly.requests, BASELINE_APP, [machine])[0] ?? NaN,
  };
}

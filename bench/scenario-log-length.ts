/**
 * Scenario 6, log length: the action's peak RSS with one reviewer whose machine prints a
 * short log, then a long one (same run time), and the difference: what each further line
 * costs the action's memory.
 */
import { runStep, expectSuccess } from './action-step.ts';
import type { Figure, ScenarioResult } from './figure.ts';
import type { Network } from './floor.ts';
import { round } from './stats.ts';
import { startBenchWorld } from './world.ts';

const APP = 'flaude-bench-memory';
export const SHORT_LOG_LINES = 100;
// 20,000 lines at 40 ms a request need 200 pages of logs; on a loaded machine the poller was
// still behind when the exit marker's grace ran out, and the reviewer failed for want of its
// result line: 10,000 over a longer run keeps the figure about memory.
export const LONG_LOG_LINES = 10_000;
const RUN_MS = 5_000;

/** Runs one reviewer with a short log, then with a long one. */
export async function benchLogLength(opts: {
  network: Network;
  signal: AbortSignal;
}): Promise<ScenarioResult> {
  const world = await startBenchWorld('bench-memory', opts.network);
  world.fly.addApp(APP);
  const rss = new Map<number, number>();
  const shown = new Map<number, number>();
  try {
    for (const lines of [SHORT_LOG_LINES, LONG_LOG_LINES]) {
      opts.signal.throwIfAborted();
      const step = await runStep(world, {
        app: APP,
        reviewers: 1,
        plan: { runMs: RUN_MS, lines, tailLines: 10 },
        tag: `log-${lines}`,
        signal: opts.signal,
      });
      expectSuccess(step, 1, `log of ${lines} lines`);
      rss.set(lines, step.peakRssMb);
      shown.set(lines, step.lines.size);
    }
  } finally {
    await world.stop();
  }
  const short = rss.get(SHORT_LOG_LINES) ?? NaN;
  const long = rss.get(LONG_LOG_LINES) ?? NaN;
  const scenario = '6 memory';
  const figures: Figure[] = [
    {
      id: 'memory.peak_rss_mb.log_short',
      scenario,
      label: `one reviewer, ${SHORT_LOG_LINES} log lines: peak RSS`,
      unit: 'MB',
      ours: round(short, 1),
      baseline: null,
      floor: null,
      series: { name: "the action's peak RSS, by log lines", n: SHORT_LOG_LINES },
    },
    {
      id: 'memory.peak_rss_mb.log_long',
      scenario,
      label: `one reviewer, ${LONG_LOG_LINES.toLocaleString('en-US')} log lines: peak RSS`,
      unit: 'MB',
      ours: round(long, 1),
      baseline: null,
      floor: null,
      series: { name: "the action's peak RSS, by log lines", n: LONG_LOG_LINES },
    },
    {
      id: 'memory.rss_growth_per_10k_lines_mb',
      scenario,
      label: 'peak RSS growth per 10,000 log lines',
      unit: 'MB',
      ours: round(((long - short) * 10_000) / (LONG_LOG_LINES - SHORT_LOG_LINES), 1),
      baseline: null,
      floor: 0,
    },
  ];
  return {
    scenario: 'memory',
    figures,
    details: { peakRssMb: Object.fromEntries(rss), linesShown: Object.fromEntries(shown) },
  };
}

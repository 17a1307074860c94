/**
 * `npm run bench`: measures every figure of the project three ways in the same run (ours, a
 * naive baseline client, and the floor Fly's documented limits and the emulated network
 * allow), prints one table, a cost-growth line per scaled figure, writes
 * bench/results/latest.json, and exits 1 when a figure misses its target in
 * bench/targets.json (or a scenario fails). Every scenario has a time budget and stops by
 * itself; everything listens on 127.0.0.1.
 *
 *   node bench/run.ts [--only one,fanout,github,memory,pipeline,image] [--targets <file>]
 *     [--results <file>] [--markdown <file>]
 */
import { writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { withDeadline } from './deadline.ts';
import type { Figure, ScenarioResult } from './figure.ts';
import { measureNodeStartMs } from './node-start.ts';
import {
  costGrowthLines,
  formatMarkdownTable,
  formatTable,
  writeResults,
  type ScenarioNote,
} from './report.ts';
import { benchFanOut } from './scenario-fanout.ts';
import { benchGithubGrowth } from './scenario-github.ts';
import { benchImage } from './scenario-image.ts';
import { benchLogLength } from './scenario-log-length.ts';
import { benchLogPipeline } from './scenario-log-pipeline.ts';
import { benchOneReviewer } from './scenario-one-reviewer.ts';
import { round } from './stats.ts';
import { judge, loadTargets } from './targets.ts';
import { BENCH_NETWORK } from './world.ts';

interface Scenario {
  readonly name: string;
  readonly title: string;
  readonly budgetMs: number;
  readonly run: (signal: AbortSignal, nodeStartMs: number) => Promise<ScenarioResult>;
}

const network = BENCH_NETWORK;

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'one',
    title: '1, 3, 4: one reviewer through dist/index.js, 3 runs (+ baseline)',
    budgetMs: 60_000,
    run: (signal, nodeStartMs) => benchOneReviewer({ runs: 3, network, nodeStartMs, signal }),
  },
  {
    name: 'fanout',
    title: '2, 5, 6: fan-out of N = 1, 5, 20, 50 reviewers (+ baseline)',
    // About 100 s on an idle 2-core machine; the rest is headroom for a busy one.
    budgetMs: 240_000,
    run: (signal, nodeStartMs) =>
      benchFanOut({ sizes: [1, 5, 20, 50], network, nodeStartMs, signal }),
  },
  {
    name: 'github',
    title: '5: GitHub requests per reviewer as the pull request grows',
    budgetMs: 45_000,
    run: (signal) => benchGithubGrowth({ network, signal }),
  },
  {
    name: 'memory',
    title: "6: the action's peak RSS as a reviewer's log grows",
    budgetMs: 60_000,
    run: (signal) => benchLogLength({ network, signal }),
  },
  {
    name: 'pipeline',
    title: '6: the log pipeline on 50,000 lines (library)',
    budgetMs: 45_000,
    run: (signal) => benchLogPipeline({ lines: 50_000, signal }),
  },
  {
    name: 'image',
    title: '7: a second run with an unchanged container/ (registry tier)',
    budgetMs: 60_000,
    run: (signal) => benchImage({ signal }),
  },
];

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** Runs the bench; resolves with the process exit code. */
export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      only: { type: 'string' },
      targets: { type: 'string', default: here('./targets.json') },
      results: { type: 'string', default: here('./results/latest.json') },
      markdown: { type: 'string' },
    },
  });
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = only?.filter((name) => !SCENARIOS.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown scenario(s): ${unknown.join(', ')}`);
  const targets = loadTargets(values.targets);
  const scenarios = SCENARIOS.filter((s) => only === undefined || only.includes(s.name));

  const startedAt = new Date();
  const loadBefore = loadavg();
  const nodeStartMs = measureNodeStartMs();
  process.stdout.write(
    `bench: Node's own start (node -e 0, median of 5): ${round(nodeStartMs)} ms\n`,
  );
  const results: ScenarioResult[] = [];
  const errors: ScenarioNote[] = [];
  const skipped: ScenarioNote[] = [];
  const scenarioMs: Record<string, number> = {};
  for (const scenario of scenarios) {
    process.stdout.write(`bench: ${scenario.name}: ${scenario.title} ...`);
    const t0 = performance.now();
    try {
      const result = await withDeadline(scenario.name, scenario.budgetMs, (signal) =>
        scenario.run(signal, nodeStartMs),
      );
      results.push(result);
      if (result.skipped !== undefined) {
        skipped.push({ scenario: scenario.name, message: result.skipped });
        process.stdout.write(' SKIPPED');
      } else process.stdout.write(' done');
    } catch (e: unknown) {
      const message = e instanceof Error ? e.message : String(e);
      errors.push({ scenario: scenario.name, message });
      process.stdout.write(' FAILED');
    }
    scenarioMs[scenario.name] = round(performance.now() - t0);
    process.stdout.write(` (${(scenarioMs[scenario.name] ?? 0) / 1000} s)\n`);
  }

  const figures: Figure[] = results.flatMap((r) => r.figures);
  const verdicts = judge(figures, targets);
  process.stdout.write(`\n${formatTable(verdicts)}\n`);
  const growth = costGrowthLines(figures);
  if (growth.length > 0)
    process.stdout.write(`\nCost growth:\n${growth.map((l) => `  ${l}`).join('\n')}\n`);
  if (values.markdown !== undefined) {
    writeFileSync(
      values.markdown,
      `${formatMarkdownTable(verdicts)}\n\n${growth.map((l) => `- ${l}`).join('\n')}\n`,
    );
  }

  const misses = verdicts.filter((v) => !v.ok).map((v) => v.miss ?? v.figure.id);
  writeResults(values.results, {
    startedAt: startedAt.toISOString(),
    durationMs: round(Date.now() - startedAt.getTime()),
    host: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      totalMemMb: round(totalmem() / 2 ** 20),
      freeMemMbAtEnd: round(freemem() / 2 ** 20),
      loadAverage1mBefore: round(loadBefore[0] ?? Number.NaN, 2),
      loadAverage1mAfter: round(loadavg()[0] ?? Number.NaN, 2),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
    },
    network,
    nodeStartMs: round(nodeStartMs, 1),
    scenarioMs,
    figures: verdicts.map((v) => ({
      ...v.figure,
      ratio: v.ratio === null ? null : round(v.ratio, 3),
      target: v.target ?? null,
      ok: v.ok,
    })),
    costGrowth: growth,
    scenarios: Object.fromEntries(results.map((r) => [r.scenario, r.details])),
    errors,
    skipped,
    misses,
  });
  process.stdout.write(`\nResults written to ${values.results}\n`);

  for (const s of skipped) process.stdout.write(`Scenario ${s.scenario} skipped: ${s.message}\n`);
  for (const e of errors) process.stdout.write(`Scenario ${e.scenario} failed: ${e.message}\n`);
  for (const miss of misses) process.stdout.write(`Target missed: ${miss}\n`);
  if (errors.length === 0 && misses.length === 0) {
    process.stdout.write('Every target held.\n');
    return 0;
  }
  return 1;
}

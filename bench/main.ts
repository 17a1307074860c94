/**
 * `npm run bench`: measures the speed and memory targets of the project (tests never time
 * anything: machines are noisy), prints a table, writes bench/results/latest.json, and exits
 * 1 when a metric misses its target in bench/targets.json (or a stage fails). Every stage has
 * a time budget and stops by itself; everything listens on 127.0.0.1.
 *
 *   node bench/run.ts [--only action,fanout,logs,exit] [--targets <file>] [--results <file>]
 */
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { withDeadline } from './deadline.ts';
import type { Metric, StageResult } from './metric.ts';
import { formatTable, writeResults, type StageError } from './report.ts';
import { benchActionStep } from './stage-action.ts';
import { benchExitLatency } from './stage-exit-latency.ts';
import { benchFanOut } from './stage-fanout.ts';
import { benchLogPipeline } from './stage-log-pipeline.ts';
import { round } from './stats.ts';
import { judge, loadTargets } from './targets.ts';

interface Stage {
  readonly name: string;
  readonly title: string;
  readonly budgetMs: number;
  readonly run: (signal: AbortSignal) => Promise<StageResult>;
}

const STAGES: readonly Stage[] = [
  {
    name: 'action',
    title: 'one reviewer through dist/index.js (1 warm-up + 5 runs)',
    budgetMs: 60_000,
    run: (signal) => benchActionStep({ runs: 5, warmups: 1, signal }),
  },
  {
    name: 'fanout',
    title: 'ConcurrentExecutor, 8 reviewers at maxConcurrency 8, rate limits on',
    budgetMs: 50_000,
    run: (signal) => benchFanOut({ reviewers: 8, signal }),
  },
  {
    name: 'logs',
    title: 'log pipeline, 50,000 lines',
    budgetMs: 30_000,
    run: (signal) => benchLogPipeline({ lines: 50_000, signal }),
  },
  {
    name: 'exit',
    title: 'machine exit -> result latency (6 runs)',
    budgetMs: 30_000,
    run: (signal) => benchExitLatency({ runs: 6, signal }),
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
    },
  });
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = only?.filter((name) => !STAGES.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown stage(s): ${unknown.join(', ')}`);
  const targets = loadTargets(values.targets);
  const stages = STAGES.filter((s) => only === undefined || only.includes(s.name));

  const startedAt = new Date();
  const loadBefore = loadavg();
  const results: StageResult[] = [];
  const errors: StageError[] = [];
  const stageMs: Record<string, number> = {};
  for (const stage of stages) {
    process.stdout.write(`bench: ${stage.name}: ${stage.title} ...`);
    const t0 = performance.now();
    try {
      results.push(await withDeadline(stage.name, stage.budgetMs, stage.run));
      process.stdout.write(' done');
    } catch (e: unknown) {
      const message = e instanceof Error ? e.message : String(e);
      errors.push({ stage: stage.name, message });
      process.stdout.write(' FAILED');
    }
    stageMs[stage.name] = round(performance.now() - t0);
    process.stdout.write(` (${(stageMs[stage.name] ?? 0) / 1000} s)\n`);
  }

  const metrics: Metric[] = results.flatMap((r) => r.metrics);
  const verdicts = judge(metrics, targets);
  process.stdout.write(`\n${formatTable(verdicts)}\n`);

  const misses = verdicts.filter((v) => !v.ok).map((v) => v.miss ?? v.metric.id);
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
    stageMs,
    metrics: verdicts.map((v) => ({ ...v.metric, target: v.target ?? null, ok: v.ok })),
    stages: Object.fromEntries(results.map((r) => [r.stage, r.details])),
    errors,
    misses,
  });
  process.stdout.write(`\nResults written to ${values.results}\n`);

  for (const e of errors) process.stdout.write(`Stage ${e.stage} failed: ${e.message}\n`);
  for (const miss of misses) process.stdout.write(`Target missed: ${miss}\n`);
  if (errors.length === 0 && misses.length === 0) {
    process.stdout.write('Every target held.\n');
    return 0;
  }
  return 1;
}

/**
 * Stage 3: log pipeline throughput. Runs bench/log-pipeline-child.ts in a process of its own
 * (`--expose-gc`, so its heap figures start from a collected heap and hold nothing of the
 * other stages) and turns its figures into metrics.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { node24 } from '../test/harness/action-run.ts';
import type { PipelineFigures } from './log-pipeline-child.ts';
import type { Metric, StageResult } from './metric.ts';
import { round } from './stats.ts';

const CHILD = fileURLToPath(new URL('./log-pipeline-child.ts', import.meta.url));
const RESOLVE_TS = new URL('./resolve-ts.ts', import.meta.url).href;

/** Sends `lines` lines through the fake source and through the emulator. */
export async function benchLogPipeline(opts: {
  lines: number;
  signal: AbortSignal;
}): Promise<StageResult> {
  const child = spawn(
    node24,
    ['--expose-gc', `--import=${RESOLVE_TS}`, CHILD, '--lines', String(opts.lines)],
    { stdio: ['ignore', 'pipe', 'inherit'], signal: opts.signal, killSignal: 'SIGTERM' },
  );
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  opts.signal.throwIfAborted();
  if (code !== 0) throw new Error(`the log pipeline process exited with ${String(code)}`);
  const figures = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<
    'fake' | 'emulator',
    PipelineFigures
  >;

  const metrics: Metric[] = [];
  for (const [key, name] of [
    ['fake', 'fake source (no HTTP)'],
    ['emulator', 'emulator logs endpoint'],
  ] as const) {
    const f = figures[key];
    metrics.push(
      {
        id: `logs.${key}.lines_per_s`,
        label: `logs, ${name}: lines/s delivered`,
        value: round(f.linesPerSecond),
        unit: 'lines/s',
      },
      {
        id: `logs.${key}.lost_lines`,
        // The marker must come out last too: a line after it would be one the stream lost.
        label: `logs, ${name}: lines lost or out of order`,
        value: f.lines.lost + f.lines.outOfOrder + (f.markerLast ? 0 : 1),
        unit: 'count',
      },
      {
        id: `logs.${key}.peak_heap_growth_mb`,
        label: `logs, ${name}: peak heap above baseline`,
        value: f.heap.growthMb,
        unit: 'MB',
      },
    );
  }
  return { stage: 'logs', metrics, details: { lines: opts.lines, ...figures } };
}

/**
 * Scenario 6's library half: the log pipeline's heap and throughput on a long log. Runs
 * bench/log-pipeline-child.ts in a process of its own (`--expose-gc`, so its heap figures
 * start from a collected heap and hold nothing of the other scenarios) and turns its figures
 * into bench figures (no baseline: the seed had no pipeline to compare).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { node24 } from '../test/harness/action-run.ts';
import type { PipelineFigures } from './log-pipeline-child.ts';
import type { Figure, ScenarioResult } from './figure.ts';
import { round } from './stats.ts';

const CHILD = fileURLToPath(new URL('./log-pipeline-child.ts', import.meta.url));
const RESOLVE_TS = new URL('./resolve-ts.ts', import.meta.url).href;

/** Sends `lines` lines through the fake source and through the emulator. */
export async function benchLogPipeline(opts: {
  lines: number;
  signal: AbortSignal;
}): Promise<ScenarioResult> {
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
  const measured = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<
    'fake' | 'emulator',
    PipelineFigures
  >;

  const figures: Figure[] = [];
  const scenario = '6 memory';
  for (const [key, name] of [
    ['fake', 'fake source (no HTTP)'],
    ['emulator', 'emulator logs endpoint'],
  ] as const) {
    const f = measured[key];
    figures.push(
      {
        id: `pipeline.${key}.lines_per_s`,
        scenario,
        label: `log pipeline, ${opts.lines} lines, ${name}: lines/s delivered`,
        unit: 'lines/s',
        ours: round(f.linesPerSecond),
        baseline: null,
        floor: null,
      },
      {
        id: `pipeline.${key}.lost_lines`,
        // The marker must come out last too: a line after it would be one the stream lost.
        scenario,
        label: `log pipeline, ${name}: lines lost or out of order`,
        unit: 'lines',
        ours: f.lines.lost + f.lines.outOfOrder + (f.markerLast ? 0 : 1),
        baseline: null,
        floor: 0,
      },
      {
        id: `pipeline.${key}.peak_heap_growth_mb`,
        scenario,
        label: `log pipeline, ${name}: peak heap growth`,
        unit: 'MB',
        ours: f.heap.growthMb,
        baseline: null,
        floor: null,
      },
    );
  }
  return { scenario: 'pipeline', figures, details: { lines: opts.lines, ...measured } };
}

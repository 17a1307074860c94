/**
 * Stage 1: one reviewer end to end through the bundled action. dist/index.js runs as the
 * runner runs it (test/harness/action-run.ts), against the Fly emulator whose machine runs
 * the real entrypoint, git and Claude Code CLI talking to the scripted model server
 * (`[scenario:no-tool]`: one answer, no tool call).
 *
 * Each run is split at three points: the action printing `Created machine <id> (<name>)`, the
 * reviewer's first log line shown (the entrypoint's `· Starting`), and the
 * machine printing `[flaude:exit:N]` (the emulator's timestamp of that log entry); the run
 * ends when the step's process exits. Peak RSS comes from bench/peak-rss-probe.mjs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FlyEmulator } from '../test/emulator/fly/index.ts';
import { runActionStep } from '../test/harness/action-run.ts';
import { startEmulators, type ReviewerEmulators } from '../test/harness/emulators.ts';
import { assertNoMachinesLeft } from './machines-left.ts';
import type { Metric, StageResult } from './metric.ts';
import { OutputTimeline } from './output-timeline.ts';
import { max, median, round } from './stats.ts';

const FLY_TOKEN = 'bench-fly-token-5ecret';
const PROBE = new URL('./peak-rss-probe.mjs', import.meta.url).href;

/** One measured run of the main step. */
interface ActionSample {
  readonly totalMs: number;
  readonly startupToCreateMs: number;
  readonly createToFirstLineMs: number;
  readonly firstLineToMarkerMs: number;
  readonly markerToExitMs: number;
  readonly peakRssMb: number;
  readonly vmHwmMb: number | null;
}

/** Runs the main step `warmups` times unmeasured, then `runs` times measured. */
export async function benchActionStep(opts: {
  runs: number;
  warmups: number;
  signal: AbortSignal;
}): Promise<StageResult> {
  const world = await startEmulators({ name: 'bench-action', fly: { token: FLY_TOKEN } });
  const samples: ActionSample[] = [];
  const warmupSamples: ActionSample[] = [];
  try {
    for (let i = 0; i < opts.warmups + opts.runs; i++) {
      opts.signal.throwIfAborted();
      const sample = await oneRun(world, i, opts.signal);
      (i < opts.warmups ? warmupSamples : samples).push(sample);
    }
  } finally {
    await world.stop();
  }

  const pick = (key: keyof ActionSample): number[] => samples.map((s) => s[key] ?? Number.NaN);
  const ms = (id: string, label: string, value: number): Metric => ({
    id,
    label,
    value: round(value),
    unit: 'ms',
  });
  return {
    stage: 'action',
    metrics: [
      ms(
        'action.step_ms.median',
        'action main step, start to exit (median)',
        median(pick('totalMs')),
      ),
      ms('action.step_ms.max', 'action main step, start to exit (max)', max(pick('totalMs'))),
      ms(
        'action.startup_to_create_ms.median',
        '  phase: step start -> machine created (median)',
        median(pick('startupToCreateMs')),
      ),
      ms(
        'action.create_to_first_line_ms.median',
        '  phase: created -> first log line shown (median)',
        median(pick('createToFirstLineMs')),
      ),
      ms(
        'action.first_line_to_marker_ms.median',
        '  phase: first line -> exit marker printed (median)',
        median(pick('firstLineToMarkerMs')),
      ),
      ms(
        'action.marker_to_exit_ms.median',
        '  phase: exit marker -> step exit (median)',
        median(pick('markerToExitMs')),
      ),
      {
        id: 'action.peak_rss_mb.median',
        label: 'action process peak RSS (median)',
        value: round(median(pick('peakRssMb')), 1),
        unit: 'MB',
      },
      {
        id: 'action.peak_rss_mb.max',
        label: 'action process peak RSS (max)',
        value: round(max(pick('peakRssMb')), 1),
        unit: 'MB',
      },
    ],
    details: { runs: samples, warmups: warmupSamples, scenario: 'no-tool' },
  };
}

async function oneRun(
  world: ReviewerEmulators,
  index: number,
  signal: AbortSignal,
): Promise<ActionSample> {
  const { fly } = world;
  const rssFile = join(world.dir, `peak-rss-${index}.json`);
  const timeline = new OutputTimeline({
    created: /^Created machine \S+ \(/,
    // The entrypoint's first line as the reviewer's section renders it (the section itself
    // opens when the machine is created).
    firstLine: /^· Starting /,
  });
  const startedAt = Date.now();
  const step = await runActionStep(world.dir, {
    inputs: inputs(fly),
    event: world.pullRequestEvent(),
    // The harness passes these on to the step's environment as they are.
    github: { NODE_OPTIONS: `--import=${PROBE}`, BENCH_PEAK_RSS_FILE: rssFile },
    onOutput: timeline.write,
    signal,
  });
  const exitedAt = Date.now();
  signal.throwIfAborted();
  const results = JSON.parse(step.outputs.results ?? '[]') as Array<{
    success?: boolean;
    machine_id?: string;
  }>;
  const machineId = results[0]?.machine_id;
  if (step.exitCode !== 0 || results[0]?.success !== true || machineId === undefined) {
    throw new Error(
      `run ${index}: the action failed (exit code ${step.exitCode}):\n${step.log.split('\n').slice(-30).join('\n')}`,
    );
  }
  await assertNoMachinesLeft(fly);

  const markerAt = markerTime(fly, machineId);
  const created = timeline.at('created');
  const firstLine = timeline.at('firstLine');
  const rss = JSON.parse(readFileSync(rssFile, 'utf8')) as {
    maxRssKiB: number;
    vmHwmKiB: number | null;
  };
  return {
    totalMs: exitedAt - startedAt,
    startupToCreateMs: created - startedAt,
    createToFirstLineMs: firstLine - created,
    firstLineToMarkerMs: markerAt - firstLine,
    markerToExitMs: exitedAt - markerAt,
    peakRssMb: round(rss.maxRssKiB / 1024, 1),
    vmHwmMb: rss.vmHwmKiB === null ? null : round(rss.vmHwmKiB / 1024, 1),
  };
}

function inputs(fly: FlyEmulator): Record<string, string> {
  return {
    'fly-api-token': FLY_TOKEN,
    app: 'flaude-bench',
    org: 'personal',
    'claude-code-oauth-token': 'sk-ant-oat01-bench-claude-5ecret',
    name: 'bench',
    prompt: 'Review this pull request. [scenario:no-tool]',
    image: 'registry.fly.io/flaude-bench:emulated',
    'vm-size': 'shared-cpu-2x',
    'memory-mb': '2048',
    'timeout-minutes': '5',
    'fly-api-url': fly.url,
    'fly-logs-url': fly.logsUrl,
  };
}

/** When the machine printed its exit marker, by the emulator's log entry (ms since epoch). */
function markerTime(fly: FlyEmulator, machineId: string): number {
  const entry = fly
    .logEntries({ instance: machineId })
    .find((e) => e.message.startsWith('[flaude:exit:'));
  if (entry === undefined) throw new Error(`machine ${machineId} printed no exit marker`);
  return Number(entry.timestampNs / 1_000_000n);
}

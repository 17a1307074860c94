/**
 * Stage 4: exit-to-result latency. How long after a machine's main process exits does the
 * library's run resolve? One-request ConcurrentExecutor batches (the action's path, default
 * poller settings: 15 s grace for the marker, 30 s log grace in the runner) on script
 * machines (bench/machines/quick-exit.sh) of the in-process Fly emulator, which stamps the
 * `exit` event when the process exits (same clock as this process).
 *
 * The poller should end the stream at the `[flaude:exit:N]` line, so the latency is the
 * emulator's log lag (300 ms; Fly's own lag comes on top in production) plus at most one poll
 * interval and the destroy call, far below the grace periods. A run that waited out a grace
 * period shows up as an exit code not read from the marker, or a latency near 15 s.
 */
import { fileURLToPath } from 'node:url';
import { FlyClient } from '../src/fly/api/client.ts';
import { ConcurrentExecutor } from '../src/fly/run/executor.ts';
import { DEFAULT_EXIT_MARKER_GRACE_MS } from '../src/fly/logs/collector.ts';
import { DEFAULT_LOG_LAG_MS, startFlyEmulator } from '../test/emulator/fly/index.ts';
import { assertNoMachinesLeft } from './machines-left.ts';
import type { StageResult } from './metric.ts';
import { max, median, round } from './stats.ts';

const APP = 'flaude-bench-exit';
const SCRIPT = fileURLToPath(new URL('./machines/quick-exit.sh', import.meta.url));

interface ExitSample {
  /** Process exit -> the marker line handed to onLine. */
  readonly exitToMarkerMs: number;
  /** The marker line -> runBatch resolved (stream end, late exit event check, destroy). */
  readonly markerToResultMs: number;
  readonly exitToResultMs: number;
  readonly exitCodeSource: string;
}

/** Runs `runs` quick machines one after the other. */
export async function benchExitLatency(opts: {
  runs: number;
  signal: AbortSignal;
}): Promise<StageResult> {
  const fly = await startFlyEmulator({ apps: [APP], entrypoint: SCRIPT });
  const client = new FlyClient({ token: fly.token, apiUrl: fly.url, logsUrl: fly.logsUrl });
  const samples: ExitSample[] = [];
  try {
    for (let i = 0; i < opts.runs; i++) {
      opts.signal.throwIfAborted();
      let markerAt: number | undefined;
      const batch = await new ConcurrentExecutor(APP, { client, signal: opts.signal }).runBatch([
        {
          config: {
            image: `registry.fly.io/${APP}:script`,
            prompt: 'unused by the script machine',
            anthropicApiKey: 'sk-ant-api03-bench-key',
            guest: 'shared-cpu-1x',
            timeoutSeconds: 60,
          },
          tag: `run-${i + 1}`,
          name: `bench-exit-${i + 1}`,
          onLine: (line) => {
            if (line.startsWith('[flaude:exit:')) markerAt = Date.now();
          },
        },
      ]);
      const resolvedAt = Date.now();
      const [result] = batch.results;
      if (result === undefined || !result.success || result.machineId === undefined) {
        throw new Error(`run ${i + 1} failed: ${result?.error?.message ?? 'no result'}`);
      }
      const exitEvent = fly.machine(result.machineId)?.events.find((e) => e.type === 'exit');
      if (exitEvent === undefined) throw new Error(`run ${i + 1}: no exit event`);
      const marker = markerAt ?? Number.NaN;
      samples.push({
        exitToMarkerMs: marker - exitEvent.timestamp,
        markerToResultMs: resolvedAt - marker,
        exitToResultMs: resolvedAt - exitEvent.timestamp,
        exitCodeSource: result.runResult?.exitCodeSource ?? 'none',
      });
    }
    await assertNoMachinesLeft(fly);
  } finally {
    await client.close();
    await fly.stop();
  }

  const latencies = samples.map((s) => s.exitToResultMs);
  return {
    stage: 'exit',
    metrics: [
      {
        id: 'exit.exit_to_result_ms.median',
        label: 'machine exit -> run resolved (median)',
        value: round(median(latencies)),
        unit: 'ms',
      },
      {
        id: 'exit.exit_to_result_ms.max',
        label: 'machine exit -> run resolved (max)',
        value: round(max(latencies)),
        unit: 'ms',
      },
      {
        id: 'exit.not_ended_by_marker',
        label: 'runs whose stream did not end at the marker',
        value: samples.filter(
          (s) => s.exitCodeSource !== 'marker' || s.exitToResultMs >= DEFAULT_EXIT_MARKER_GRACE_MS,
        ).length,
        unit: 'count',
      },
    ],
    details: {
      runs: samples,
      exitToMarkerMsMedian: round(median(samples.map((s) => s.exitToMarkerMs))),
      markerToResultMsMedian: round(median(samples.map((s) => s.markerToResultMs))),
      emulatorLogLagMs: DEFAULT_LOG_LAG_MS,
      exitMarkerGraceMs: DEFAULT_EXIT_MARKER_GRACE_MS,
    },
  };
}

/**
 * Stage 3's measuring process (started by stage-log-pipeline.ts with `--expose-gc` and the
 * TypeScript resolve hook): pushes `--lines` numbered lines through the library's log path
 * twice and prints one JSON line with the figures.
 *
 * 1. `fake`: FlyLogPoller + LogCollector + LogStream fed by bench/fake-log-source.ts (no
 *    HTTP): the pipeline's own speed and heap.
 * 2. `emulator`: runWithLogs on a machine of the Fly emulator (its own process) that prints
 *    the lines: the poller's HTTP path (FlyClient, undici, JSON parsing) included, paged
 *    100 entries at a time as Fly does. The emulator's paging bounds this figure.
 *
 * Either way the consumer checks that every line arrived once and in order.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { FlyClient } from '../src/fly/api/client.ts';
import { LogCollector } from '../src/fly/logs/collector.ts';
import { FlyLogPoller } from '../src/fly/logs/poller.ts';
import { runWithLogs } from '../src/fly/run/streaming.ts';
import { startEmulatorProcess } from './emulator-process.ts';
import { fakeLogSource } from './fake-log-source.ts';
import { HeapPeak, type HeapFigures } from './heap-peak.ts';
import { LINE_PADDING, SequenceCheck } from './log-lines.ts';

const APP = 'flaude-bench-logs';
const MACHINE_SCRIPT = fileURLToPath(new URL('./machines/many-lines.sh', import.meta.url));

/** What one way through the pipeline measured. */
export interface PipelineFigures {
  readonly linesPerSecond: number;
  /** From the first numbered line delivered to the marker delivered. */
  readonly deliveryMs: number;
  readonly lines: ReturnType<SequenceCheck['summary']>;
  readonly markerLast: boolean;
  readonly heap: HeapFigures;
  readonly extra: Record<string, unknown>;
}

async function throughFakeSource(lines: number): Promise<PipelineFigures> {
  const machineId = 'e2865e9f6b7d48';
  const heap = new HeapPeak();
  const source = fakeLogSource({ machineId, lines, onPage: () => heap.sample() });
  const collector = new LogCollector();
  // The machine has exited already: its stream must end at the marker, not after the grace.
  const poller = new FlyLogPoller({
    fetchPage: source.fetchPage,
    collector,
    exitMarkerGraceMs: 60_000,
  });
  const stream = collector.subscribe(machineId);
  const check = new SequenceCheck();
  heap.start();
  const startedAt = performance.now();
  poller.start();
  const ended = poller.machineExited(machineId);
  let firstAt: number | undefined;
  let last = '';
  for await (const line of stream) {
    firstAt ??= performance.now();
    check.see(line);
    last = line;
  }
  const doneAt = performance.now();
  await ended;
  const figures = heap.stop();
  await poller.stop();
  return {
    linesPerSecond: check.received / ((doneAt - (firstAt ?? startedAt)) / 1000),
    deliveryMs: doneAt - (firstAt ?? startedAt),
    lines: check.summary(lines),
    markerLast: last === '[flaude:exit:0]',
    heap: figures,
    extra: {
      pages: source.pages,
      startToEndMs: doneAt - startedAt,
      lateLines: collector.lateLines,
      droppedPendingLines: collector.droppedPendingLines,
      droppedStreamLines: stream.droppedLines,
    },
  };
}

async function throughEmulator(lines: number): Promise<PipelineFigures> {
  const emulator = await startEmulatorProcess({ app: APP, entrypoint: MACHINE_SCRIPT });
  const client = new FlyClient({
    token: emulator.token,
    apiUrl: emulator.url,
    logsUrl: emulator.logsUrl,
  });
  const heap = new HeapPeak();
  const check = new SequenceCheck();
  try {
    heap.start();
    const startedAt = performance.now();
    const run = await runWithLogs(
      APP,
      {
        image: `registry.fly.io/${APP}:script`,
        prompt: 'unused by the script machine',
        anthropicApiKey: 'sk-ant-api03-bench-key',
        env: { BENCH_LINES: String(lines), BENCH_LINE_PADDING: String(LINE_PADDING) },
        guest: 'shared-cpu-1x',
        timeoutSeconds: 120,
      },
      { client, name: 'bench-logs-1', waitTimeoutSeconds: 120 },
    );
    let firstAt: number | undefined;
    let markerAt: number | undefined;
    let last = '';
    for await (const line of run) {
      heap.sample();
      if (line.startsWith('bench-line ')) firstAt ??= performance.now();
      if (line.startsWith('[flaude:exit:')) markerAt = performance.now();
      check.see(line);
      last = line;
    }
    const result = await run.result({ raiseOnFailure: false });
    const doneAt = performance.now();
    const figures = heap.stop();
    const deliveryMs = (markerAt ?? doneAt) - (firstAt ?? startedAt);
    return {
      linesPerSecond: check.received / (deliveryMs / 1000),
      deliveryMs,
      lines: check.summary(lines),
      markerLast: last === '[flaude:exit:0]',
      heap: figures,
      extra: {
        exitCode: result.exitCode,
        exitCodeSource: result.exitCodeSource,
        destroyed: result.destroyed,
        createToResultMs: doneAt - startedAt,
        linesKeptByRunResult: result.logs.length,
      },
    };
  } finally {
    await client.close();
    await emulator.stop();
  }
}

const { values } = parseArgs({ options: { lines: { type: 'string', default: '50000' } } });
const count = Number(values.lines);
const fake = await throughFakeSource(count);
const emulator = await throughEmulator(count);
process.stdout.write(`${JSON.stringify({ fake, emulator })}\n`);

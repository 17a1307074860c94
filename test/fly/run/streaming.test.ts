import { describe, expect, test } from 'vitest';
import { FlyAPIError } from '../../../src/fly/api/errors.ts';
import type { MachineConfig } from '../../../src/fly/api/machine-config.ts';
import { DEFAULT_EXIT_MARKER_GRACE_MS, LogCollector } from '../../../src/fly/logs/collector.ts';
import { LogDrainServer } from '../../../src/fly/logs/drain-server.ts';
import { FlyLogPoller } from '../../../src/fly/logs/poller.ts';
import { MachineExitError } from '../../../src/fly/run/exit.ts';
import {
  RunCancelledError,
  runWithLogs,
  type RunWithLogsOptions,
} from '../../../src/fly/run/streaming.ts';
import { FakeClock } from '../fake-clock.ts';
import { FakeFly, type MachineScript } from '../fake-fly-machines.ts';

const APP = 'flaude-test';
const config: MachineConfig = {
  image: 'registry.fly.io/x:1',
  prompt: 'Review it',
  anthropicApiKey: 'sk-ant-api03-key',
};

function harness(script: MachineScript = {}): {
  clock: FakeClock;
  fly: FakeFly;
  options: (extra?: Partial<RunWithLogsOptions>) => RunWithLogsOptions;
} {
  const clock = new FakeClock();
  const fly = new FakeFly(clock);
  fly.defaultScript = script;
  return {
    clock,
    fly,
    options: (extra = {}) => ({
      client: fly.client,
      name: 'rev-s',
      clock,
      fetchLogPage: fly.fetchLogPage,
      ...extra,
    }),
  };
}

async function turns(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

describe('runWithLogs', () => {
  test('keepLines false keeps no line for the run: every line goes to onLine, iterating throws', async () => {
    const body = Array.from({ length: 2_000 }, (_, i) => `line ${i + 1}`);
    const h = harness({ lines: body, exitCode: 0, runMs: 300_000 });
    const seen: string[] = [];
    const sr = await runWithLogs(
      APP,
      config,
      h.options({ keepLines: false, onLine: (line) => void seen.push(line) }),
    );
    expect(() => sr[Symbol.asyncIterator]()).toThrow(/keeps no lines \(keepLines: false\)/);
    const result = await sr.result();
    expect(seen).toHaveLength(2_001);
    expect(sr.collectedLogs).toEqual([]);
    // The result keeps only its bounded tail, and counts every line.
    expect(result.logLineCount).toBe(2_001);
    expect(result.logs.length).toBeLessThan(2_001);
    expect(result).toMatchObject({ exitCode: 0, exitCodeSource: 'marker', destroyed: true });
  });

  test('yields what the machine printed (system entries dropped), then result() with destroyed true', async () => {
    const h = harness({
      lines: ['[flaude] cloning', '{"type":"result","result":"ok"}'],
      systemLines: ['Pulling container image', 'Machine started in 1.2s'],
      exitCode: 0,
      eventExitCode: 1,
    });
    const created: string[] = [];
    const sr = await runWithLogs(
      APP,
      config,
      h.options({ onCreated: (m) => void created.push(m.id) }),
    );
    expect(created).toEqual([sr.machineId]);
    const seen: string[] = [];
    for await (const line of sr) seen.push(line);
    expect(seen).toEqual([
      '[flaude] cloning',
      '{"type":"result","result":"ok"}',
      '[flaude:exit:0]',
    ]);
    const result = await sr.result();
    expect(result).toMatchObject({
      machineId: sr.machineId,
      exitCode: 0,
      exitCodeSource: 'marker',
      destroyed: true,
    });
    expect(result.logs).toEqual(seen);
    const copy = sr.collectedLogs;
    copy.push('mutated');
    expect(sr.collectedLogs).toEqual(seen);
    expect(h.fly.liveMachines()).toHaveLength(0);
  });

  test('the poller it started is stopped by result()', async () => {
    const h = harness({ runMs: 3_000 });
    const sr = await runWithLogs(APP, config, h.options());
    await sr.result();
    const fetches = h.fly.logFetches;
    expect(fetches).toBeGreaterThan(0);
    await turns();
    expect(h.fly.logFetches).toBe(fetches);
    expect(h.clock.pending).toBe(0);
  });

  test('breaking out of the loop destroys the running machine; result() then rejects', async () => {
    const h = harness({ runMs: 3_600_000, lines: ['first', 'second', 'third'] });
    const sr = await runWithLogs(APP, config, h.options());
    for await (const line of sr) {
      if (line === 'second') break;
    }
    expect(sr.done).toBe(true);
    expect(h.fly.liveMachines()).toHaveLength(0);
    expect([...h.fly.machines.values()][0]?.destroyRequests).toBe(1);
    await expect(sr.result()).rejects.toBeInstanceOf(RunCancelledError);
    expect(h.clock.pending).toBe(0);
  });

  test('an exception inside the loop destroys the machine and propagates', async () => {
    const h = harness({ runMs: 3_600_000, lines: ['first'] });
    const sr = await runWithLogs(APP, config, h.options());
    const boom = new Error('consumer failed');
    const consume = async (): Promise<void> => {
      for await (const _line of sr) throw boom;
    };
    await expect(consume()).rejects.toBe(boom);
    expect(h.fly.liveMachines()).toHaveLength(0);
  });

  test('cleanup() without iterating destroys the machine and is idempotent; await using cleans up', async () => {
    const h = harness({ runMs: 3_600_000 });
    const sr = await runWithLogs(APP, config, h.options());
    await Promise.all([sr.cleanup(), sr.cleanup()]);
    await sr.cleanup();
    expect(h.fly.liveMachines()).toHaveLength(0);
    expect([...h.fly.machines.values()][0]?.destroyRequests).toBe(1);

    const h2 = harness({ runMs: 3_600_000 });
    {
      await using sr2 = await runWithLogs(APP, config, h2.options());
      expect(sr2.machineId).toMatch(/^m/);
      expect(h2.fly.liveMachines()).toHaveLength(1);
    }
    expect(h2.fly.liveMachines()).toHaveLength(0);
  });

  test('a failed machine: result() throws MachineExitError with every line, or returns with raiseOnFailure false', async () => {
    const h = harness({ lines: Array.from({ length: 25 }, (_, i) => `l${i}`), exitCode: 2 });
    const sr = await runWithLogs(APP, config, h.options());
    const error = await sr.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MachineExitError);
    const e = error as MachineExitError;
    expect(e.reason).toBe('exit code 2');
    expect(e.logs).toHaveLength(26);
    expect(e.message).toContain('Last 20 of 26 log lines:');
    expect(e.result?.destroyed).toBe(true);

    const h2 = harness({ exitCode: 2 });
    const sr2 = await runWithLogs(APP, config, h2.options());
    await expect(sr2.result({ raiseOnFailure: false })).resolves.toMatchObject({
      exitCode: 2,
      failureReason: 'exit code 2',
    });
  });

  test('late lines and the marker arriving after the exit are kept (the stream waits for the marker)', async () => {
    const h = harness({ lines: ['a', 'b'], exitCode: 0, eventExitCode: 1, logLagMs: 8_000 });
    const sr = await runWithLogs(APP, config, h.options());
    const result = await sr.result();
    expect(result.logs).toEqual(['a', 'b', '[flaude:exit:0]']);
    expect(result.exitCodeSource).toBe('marker');
  });

  test('a lost marker ends the stream after the grace period and the event decides', async () => {
    const h = harness({ marker: false, exitCode: 0, runMs: 10_000 });
    const start = h.clock.now();
    const sr = await runWithLogs(APP, config, h.options());
    const result = await sr.result();
    expect(result).toMatchObject({
      exitCode: 0,
      exitCodeSource: 'event',
      failureReason: undefined,
    });
    // The default grace (15 s) after the 10 s run, and no longer.
    expect(h.clock.now() - start).toBeGreaterThanOrEqual(10_000 + DEFAULT_EXIT_MARKER_GRACE_MS);
    expect(h.clock.now() - start).toBeLessThan(60_000);
  });

  test("the run's exitMarkerGraceMs is also the grace of the poller it starts", async () => {
    const h = harness({ marker: false, exitCode: 0, runMs: 10_000 });
    const start = h.clock.now();
    const sr = await runWithLogs(APP, config, h.options({ exitMarkerGraceMs: 40_000 }));
    await expect(sr.result()).resolves.toMatchObject({ exitCodeSource: 'event' });
    // A poller left at 15 s would have ended the stream, and the run, 25 s earlier.
    expect(h.clock.now() - start).toBeGreaterThanOrEqual(50_000);
    expect(h.clock.now() - start).toBeLessThan(60_000);
  });

  test("with a borrowed poller the run waits as long as that poller's exitMarkerGraceMs", async () => {
    const h = harness({ marker: false, exitCode: 0, runMs: 10_000 });
    const collector = new LogCollector({ clock: h.clock });
    const poller = new FlyLogPoller({
      fetchPage: h.fly.fetchLogPage,
      collector,
      clock: h.clock,
      exitMarkerGraceMs: 40_000,
    });
    poller.start();
    const start = h.clock.now();
    // No page source of its own: the borrowed poller feeds the run.
    const { fetchLogPage: _unused, ...borrowing } = h.options({ collector, poller });
    const sr = await runWithLogs(APP, config, borrowing);
    await expect(sr.result()).resolves.toMatchObject({ exitCodeSource: 'event' });
    expect(h.clock.now() - start).toBeGreaterThanOrEqual(50_000);
    expect(h.clock.now() - start).toBeLessThan(60_000);
    await poller.stop();
  });

  test('a borrowed poller and collector are used, fed lines before subscription are not lost, and they are left running', async () => {
    const h = harness({ lines: ['from poller'] });
    const collector = new LogCollector({ clock: h.clock });
    const poller = new FlyLogPoller({ fetchPage: h.fly.fetchLogPage, collector, clock: h.clock });
    poller.start();
    // The log source delivers a line before the creator learns the machine id.
    h.fly.onCreate = (m) =>
      collector.push({
        machineId: m.id,
        message: 'before subscribe',
        stream: 'stdout',
        timestamp: '',
      });
    // No page source of its own: the borrowed poller feeds the run.
    const { fetchLogPage: _unused, ...borrowing } = h.options({ collector, poller });
    const sr = await runWithLogs(APP, config, borrowing);
    const result = await sr.result();
    expect(result.logs).toEqual(['before subscribe', 'from poller', '[flaude:exit:0]']);
    expect(poller.running).toBe(true);
    await poller.stop();
  });

  test('a drain server as the source: no poller is started and the marker ends the stream', async () => {
    const h = harness({ runMs: 5_000 });
    const collector = new LogCollector({ clock: h.clock });
    const server = new LogDrainServer(collector, { secret: 'a-secret-of-sufficient-length' });
    h.fly.onCreate = (m) => {
      collector.push({ machineId: m.id, message: 'drained', stream: 'stdout', timestamp: '' });
      collector.push({
        machineId: m.id,
        message: '[flaude:exit:0]',
        stream: 'stdout',
        timestamp: '',
      });
    };
    const sr = await runWithLogs(APP, config, h.options({ collector, server }));
    const lines: string[] = [];
    for await (const line of sr) lines.push(line);
    expect(lines).toEqual(['drained', '[flaude:exit:0]']);
    await expect(sr.result()).resolves.toMatchObject({ exitCodeSource: 'marker', destroyed: true });
    expect(h.fly.logFetches).toBe(0);
  });

  test('a poller or server without its collector is refused', async () => {
    const h = harness();
    const collector = new LogCollector({ clock: h.clock });
    const poller = new FlyLogPoller({ fetchPage: h.fly.fetchLogPage, collector, clock: h.clock });
    await expect(runWithLogs(APP, config, h.options({ poller }))).rejects.toThrow(/collector/);
    expect(h.fly.calls).toHaveLength(0);
  });

  test('a failed create rejects and stops the poller it started', async () => {
    const h = harness();
    h.fly.interceptors.push((req) =>
      req.method === 'POST'
        ? Promise.reject(
            new FlyAPIError({
              statusCode: 422,
              detail: 'bad image',
              method: 'POST',
              path: req.path,
            }),
          )
        : undefined,
    );
    await expect(runWithLogs(APP, config, h.options())).rejects.toThrow(/bad image/);
    const fetches = h.fly.logFetches;
    await turns();
    expect(h.fly.logFetches).toBe(fetches);
    expect(h.clock.pending).toBe(0);
  });

  test('an onCreated that throws rejects runWithLogs after destroying the machine', async () => {
    const h = harness({ runMs: 3_600_000 });
    const boom = new Error('state not saved');
    await expect(
      runWithLogs(APP, config, h.options({ onCreated: () => Promise.reject(boom) })),
    ).rejects.toBe(boom);
    expect(h.fly.machines.size).toBe(1);
    expect(h.fly.liveMachines()).toHaveLength(0);
  });

  test('the caller signal aborts the run: machine destroyed, result() rejects with the reason', async () => {
    const h = harness({ runMs: 3_600_000, lines: ['x'] });
    const controller = new AbortController();
    const sr = await runWithLogs(APP, config, h.options({ signal: controller.signal }));
    const reason = new Error('job cancelled');
    controller.abort(reason);
    await expect(sr.result()).rejects.toBe(reason);
    expect(h.fly.liveMachines()).toHaveLength(0);
  });
});

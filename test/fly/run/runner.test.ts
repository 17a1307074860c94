import { describe, expect, test } from 'vitest';
import type { FlyMachine, FlyMachineEvent } from '../../../src/fly/api/api-types.ts';
import type { FlyRequest } from '../../../src/fly/api/client.ts';
import { FlyAPIError } from '../../../src/fly/api/errors.ts';
import type { Logger } from '../../../src/fly/base/logger.ts';
import { MachineConfigError, type MachineConfig } from '../../../src/fly/api/machine-config.ts';
import { LogStream } from '../../../src/fly/logs/stream.ts';
import { MachineExitError, resolveExit } from '../../../src/fly/run/exit.ts';
import { DEFAULT_KEPT_LOG_LINES } from '../../../src/fly/run/log-tap.ts';
import { run, runAndDestroy, type RunOptions } from '../../../src/fly/run/runner.ts';
import { FakeClock } from '../fake-clock.ts';
import { FakeFly, type MachineScript } from '../fake-fly-machines.ts';

const APP = 'flaude-test';
const TOKEN = 'sk-ant-oat01-secret-token-value';
const config: MachineConfig = {
  image: 'registry.fly.io/x:1',
  prompt: 'Review it',
  claudeCodeOAuthToken: TOKEN,
};

function exitEvent(
  exitCode: number | undefined,
  extra: Record<string, unknown> = {},
  timestamp?: number,
): FlyMachineEvent {
  return {
    type: 'exit',
    ...(timestamp === undefined ? {} : { timestamp }),
    request: {
      exit_event: { ...(exitCode === undefined ? {} : { exit_code: exitCode }), ...extra },
    },
  };
}

describe('resolveExit', () => {
  const UNKNOWN = 'exit code unknown: no [flaude:exit:N] marker and no exit event';
  test.each([
    // [case, logs, events, state, exitCode, source, oomKilled, failureReason]
    ['1 marker only', ['hi', '[flaude:exit:0]'], [], 'stopped', 0, 'marker', false, undefined],
    ['2 event only', ['hi'], [exitEvent(0)], 'stopped', 0, 'event', false, undefined],
    [
      '3 marker beats event',
      ['[flaude:exit:0]'],
      [exitEvent(1)],
      'stopped',
      0,
      'marker',
      false,
      undefined,
    ],
    [
      '4 marker beats event (non-zero marker)',
      ['[flaude:exit:2]'],
      [exitEvent(0)],
      'destroyed',
      2,
      'marker',
      false,
      'exit code 2',
    ],
    [
      '5 last marker wins',
      ['[flaude:exit:3]', 'x', '[flaude:exit:0]'],
      [],
      'stopped',
      0,
      'marker',
      false,
      undefined,
    ],
    [
      '6 marker inside a longer line is not a marker',
      ['echo [flaude:exit:0] done'],
      [exitEvent(5)],
      'stopped',
      5,
      'event',
      false,
      'exit code 5',
    ],
    ['7 nothing: unknown is a failure', ['hi'], [], 'stopped', null, 'unknown', false, UNKNOWN],
    [
      '8 exit event without exit_code',
      [],
      [exitEvent(undefined)],
      'destroyed',
      null,
      'unknown',
      false,
      UNKNOWN,
    ],
    ['9 non-zero event', [], [exitEvent(1)], 'stopped', 1, 'event', false, 'exit code 1'],
    [
      '10 oom with code 137',
      [],
      [exitEvent(137, { oom_killed: true })],
      'stopped',
      137,
      'event',
      true,
      'killed: out of memory (oom_killed); exit code 137',
    ],
    [
      '11 oom even when the marker says 0',
      ['[flaude:exit:0]'],
      [exitEvent(0, { oom_killed: true })],
      'stopped',
      0,
      'marker',
      true,
      'killed: out of memory (oom_killed)',
    ],
    [
      '12 state failed with exit 0',
      ['[flaude:exit:0]'],
      [],
      'failed',
      0,
      'marker',
      false,
      'machine state failed',
    ],
    [
      '13 state failed, nothing else',
      [],
      [],
      'failed',
      null,
      'unknown',
      false,
      `${UNKNOWN}; machine state failed`,
    ],
    [
      '14 non-exit events are ignored',
      [],
      [{ type: 'start' }, { type: 'launch' }],
      'stopped',
      null,
      'unknown',
      false,
      UNKNOWN,
    ],
    [
      '15 newest exit event first in list order',
      [],
      [exitEvent(4), exitEvent(0)],
      'stopped',
      4,
      'event',
      false,
      'exit code 4',
    ],
    [
      '16 timestamps beat list order',
      [],
      [exitEvent(0, {}, 1000), exitEvent(6, {}, 2000)],
      'stopped',
      6,
      'event',
      false,
      'exit code 6',
    ],
    [
      '17 MonitorEvent preferred',
      [],
      [
        {
          type: 'exit',
          request: { exit_event: { exit_code: 0 }, MonitorEvent: { exit_event: { exit_code: 9 } } },
        },
      ],
      'stopped',
      9,
      'event',
      false,
      'exit code 9',
    ],
    [
      '18 MonitorEvent without a code falls back to exit_event',
      [],
      [
        {
          type: 'exit',
          request: { exit_event: { exit_code: 0 }, MonitorEvent: { exit_event: {} } },
        },
      ],
      'stopped',
      0,
      'event',
      false,
      undefined,
    ],
    [
      '19 MonitorEvent oom flag',
      [],
      [
        {
          type: 'exit',
          request: {
            exit_event: { exit_code: 1 },
            MonitorEvent: { exit_event: { oom_killed: true } },
          },
        },
      ],
      'stopped',
      1,
      'event',
      true,
      'killed: out of memory (oom_killed); exit code 1',
    ],
  ] as const)('%s', (_case, logs, events, state, exitCode, source, oomKilled, failureReason) => {
    expect(resolveExit({ logs, events, state })).toEqual({
      exitCode,
      source,
      oomKilled,
      failureReason,
    });
  });
});

describe('MachineExitError', () => {
  test('message names machine, reason and state, then every line when there are at most 20', () => {
    const logs = Array.from({ length: 3 }, (_, i) => `line ${i + 1}`);
    const error = new MachineExitError('m1', 1, 'stopped', logs, 'exit code 1');
    expect(error.message).toBe(
      'Machine m1 failed: exit code 1 (state stopped)\nLog (3 lines):\nline 1\nline 2\nline 3',
    );
    expect(error).toMatchObject({
      name: 'MachineExitError',
      machineId: 'm1',
      exitCode: 1,
      state: 'stopped',
      reason: 'exit code 1',
    });
    expect(error.logs).toEqual(logs);
  });

  test('message shows the last 20 lines of more', () => {
    const logs = Array.from({ length: 25 }, (_, i) => `line ${i + 1}`);
    const error = new MachineExitError('m2', null, 'destroyed', logs, 'exit code unknown');
    const [head, heading, ...tail] = error.message.split('\n');
    expect(head).toBe('Machine m2 failed: exit code unknown (state destroyed)');
    expect(heading).toBe('Last 20 of 25 log lines:');
    expect(tail).toEqual(logs.slice(5));
    expect(error.logs).toHaveLength(25);
  });

  test('message clips very long lines but keeps them whole in logs', () => {
    const long = 'x'.repeat(1200);
    const error = new MachineExitError('m4', 1, 'stopped', [long, 'last'], 'exit code 1');
    expect(error.message.split('\n')).toEqual([
      'Machine m4 failed: exit code 1 (state stopped)',
      'Log (2 lines):',
      `${'x'.repeat(500)}… (700 more characters)`,
      'last',
    ]);
    expect(error.logs[0]).toBe(long);
  });

  test('says so when no line was captured', () => {
    expect(new MachineExitError('m3', 2, 'stopped', [], 'exit code 2').message).toBe(
      'Machine m3 failed: exit code 2 (state stopped)\nNo log lines were captured.',
    );
  });
});

interface Harness {
  clock: FakeClock;
  fly: FakeFly;
  warnings: string[];
  logger: Logger;
  options(extra?: Partial<RunOptions>): RunOptions;
}

function harness(script: MachineScript = {}): Harness {
  const clock = new FakeClock();
  const fly = new FakeFly(clock);
  fly.defaultScript = script;
  const warnings: string[] = [];
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warning: (m) => warnings.push(m),
  };
  return {
    clock,
    fly,
    warnings,
    logger,
    options: (extra = {}) => ({ client: fly.client, name: 'rev-a', clock, logger, ...extra }),
  };
}

function apiError(statusCode: number, detail: string, req: FlyRequest): FlyAPIError {
  return new FlyAPIError({ statusCode, detail, method: req.method, path: req.path });
}

const isMachineGet = (req: FlyRequest): boolean =>
  req.method === 'GET' && /\/machines\/[^/]+$/.test(req.path);

/** A LogStream fed by the fake's logs endpoint for one machine, ended `endAfterMs` after its exit. */
function streamFor(
  h: Harness,
  endAfterMs = 5_000,
): {
  logs: LogStream;
  onCreated: NonNullable<RunOptions['onCreated']>;
  onExited: NonNullable<RunOptions['onExited']>;
} {
  const logs = new LogStream({ clock: h.clock });
  let stop = false;
  let token = '';
  const seen = new Set<string>();
  const pump = async (machineId: string): Promise<void> => {
    const signal = new AbortController().signal;
    while (!stop) {
      const page = await h.fly.fetchLogPage(token, signal);
      token = page.nextToken;
      for (const e of page.entries) {
        if (seen.has(e.id)) continue; // pages overlap, as Fly's do
        seen.add(e.id);
        if (e.attributes.instance === machineId && e.attributes.meta?.event?.provider === 'app')
          logs.push(e.attributes.message);
      }
      await h.clock.sleep(200);
    }
    logs.end();
  };
  return {
    logs,
    onCreated: (m) => void pump(m.id),
    onExited: async () => {
      await h.clock.sleep(endAfterMs);
      stop = true;
    },
  };
}

describe('run / runAndDestroy', () => {
  test('success: exit code from the marker, lines kept, machine destroyed, onCreated before the wait', async () => {
    const h = harness({
      lines: ['[flaude] cloning', '{"type":"result","result":"LGTM"}'],
      exitCode: 0,
      eventExitCode: 1,
    });
    const s = streamFor(h);
    const created: string[] = [];
    const result = await run(
      APP,
      config,
      h.options({
        logs: s.logs,
        onExited: s.onExited,
        onCreated: (m) => {
          created.push(m.id);
          expect(h.fly.callsTo('GET', /\/wait$/)).toHaveLength(0);
          return s.onCreated?.(m);
        },
      }),
    );
    expect(created).toEqual([result.machineId]);
    expect(result).toMatchObject({
      name: 'rev-a',
      region: 'iad',
      exitCode: 0,
      exitCodeSource: 'marker',
      oomKilled: false,
      timedOut: false,
      failureReason: undefined,
      destroyed: true,
    });
    // The size it was created with, which Fly bills it for: the default guest.
    expect(result.guest).toEqual({ cpu_kind: 'shared', cpus: 2, memory_mb: 2048 });
    expect(result.logs).toEqual([
      '[flaude] cloning',
      '{"type":"result","result":"LGTM"}',
      '[flaude:exit:0]',
    ]);
    expect(result.durationSeconds).toBe(10);
    expect(h.fly.liveMachines()).toHaveLength(0);
    const waits = h.fly.callsTo('GET', /\/wait$/);
    expect(waits.length).toBeGreaterThan(0);
    for (const w of waits) {
      expect(w.query).toMatchObject({ state: ['stopped', 'destroyed'] });
      expect(w.query?.version).toBe(h.fly.machines.get(result.machineId)?.version);
    }
  });

  test("the wait passes the machine's version, not its older instance_id, when both differ", async () => {
    const h = harness();
    let inner = false;
    h.fly.interceptors.push((req, fly) => {
      if (inner || req.method !== 'POST') return undefined;
      inner = true;
      const created = fly.client.request<FlyMachine>(req).finally(() => (inner = false));
      return created.then((m) => ({ ...m, instance_id: '01HOLDINSTANCEID' }));
    });
    const result = await run(APP, config, h.options());
    const version = h.fly.machines.get(result.machineId)?.version;
    expect(version).toBeDefined();
    const waits = h.fly.callsTo('GET', /\/wait$/);
    expect(waits.length).toBeGreaterThan(0);
    for (const w of waits) expect(w.query?.version).toBe(version);
    expect(result).toMatchObject({ exitCode: 0, destroyed: true });
  });

  test('the create request is the one buildCreateMachineRequest makes, with the name', async () => {
    const h = harness();
    const result = await run(APP, config, h.options({ name: 'rev-named' }));
    const m = h.fly.machines.get(result.machineId);
    expect(m?.request.name).toBe('rev-named');
    expect(m?.request.config).toMatchObject({ auto_destroy: true, restart: { policy: 'no' } });
    expect(m?.request.config.metadata).toMatchObject({
      managed_by: 'flaude',
      flaude_name: 'rev-named',
    });
  });

  test('a bad config fails before any request', async () => {
    const h = harness();
    await expect(run(APP, { ...config, image: '' }, h.options())).rejects.toBeInstanceOf(
      MachineConfigError,
    );
    expect(h.fly.calls).toHaveLength(0);
  });

  test('non-zero exit: run returns the failure, runAndDestroy throws MachineExitError with the logs', async () => {
    const h = harness({ lines: ['[flaude:error] boom'], exitCode: 1 });
    const s = streamFor(h);
    const error = await runAndDestroy(
      APP,
      config,
      h.options({ logs: s.logs, onCreated: s.onCreated, onExited: s.onExited }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MachineExitError);
    const e = error as MachineExitError;
    expect(e.exitCode).toBe(1);
    expect(e.reason).toBe('exit code 1');
    expect(e.logs).toEqual(['[flaude:error] boom', '[flaude:exit:1]']);
    expect(e.message).toContain('[flaude:error] boom');
    expect(e.result?.destroyed).toBe(true);
    expect(h.fly.liveMachines()).toHaveLength(0);

    const h2 = harness({ exitCode: 3 });
    const result = await run(APP, config, h2.options());
    expect(result).toMatchObject({
      exitCode: 3,
      exitCodeSource: 'event',
      failureReason: 'exit code 3',
      destroyed: true,
    });
  });

  test('raiseOnFailure false returns the failed result', async () => {
    const h = harness({ exitCode: 2 });
    const result = await runAndDestroy(APP, config, { ...h.options(), raiseOnFailure: false });
    expect(result).toMatchObject({ exitCode: 2, failureReason: 'exit code 2', destroyed: true });
  });

  test('state failed is a failure even with exit code 0, and the machine is destroyed', async () => {
    const h = harness({ finalState: 'failed', exitCode: 0 });
    const result = await run(APP, config, h.options());
    expect(result).toMatchObject({
      state: 'failed',
      exitCode: 0,
      failureReason: 'machine state failed',
      destroyed: true,
    });
    expect(h.fly.liveMachines()).toHaveLength(0);
    await expect(
      runAndDestroy(APP, config, harness({ finalState: 'failed' }).options()),
    ).rejects.toThrow(/failed: machine state failed \(state failed\)/);
  });

  test('OOM kill is a failure with its reason', async () => {
    const h = harness({ exitCode: 137, oomKilled: true, marker: false });
    const result = await run(APP, config, h.options());
    expect(result).toMatchObject({ oomKilled: true, exitCode: 137, destroyed: true });
    expect(result.failureReason).toContain('killed: out of memory (oom_killed)');
  });

  test('unknown exit (no marker, machine gone) is a failure, and gone counts as destroyed', async () => {
    const h = harness({ marker: false, goneAfterExit: true });
    const result = await run(APP, config, h.options());
    expect(result).toMatchObject({
      state: 'destroyed',
      exitCode: null,
      exitCodeSource: 'unknown',
      failureReason: 'exit code unknown: no [flaude:exit:N] marker and no exit event',
      destroyed: true,
    });
    await expect(
      runAndDestroy(APP, config, harness({ marker: false, goneAfterExit: true }).options()),
    ).rejects.toBeInstanceOf(MachineExitError);
  });

  test('auto-destroyed machine: exit code from its events, no DELETE needed, destroyed true', async () => {
    const h = harness({ autoDestroy: true, exitCode: 0 });
    const result = await run(APP, config, h.options());
    expect(result).toMatchObject({
      state: 'destroyed',
      exitCode: 0,
      exitCodeSource: 'event',
      destroyed: true,
      failureReason: undefined,
    });
    expect(h.fly.callsTo('DELETE', /machines\/m/)).toHaveLength(0);
  });

  test('a machine Fly auto-destroys after its exit takes 3 requests: create, wait, one read after the logs', async () => {
    // As Fly does it: `stopped` when the wait answers, `destroyed` a moment later.
    const h = harness({ lines: ['[flaude] working'], exitCode: 0, autoDestroyAfterMs: 1_000 });
    const s = streamFor(h);
    const result = await run(APP, config, h.options(s));
    expect(result).toMatchObject({
      state: 'destroyed',
      exitCode: 0,
      exitCodeSource: 'marker',
      destroyed: true,
      durationSeconds: 10,
    });
    expect(result.logs).toEqual(['[flaude] working', '[flaude:exit:0]']);
    const requests = h.fly.calls.map((c) => `${c.method} ${c.path.split('/').at(-1) ?? ''}`);
    expect(requests).toEqual(['POST machines', `GET wait`, `GET ${result.machineId}`]);
    expect(h.fly.liveMachines()).toHaveLength(0);
  });

  test('a machine still stopped once its logs are read is destroyed: the read comes after the logs', async () => {
    const h = harness({ lines: ['[flaude] working'], exitCode: 0 });
    const s = streamFor(h, 5_000);
    let readAt: number | undefined;
    h.fly.interceptors.push((req) => {
      if (isMachineGet(req)) readAt ??= h.clock.now();
      return undefined;
    });
    const result = await run(APP, config, h.options(s));
    const machine = h.fly.machines.get(result.machineId);
    // The stream ends 5 s after the exit: the machine is read only then.
    expect(readAt).toBe((machine?.exitAt ?? 0) + 5_000);
    expect(result).toMatchObject({ exitCode: 0, destroyed: true });
    expect(h.fly.callsTo('DELETE', /machines\/m/)).toHaveLength(1);
    expect(h.fly.calls).toHaveLength(4);
    expect(h.fly.liveMachines()).toHaveLength(0);
  });

  test('a failed read after the logs still destroys the machine', async () => {
    const h = harness({ lines: ['[flaude] working'], exitCode: 0, autoDestroyAfterMs: 60_000 });
    const s = streamFor(h);
    h.fly.interceptors.push((req) =>
      isMachineGet(req) ? Promise.reject(apiError(403, 'read refused', req)) : undefined,
    );
    await expect(run(APP, config, h.options(s))).rejects.toThrow(/read refused/);
    expect(h.fly.callsTo('DELETE', /machines\/m/)).toHaveLength(1);
    expect(h.fly.liveMachines()).toHaveLength(0);
  });

  test('a long log: the result keeps its latest lines and counts them all; the manifest and the marker still count', async () => {
    const manifest = '[flaude:manifest:{"workspace":"/w","files":["a.ts"]}]';
    const body = Array.from({ length: 2_999 }, (_, i) => `line ${i + 1}`);
    const h = harness({ lines: [manifest, ...body], exitCode: 3, runMs: 400_000 });
    const s = streamFor(h);
    const result = await run(APP, config, h.options(s));
    expect(result.logLineCount).toBe(3_001);
    expect(result.logs).toHaveLength(DEFAULT_KEPT_LOG_LINES);
    expect(result.logs.at(-1)).toBe('[flaude:exit:3]');
    expect(result.manifest).toEqual({ workspace: '/w', files: ['a.ts'] });
    expect(result).toMatchObject({ exitCode: 3, exitCodeSource: 'marker' });
  });

  test('lost exit event: the marker is used; lost marker: the event is used', async () => {
    const h = harness({ exitEvent: false, exitCode: 0 });
    const s = streamFor(h);
    const r1 = await run(
      APP,
      config,
      h.options({ logs: s.logs, onCreated: s.onCreated, onExited: s.onExited }),
    );
    expect(r1).toMatchObject({ exitCode: 0, exitCodeSource: 'marker', failureReason: undefined });

    const h2 = harness({ marker: false, exitCode: 0 });
    const s2 = streamFor(h2);
    const r2 = await run(
      APP,
      config,
      h2.options({ logs: s2.logs, onCreated: s2.onCreated, onExited: s2.onExited }),
    );
    expect(r2).toMatchObject({ exitCode: 0, exitCodeSource: 'event', failureReason: undefined });
  });

  test('lines arriving after the exit (log lag) are still read, marker included', async () => {
    const h = harness({ lines: ['late line'], exitCode: 0, eventExitCode: 1, logLagMs: 4_000 });
    const s = streamFor(h, 60_000);
    const result = await run(
      APP,
      config,
      h.options({ logs: s.logs, onCreated: s.onCreated, onExited: s.onExited }),
    );
    expect(result.logs).toEqual(['late line', '[flaude:exit:0]']);
    expect(result).toMatchObject({ exitCode: 0, exitCodeSource: 'marker' });
  });

  test('without the marker the run stops reading after exitMarkerGraceMs', async () => {
    const h = harness({ marker: false, exitCode: 0 });
    const logs = new LogStream({ clock: h.clock }); // never ended by anyone
    const start = h.clock.now();
    const result = await run(APP, config, h.options({ logs, exitMarkerGraceMs: 7_000 }));
    expect(result).toMatchObject({ exitCode: 0, exitCodeSource: 'event' });
    expect(h.clock.now() - start).toBeGreaterThanOrEqual(17_000);
    expect(h.clock.now() - start).toBeLessThan(18_000);
  });

  test('the machine config secrets are redacted from the lines', async () => {
    const h = harness({ lines: [`token is ${TOKEN}`] });
    const s = streamFor(h);
    const result = await run(
      APP,
      config,
      h.options({ logs: s.logs, onCreated: s.onCreated, onExited: s.onExited }),
    );
    expect(result.logs[0]).toBe('token is ***');
  });

  test('a 500 on wait, four times in a row, is waited out on the run clock: the run succeeds', async () => {
    const h = harness({ runMs: 100_000, exitCode: 0, marker: false });
    let failures = 0;
    h.fly.interceptors.push((req) => {
      if (!req.path.endsWith('/wait') || failures >= 4) return undefined;
      failures++;
      return Promise.reject(apiError(500, 'wait broke', req));
    });
    const result = await run(APP, config, h.options());
    expect(result).toMatchObject({
      exitCode: 0,
      exitCodeSource: 'event',
      failureReason: undefined,
      destroyed: true,
    });
    expect(failures).toBe(4);
    // After each failure: a look at the machine (still running), then the client's backoff.
    expect(h.fly.callsTo('GET', /\/machines\/m0001$/).length).toBeGreaterThanOrEqual(5);
    expect(h.clock.sleeps.filter((ms) => ms === 100)).toHaveLength(4);
    expect(h.fly.liveMachines()).toHaveLength(0);
  });

  test('a failing read right after a successful wait is waited out too (a 503, then no answer)', async () => {
    const h = harness({ exitCode: 0, marker: false });
    const answers = [503, 0];
    h.fly.interceptors.push((req) => {
      const status = isMachineGet(req) ? answers.shift() : undefined;
      return status === undefined ? undefined : Promise.reject(apiError(status, 'get broke', req));
    });
    const result = await run(APP, config, h.options());
    expect(result).toMatchObject({ exitCode: 0, exitCodeSource: 'event', destroyed: true });
    expect(answers).toEqual([]);
    // Each failed read is followed by another wait (which answers at once: it has exited).
    expect(h.fly.callsTo('GET', /\/wait$/)).toHaveLength(3);
  });

  test('Fly failing until the deadline fails the run with a FlyAPIError that says so; the machine is stopped and destroyed', async () => {
    const h = harness({ runMs: Number.POSITIVE_INFINITY });
    h.fly.interceptors.push((req) => {
      if (req.path.endsWith('/wait')) return Promise.reject(apiError(500, 'wait broke', req));
      if (isMachineGet(req)) return Promise.reject(apiError(503, 'get broke', req));
      return undefined;
    });
    const start = h.clock.now();
    const error = await run(APP, config, h.options({ waitTimeoutSeconds: 10 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FlyAPIError);
    expect(error).toMatchObject({ statusCode: 500, detail: 'wait broke' });
    expect((error as Error).message).toMatch(
      /^Fly's API kept failing until the run's deadline \(10 s\) while waiting for machine m0001 to exit; last failure: Fly API GET \S+\/wait failed: 500: wait broke$/,
    );
    // It kept asking until the deadline, and no pause went past it.
    expect(h.fly.callsTo('GET', /\/wait$/).length).toBeGreaterThan(50);
    expect(h.clock.now() - start).toBe(10_000);
    expect(h.fly.liveMachines()).toHaveLength(0);
    const m = [...h.fly.machines.values()][0];
    expect(m?.stopRequests).toBe(1);
    expect(m?.destroyRequests).toBe(1);
    expect(h.fly.callsTo('DELETE', /machines\/m/)[0]?.query).toMatchObject({ force: true });
  });

  test('the exit event Fly records after the first read is still found: the events are read again before the destroy', async () => {
    const h = harness({ exitCode: 0, marker: false });
    let firstRead = true;
    let inner = false;
    let destroyed = false;
    h.fly.interceptors.push((req, fly) => {
      if (inner) return undefined;
      if (req.method === 'DELETE') destroyed = true;
      // Once destroyed, the machine's events are no longer there to read.
      if (destroyed && req.path.endsWith('/events')) {
        return Promise.reject(apiError(404, 'machine not found', req));
      }
      if (!isMachineGet(req) || !firstRead) return undefined;
      firstRead = false;
      inner = true;
      const read = fly.client.request<FlyMachine>(req).finally(() => (inner = false));
      return read.then((m) => ({
        ...m,
        events: (m.events ?? []).filter((e) => e.type !== 'exit'),
      }));
    });
    const result = await run(APP, config, h.options());
    expect(firstRead).toBe(false);
    expect(result).toMatchObject({
      exitCode: 0,
      exitCodeSource: 'event',
      failureReason: undefined,
      destroyed: true,
    });
    const order = h.fly.calls.map((c) => `${c.method} ${c.path.split('/').at(-1) ?? ''}`);
    expect(order.indexOf('GET events')).toBeGreaterThan(-1);
    expect(order.indexOf('GET events')).toBeLessThan(order.indexOf('DELETE m0001'));
  });

  test('a wait that fails because the machine ended failed is resolved by reading the machine', async () => {
    const h = harness({ finalState: 'failed', exitCode: 1, runMs: 5_000 });
    const result = await run(APP, config, h.options());
    expect(result).toMatchObject({ state: 'failed', exitCode: 1, destroyed: true });
    expect(result.failureReason).toBe('exit code 1; machine state failed');
  });

  test('an exception from onCreated is rethrown after the machine is destroyed', async () => {
    const h = harness();
    const boom = new Error('could not save state');
    await expect(
      run(APP, config, h.options({ onCreated: () => Promise.reject(boom) })),
    ).rejects.toBe(boom);
    expect(h.fly.liveMachines()).toHaveLength(0);
    expect(h.fly.callsTo('GET', /\/wait$/)).toHaveLength(0);
  });

  test('abort: the machine is destroyed and the abort reason rethrown', async () => {
    const h = harness({ runMs: 3_600_000 });
    const controller = new AbortController();
    const reason = new Error('cancelled by SIGTERM');
    const running = run(APP, config, h.options({ signal: controller.signal }));
    while (h.fly.callsTo('GET', /\/wait$/).length < 2) await new Promise((r) => setImmediate(r));
    controller.abort(reason);
    await expect(running).rejects.toBe(reason);
    expect(h.fly.liveMachines()).toHaveLength(0);
  });

  test('abort: no graceful stop first, and the destroy is bounded to 4 s and 2 attempts', async () => {
    const h = harness({ runMs: 3_600_000 });
    const controller = new AbortController();
    const reason = new Error('cancelled by SIGTERM');
    const running = run(APP, config, h.options({ signal: controller.signal }));
    while (h.fly.callsTo('GET', /\/wait$/).length < 2) await new Promise((r) => setImmediate(r));
    controller.abort(reason);
    await expect(running).rejects.toBe(reason);
    expect([...h.fly.machines.values()].map((m) => m.stopRequests)).toEqual([0]);
    expect(h.fly.callsTo('DELETE', /machines\/m/)).toEqual([
      expect.objectContaining({ query: { force: true }, timeoutMs: 4_000, maxAttempts: 2 }),
    ]);
    expect(h.fly.liveMachines()).toHaveLength(0);
  });

  test('an already aborted signal creates nothing', async () => {
    const h = harness();
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    await expect(run(APP, config, h.options({ signal: controller.signal }))).rejects.toThrow(
      'too late',
    );
    expect(h.fly.calls).toHaveLength(0);
  });

  test('abort during create: a machine Fly made anyway is found by name and destroyed', async () => {
    const h = harness();
    const controller = new AbortController();
    const reason = new Error('cancelled');
    h.fly.interceptors.push((req, fly) => {
      if (req.method !== 'POST' || !req.path.endsWith('/machines')) return undefined;
      h.fly.interceptors = [];
      // Fly creates the machine, then the runner is cancelled before the answer arrives.
      const { signal: _cancelled, ...uncancellable } = req;
      void fly.client.request(uncancellable);
      controller.abort(reason);
      return Promise.reject(reason);
    });
    await expect(run(APP, config, h.options({ signal: controller.signal }))).rejects.toBe(reason);
    await new Promise((r) => setImmediate(r));
    expect(h.fly.machines.size).toBe(1);
    expect(h.fly.liveMachines()).toHaveLength(0);
    // The cleanup of a cancelled job is bounded: the look-up and the destroy alike, no stop.
    const limits = { timeoutMs: 4_000, maxAttempts: 2 };
    expect(h.fly.callsTo('GET', /\/machines$/)).toEqual([expect.objectContaining(limits)]);
    expect(h.fly.callsTo('DELETE', /machines\/m/)).toEqual([expect.objectContaining(limits)]);
    expect(h.fly.callsTo('POST', /\/stop$/)).toEqual([]);
  });

  test('timeout: one deadline from the start, wait calls of at most 60 s, machine destroyed, clear failure', async () => {
    const h = harness({ runMs: Number.POSITIVE_INFINITY });
    const start = h.clock.now();
    const result = await run(APP, config, h.options({ waitTimeoutSeconds: 150 }));
    expect(result).toMatchObject({
      failureReason: 'timed out after 150 s',
      exitCode: null,
      exitCodeSource: 'unknown',
      timedOut: true,
      destroyed: true,
    });
    const waits = h.fly.callsTo('GET', /\/wait$/);
    expect(waits.map((w) => w.query?.timeout)).toEqual([60, 60, 30]);
    expect(result.finishedAt - start).toBe(150_000);
    expect(h.fly.liveMachines()).toHaveLength(0);
    // Not aborted: a graceful stop first, then the destroy, with the client's own limits.
    expect([...h.fly.machines.values()].map((m) => m.stopRequests)).toEqual([1]);
    expect(h.fly.callsTo('DELETE', /machines\/m/)).toEqual([
      expect.objectContaining({ timeoutMs: undefined, maxAttempts: undefined }),
    ]);
    await expect(
      runAndDestroy(
        APP,
        config,
        harness({ runMs: Number.POSITIVE_INFINITY }).options({ waitTimeoutSeconds: 61 }),
      ),
    ).rejects.toThrow(/failed: timed out after 61 s \(state started\)/);
  });

  test('a cleanup error is logged and never hides the original error', async () => {
    const h = harness({ runMs: 100_000 });
    // 400: an answer asking again cannot change (a 5xx would be waited out, see above).
    const waitError = new FlyAPIError({
      statusCode: 400,
      detail: 'wait broke',
      method: 'GET',
      path: '/wait',
    });
    h.fly.interceptors.push((req) => {
      if (req.path.endsWith('/wait')) return Promise.reject(waitError);
      if (req.method === 'DELETE')
        return Promise.reject(
          new FlyAPIError({
            statusCode: 500,
            detail: 'delete broke',
            method: 'DELETE',
            path: req.path,
          }),
        );
      return undefined;
    });
    await expect(run(APP, config, h.options())).rejects.toBe(waitError);
    expect(h.warnings.join('\n')).toMatch(
      /Could not destroy machine m\d+; it may be orphaned: .*delete broke/,
    );
  });

  test('destroyed is false when the destroy failed after a clean exit', async () => {
    const h = harness({ exitCode: 0 });
    h.fly.interceptors.push((req) =>
      req.method === 'DELETE'
        ? Promise.reject(
            new FlyAPIError({ statusCode: 503, detail: 'down', method: 'DELETE', path: req.path }),
          )
        : undefined,
    );
    const result = await run(APP, config, h.options());
    expect(result).toMatchObject({ exitCode: 0, destroyed: false });
    expect(h.warnings).toHaveLength(1);
  });
});

describe('run with a clock of its own', () => {
  test("a fake clock given to run paces the create's backoff after a 429, not the client's clock", async () => {
    const flyClock = new FakeClock();
    const runClock = new FakeClock();
    const fly = new FakeFly(flyClock);
    let limited = false;
    fly.interceptors.push((req) => {
      if (limited || req.method !== 'POST' || !req.path.endsWith('/machines')) return undefined;
      limited = true;
      return Promise.reject(apiError(429, 'rate limited', req));
    });
    const result = await run(APP, config, {
      client: fly.client,
      name: 'rev-clock',
      clock: runClock,
    });
    expect(limited).toBe(true);
    expect(result).toMatchObject({ exitCode: 0, destroyed: true });
    expect(runClock.sleeps[0]).toBe(100);
    expect(flyClock.sleeps).not.toContain(100);
  });
});

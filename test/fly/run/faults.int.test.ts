// The library's public entry points (runAndDestroy, run, runWithLogs, ConcurrentExecutor)
// under Fly's failure modes, against the Fly emulator: 429 bursts, 5xx, dropped connections,
// crashes, the logs endpoint down, ambiguous creates and a rate-limited fan-out. Every
// machine runs container/entrypoint.sh with the real Claude Code CLI against the Anthropic
// emulator; every request is validated against Fly's OpenAPI file. Lost exit events, lost
// markers, OOM kills and createAmbiguous at the machines layer are covered in
// runner.int.test.ts and ../api/apps-and-machines.int.test.ts. The setup and the checks after
// every test (no machine left, no invalid request or answer) are in
// test/harness/use-emulators.ts.
import { describe, expect, test } from 'vitest';
import { FlyAPIError } from '../../../src/fly/api/errors.ts';
import { ConcurrentExecutor } from '../../../src/fly/run/executor.ts';
import type { Logger } from '../../../src/fly/base/logger.ts';
import { isFlyInitLine } from '../../../src/fly/logs/entries.ts';
import { MachineExitError } from '../../../src/fly/run/exit.ts';
import { runAndDestroy } from '../../../src/fly/run/runner.ts';
import { runWithLogs } from '../../../src/fly/run/streaming.ts';
import { REVIEW_HEADING } from '../../emulator/anthropic/index.ts';
import { useEmulators } from '../../harness/use-emulators.ts';
import { succeeded, timedOut } from '../run-results.ts';

const APP = 'flaude-faults-e2e';
const MACHINE = `/v1/apps/${APP}/machines/{id}`;
const WAIT = `${MACHINE}/wait`;
const STOP = `${MACHINE}/stop`;
const NO_TOOL = 'Review the pull request. [scenario:no-tool]';

/** Keeps what the library reports, to check that a retry or a give-up happened and why. */
class RecordingLogger implements Logger {
  readonly debugs: string[] = [];
  readonly warnings: string[] = [];
  debug(message: string): void {
    this.debugs.push(message);
  }
  info(): void {}
  warning(message: string): void {
    this.warnings.push(message);
  }
}

let log: RecordingLogger;
const emu = useEmulators({
  name: 'faults-e2e',
  app: APP,
  // Short but non-zero: the poller still reads lines after the fact, as on Fly.
  fly: { logLagMs: 50 },
  client: () => {
    log = new RecordingLogger();
    return { logger: log };
  },
});
const config = emu.reviewConfig;

/** Statuses the emulator answered to `method` on paths ending with `suffix`, in order. */
function statuses(method: string, pathTest: (path: string) => boolean): number[] {
  return emu.fly.requests
    .filter((r) => r.server === 'machines' && r.method === method && pathTest(r.path))
    .map((r) => r.status);
}

const isWait = (path: string): boolean => path.endsWith('/wait');
const isMachine = (path: string): boolean => /\/machines\/[^/]+$/.test(path);
const isStop = (path: string): boolean => path.endsWith('/stop');

/** The client's retry notes (`... retry 1/4 in 1000 ms`) for requests on `pathEnd`. */
function retriesOf(method: string, pathTest: (path: string) => boolean): string[] {
  return log.debugs.filter((m) => {
    const match = /^Fly API (\S+) (\S+): .*; retry \d+\/\d+ in \d+ ms$/.exec(m);
    return match !== null && match[1] === method && pathTest(match[2] ?? '');
  });
}

/** What the machine itself printed, as the emulator stored it (Fly's own lines left out). */
function programLines(machineId: string): string[] {
  return emu.fly
    .logEntries({ app: APP, instance: machineId })
    .filter((e) => e.provider === 'app' && !isFlyInitLine(e.message))
    .map((e) => e.message);
}

describe('429 bursts (Fly sends no Retry-After)', () => {
  test('three 429s on wait and three on get: retried with backoff, the run succeeds', async () => {
    const wait429 = emu.fly.faults.http({ method: 'GET', path: WAIT, status: 429, times: 3 });
    const get429 = emu.fly.faults.http({ method: 'GET', path: MACHINE, status: 429, times: 3 });
    const result = await runAndDestroy(APP, config(NO_TOOL), emu.runOptions());
    expect(result).toMatchObject(succeeded('event'));
    expect(wait429.hits).toBe(3);
    expect(get429.hits).toBe(3);
    expect(statuses('GET', isWait)).toEqual([429, 429, 429, 200]);
    expect(statuses('GET', isMachine)).toEqual([429, 429, 429, 200]);
    expect(retriesOf('GET', isWait)).toHaveLength(3);
    expect(retriesOf('GET', isMachine)).toHaveLength(3);
  });

  test('429s with Retry-After: the client waits what the server asked', async () => {
    const wait429 = emu.fly.faults.http({
      method: 'GET',
      path: WAIT,
      status: 429,
      headers: { 'retry-after': '1' },
      times: 2,
    });
    const result = await runAndDestroy(APP, config(NO_TOOL), emu.runOptions());
    expect(result).toMatchObject({ exitCode: 0, failureReason: undefined, destroyed: true });
    expect(wait429.hits).toBe(2);
    expect(statuses('GET', isWait)).toEqual([429, 429, 200]);
    const retries = retriesOf('GET', isWait);
    expect(retries).toHaveLength(2);
    for (const note of retries) expect(note).toMatch(/: HTTP 429; retry \d\/4 in 1000 ms$/);
  });
});

describe('5xx', () => {
  test('502, 503 and 504 on wait and get are retried; the streamed run succeeds', async () => {
    const faults = [
      emu.fly.faults.http({ method: 'GET', path: WAIT, status: 503 }),
      emu.fly.faults.http({ method: 'GET', path: WAIT, status: 502 }),
      emu.fly.faults.http({ method: 'GET', path: WAIT, status: 504 }),
      emu.fly.faults.http({ method: 'GET', path: MACHINE, status: 504 }),
      emu.fly.faults.http({ method: 'GET', path: MACHINE, status: 503 }),
    ];
    const sr = await runWithLogs(APP, config(NO_TOOL), emu.runOptions());
    const result = await sr.result();
    expect(result).toMatchObject(succeeded('marker'));
    expect(result.logs.join('\n')).toContain(REVIEW_HEADING);
    expect(faults.map((f) => f.hits)).toEqual([1, 1, 1, 1, 1]);
    expect(statuses('GET', isWait)).toEqual([503, 502, 504, 200]);
    expect(statuses('GET', isMachine)).toEqual([504, 503, 200]);
  });

  test('a 500 on wait four times in a row: the run waits it out with backoff and still succeeds', async () => {
    // Quick backoff: the waits of the run, not their length, are the point here.
    const quick = emu.newClient({ retry: { baseDelayMs: 20 } });
    const wait500 = emu.fly.faults.http({ method: 'GET', path: WAIT, status: 500, times: 4 });
    // Slow, so the machine is still running while the four failures come and go.
    const result = await runAndDestroy(APP, config('Review it. [scenario:slow]'), {
      ...emu.runOptions(quick),
      logger: log,
    });
    expect(result).toMatchObject(succeeded('event'));
    expect(wait500.hits).toBe(4);
    // 500 is not retried by the client (only 429/502/503/504 are): each one reached the run,
    // which looked at the machine, paused and waited again.
    expect(statuses('GET', isWait)).toEqual([500, 500, 500, 500, 200]);
    const pauses = log.debugs.filter((m) => /^Fly failed while waiting for machine /.test(m));
    expect(pauses).toHaveLength(4);
    expect(pauses[3]).toMatch(/\(HTTP 500, 4 in a row\); asking again in \d+ ms$/);
  });

  test('a 503 on wait and get until the deadline: the run fails saying so, and the machine is destroyed', async () => {
    // Quick backoff: the number of attempts is the point here, not the delays.
    const quick = emu.newClient({ retry: { baseDelayMs: 20 } });
    const wait503 = emu.fly.faults.http({
      method: 'GET',
      path: WAIT,
      status: 503,
      times: Infinity,
    });
    // Get too: a readable machine that has exited by then would rightly turn the failed
    // wait into a result.
    const get503 = emu.fly.faults.http({
      method: 'GET',
      path: MACHINE,
      status: 503,
      times: Infinity,
    });
    // Slow, so the machine is most likely still running when the run gives up.
    const error = await runAndDestroy(APP, config('Review it. [scenario:slow]'), {
      ...emu.runOptions(quick),
      waitTimeoutSeconds: 3,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlyAPIError);
    expect(error).toMatchObject({ statusCode: 503, method: 'GET' });
    expect((error as FlyAPIError).path).toMatch(/\/wait$/);
    expect((error as Error).message).toMatch(
      /^Fly's API kept failing until the run's deadline \(3 s\) while waiting for machine \S+ to exit; last failure: Fly API GET \S+\/wait failed: 503 unknown: injected fault: HTTP 503$/,
    );
    // Five attempts per call (the client's default), and the run made calls until the deadline.
    expect(wait503.hits % 5).toBe(0);
    expect(wait503.hits).toBeGreaterThanOrEqual(10);
    expect(get503.hits % 5).toBe(0);
    expect(get503.hits).toBeGreaterThanOrEqual(10);
    // The run destroyed it (auto_destroy alone would also end a machine that exits).
    expect(emu.fly.machines()).toHaveLength(1);
    const deletes = statuses('DELETE', isMachine);
    expect(deletes.length).toBeGreaterThan(0);
    expect([200, 404]).toContain(deletes.at(-1));
  });
});

describe('dropped connections', () => {
  test('on wait and get: retried, the run succeeds', async () => {
    const drops = [
      emu.fly.faults.http({ method: 'GET', path: WAIT, dropConnection: true, times: 2 }),
      emu.fly.faults.http({ method: 'GET', path: MACHINE, dropConnection: true, times: 2 }),
    ];
    const result = await runAndDestroy(APP, config(NO_TOOL), emu.runOptions());
    expect(result).toMatchObject(succeeded('event'));
    expect(drops.map((d) => d.hits)).toEqual([2, 2]);
    expect(statuses('GET', isWait)).toEqual([0, 0, 200]);
    expect(statuses('GET', isMachine)).toEqual([0, 0, 200]);
  });

  test('on stop and destroy, before and after Fly acted: retried, the machine is destroyed', async () => {
    // A run that times out is the path that stops a running machine before destroying it.
    const stopDrops = [
      emu.fly.faults.http({ method: 'POST', path: STOP, dropConnection: true }),
      emu.fly.faults.http({ method: 'POST', path: STOP, dropConnection: true, phase: 'after' }),
    ];
    const deleteDrops = [
      emu.fly.faults.http({ method: 'DELETE', path: MACHINE, dropConnection: true }),
      emu.fly.faults.http({
        method: 'DELETE',
        path: MACHINE,
        dropConnection: true,
        phase: 'after',
      }),
    ];
    const result = await emu.runPastDeadline();
    expect(result).toMatchObject(timedOut(1));
    expect([...stopDrops, ...deleteDrops].map((d) => d.hits)).toEqual([1, 1, 1, 1]);
    // The second stop did stop it: the third finds it stopping or stopped (a no-op 200), or
    // already auto-destroyed (404, tolerated).
    const stops = statuses('POST', isStop);
    expect(stops.slice(0, 2)).toEqual([0, 0]);
    expect(stops).toHaveLength(3);
    expect([200, 404]).toContain(stops[2]);
    // The second DELETE destroyed it; the retry after that finds it gone (404, tolerated)
    // or still destroying.
    const deletes = statuses('DELETE', isMachine);
    expect(deletes.slice(0, 2)).toEqual([0, 0]);
    expect(deletes).toHaveLength(3);
    expect([200, 404]).toContain(deletes[2]);
    expect(emu.fly.machines().map((m) => m.restartCount)).toEqual([0]);
  });
});

describe('crash', () => {
  test('a SIGKILL with no marker: the failure names the exit code of the exit event', async () => {
    const crash = emu.fly.faults.machine({
      kind: 'crash',
      trigger: { onLine: (line) => line.startsWith('[flaude:manifest:') },
    });
    const sr = await runWithLogs(APP, config('Review it.'), {
      ...emu.runOptions(),
      exitMarkerGraceMs: 1_500,
    });
    const error = await sr.result().catch((e: unknown) => e);
    expect(crash.hits).toBe(1);
    expect(error).toBeInstanceOf(MachineExitError);
    const e = error as MachineExitError;
    expect(e.reason).toBe('exit code 137');
    expect(e.exitCode).toBe(137);
    expect(e.message).not.toContain('unknown');
    expect(e.result).toMatchObject({
      exitCodeSource: 'event',
      oomKilled: false,
      destroyed: true,
    });
    // What it printed before dying is kept; the marker never came.
    expect(e.logs.some((line) => line.startsWith('[flaude:manifest:'))).toBe(true);
    expect(e.logs.some((line) => line.startsWith('[flaude:exit:'))).toBe(false);
    // restart.policy "no": the crash is not retried by Fly.
    expect(emu.fly.machines().map((m) => m.restartCount)).toEqual([0]);
  });
});

describe('logs endpoint down', () => {
  test('500 for the whole run: the poller gives up, the exit event decides, the run succeeds', async () => {
    const down = emu.fly.faults.logsDown({ status: 500 });
    const sr = await runWithLogs(APP, config(NO_TOOL), {
      ...emu.runOptions(),
      logger: log,
      pollerOptions: { maxConsecutiveErrors: 3 },
    });
    const result = await sr.result();
    expect(result).toMatchObject({ ...succeeded('event'), logs: [] });
    expect(down.hits).toBe(3);
    expect(log.warnings).toContainEqual(
      expect.stringMatching(/^Fly log polling gave up after 3 consecutive errors; last: .*500/),
    );
  });

  test('401 through ConcurrentExecutor: polling stops at once, the exit event decides', async () => {
    const down = emu.fly.faults.logsDown({ status: 401 });
    const result = await new ConcurrentExecutor(APP, { client: emu.client, logger: log }).runOne(
      config(NO_TOOL),
      'solo',
      emu.machineName(),
    );
    expect(result.error).toBeUndefined();
    expect(result.success).toBe(true);
    expect(result.runResult).toMatchObject(succeeded('event'));
    // 401 cannot get better by asking again.
    expect(down.hits).toBe(1);
    expect(emu.fly.requests.filter((r) => r.server === 'logs')).toHaveLength(1);
    expect(log.warnings).toContainEqual(expect.stringMatching(/logs endpoint answered 401/));
  });

  test('503 for a while, then back: no line is lost and the marker decides', async () => {
    const down = emu.fly.faults.logsDown({ status: 503, forMs: 2_500 });
    const sr = await runWithLogs(APP, config('Review the pull request.'), {
      ...emu.runOptions(),
      logger: log,
    });
    const result = await sr.result();
    expect(down.hits).toBeGreaterThan(0);
    expect(result).toMatchObject(succeeded('marker'));
    // The endpoint came back near the end of the run (about 2 s): most lines came late.
    expect(result.logs).toEqual(programLines(result.machineId));
    expect(result.logs.at(-1)).toBe('[flaude:exit:0]');
    expect(result.logs.join('\n')).toContain(REVIEW_HEADING);
  });

  // An empty next_token gets only the latest 100 lines (docs/fly-api.md#the-logs-endpoint).
  // When the endpoint is down from the first request on while more than 100 lines pile up, the
  // poller must page from its start time once it is back, or the first machines lose their
  // first lines.
  test('503 until a batch of 6 has exited, then back: every machine gets every line', async () => {
    const down = emu.fly.faults.logsDown({ status: 503 });
    const tags = ['a', 'b', 'c', 'd', 'e', 'f'];
    const exits: Array<Promise<unknown>> = [];
    let allCreated: () => void = () => undefined;
    const created = new Promise<void>((resolve) => (allCreated = resolve));
    const running = new ConcurrentExecutor(APP, {
      client: emu.client,
      maxConcurrency: 6,
      logger: log,
      // Patient enough that the poller outlasts the outage, however slow the machines are.
      pollerOptions: { maxDelayMs: 1_000, maxConsecutiveErrors: 60 },
      exitMarkerGraceMs: 30_000,
    }).runBatch(
      tags.map((tag) => ({
        config: config(NO_TOOL),
        tag,
        name: `faults-e2e-pile-${tag}`,
        onCreated: (machine) => {
          exits.push(emu.fly.waitForMachineState(machine.id, ['stopped', 'destroyed']));
          if (exits.length === tags.length) allCreated();
        },
      })),
    );
    await created;
    await Promise.all(exits);
    // Every line is stored by now, well over 100 for the app.
    expect(emu.fly.logEntries({ app: APP }).length).toBeGreaterThan(100);
    down.remove();
    const batch = await running;
    expect(down.hits).toBeGreaterThan(0);
    expect(batch).toMatchObject({ succeeded: 6, allSucceeded: true });
    for (const r of batch.results) {
      expect(r.runResult?.exitCodeSource).toBe('marker');
      expect(r.runResult?.logs).toEqual(programLines(r.machineId ?? ''));
    }
  });
});

describe('ambiguous creates through runAndDestroy', () => {
  test.each([['drop' as const], [408 as const]])(
    'create answered %s after Fly created the machine: one machine, the run succeeds',
    async (answer) => {
      const ambiguous = emu.fly.faults.machine({ kind: 'createAmbiguous', answer });
      const options = emu.runOptions();
      const machineName = options.name;
      const result = await runAndDestroy(APP, config(NO_TOOL), options);
      expect(ambiguous.hits).toBe(1);
      expect(result).toMatchObject({
        name: machineName,
        exitCode: 0,
        failureReason: undefined,
        destroyed: true,
      });
      const named = emu.fly.machines().filter((m) => m.name === machineName);
      expect(named.map((m) => m.id)).toEqual([result.machineId]);
      expect(statuses('POST', (p) => p.endsWith('/machines'))).toEqual([
        answer === 'drop' ? 0 : 408,
      ]);
      // The machine was found by name (destroyed ones included) instead of created twice.
      const lookups = emu.fly.requests.filter(
        (r) => r.method === 'GET' && r.path.endsWith('/machines') && r.status === 200,
      );
      expect(lookups.length).toBeGreaterThan(0);
      expect(lookups[0]?.query).toMatchObject({
        'metadata.flaude_name': machineName,
        include_deleted: 'true',
      });
    },
  );
});

describe('fan-out under the real rate limits', () => {
  test('6 reviewers at maxConcurrency 6: all succeed, no 429 from Fly', async () => {
    const tags = ['a', 'b', 'c', 'd', 'e', 'f'];
    const batch = await new ConcurrentExecutor(APP, {
      client: emu.client,
      maxConcurrency: 6,
    }).runBatch(
      tags.map((tag) => ({ config: config(NO_TOOL), tag, name: `faults-e2e-fan-${tag}` })),
    );
    expect(batch.results.map((r) => r.error?.message)).toEqual(tags.map(() => undefined));
    expect(batch).toMatchObject({ total: 6, succeeded: 6, failed: 0, allSucceeded: true });
    for (const r of batch.results) {
      expect(r.runResult).toMatchObject(succeeded('marker'));
      expect(r.runResult?.logs.join('\n')).toContain(REVIEW_HEADING);
    }
    expect(emu.fly.machines()).toHaveLength(6);
    expect(statuses('POST', (p) => p.endsWith('/machines'))).toEqual(tags.map(() => 200));
    // The client-side limiter keeps the fan-out inside Fly's buckets (burst 3, then 1/s).
    expect(emu.fly.requests.filter((r) => r.status === 429)).toEqual([]);
  });
});

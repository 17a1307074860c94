import { describe, expect, test } from 'vitest';
import { FlyAPIError } from '../../../src/fly/api/errors.ts';
import {
  ConcurrentExecutor,
  type ConcurrentExecutorOptions,
  type ExecutionRequest,
} from '../../../src/fly/run/executor.ts';
import { MachineConfigError, type MachineConfig } from '../../../src/fly/api/machine-config.ts';
import { MachineExitError } from '../../../src/fly/run/exit.ts';
import { FakeClock } from '../fake-clock.ts';
import { FakeFly, type MachineScript } from '../fake-fly-machines.ts';

const APP = 'flaude-test';
const config: MachineConfig = {
  image: 'registry.fly.io/x:1',
  prompt: 'Review it',
  claudeCodeOAuthToken: 'oauth-token-value',
};

function harness(): {
  clock: FakeClock;
  fly: FakeFly;
  executor: (extra?: Partial<ConcurrentExecutorOptions>) => ConcurrentExecutor;
} {
  const clock = new FakeClock();
  const fly = new FakeFly(clock);
  return {
    clock,
    fly,
    executor: (extra = {}) =>
      new ConcurrentExecutor(APP, {
        client: fly.client,
        clock,
        fetchLogPage: fly.fetchLogPage,
        ...extra,
      }),
  };
}

function request(
  name: string,
  script: MachineScript,
  fly: FakeFly,
  extra: Partial<ExecutionRequest> = {},
): ExecutionRequest {
  fly.scripts.set(name, script);
  return { config, tag: `tag-${name}`, name, ...extra };
}

describe('ConcurrentExecutor', () => {
  test('results come back in input order whatever order the machines finish in', async () => {
    const h = harness();
    const requests = [
      request('r-slow', { runMs: 30_000 }, h.fly),
      request('r-mid', { runMs: 20_000 }, h.fly),
      request('r-fast', { runMs: 10_000 }, h.fly),
    ];
    const batch = await h.executor().runBatch(requests);
    expect(batch.results.map((r) => r.tag)).toEqual(['tag-r-slow', 'tag-r-mid', 'tag-r-fast']);
    expect(batch.results.map((r) => r.runResult?.name)).toEqual(['r-slow', 'r-mid', 'r-fast']);
    expect(batch.results.map((r) => r.runResult?.durationSeconds)).toEqual([30, 20, 10]);
    expect(batch).toMatchObject({ total: 3, succeeded: 3, failed: 0, allSucceeded: true });
    for (const r of batch.results) expect(r).toMatchObject({ success: true, error: undefined });
    expect(h.fly.liveMachines()).toHaveLength(0);
  });

  test('exitMarkerGraceMs is how long a lost marker is waited for, by the runs and their poller', async () => {
    const h = harness();
    const start = h.clock.now();
    const batch = await h
      .executor({ exitMarkerGraceMs: 40_000 })
      .runBatch([request('r-lost', { runMs: 10_000, marker: false, exitCode: 0 }, h.fly)]);
    expect(batch.results[0]?.runResult).toMatchObject({ exitCodeSource: 'event', exitCode: 0 });
    // The default 15 s on either side would have ended the run 25 s earlier.
    expect(h.clock.now() - start).toBeGreaterThanOrEqual(50_000);
    expect(h.clock.now() - start).toBeLessThan(60_000);
  });

  test('never throws: bad config, API failure, non-zero, unknown exit and OOM land in their results', async () => {
    const h = harness();
    h.fly.interceptors.push((req) =>
      req.method === 'POST' && (req.body as { name?: string }).name === 'r-api'
        ? Promise.reject(
            new FlyAPIError({
              statusCode: 422,
              detail: 'no such image',
              method: 'POST',
              path: req.path,
            }),
          )
        : undefined,
    );
    const requests = [
      request('r-ok', {}, h.fly),
      { config: { ...config, prompt: '' }, tag: 'bad-config', name: 'r-bad' },
      request('r-api', {}, h.fly),
      request('r-nonzero', { exitCode: 1 }, h.fly),
      request('r-unknown', { marker: false, exitEvent: false }, h.fly),
      request('r-oom', { exitCode: 137, oomKilled: true }, h.fly),
      request('r-failed', { finalState: 'failed' }, h.fly),
    ];
    const batch = await h.executor({ maxConcurrency: 3 }).runBatch(requests);
    const [ok, bad, api, nonzero, unknown, oom, failed] = batch.results;
    expect(ok?.success).toBe(true);
    expect(bad?.error).toBeInstanceOf(MachineConfigError);
    expect(bad?.runResult).toBeUndefined();
    expect(api?.error).toBeInstanceOf(FlyAPIError);
    expect(nonzero?.error).toBeInstanceOf(MachineExitError);
    expect((nonzero?.error as MachineExitError).reason).toBe('exit code 1');
    expect(nonzero?.runResult).toMatchObject({ exitCode: 1, destroyed: true });
    expect(unknown?.runResult?.exitCode).toBeNull();
    expect(unknown?.success).toBe(false);
    expect((unknown?.error as MachineExitError).reason).toMatch(/^exit code unknown/);
    expect(oom?.runResult?.oomKilled).toBe(true);
    expect(oom?.success).toBe(false);
    expect(failed?.runResult).toMatchObject({ exitCode: 0, state: 'failed' });
    expect(failed?.success).toBe(false);
    expect(batch).toMatchObject({ total: 7, succeeded: 1, failed: 6, allSucceeded: false });
    expect(h.fly.liveMachines()).toHaveLength(0);
  });

  test('maxConcurrency holds: never more machines alive than allowed', async () => {
    const h = harness();
    const requests = Array.from({ length: 6 }, (_, i) =>
      request(`r-${i}`, { runMs: 5_000 + i * 1_000 }, h.fly),
    );
    const batch = await h.executor({ maxConcurrency: 2 }).runBatch(requests);
    expect(batch.allSucceeded).toBe(true);
    expect(h.fly.maxLive).toBe(2);
    expect(h.fly.machines.size).toBe(6);
  });

  test('a config function is called when its slot comes up, with the time then', async () => {
    const h = harness();
    const asked: [string, number][] = [];
    const at = (name: string) => (now: Date) => {
      asked.push([name, now.getTime()]);
      return { ...config, metadata: { made_at: String(now.getTime()) } };
    };
    const requests = [
      request('q-0', { runMs: 10_000 }, h.fly, { config: at('q-0') }),
      request('q-1', { runMs: 10_000 }, h.fly, { config: at('q-1') }),
    ];
    const start = h.clock.now();
    const batch = await h.executor({ maxConcurrency: 1 }).runBatch(requests);
    expect(batch.allSucceeded).toBe(true);
    const [first, second] = asked;
    expect(first).toEqual(['q-0', start]);
    // The second waited for the first machine's whole run before its config was made.
    expect(second?.[0]).toBe('q-1');
    expect((second?.[1] ?? 0) - start).toBeGreaterThanOrEqual(10_000);
    const machine = [...h.fly.machines.values()].find((m) => m.name === 'q-1');
    expect(machine?.createdAt).toBe(second?.[1]);
  });

  test('the limit belongs to each batch: two batches at once on one executor do not share it', async () => {
    const h = harness();
    const executor = h.executor({ maxConcurrency: 1 });
    const a = [request('a-0', { runMs: 10_000 }, h.fly), request('a-1', { runMs: 10_000 }, h.fly)];
    const b = [request('b-0', { runMs: 10_000 }, h.fly), request('b-1', { runMs: 10_000 }, h.fly)];
    const [ra, rb] = await Promise.all([executor.runBatch(a), executor.runBatch(b)]);
    expect(ra.allSucceeded && rb.allSucceeded).toBe(true);
    // One machine per batch at a time: two alive overall, and each batch ran its two in turn.
    expect(h.fly.maxLive).toBe(2);
    const created = (name: string): number =>
      [...h.fly.machines.values()].find((m) => m.name === name)?.createdAt ?? NaN;
    expect(created('a-1') - created('a-0')).toBe(10_000);
    expect(created('b-1') - created('b-0')).toBe(10_000);
    expect(created('b-0')).toBe(created('a-0'));
  });

  test('one poller per batch feeds every machine: onLine gets its own lines live, onCreated right after create', async () => {
    const h = harness();
    const lines = new Map<string, string[]>();
    const createdIds: string[] = [];
    const requests = ['x', 'y'].map((n) =>
      request(`r-${n}`, { lines: [`${n}1`, `${n}2`], runMs: 2_000 }, h.fly, {
        onLine: (line) => lines.set(n, [...(lines.get(n) ?? []), line]),
        onCreated: (m) => {
          expect(h.fly.callsTo('GET', new RegExp(`${m.id}/wait$`))).toHaveLength(0);
          createdIds.push(m.id);
        },
      }),
    );
    const batch = await h.executor().runBatch(requests);
    expect(lines.get('x')).toEqual(['x1', 'x2', '[flaude:exit:0]']);
    expect(lines.get('y')).toEqual(['y1', 'y2', '[flaude:exit:0]']);
    expect(createdIds.sort()).toEqual(batch.results.map((r) => r.machineId).sort());
    expect(batch.results.map((r) => r.runResult?.exitCodeSource)).toEqual(['marker', 'marker']);
    // A single poller: log fetches stop when the batch ends and no sleep is left behind.
    expect(h.clock.pending).toBe(0);
  });

  test('onFinished reports each request as it finishes, machine gone, before the batch returns', async () => {
    const h = harness();
    const finished: string[] = [];
    const warnings: string[] = [];
    const requests = [
      request('r-slow', { runMs: 30_000 }, h.fly),
      request('r-fast', { runMs: 10_000 }, h.fly),
      request('r-mid', { runMs: 20_000, exitCode: 1 }, h.fly),
      { config: { ...config, prompt: '' }, tag: 'tag-r-bad', name: 'r-bad' },
      request('r-throws', { runMs: 5_000 }, h.fly),
    ].map((r): ExecutionRequest => ({
      ...r,
      onFinished: (result) => {
        expect(result.tag).toBe(r.tag);
        // Its own machine is already destroyed when it is reported (r-bad never had one).
        const state = result.machineId ? h.fly.machines.get(result.machineId)?.state : undefined;
        expect(state).toBe(r.name === 'r-bad' ? undefined : 'destroyed');
        finished.push(`${result.tag}:${result.success ? 'ok' : 'failed'}`);
        if (r.name === 'r-throws') throw new Error('caller bug');
      },
    }));
    const logger = { debug: () => {}, info: () => {}, warning: (m: string) => warnings.push(m) };
    const batch = await h.executor({ logger }).runBatch(requests);
    expect(finished).toEqual([
      'tag-r-bad:failed',
      'tag-r-throws:ok',
      'tag-r-fast:ok',
      'tag-r-mid:failed',
      'tag-r-slow:ok',
    ]);
    // A throwing callback is logged and changes nothing.
    expect(warnings).toContain('onFinished of tag-r-throws (r-throws) failed: caller bug');
    expect(batch.results.map((r) => r.success)).toEqual([true, true, false, false, true]);
  });

  test("logSource 'none' reads no logs and takes the exit code from the events", async () => {
    const h = harness();
    const result = await h.executor({ logSource: 'none' }).runOne(config, 'solo', 'r-solo');
    expect(result).toMatchObject({ tag: 'solo', success: true });
    expect(result.runResult?.exitCodeSource).toBe('event');
    expect(h.fly.logFetches).toBe(0);
  });

  test('runOne without a name names each call after its tag with its own nonce', async () => {
    const h = harness();
    const executor = h.executor();
    // Two calls at once with the same tag: with one shared name they would collide.
    const [first, second] = await Promise.all([
      executor.runOne(config, 'Solo Review'),
      executor.runOne(config, 'Solo Review'),
    ]);
    const third = await executor.runOne(config, 'Solo Review', 'r-given');
    expect([first.success, second.success, third.success]).toEqual([true, true, true]);
    const names = [first, second].map((r) => r.runResult?.name ?? '');
    for (const name of names) expect(name).toMatch(/^flaude-solo-review-[0-9a-f]{8}$/);
    expect(names[0]).not.toBe(names[1]);
    expect(third.runResult?.name).toBe('r-given');
    const created = [...h.fly.machines.values()].map((m) => m.request.name).sort();
    expect(created).toEqual([...names, 'r-given'].sort());
    expect(h.fly.liveMachines()).toHaveLength(0);
  });

  test('an abort cancels everything: running machines destroyed, queued ones never created', async () => {
    const h = harness();
    const controller = new AbortController();
    const requests = Array.from({ length: 4 }, (_, i) =>
      request(`r-${i}`, { runMs: 3_600_000 }, h.fly),
    );
    const running = h.executor({ maxConcurrency: 2, signal: controller.signal }).runBatch(requests);
    while (h.fly.machines.size < 2) await new Promise((r) => setImmediate(r));
    const reason = new Error('workflow cancelled');
    controller.abort(reason);
    const batch = await running;
    expect(batch.results.map((r) => r.error)).toEqual([reason, reason, reason, reason]);
    expect(batch.results.map((r) => r.machineId !== undefined)).toEqual([true, true, false, false]);
    expect(h.fly.machines.size).toBe(2);
    expect(h.fly.liveMachines()).toHaveLength(0);
    expect(batch).toMatchObject({ succeeded: 0, failed: 4, allSucceeded: false });
  });

  test('every machine is cleaned up when some destroys fail, and the others still succeed', async () => {
    const h = harness();
    // A 400 ends the run at once (a 5xx would be waited out until the machine exits).
    h.fly.interceptors.push((req) =>
      req.method === 'GET' && req.path.endsWith('/wait') && req.path.includes('m0001')
        ? Promise.reject(
            new FlyAPIError({
              statusCode: 400,
              detail: 'wait broke',
              method: 'GET',
              path: req.path,
            }),
          )
        : undefined,
    );
    const batch = await h
      .executor()
      .runBatch([request('r-a', { runMs: 50_000 }, h.fly), request('r-b', {}, h.fly)]);
    expect(batch.results[0]?.error).toBeInstanceOf(FlyAPIError);
    expect(batch.results[0]?.machineId).toBe('m0001');
    expect(batch.results[1]?.success).toBe(true);
    expect(h.fly.liveMachines()).toHaveLength(0);
  });

  test('duplicate machine names in a batch are refused without creating a second machine', async () => {
    const h = harness();
    const batch = await h
      .executor()
      .runBatch([request('r-dup', {}, h.fly), request('r-dup', {}, h.fly)]);
    expect(batch.results.map((r) => r.error?.message)).toEqual([
      'Machine name r-dup is used by more than one request of the batch',
      'Machine name r-dup is used by more than one request of the batch',
    ]);
    expect(h.fly.machines.size).toBe(0);
  });

  test('an empty batch is an empty, successful result', async () => {
    const h = harness();
    await expect(h.executor().runBatch([])).resolves.toEqual({
      results: [],
      total: 0,
      succeeded: 0,
      failed: 0,
      allSucceeded: true,
    });
    expect(h.fly.logFetches).toBe(0);
  });

  test('maxConcurrency must be a positive integer', () => {
    const h = harness();
    expect(() => h.executor({ maxConcurrency: 0 })).toThrow(RangeError);
    expect(() => h.executor({ maxConcurrency: 1.5 })).toThrow(RangeError);
  });
});

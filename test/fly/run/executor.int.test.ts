// ConcurrentExecutor against the Fly emulator: each machine runs container/entrypoint.sh with
// the real Claude Code CLI against the Anthropic emulator; one log poller per batch reads the
// emulator's logs endpoint; rate limits are on. The setup and the checks after every test (no
// machine left, no invalid request or answer) are in test/harness/use-emulators.ts.
import { describe, expect, test } from 'vitest';
import type { FlyMachine } from '../../../src/fly/api/api-types.ts';
import { ConcurrentExecutor, type ExecutionRequest } from '../../../src/fly/run/executor.ts';
import { MachineExitError } from '../../../src/fly/run/exit.ts';
import { REVIEW_HEADING } from '../../emulator/anthropic/index.ts';
import { useEmulators } from '../../harness/use-emulators.ts';
import { succeeded } from '../run-results.ts';

const APP = 'flaude-executor-e2e';
const emu = useEmulators({ name: 'executor-e2e', app: APP, credential: 'oauth-token' });
const config = emu.reviewConfig;

describe('ConcurrentExecutor against the Fly emulator', () => {
  test('a batch of 4 with maxConcurrency 2: all reviewed, in order, never more than 2 machines at once', async () => {
    const lines = new Map<string, string[]>();
    const created: FlyMachine[] = [];
    let maxAlive = 0;
    const sampler = setInterval(() => {
      maxAlive = Math.max(
        maxAlive,
        emu.fly.liveMachines().filter((m) => m.state !== 'destroying').length,
      );
    }, 10);
    const requests: ExecutionRequest[] = ['alpha', 'beta', 'gamma', 'delta'].map((tag, i) => ({
      config: config(i % 2 === 0 ? 'Review the pull request.' : 'Review it. [scenario:no-tool]'),
      tag,
      name: `executor-e2e-${tag}`,
      onLine: (line) => lines.set(tag, [...(lines.get(tag) ?? []), line]),
      onCreated: (m) => void created.push(m),
    }));
    let batch;
    try {
      batch = await new ConcurrentExecutor(APP, { client: emu.client, maxConcurrency: 2 }).runBatch(
        requests,
      );
    } finally {
      clearInterval(sampler);
    }
    expect(batch).toMatchObject({ total: 4, succeeded: 4, failed: 0, allSucceeded: true });
    expect(batch.results.map((r) => r.tag)).toEqual(['alpha', 'beta', 'gamma', 'delta']);
    for (const r of batch.results) {
      expect(r.runResult).toMatchObject(succeeded('marker'));
      expect(r.runResult?.name).toBe(`executor-e2e-${r.tag}`);
      // Each request saw its own machine's lines live, ending with its marker.
      expect(lines.get(r.tag)).toEqual(r.runResult?.logs);
      expect(lines.get(r.tag)?.at(-1)).toBe('[flaude:exit:0]');
      expect(lines.get(r.tag)?.join('\n')).toContain(REVIEW_HEADING);
    }
    expect(created.map((m) => m.id).sort()).toEqual(batch.results.map((r) => r.machineId).sort());
    expect(maxAlive).toBeLessThanOrEqual(2);
    expect(maxAlive).toBeGreaterThan(0);
    // One poller for the whole batch: the logs endpoint is read by one loop, not four.
    const logReads = emu.fly.requests.filter((r) => r.server === 'logs');
    expect(logReads.length).toBeGreaterThan(0);
  });

  test('a failing reviewer does not stop the others, and every machine is cleaned up', async () => {
    emu.fly.faults.machine({ kind: 'oomKill' }, { match: (m) => m.name === 'executor-e2e-oom' });
    const batch = await new ConcurrentExecutor(APP, {
      client: emu.client,
      maxConcurrency: 3,
      exitMarkerGraceMs: 2_000,
    }).runBatch([
      { config: config('Review it. [scenario:no-tool]'), tag: 'ok', name: 'executor-e2e-ok' },
      { config: config('Review it. [scenario:api-error]'), tag: 'api', name: 'executor-e2e-api' },
      { config: config('Review it.'), tag: 'oom', name: 'executor-e2e-oom' },
    ]);
    const [ok, api, oom] = batch.results;
    expect(ok?.success).toBe(true);
    expect(api?.success).toBe(false);
    expect(api?.error).toBeInstanceOf(MachineExitError);
    expect((api?.error as MachineExitError).message).toContain('[flaude:exit:1]');
    expect((api?.error as MachineExitError).logs.join('\n')).toContain('API Error: 400');
    expect(oom?.success).toBe(false);
    expect((oom?.error as MachineExitError).reason).toContain('killed: out of memory (oom_killed)');
    expect(batch).toMatchObject({ succeeded: 1, failed: 2, allSucceeded: false });
  });

  test('an abort cancels the batch: every created machine is destroyed, queued ones never start', async () => {
    const controller = new AbortController();
    const running = new ConcurrentExecutor(APP, {
      client: emu.client,
      maxConcurrency: 1,
      signal: controller.signal,
    }).runBatch(
      ['one', 'two'].map((tag) => ({
        config: config('Review it. [scenario:slow]'),
        tag,
        name: `executor-e2e-${tag}`,
        onLine: (line) => {
          if (line.startsWith('[flaude:manifest:'))
            controller.abort(new Error('workflow cancelled'));
        },
      })),
    );
    const batch = await running;
    expect(batch.results.map((r) => r.error?.message)).toEqual([
      'workflow cancelled',
      'workflow cancelled',
    ]);
    expect(emu.fly.machines().map((m) => m.name)).toEqual(['executor-e2e-one']);
  });
});

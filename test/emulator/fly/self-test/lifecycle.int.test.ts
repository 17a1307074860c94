// Machine lifecycle in the Fly emulator: states, exit events, auto_destroy, restart policies,
// stop, start and destroy, each machine being a real local process.
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startEmulators } from '../../../harness/emulators.ts';
import { exitEventOf, lineSeen, selfTestSetup, withHttp, type TestBed } from './helpers.ts';

let bed: TestBed;

beforeEach(async () => {
  bed = withHttp(await startEmulators(selfTestSetup()));
});

afterEach(async () => {
  await bed.stop();
});

function stateTrail(id: string): string[] {
  return (bed.fly.machine(id)?.events ?? []).map((e) => `${e.type}:${e.status}`).reverse();
}

describe('a one-shot machine', () => {
  test('goes created -> started -> stopped -> destroyed and keeps its exit event', async () => {
    const created = await bed.create('app1', 'exit3', { config: { auto_destroy: true } });
    expect(created['state']).toBe('created');
    expect(created['id']).toMatch(/^[0-9a-f]{14}$/);
    expect(created['version']).toMatch(/^[0-9A-Z]{26}$/);
    expect(created['instance_id']).toBe(created['version']);
    const id = String(created['id']);

    const seen: string[] = [];
    for (const state of ['started', 'stopped', 'destroyed'] as const) {
      seen.push((await bed.fly.waitForMachineState(id, state)).state);
    }
    expect(seen).toEqual(['started', 'stopped', 'destroyed']);

    // Destroyed machines stay readable with their events (docs/fly-api.md#after-auto-destroy).
    const got = await bed.api('GET', `/v1/apps/app1/machines/${id}`);
    expect(got.status).toBe(200);
    const machine = got.body as Record<string, unknown>;
    expect(machine['state']).toBe('destroyed');
    expect(exitEventOf(machine)).toMatchObject({
      exit_code: 3,
      oom_killed: false,
      requested_stop: false,
      restarting: false,
      signal: -1,
    });
    expect(String(exitEventOf(machine)?.['exited_at'])).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(stateTrail(id)).toEqual([
      'launch:created',
      'start:started',
      'exit:stopped',
      'destroy:destroyed',
    ]);
    // Events come newest first, with ms timestamps.
    const events = machine['events'] as Array<{ type: string; timestamp: number; source: string }>;
    expect(events[0]?.type).toBe('destroy');
    expect(events[0]?.source).toBe('flyd');
    expect(events.every((e) => Number.isInteger(e.timestamp) && e.timestamp > 1e12)).toBe(true);
    // The private directory is gone with the machine.
    expect(existsSync(bed.fly.machine(id)?.dir ?? '/nonexistent-dir')).toBe(false);
    expect(bed.fly.liveMachines()).toEqual([]);
    expect(bed.fly.machines().map((m) => m.id)).toEqual([id]);
  });

  test('without auto_destroy it stays stopped and keeps its workspace until destroyed', async () => {
    const id = String((await bed.create('app1', 'exit0'))['id']);
    await bed.fly.waitForMachineState(id, 'stopped');
    const machine = bed.fly.machine(id);
    expect(machine?.state).toBe('stopped');
    expect(exitEventOf(machine ?? {})?.['exit_code']).toBe(0);
    expect(existsSync(`${machine?.dir}/workspace`)).toBe(true);
    expect(bed.fly.liveMachines().map((m) => m.id)).toEqual([id]);

    const destroyed = await bed.api('DELETE', `/v1/apps/app1/machines/${id}`);
    expect(destroyed.status).toBe(200);
    expect(destroyed.body).toEqual({ ok: true });
    await bed.fly.waitForMachineState(id, 'destroyed');
    expect(stateTrail(id).at(-1)).toBe('destroy:destroyed');
    expect(bed.fly.machine(id)?.events[0]?.source).toBe('user');
  });

  test('records every state it entered with when, destroying included', async () => {
    const id = String(
      (await bed.create('app1', 'exit0', { config: { auto_destroy: true } }))['id'],
    );
    await bed.fly.waitForMachineState(id, 'destroyed');
    const machine = bed.fly.machine(id);
    const states = machine?.states ?? [];
    expect(states.map((s) => s.state)).toEqual([
      'created',
      'starting',
      'started',
      'stopping',
      'stopped',
      'destroying',
      'destroyed',
    ]);
    const times = states.map((s) => s.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // The same clock as the events: created as it launched, destroyed with its destroy event.
    const event = (type: string): number =>
      machine?.events.find((e) => e.type === type)?.timestamp ?? NaN;
    expect(states[0]!.at).toBeLessThanOrEqual(event('launch'));
    expect(states.at(-1)!.at).toBeGreaterThanOrEqual(event('destroy'));
    // A destroy request is recorded when Fly accepts it, before the machine is gone.
    const kept = String((await bed.create('app1', 'exit0'))['id']);
    await bed.fly.waitForMachineState(kept, 'stopped');
    const before = Date.now();
    expect((await bed.api('DELETE', `/v1/apps/app1/machines/${kept}`)).status).toBe(200);
    const accepted = bed.fly.machine(kept)?.states.at(-1);
    expect(accepted?.state).toBe('destroying');
    expect(accepted?.at).toBeGreaterThanOrEqual(before);
    await bed.fly.waitForMachineState(kept, 'destroyed');
  });

  test('skip_launch leaves it created until started', async () => {
    const id = String((await bed.create('app1', 'exit0', { skip_launch: true }))['id']);
    expect(bed.fly.machine(id)?.state).toBe('created');
    expect(bed.fly.machine(id)?.pid).toBeUndefined();
    const started = await bed.api('POST', `/v1/apps/app1/machines/${id}/start`);
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ previous_state: 'created' });
    await bed.fly.waitForMachineState(id, 'stopped');
    expect(stateTrail(id)).toEqual(['launch:created', 'start:started', 'exit:stopped']);
  });
});

describe('the process', () => {
  test('gets Fly and emulator environment, machine env, git rewrites and its own dirs', async () => {
    await bed.stop();
    bed = withHttp(
      await startEmulators(
        selfTestSetup({
          anthropicUrl: 'http://127.0.0.1:4999',
          gitRewrites: { 'https://github.com/': 'file:///tmp/repos/' },
          env: { FROM_EMULATOR: 'yes', MY_VAR: 'emulator' },
        }),
      ),
    );
    const id = String(
      (
        await bed.create('app1', 'env', {
          region: 'ams',
          config: {
            env: { MY_VAR: 'machine', ANTHROPIC_BASE_URL: 'https://api.anthropic.com' },
            guest: { cpu_kind: 'shared', cpus: 1, memory_mb: 1024 },
          },
        })
      )['id'],
    );
    await bed.fly.waitForMachineState(id, 'stopped');
    const env = new Map(
      bed.fly
        .logEntries({ instance: id })
        .filter((e) => /^[A-Z_][A-Z0-9_]*=/.test(e.message))
        .map((e) => [
          e.message.slice(0, e.message.indexOf('=')),
          e.message.slice(e.message.indexOf('=') + 1),
        ]),
    );
    const dir = bed.fly.machine(id)?.dir ?? '';
    expect(env.get('FLY_MACHINE_ID')).toBe(id);
    expect(env.get('FLY_APP_NAME')).toBe('app1');
    expect(env.get('FLY_REGION')).toBe('ams');
    expect(env.get('FLY_IMAGE_REF')).toBe('test/env:1');
    expect(env.get('FLY_VM_MEMORY_MB')).toBe('1024');
    expect(env.get('FLAUDE_WORKSPACE')).toBe(`${dir}/workspace`);
    expect(env.get('HOME')).toBe(`${dir}/home`);
    expect(env.get('TMPDIR')).toBe(`${dir}/tmp`);
    expect(env.get('PATH')?.split(':')[0]).toMatch(/node_modules\/\.bin$/);
    expect(env.get('IS_SANDBOX')).toBe('1');
    expect(env.get('CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC')).toBe('1');
    expect(env.get('DISABLE_AUTOUPDATER')).toBe('1');
    expect(env.get('ANTHROPIC_BASE_URL')).toBe('http://127.0.0.1:4999');
    expect(env.get('MY_VAR')).toBe('machine');
    expect(env.get('FROM_EMULATOR')).toBe('yes');
    expect(env.get('GIT_CONFIG_COUNT')).toBe('1');
    expect(env.get('GIT_CONFIG_KEY_0')).toBe('url.file:///tmp/repos/.insteadOf');
    expect(env.get('GIT_CONFIG_VALUE_0')).toBe('https://github.com/');
  });

  test('runs in its own process group; stop signals it and the machine stops', async () => {
    const created = await bed.create('app1', 'sleeper');
    const id = String(created['id']);
    const running = await bed.fly.waitForMachineState(id, 'started');
    expect(running.pid).toBeGreaterThan(0);
    await lineSeen(bed, id, '[flaude] sleeping');
    // A process group leader has pgid == pid.
    const stat = readFileSync(`/proc/${running.pid}/stat`, 'utf8');
    expect(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]).toBe(String(running.pid));

    const stopped = await bed.api('POST', `/v1/apps/app1/machines/${id}/stop`, {
      signal: 'SIGTERM',
    });
    expect(stopped.status).toBe(200);
    await bed.fly.waitForMachineState(id, 'stopped');
    const machine = bed.fly.machine(id);
    expect(exitEventOf(machine ?? {})).toMatchObject({
      exit_code: 0,
      requested_stop: true,
      restarting: false,
    });
    expect(stateTrail(id)).toEqual([
      'launch:created',
      'start:started',
      'stop:stopping',
      'exit:stopped',
    ]);
    expect(machine?.pid).toBeUndefined();
    // The trap ran: its marker reached the logs.
    expect(bed.fly.logEntries({ instance: id }).map((e) => e.message)).toContain('[flaude:exit:0]');
  });

  test('a process that ignores the stop signal is killed after the timeout', async () => {
    const id = String((await bed.create('app1', 'stubborn'))['id']);
    await lineSeen(bed, id, '[flaude] stubborn');
    const stopped = await bed.api('POST', `/v1/apps/app1/machines/${id}/stop`, {
      timeout: '200ms',
    });
    expect(stopped.status).toBe(200);
    await bed.fly.waitForMachineState(id, 'stopped');
    expect(exitEventOf(bed.fly.machine(id) ?? {})).toMatchObject({
      exit_code: 137,
      signal: 9,
      requested_stop: true,
    });
    const messages = bed.fly.logEntries({ instance: id }).map((e) => e.message);
    expect(
      messages.some((m) =>
        /^ INFO Sending signal SIGINT to main child process w\/ PID \d+$/.test(m),
      ),
    ).toBe(true);
    expect(
      messages.some((m) => m.includes("Main child exited with signal (with signal 'SIGKILL'")),
    ).toBe(true);
  });

  test('stop without a body and with {} both work', async () => {
    const a = String((await bed.create('app1', 'sleeper'))['id']);
    const b = String((await bed.create('app1', 'sleeper'))['id']);
    await lineSeen(bed, a, '[flaude] sleeping');
    await lineSeen(bed, b, '[flaude] sleeping');
    expect((await bed.api('POST', `/v1/apps/app1/machines/${a}/stop`)).status).toBe(200);
    expect((await bed.api('POST', `/v1/apps/app1/machines/${b}/stop`, {})).status).toBe(200);
    await bed.fly.waitForMachineState(a, 'stopped');
    await bed.fly.waitForMachineState(b, 'stopped');
    expect(bed.fly.validationFailures).toEqual([]);
  });

  test('a stopped machine starts again with a fresh process', async () => {
    const id = String((await bed.create('app1', 'exit0'))['id']);
    await bed.fly.waitForMachineState(id, 'stopped');
    const started = await bed.api('POST', `/v1/apps/app1/machines/${id}/start`);
    expect(started.body).toMatchObject({ previous_state: 'stopped' });
    await bed.fly.waitForMachineState(id, 'started');
    await bed.fly.waitForMachineState(id, 'stopped');
    const exits = (bed.fly.machine(id)?.events ?? []).filter((e) => e.type === 'exit');
    expect(exits).toHaveLength(2);
  });

  test('signal reaches the main process', async () => {
    const id = String((await bed.create('app1', 'sleeper'))['id']);
    await lineSeen(bed, id, '[flaude] sleeping');
    const res = await bed.api('POST', `/v1/apps/app1/machines/${id}/signal`, { signal: 'SIGTERM' });
    expect(res.status).toBe(200);
    await bed.fly.waitForMachineState(id, 'stopped');
    // Not a requested stop: the process just exited.
    expect(exitEventOf(bed.fly.machine(id) ?? {})).toMatchObject({
      exit_code: 0,
      requested_stop: false,
    });
  });
});

describe('destroy', () => {
  test('a running machine needs force (412 without), and force kills it', async () => {
    const id = String((await bed.create('app1', 'sleeper'))['id']);
    await bed.fly.waitForMachineState(id, 'started');
    const refused = await bed.api('DELETE', `/v1/apps/app1/machines/${id}`);
    expect(refused.status).toBe(412);
    expect(refused.body).toMatchObject({ status: 'unknown' });
    expect(String((refused.body as { error: string }).error)).toContain('not currently stopped');
    expect(bed.fly.machine(id)?.state).toBe('started');

    const forced = await bed.api('DELETE', `/v1/apps/app1/machines/${id}?force=true`);
    expect(forced.status).toBe(200);
    await bed.fly.waitForMachineState(id, 'destroyed');
    expect(exitEventOf(bed.fly.machine(id) ?? {})).toMatchObject({
      requested_stop: true,
      exit_code: 137,
    });
  });

  test('kill=true (fly-go spelling) works like force', async () => {
    const id = String((await bed.create('app1', 'sleeper'))['id']);
    await bed.fly.waitForMachineState(id, 'started');
    expect((await bed.api('DELETE', `/v1/apps/app1/machines/${id}?kill=true`)).status).toBe(200);
    await bed.fly.waitForMachineState(id, 'destroyed');
    expect(bed.fly.validationFailures).toEqual([]);
  });

  test('a destroyed machine answers 404 to destroy and stop, but GET still works', async () => {
    const id = String(
      (await bed.create('app1', 'exit0', { config: { auto_destroy: true } }))['id'],
    );
    await bed.fly.waitForMachineState(id, 'destroyed');
    expect((await bed.api('DELETE', `/v1/apps/app1/machines/${id}`)).status).toBe(404);
    expect((await bed.api('POST', `/v1/apps/app1/machines/${id}/stop`)).status).toBe(404);
    expect((await bed.api('GET', `/v1/apps/app1/machines/${id}`)).status).toBe(200);
    expect((await bed.api('GET', `/v1/apps/app1/machines/nope`)).status).toBe(404);
  });
});

describe('restart policy', () => {
  test('on-failure restarts a failing process up to max_retries, then it stays stopped', async () => {
    const id = String(
      (
        await bed.create('app1', 'exit3', {
          config: { restart: { policy: 'on-failure', max_retries: 2 } },
        })
      )['id'],
    );
    await bed.fly.waitForMachineState(id, 'stopped');
    const machine = bed.fly.machine(id);
    const exits = (machine?.events ?? []).filter((e) => e.type === 'exit').reverse();
    expect(exits.map((e) => e.request?.exit_event?.restarting)).toEqual([true, true, false]);
    expect(exits.map((e) => e.request?.restart_count)).toEqual([0, 1, 2]);
    expect(machine?.restartCount).toBe(2);
  });

  test('no policy means on-failure; a clean exit is not restarted', async () => {
    const res = await bed.api('POST', '/v1/apps/app1/machines', {
      config: { image: 'test/exit0:1' },
    });
    const id = String((res.body as { id: string }).id);
    await bed.fly.waitForMachineState(id, 'stopped');
    expect(bed.fly.machine(id)?.restartCount).toBe(0);
  });

  test('policy no leaves a failing machine stopped', async () => {
    const id = String(
      (await bed.create('app1', 'exit3', { config: { restart: { policy: 'no' } } }))['id'],
    );
    await bed.fly.waitForMachineState(id, 'stopped');
    expect(bed.fly.machine(id)?.restartCount).toBe(0);
  });

  test('always restarts even a clean exit', async () => {
    const id = String(
      (await bed.create('app1', 'exit0', { config: { restart: { policy: 'always' } } }))['id'],
    );
    const restarted = await bed.fly.waitForMachineState(id, 'restarting');
    expect(restarted.state).toBe('restarting');
    await bed.fly.waitForMachineState(id, 'started');
    expect((await bed.api('DELETE', `/v1/apps/app1/machines/${id}?force=true`)).status).toBe(200);
    await bed.fly.waitForMachineState(id, 'destroyed');
    expect(bed.fly.machine(id)?.restartCount).toBeGreaterThanOrEqual(1);
  });
});

describe('names', () => {
  test('a live name is unique within the app (409); a destroyed machine frees it', async () => {
    const first = await bed.create('app1', 'exit0', {
      name: 'reviewer-1',
      config: { auto_destroy: true },
    });
    const dup = await bed.api('POST', '/v1/apps/app1/machines', {
      name: 'reviewer-1',
      config: { image: 'test/exit0:1' },
    });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ status: 'unknown' });
    await bed.fly.waitForMachineState(String(first['id']), 'destroyed');
    const again = await bed.create('app1', 'exit0', { name: 'reviewer-1' });
    expect(again['name']).toBe('reviewer-1');
    expect(again['id']).not.toBe(first['id']);
  });

  test('a machine without a name gets a generated one', async () => {
    const res = await bed.api('POST', '/v1/apps/app1/machines', {
      config: { image: 'test/exit0:1' },
    });
    expect((res.body as { name: string }).name).toMatch(/^[a-z]+-[a-z]+-\d{4}$/);
  });
});

describe('emulator stop()', () => {
  test('kills running processes, removes temp dirs, and can be called twice', async () => {
    const id = String((await bed.create('app1', 'stubborn'))['id']);
    await lineSeen(bed, id, '[flaude] stubborn');
    const machine = bed.fly.machine(id);
    const pid = machine?.pid ?? -1;
    const tmpRoot = dirname(machine?.dir ?? '/nonexistent/x');
    expect(existsSync(tmpRoot)).toBe(true);
    await bed.fly.stop();
    await bed.fly.stop();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(existsSync(tmpRoot)).toBe(false);
  });
});

// Fault injection of the Fly emulator: HTTP faults, machine faults and logs outages.
import { fetch } from 'undici';
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

describe('HTTP faults', () => {
  test('status for `times` requests matched by method and path template, then normal again', async () => {
    const handle = bed.fly.faults.http({
      method: 'GET',
      path: '/v1/apps/{app}',
      status: 503,
      times: 2,
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await bed.api('GET', '/v1/apps/app1')).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(handle.hits).toBe(2);
    // Other methods/paths are untouched.
    expect((await bed.api('GET', '/v1/apps/app1/machines')).status).toBe(200);
    expect(bed.fly.requests.slice(0, 2).map((r) => r.fault)).toEqual(['http:503', 'http:503']);
  });

  test('a custom body and headers; a RegExp path; remove() stops it', async () => {
    const handle = bed.fly.faults.http({
      path: /\/machines$/,
      status: 429,
      body: { error: 'slow down', status: 'unknown' },
      headers: { 'retry-after': '2' },
      times: Infinity,
    });
    const res = await bed.api('GET', '/v1/apps/app1/machines');
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ error: 'slow down', status: 'unknown' });
    expect(res.headers.get('retry-after')).toBe('2');
    handle.remove();
    expect((await bed.api('GET', '/v1/apps/app1/machines')).status).toBe(200);
  });

  test('dropConnection destroys the socket without an answer', async () => {
    bed.fly.faults.http({ method: 'GET', path: '/v1/apps/app1', dropConnection: true });
    await expect(bed.api('GET', '/v1/apps/app1')).rejects.toThrow();
    expect(bed.fly.requests.at(-1)).toMatchObject({ status: 0, fault: 'http:drop' });
    expect((await bed.api('GET', '/v1/apps/app1')).status).toBe(200);
  });

  test('phase after: the request takes effect, then the fault answers', async () => {
    bed.fly.faults.http({
      method: 'POST',
      path: '/v1/apps/*/machines',
      status: 502,
      phase: 'after',
    });
    const res = await bed.api('POST', '/v1/apps/app1/machines', {
      config: { image: 'test/sleeper:1' },
    });
    expect(res.status).toBe(502);
    expect(bed.fly.liveMachines()).toHaveLength(1);
  });

  test('delayMs alone delays the answer of a handled request', async () => {
    const handle = bed.fly.faults.http({ method: 'GET', path: '/v1/apps/app1', delayMs: 50 });
    const res = await bed.api('GET', '/v1/apps/app1');
    expect(res.status).toBe(200);
    expect(handle.hits).toBe(1);
    expect(bed.fly.requests.at(-1)?.fault).toBe('http:delay 50ms');
  });

  test('faults.clear() removes every fault', async () => {
    bed.fly.faults.http({ path: '/v1/apps/app1', status: 500, times: Infinity });
    bed.fly.faults.logsDown({ status: 500 });
    bed.fly.faults.clear();
    expect((await bed.api('GET', '/v1/apps/app1')).status).toBe(200);
    expect((await bed.logs('app1')).status).toBe(200);
  });
});

describe('machine faults', () => {
  test('loseExitEvent: the machine stops but no exit event is recorded', async () => {
    bed.fly.faults.machine({ kind: 'loseExitEvent' });
    const lost = String((await bed.create('app1', 'exit3'))['id']);
    const normal = String((await bed.create('app1', 'exit3'))['id']);
    await bed.fly.waitForMachineState(lost, 'stopped');
    await bed.fly.waitForMachineState(normal, 'stopped');
    expect(exitEventOf(bed.fly.machine(lost) ?? {})).toBeUndefined();
    // Only the next machine was affected (times defaults to 1).
    expect(exitEventOf(bed.fly.machine(normal) ?? {})?.['exit_code']).toBe(3);
  });

  test('oomKill on a line: exit 137 with oom_killed, kernel OOM lines, no exit marker', async () => {
    bed.fly.faults.machine({
      kind: 'oomKill',
      trigger: { onLine: (l) => l.includes('about to work') },
    });
    const id = String((await bed.create('app1', 'waiter'))['id']);
    await bed.fly.waitForMachineState(id, 'stopped');
    expect(exitEventOf(bed.fly.machine(id) ?? {})).toMatchObject({
      exit_code: 137,
      oom_killed: true,
      requested_stop: false,
    });
    const messages = bed.fly.logEntries({ instance: id }).map((e) => e.message);
    expect(messages.some((m) => m.includes('Out of memory: Killed process'))).toBe(true);
    expect(messages).toContain(' INFO Process appears to have been OOM killed!');
    expect(messages).not.toContain('[flaude:exit:0]');
  });

  test('crash after a delay: SIGKILL, exit 137, not oom; the restart policy applies once', async () => {
    bed.fly.faults.machine({ kind: 'crash', trigger: { afterMs: 50 } });
    const id = String(
      (
        await bed.create('app1', 'waiter', {
          config: { restart: { policy: 'on-failure', max_retries: 1 } },
        })
      )['id'],
    );
    await lineSeen(bed, id, 'restarting (policy: on-failure');
    const first = bed.fly.machine(id)?.events.find((e) => e.type === 'exit');
    expect(first?.request?.exit_event).toMatchObject({
      exit_code: 137,
      signal: 9,
      oom_killed: false,
      restarting: true,
    });
    // The second run is not crashed: it keeps running until killed.
    await bed.fly.waitForMachineState(id, 'started');
    expect((await bed.api('DELETE', `/v1/apps/app1/machines/${id}?force=true`)).status).toBe(200);
    await bed.fly.waitForMachineState(id, 'destroyed');
  });

  test('failToStart: the boot ends in failed, no process runs, a wait for stopped fails', async () => {
    bed.fly.faults.machine({ kind: 'failToStart' });
    const created = await bed.create('app1', 'exit0');
    const id = String(created['id']);
    const waitPath = `/v1/apps/app1/machines/${id}/wait?state=stopped&version=${String(created['version'])}&timeout=5`;
    // Asked while the machine still boots, then again once it has failed.
    const pending = await bed.api('GET', waitPath);
    const after = await bed.api('GET', waitPath);
    for (const wait of [pending, after]) {
      expect(wait.status).toBe(400);
      expect(JSON.stringify(wait.body)).toContain('machine failed to reach desired state');
    }
    const machine = bed.fly.machine(id);
    expect(machine?.state).toBe('failed');
    expect(machine?.states.map((s) => s.state)).toEqual(['created', 'starting', 'failed']);
    expect(machine?.events.some((e) => e.type === 'exit')).toBe(false);
    const messages = bed.fly.logEntries({ instance: id }).map((e) => e.message);
    expect(messages.some((m) => m.includes('failed to launch VM'))).toBe(true);
    expect(messages.some((m) => m.startsWith('Machine started'))).toBe(false);
    expect(messages).not.toContain('[flaude:exit:0]');
    // A failed machine is not running: it may be destroyed without force.
    expect((await bed.api('DELETE', `/v1/apps/app1/machines/${id}`)).status).toBe(200);
    await bed.fly.waitForMachineState(id, 'destroyed');
  });

  test('dropLogLines: matching lines never reach the logs, the rest do', async () => {
    bed.fly.faults.machine({
      kind: 'dropLogLines',
      predicate: (l) => l.startsWith('[flaude:exit'),
    });
    const id = String((await bed.create('app1', 'exit3'))['id']);
    await bed.fly.waitForMachineState(id, 'stopped');
    const messages = (
      (await bed.logs('app1')).body as { data: Array<{ attributes: { message: string } }> }
    ).data.map((e) => e.attributes.message);
    expect(messages).toContain('oops on stderr');
    expect(messages).not.toContain('[flaude:exit:3]');
    expect(exitEventOf(bed.fly.machine(id) ?? {})?.['exit_code']).toBe(3);
  });

  test('match and times pick which machines get a fault', async () => {
    const handle = bed.fly.faults.machine(
      { kind: 'loseExitEvent' },
      { match: (m) => m.name.startsWith('victim'), times: 2 },
    );
    const ids = [];
    for (const name of ['bystander', 'victim-1', 'victim-2', 'victim-3']) {
      ids.push(String((await bed.create('app1', 'exit0', { name }))['id']));
    }
    for (const id of ids) await bed.fly.waitForMachineState(id, 'stopped');
    expect(ids.map((id) => exitEventOf(bed.fly.machine(id) ?? {}) !== undefined)).toEqual([
      true,
      false,
      false,
      true,
    ]);
    expect(handle.hits).toBe(2);
  });

  test.each([500, 408] as const)(
    'createAmbiguous %i: the machine exists though create failed',
    async (answer) => {
      bed.fly.faults.machine({ kind: 'createAmbiguous', answer });
      const res = await bed.api('POST', '/v1/apps/app1/machines', {
        name: 'ambiguous',
        config: { image: 'test/sleeper:1', metadata: { run: '7' } },
      });
      expect(res.status).toBe(answer);
      expect(res.body).toMatchObject({ status: 'unknown' });
      const listed = await bed.api('GET', '/v1/apps/app1/machines?metadata.run=7');
      expect((listed.body as Array<{ name: string }>).map((m) => m.name)).toEqual(['ambiguous']);
      expect(bed.fly.requests.find((r) => r.method === 'POST')?.fault).toBe(
        `createAmbiguous:${answer}`,
      );
    },
  );

  test('createAmbiguous drop: the connection dies, the machine still boots', async () => {
    bed.fly.faults.machine({ kind: 'createAmbiguous', answer: 'drop' });
    await expect(
      fetch(`${bed.fly.url}/v1/apps/app1/machines`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${bed.fly.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ config: { image: 'test/exit0:1' } }),
      }),
    ).rejects.toThrow();
    const [machine] = bed.fly.machines();
    expect(machine).toBeDefined();
    await bed.fly.waitForMachineState(machine?.id ?? '', 'stopped');
  });
});

describe('logs outages', () => {
  test('logsDown answers the status for `times` requests, then entries again', async () => {
    const handle = bed.fly.faults.logsDown({ status: 500, times: 2 });
    expect((await bed.logs('app1')).status).toBe(500);
    expect((await bed.logs('app1')).status).toBe(500);
    expect((await bed.logs('app1')).status).toBe(200);
    expect(handle.hits).toBe(2);
  });

  test('logsDown with 401 until removed; the Machines API is unaffected', async () => {
    const handle = bed.fly.faults.logsDown({ status: 401 });
    for (let i = 0; i < 3; i++) expect((await bed.logs('app1')).status).toBe(401);
    expect((await bed.api('GET', '/v1/apps/app1')).status).toBe(200);
    handle.remove();
    expect((await bed.logs('app1')).status).toBe(200);
  });

  test('logsDown forMs ends by itself', async () => {
    bed.fly.faults.logsDown({ status: 503, forMs: 100 });
    expect((await bed.logs('app1')).status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await bed.logs('app1')).status).toBe(200);
  });
});

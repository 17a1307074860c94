// The wait endpoint of the Fly emulator: 200 when the state is reached, 408 on timeout, 404
// for a destroyed machine that can no longer reach the state, 400 for bad arguments.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { startEmulators } from '../../../harness/emulators.ts';
import { eventually, lineSeen, selfTestSetup, withHttp, type TestBed } from './helpers.ts';

let bed: TestBed;

beforeEach(async () => {
  bed = withHttp(await startEmulators(selfTestSetup()));
});

afterEach(async () => {
  await bed.stop();
});

function waitPath(id: string, query: string): string {
  return `/v1/apps/app1/machines/${id}/wait?${query}`;
}

test('200 with ok, state, event_id and version once the state is reached', async () => {
  const machine = await bed.create('app1', 'exit3');
  const id = String(machine['id']);
  const version = String(machine['version']);
  const res = await bed.api('GET', waitPath(id, `state=stopped&version=${version}&timeout=30`));
  expect(res.status).toBe(200);
  const body = res.body as Record<string, unknown>;
  expect(body).toMatchObject({ ok: true, state: 'stopped', version });
  expect(bed.fly.machine(id)?.events.map((e) => e.id)).toContain(body['event_id']);
  // The exit event is there as soon as the wait returns.
  expect(bed.fly.machine(id)?.events.some((e) => e.type === 'exit')).toBe(true);
});

test('the default state is started; instance_id is accepted as the version alias', async () => {
  const machine = await bed.create('app1', 'sleeper');
  const id = String(machine['id']);
  const started = await bed.api('GET', waitPath(id, 'timeout=30'));
  expect(started.body).toMatchObject({ ok: true, state: 'started' });
  const again = await bed.api(
    'GET',
    waitPath(id, `state=started&instance_id=${String(machine['version'])}`),
  );
  expect(again.status).toBe(200);
});

test('several states: repeated or comma-separated', async () => {
  const machine = await bed.create('app1', 'exit0', { config: { auto_destroy: true } });
  const id = String(machine['id']);
  const v = String(machine['version']);
  await bed.fly.waitForMachineState(id, 'stopped');
  const comma = await bed.api('GET', waitPath(id, `state=started,stopped,destroyed&version=${v}`));
  expect(comma.status).toBe(200);
  await bed.fly.waitForMachineState(id, 'destroyed');
  const repeated = await bed.api('GET', waitPath(id, `state=started&state=destroyed&version=${v}`));
  expect(repeated.body).toMatchObject({ ok: true, state: 'destroyed' });
  expect(bed.fly.validationFailures).toEqual([]);
});

test('408 when the state is not reached within the timeout', async () => {
  const machine = await bed.create('app1', 'sleeper');
  const id = String(machine['id']);
  await lineSeen(bed, id, '[flaude] sleeping');
  const res = await bed.api(
    'GET',
    waitPath(id, `state=stopped&version=${String(machine['version'])}&timeout=1`),
  );
  expect(res.status).toBe(408);
  expect(res.body).toMatchObject({ status: 'unknown' });
  expect(bed.fly.machine(id)?.state).toBe('started');
});

test('a destroyed machine: wait for destroyed is 200, for started or stopped 404', async () => {
  const machine = await bed.create('app1', 'exit0', { config: { auto_destroy: true } });
  const id = String(machine['id']);
  const v = String(machine['version']);
  await bed.fly.waitForMachineState(id, 'destroyed');
  expect((await bed.api('GET', waitPath(id, 'state=destroyed'))).status).toBe(200);
  expect((await bed.api('GET', waitPath(id, 'state=settled'))).status).toBe(200);
  const started = await bed.api('GET', waitPath(id, 'state=started'));
  expect(started.status).toBe(404);
  expect(started.body).toEqual({ error: 'machine not found', status: 'unknown' });
  expect((await bed.api('GET', waitPath(id, `state=stopped&version=${v}`))).status).toBe(404);
});

test('a pending wait ends with 404 when the machine is destroyed under it', async () => {
  const machine = await bed.create('app1', 'sleeper');
  const id = String(machine['id']);
  await lineSeen(bed, id, '[flaude] sleeping');
  const pending = bed.api('GET', waitPath(id, `state=suspended&timeout=30`));
  await eventually(() => (bed.fly.pendingWaits() === 1 ? true : undefined), 'the wait to block');
  expect((await bed.api('DELETE', `/v1/apps/app1/machines/${id}?force=true`)).status).toBe(200);
  expect((await pending).status).toBe(404);
});

test('400 for a timeout above 60 s, a non-integer timeout, an unknown state, stopped without version', async () => {
  const machine = await bed.create('app1', 'sleeper');
  const id = String(machine['id']);
  const tooLong = await bed.api('GET', waitPath(id, 'state=started&timeout=61'));
  expect(tooLong.status).toBe(400);
  expect(String((tooLong.body as { error: string }).error)).toContain('invalid_argument');
  expect((await bed.api('GET', waitPath(id, 'state=started&timeout=30s'))).status).toBe(400);
  expect((await bed.api('GET', waitPath(id, 'state=running'))).status).toBe(400);
  expect((await bed.api('GET', waitPath(id, 'state=stopped&timeout=1'))).status).toBe(400);
  expect((await bed.api('GET', waitPath(id, 'state=started&version=01WRONGVERSION'))).status).toBe(
    400,
  );
  // The first four are client bugs and recorded as such; a wrong version is not a schema matter.
  expect(bed.fly.validationFailures.map((f) => f.status)).toEqual([400, 400, 400, 400]);
  expect(bed.fly.validationFailures[0]?.reasons.join()).toContain('between 1 and 60');
});

test('from_event_id only counts later events', async () => {
  const machine = await bed.create('app1', 'exit0');
  const id = String(machine['id']);
  const v = String(machine['version']);
  await bed.fly.waitForMachineState(id, 'stopped');
  const exitEvent = bed.fly.machine(id)?.events.find((e) => e.type === 'exit');
  const launch = bed.fly.machine(id)?.events.find((e) => e.type === 'launch');
  const afterLaunch = await bed.api(
    'GET',
    waitPath(id, `state=stopped&version=${v}&from_event_id=${launch?.id}`),
  );
  expect(afterLaunch.body).toMatchObject({ ok: true, event_id: exitEvent?.id });
  const afterExit = await bed.api(
    'GET',
    waitPath(id, `state=stopped&version=${v}&from_event_id=${exitEvent?.id}&timeout=1`),
  );
  expect(afterExit.status).toBe(408);
});

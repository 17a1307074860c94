import { describe, expect, test } from 'vitest';
import type { FlyCreateMachineRequest, FlyMachine } from '../../../src/fly/api/api-types.ts';
import {
  createMachine,
  destroyMachine,
  findMachineByName,
  getMachine,
  getMachineEvents,
  listMachines,
  stopMachine,
  waitForState,
} from '../../../src/fly/api/machines.ts';
import { flyAPIFailure, useScriptedFly, type Reply } from '../http-script.ts';

const fly = useScriptedFly({ token: 'fo1_machinesTestToken', random: () => 0.5 });

const posts = (): number => fly.server.requests.filter((r) => r.method === 'POST').length;

const NAME = 'flaude-1-1-review-sec';
const REQUEST: FlyCreateMachineRequest = {
  name: NAME,
  region: 'fra',
  config: {
    image: 'img:1',
    auto_destroy: true,
    restart: { policy: 'no' },
    metadata: { managed_by: 'flaude', flaude_name: NAME },
  },
};
const MACHINE: FlyMachine = {
  id: 'm1',
  name: NAME,
  state: 'created',
  region: 'fra',
  version: 'v1',
  created_at: new Date().toISOString(),
};
const LIST = '/v1/apps/app/machines';

describe('createMachine', () => {
  test('posts the request once and returns the machine', async () => {
    fly.server.script.push({ status: 200, json: MACHINE });
    expect(await createMachine(fly.client, 'app', REQUEST)).toEqual(MACHINE);
    expect(fly.calls()).toEqual([`POST ${LIST}`]);
    expect(fly.server.requests[0]?.json).toEqual(REQUEST);
  });

  test('a dropped create that did happen is found by name, not created twice', async () => {
    fly.server.script.push({ drop: true }, { status: 200, json: [MACHINE] });
    expect(await createMachine(fly.client, 'app', REQUEST)).toEqual(MACHINE);
    expect(fly.calls()).toEqual([`POST ${LIST}`, `GET ${LIST}`]);
    const lookup = fly.server.requests[1]?.query;
    expect(lookup?.get(`metadata.flaude_name`)).toBe(NAME);
    expect(lookup?.get('include_deleted')).toBe('true');
  });

  test('a 503 create that did not happen is sent again after the lookup', async () => {
    fly.server.script.push(
      { status: 503, json: { error: 'oops' } },
      { status: 200, json: [] },
      { status: 200, json: MACHINE },
    );
    expect(await createMachine(fly.client, 'app', REQUEST)).toEqual(MACHINE);
    expect(fly.calls()).toEqual([`POST ${LIST}`, `GET ${LIST}`, `POST ${LIST}`]);
  });

  test('408, not listed yet, then a name conflict: the lookup after the conflict finds it', async () => {
    fly.server.script.push(
      { status: 408, text: '' },
      { status: 200, json: [] },
      { status: 409, json: { error: 'machine name already exists' } },
      { status: 200, json: [MACHINE] },
    );
    expect(await createMachine(fly.client, 'app', REQUEST)).toEqual(MACHINE);
    expect(posts()).toBe(2);
  });

  test('a name conflict without an earlier ambiguous failure is not reconciled', async () => {
    fly.server.script.push({ status: 409, json: { error: 'already exists' } });
    expect((await flyAPIFailure(createMachine(fly.client, 'app', REQUEST))).statusCode).toBe(409);
    expect(fly.calls()).toEqual([`POST ${LIST}`]);
  });

  test('ambiguous failures are bounded: 3 creates, each after a lookup', async () => {
    fly.server.fallback = (r) =>
      r.method === 'POST' ? { status: 504, text: '' } : { status: 200, json: [] };
    expect((await flyAPIFailure(createMachine(fly.client, 'app', REQUEST))).statusCode).toBe(504);
    expect(fly.calls()).toEqual([
      `POST ${LIST}`,
      `GET ${LIST}`,
      `POST ${LIST}`,
      `GET ${LIST}`,
      `POST ${LIST}`,
      `GET ${LIST}`,
    ]);
  });

  test('429 waits for Retry-After and sends again without a lookup', async () => {
    fly.server.script.push(
      { status: 429, text: '', headers: { 'retry-after': '2' } },
      { status: 200, json: MACHINE },
    );
    expect(await createMachine(fly.client, 'app', REQUEST)).toEqual(MACHINE);
    expect(fly.calls()).toEqual([`POST ${LIST}`, `POST ${LIST}`]);
    expect(fly.clock.sleeps).toContain(2000);
  });

  test('insufficient capacity is explained and not retried', async () => {
    fly.server.script.push({
      status: 422,
      json: { error: 'no capacity in fra', status: 'insufficient_capacity' },
    });
    const e = await flyAPIFailure(createMachine(fly.client, 'app', REQUEST));
    expect(e.statusCode).toBe(422);
    expect(e.status).toBe('insufficient_capacity');
    expect(e.message).toBe(
      'Fly has no capacity for this machine in region "fra" (422 insufficient_capacity: no capacity in fra). Try another region or a smaller guest size.',
    );
    expect(posts()).toBe(1);
  });

  test('other 4xx are thrown as they are', async () => {
    fly.server.script.push({ status: 400, json: { error: 'bad image' } });
    const e = await flyAPIFailure(createMachine(fly.client, 'app', REQUEST));
    expect(e.message).toBe('Fly API POST /v1/apps/app/machines failed: 400: bad image');
    expect(fly.calls()).toEqual([`POST ${LIST}`]);
  });

  test('without a name an ambiguous failure is thrown, never repeated', async () => {
    fly.server.script.push({ drop: true }, { status: 200, json: MACHINE });
    const { name: _name, ...unnamed } = REQUEST;
    const e = await flyAPIFailure(createMachine(fly.client, 'app', unnamed));
    expect(e.statusCode).toBe(0);
    expect(e.message).toMatch(/no name to look it up by, so the create is not repeated/);
    expect(fly.calls()).toEqual([`POST ${LIST}`]);
  });

  test('when the lookup fails too, the create is not repeated', async () => {
    fly.server.script.push({ status: 502, text: '' }, { status: 401, json: { error: 'nope' } });
    const e = await flyAPIFailure(createMachine(fly.client, 'app', REQUEST));
    expect(e.statusCode).toBe(502);
    expect(e.message).toMatch(/looking it up by name failed too \(.*401: nope\)/);
    expect(posts()).toBe(1);
  });

  test('without the flaude_name tag the lookup lists everything and matches the name', async () => {
    const untagged = {
      ...REQUEST,
      config: { ...REQUEST.config, metadata: { managed_by: 'flaude' } },
    };
    fly.server.script.push(
      { drop: true },
      { status: 200, json: [{ ...MACHINE, id: 'other', name: 'other' }, MACHINE] },
    );
    expect((await createMachine(fly.client, 'app', untagged)).id).toBe('m1');
    expect([...(fly.server.requests[1]?.query.keys() ?? [])]).toEqual(['include_deleted']);
  });

  test('a live machine wins over a destroyed one of the same name', async () => {
    const old = { ...MACHINE, id: 'old', state: 'destroyed' };
    fly.server.script.push(
      { drop: true },
      { status: 200, json: [old, { ...MACHINE, state: 'started' }] },
    );
    expect((await createMachine(fly.client, 'app', REQUEST)).id).toBe('m1');
  });

  test('our machine that already ran and was auto-destroyed is returned', async () => {
    const gone = {
      ...MACHINE,
      state: 'destroyed',
      created_at: new Date(fly.clock.now()).toISOString(),
    };
    fly.server.script.push({ drop: true }, { status: 200, json: [gone] });
    expect(await createMachine(fly.client, 'app', REQUEST)).toEqual(gone);
  });

  test('a destroyed machine of that name from long ago is not ours', async () => {
    const ancient = { ...MACHINE, state: 'destroyed', created_at: '2001-01-01T00:00:00Z' };
    fly.server.script.push(
      { drop: true },
      { status: 200, json: [ancient] },
      { status: 200, json: MACHINE },
    );
    expect(await createMachine(fly.client, 'app', REQUEST)).toEqual(MACHINE);
    expect(posts()).toBe(2);
  });
});

describe('get, list, find, events', () => {
  test('getMachine returns the machine; 404 throws', async () => {
    fly.server.script.push(
      { status: 200, json: MACHINE },
      { status: 404, json: { error: 'not found' } },
    );
    expect(await getMachine(fly.client, 'app', 'm1')).toEqual(MACHINE);
    const e = await flyAPIFailure(getMachine(fly.client, 'app', 'm1'));
    expect(e.statusCode).toBe(404);
    expect(fly.calls()).toEqual(['GET /v1/apps/app/machines/m1', 'GET /v1/apps/app/machines/m1']);
  });

  test('listMachines follows fly-next-cursor and sends metadata filters', async () => {
    fly.server.script.push(
      { status: 200, json: [MACHINE], headers: { 'fly-next-cursor': 'c2' } },
      { status: 200, json: [{ ...MACHINE, id: 'm2' }] },
    );
    const list = await listMachines(fly.client, 'app', {
      metadata: { managed_by: 'flaude', run_id: '7' },
      includeDeleted: true,
    });
    expect(list.map((m) => m.id)).toEqual(['m1', 'm2']);
    const first = fly.server.requests[0]?.query;
    expect(first?.get('metadata.managed_by')).toBe('flaude');
    expect(first?.get('metadata.run_id')).toBe('7');
    expect(first?.get('include_deleted')).toBe('true');
    expect(first?.has('cursor')).toBe(false);
    expect(fly.server.requests[1]?.query.get('cursor')).toBe('c2');
  });

  test('listMachines without options sends no filters', async () => {
    fly.server.script.push({ status: 200, json: [] });
    expect(await listMachines(fly.client, 'app')).toEqual([]);
    expect(fly.server.requests[0]?.url).toBe('/v1/apps/app/machines');
  });

  test('findMachineByName matches the name exactly', async () => {
    fly.server.fallback = () => ({
      status: 200,
      json: [{ ...MACHINE, id: 'x', name: `${NAME}-2` }, MACHINE],
    });
    expect((await findMachineByName(fly.client, 'app', NAME))?.id).toBe('m1');
    expect(await findMachineByName(fly.client, 'app', 'nope')).toBeUndefined();
  });

  test('getMachineEvents asks for the most Fly gives', async () => {
    const events = [{ type: 'exit', request: { exit_event: { exit_code: 3 } } }];
    fly.server.script.push({ status: 200, json: events });
    expect(await getMachineEvents(fly.client, 'app', 'm1')).toEqual(events);
    expect(fly.server.requests[0]?.url).toBe('/v1/apps/app/machines/m1/events?limit=50');
  });
});

describe('waitForState', () => {
  test.each<[string, Reply, unknown]>([
    [
      '200 with state',
      { status: 200, json: { ok: true, state: 'stopped' } },
      { outcome: 'reached', state: 'stopped' },
    ],
    [
      '200 without state',
      { status: 200, json: { ok: true } },
      { outcome: 'reached', state: 'destroyed' },
    ],
    ['408', { status: 408, json: { error: 'deadline exceeded' } }, { outcome: 'timeout' }],
    ['404', { status: 404, json: { error: 'not found' } }, { outcome: 'gone' }],
  ])('%s', async (_title, reply, expected) => {
    fly.server.script.push(reply);
    expect(
      await waitForState(fly.client, 'app', 'm1', {
        states: ['destroyed', 'stopped'],
        timeoutSeconds: 30,
        version: 'v1',
      }),
    ).toEqual(expected);
    expect(fly.calls()).toEqual(['GET /v1/apps/app/machines/m1/wait']);
  });

  test('400 throws', async () => {
    fly.server.script.push({ status: 400, json: { error: 'invalid state' } });
    const e = await flyAPIFailure(
      waitForState(fly.client, 'app', 'm1', { states: ['bogus'], timeoutSeconds: 5 }),
    );
    expect(e.message).toBe('Fly API GET /v1/apps/app/machines/m1/wait failed: 400: invalid state');
  });

  test.each<[number, string]>([
    [0, '1'],
    [-5, '1'],
    [30, '30'],
    [30.2, '31'],
    [60, '60'],
    [3600, '60'],
  ])('timeout %s is sent as %s', async (seconds, sent) => {
    fly.server.script.push({ status: 200, json: { ok: true } });
    await waitForState(fly.client, 'app', 'm1', { states: ['started'], timeoutSeconds: seconds });
    expect(fly.server.requests[0]?.query.get('timeout')).toBe(sent);
  });

  test('states are repeated parameters and the version is passed', async () => {
    fly.server.script.push({ status: 200, json: { ok: true, state: 'stopped' } });
    await waitForState(fly.client, 'app', 'm1', {
      states: ['stopped', 'destroyed'],
      timeoutSeconds: 60,
      version: '01HVERSION',
    });
    const q = fly.server.requests[0]?.query;
    expect(q?.getAll('state')).toEqual(['stopped', 'destroyed']);
    expect(q?.get('version')).toBe('01HVERSION');
    expect(fly.server.requests[0]?.path).toBe('/v1/apps/app/machines/m1/wait');
  });

  test('waiting for stopped without a version looks the version up first', async () => {
    fly.server.script.push(
      { status: 200, json: { ...MACHINE, version: '01HLOOKEDUP' } },
      { status: 200, json: { ok: true, state: 'stopped' } },
    );
    expect(
      await waitForState(fly.client, 'app', 'm1', { states: ['stopped'], timeoutSeconds: 10 }),
    ).toEqual({ outcome: 'reached', state: 'stopped' });
    expect(fly.calls()).toEqual([
      'GET /v1/apps/app/machines/m1',
      'GET /v1/apps/app/machines/m1/wait',
    ]);
    expect(fly.server.requests[1]?.query.get('version')).toBe('01HLOOKEDUP');
  });

  test('a machine that is gone before the version lookup is "gone"', async () => {
    fly.server.script.push({ status: 404, json: { error: 'not found' } });
    expect(
      await waitForState(fly.client, 'app', 'm1', { states: ['stopped'], timeoutSeconds: 10 }),
    ).toEqual({ outcome: 'gone' });
    expect(fly.server.requests).toHaveLength(1);
  });

  test('no states is a programming error', async () => {
    await expect(
      waitForState(fly.client, 'app', 'm1', { states: [], timeoutSeconds: 1 }),
    ).rejects.toThrow(/at least one state/);
  });
});

describe('stopMachine', () => {
  test('sends an empty object by default', async () => {
    fly.server.script.push({ status: 200, json: { ok: true } });
    await stopMachine(fly.client, 'app', 'm1');
    expect(fly.server.requests[0]?.body).toBe('{}');
    expect(fly.calls()).toEqual(['POST /v1/apps/app/machines/m1/stop']);
  });

  test('sends signal and timeout as given', async () => {
    fly.server.script.push({ status: 200, text: 'ok' });
    await stopMachine(fly.client, 'app', 'm1', { signal: 'SIGINT', timeout: '10s' });
    expect(fly.server.requests[0]?.json).toEqual({ signal: 'SIGINT', timeout: '10s' });
  });

  test.each([[404], [409]])('%s is tolerated', async (status) => {
    fly.server.script.push({ status, json: { error: 'x' } });
    await expect(stopMachine(fly.client, 'app', 'm1')).resolves.toBeUndefined();
  });

  test('503 is retried (stop is safe to repeat); 400 is thrown', async () => {
    fly.server.script.push({ status: 503, text: '' }, { status: 200, json: {} });
    await stopMachine(fly.client, 'app', 'm1');
    expect(posts()).toBe(2);
    fly.server.script.push({ status: 400, json: { error: 'bad signal' } });
    expect((await flyAPIFailure(stopMachine(fly.client, 'app', 'm1'))).statusCode).toBe(400);
  });
});

describe('destroyMachine', () => {
  test('forces by default', async () => {
    fly.server.script.push({ status: 200, json: { ok: true } });
    await destroyMachine(fly.client, 'app', 'm1');
    expect(fly.server.requests[0]?.method).toBe('DELETE');
    expect(fly.server.requests[0]?.url).toBe('/v1/apps/app/machines/m1?force=true');
  });

  test('force: false sends no force flag', async () => {
    fly.server.script.push({ status: 200, json: { ok: true } });
    await destroyMachine(fly.client, 'app', 'm1', { force: false });
    expect(fly.server.requests[0]?.url).toBe('/v1/apps/app/machines/m1');
  });

  test('404 is tolerated, 412 is not', async () => {
    fly.server.script.push(
      { status: 404, text: '' },
      { status: 412, json: { error: 'lease held' } },
    );
    await destroyMachine(fly.client, 'app', 'm1');
    expect((await flyAPIFailure(destroyMachine(fly.client, 'app', 'm1'))).statusCode).toBe(412);
  });

  test('a dropped connection is retried', async () => {
    fly.server.script.push({ drop: true }, { status: 200, json: { ok: true } });
    await destroyMachine(fly.client, 'app', 'm1');
    expect(fly.server.requests).toHaveLength(2);
  });
});

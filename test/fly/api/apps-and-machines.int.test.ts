// The Fly API layer against the Fly emulator: real HTTP over loopback, requests validated
// against Fly's OpenAPI file and documented rules, rate limits enforced. Machines run small
// shell scripts instead of the reviewer entrypoint, so these tests exercise the API calls,
// not Claude. The setup and the checks after every test (no machine left, no invalid request
// or answer) are in test/harness/use-emulators.ts.
import { beforeEach, describe, expect, test } from 'vitest';
// Through the library's entry point, as a user of the library would call it.
import {
  buildCreateMachineRequest,
  createMachine,
  destroyMachine,
  ensureApp,
  findMachineByName,
  FlyAPIError,
  getApp,
  getMachine,
  getMachineEvents,
  listMachines,
  stopMachine,
  waitForState,
  type MachineConfig,
} from '../../../src/fly/index.ts';
import { useEmulators } from '../../harness/use-emulators.ts';

const APP = 'flaude-reviewers';
const emu = useEmulators({
  name: 'fly-machines',
  scripts: {
    files: {
      'quick.sh': 'echo "[flaude] working"\necho "[flaude:exit:3]"\nexit 3\n',
      // Runs until stopped; exits 0 on SIGTERM like the entrypoint's trap.
      'sleep.sh': 'trap \'echo "[flaude:exit:0]"; exit 0\' TERM\nwhile true; do sleep 0.05; done\n',
    },
    forImage: (image) => (image.includes('quick') ? 'quick.sh' : 'sleep.sh'),
  },
  fly: { apps: [{ name: 'taken-elsewhere', ownedByOtherOrg: true }] },
});

function config(image: string, extra: Partial<MachineConfig> = {}): MachineConfig {
  return {
    image,
    prompt: 'do the thing',
    anthropicApiKey: 'sk-ant-test-key',
    metadata: { run_id: '42' },
    guest: 'shared-cpu-1x',
    memoryMb: 512,
    ...extra,
  };
}

describe('apps', () => {
  test('ensureApp creates a missing app once, then finds it', async () => {
    const created = await ensureApp(emu.client, APP);
    expect(created.name).toBe(APP);
    const again = await ensureApp(emu.client, APP);
    expect(again.name).toBe(APP);
    expect(emu.fly.apps.filter((a) => a.name === APP)).toHaveLength(1);
    expect((await getApp(emu.client, APP))?.name).toBe(APP);
    expect(emu.fly.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  test('ensureApp explains an app of another organization', async () => {
    const e = await ensureApp(emu.client, 'taken-elsewhere').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FlyAPIError);
    expect((e as Error).message).toMatch(/App names are global across all of Fly/);
  });

  test('a wrong token is reported as rejected', async () => {
    const bad = emu.newClient({ token: 'wrong-token' });
    const e = await ensureApp(bad, APP).catch((x: unknown) => x);
    expect((e as FlyAPIError).statusCode).toBe(401);
    expect((e as Error).message).toMatch(/^Fly rejected the API token/);
    expect((e as Error).message).not.toContain('wrong-token');
  });
});

describe('machines', () => {
  beforeEach(async () => {
    await ensureApp(emu.client, APP);
  });

  test('create, get, list, find, wait, stop, destroy', async () => {
    const name = 'flaude-42-1-review-sec';
    const request = buildCreateMachineRequest(config('test/sleep:1', { region: 'fra' }), { name });
    const machine = await createMachine(emu.client, APP, request);
    expect(machine.name).toBe(name);
    expect(machine.region).toBe('fra');

    const started = await waitForState(emu.client, APP, machine.id, {
      states: ['started'],
      timeoutSeconds: 30,
    });
    expect(started).toEqual({ outcome: 'reached', state: 'started' });

    const got = await getMachine(emu.client, APP, machine.id);
    expect(got.config?.metadata).toEqual({ managed_by: 'flaude', run_id: '42', flaude_name: name });
    expect(got.config?.env?.ANTHROPIC_API_KEY).toBe('sk-ant-test-key');

    const listed = await listMachines(emu.client, APP, {
      metadata: { managed_by: 'flaude', run_id: '42' },
    });
    expect(listed.map((m) => m.id)).toEqual([machine.id]);
    expect(await listMachines(emu.client, APP, { metadata: { run_id: '43' } })).toEqual([]);
    expect((await findMachineByName(emu.client, APP, name))?.id).toBe(machine.id);

    await stopMachine(emu.client, APP, machine.id, { signal: 'SIGTERM', timeout: '5s' });
    const stopped = await waitForState(emu.client, APP, machine.id, {
      states: ['stopped', 'destroyed'],
      timeoutSeconds: 30,
      ...(got.version === undefined ? {} : { version: got.version }),
    });
    expect(stopped.outcome === 'reached' || stopped.outcome === 'gone').toBe(true);

    await destroyMachine(emu.client, APP, machine.id);
    // Already gone: tolerated.
    await destroyMachine(emu.client, APP, machine.id);
    await stopMachine(emu.client, APP, machine.id);
    await emu.fly.waitForMachineState(machine.id, 'destroyed');
    expect(emu.fly.liveMachines()).toEqual([]);
    expect(await listMachines(emu.client, APP)).toEqual([]);
    expect(
      (await listMachines(emu.client, APP, { includeDeleted: true })).map((m) => m.id),
    ).toEqual([machine.id]);
  });

  test('a one-shot machine exits, auto-destroys, and its exit event carries the code', async () => {
    const request = buildCreateMachineRequest(config('test/quick:1'), { name: 'flaude-quick' });
    const machine = await createMachine(emu.client, APP, request);
    let outcome;
    do {
      outcome = await waitForState(emu.client, APP, machine.id, {
        states: ['destroyed'],
        timeoutSeconds: 30,
      });
    } while (outcome.outcome === 'timeout');
    expect(outcome).toEqual({ outcome: 'reached', state: 'destroyed' });
    const events = await getMachineEvents(emu.client, APP, machine.id);
    const exit = events.find((e) => e.type === 'exit');
    expect(exit?.request?.exit_event?.exit_code).toBe(3);
    expect(emu.fly.liveMachines()).toEqual([]);
  });

  test('waiting on a destroyed machine for started is "gone"', async () => {
    const request = buildCreateMachineRequest(config('test/sleep:1'), { name: 'flaude-gone' });
    const machine = await createMachine(emu.client, APP, request);
    await destroyMachine(emu.client, APP, machine.id);
    await emu.fly.waitForMachineState(machine.id, 'destroyed');
    expect(
      await waitForState(emu.client, APP, machine.id, { states: ['started'], timeoutSeconds: 5 }),
    ).toEqual({ outcome: 'gone' });
  });

  test('a short wait on a running machine times out (408)', async () => {
    const request = buildCreateMachineRequest(config('test/sleep:1'), { name: 'flaude-slow' });
    const machine = await createMachine(emu.client, APP, request);
    expect(
      await waitForState(emu.client, APP, machine.id, { states: ['stopped'], timeoutSeconds: 1 }),
    ).toEqual({ outcome: 'timeout' });
    await destroyMachine(emu.client, APP, machine.id);
  });

  test.each([['drop' as const], [500 as const], [408 as const]])(
    'an ambiguous create (%s) that did happen is reconciled, not duplicated',
    async (answer) => {
      emu.fly.faults.machine({ kind: 'createAmbiguous', answer });
      const name = `flaude-ambiguous-${answer}`;
      const request = buildCreateMachineRequest(config('test/sleep:1'), { name });
      const machine = await createMachine(emu.client, APP, request);
      expect(machine.name).toBe(name);
      const live = emu.fly.liveMachines();
      expect(live.map((m) => m.id)).toEqual([machine.id]);
      expect(
        emu.fly.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/machines')),
      ).toHaveLength(1);
      await destroyMachine(emu.client, APP, machine.id);
    },
  );

  test('a create that failed before anything happened is sent again', async () => {
    emu.fly.faults.http({ method: 'POST', path: `/v1/apps/${APP}/machines`, status: 503 });
    const request = buildCreateMachineRequest(config('test/sleep:1'), { name: 'flaude-retry' });
    const machine = await createMachine(emu.client, APP, request);
    expect(emu.fly.liveMachines().map((m) => m.id)).toEqual([machine.id]);
    await destroyMachine(emu.client, APP, machine.id);
  });

  test('a fan-out of 5 creates stays within the rate limit (no 429)', async () => {
    const machines = await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        createMachine(
          emu.client,
          APP,
          buildCreateMachineRequest(config('test/quick:1'), { name: `flaude-fan-${i}` }),
        ),
      ),
    );
    expect(new Set(machines.map((m) => m.id)).size).toBe(5);
    expect(emu.fly.requests.filter((r) => r.status === 429)).toEqual([]);
    // The quick machines exit and auto-destroy; wait for it so none is left behind.
    await Promise.all(machines.map((m) => emu.fly.waitForMachineState(m.id, 'destroyed', 30_000)));
  });
});

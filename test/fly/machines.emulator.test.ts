// The Fly API layer against the Fly emulator: real HTTP over loopback, requests validated
// against Fly's OpenAPI file and documented rules, rate limits enforced. Machines run small
// shell scripts instead of the reviewer entrypoint, so these tests exercise the API calls,
// not Claude.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ensureApp, getApp } from '../../src/fly/apps.ts';
import { FlyClient } from '../../src/fly/client.ts';
import { FlyAPIError } from '../../src/fly/errors.ts';
import { buildCreateMachineRequest, type MachineConfig } from '../../src/fly/machine-config.ts';
import {
  createMachine,
  destroyMachine,
  findMachineByName,
  getMachine,
  getMachineEvents,
  listMachines,
  stopMachine,
  waitForState,
} from '../../src/fly/machines.ts';
import { startFlyEmulator, type FlyEmulator } from '../emulator/fly/index.ts';

const APP = 'flaude-reviewers';
let scripts: string;
let emulator: FlyEmulator;
let client: FlyClient;

beforeAll(() => {
  scripts = mkdtempSync(join(tmpdir(), 'fly-machines-test-'));
  writeFileSync(
    join(scripts, 'quick.sh'),
    'echo "[flaude] working"\necho "[flaude:exit:3]"\nexit 3\n',
  );
  // Runs until stopped; exits 0 on SIGTERM like the entrypoint's trap.
  writeFileSync(
    join(scripts, 'sleep.sh'),
    'trap \'echo "[flaude:exit:0]"; exit 0\' TERM\nwhile true; do sleep 0.05; done\n',
  );
});

afterAll(() => {
  rmSync(scripts, { recursive: true, force: true });
});

beforeEach(async () => {
  emulator = await startFlyEmulator({
    apps: [{ name: 'taken-elsewhere', ownedByOtherOrg: true }],
    entrypointForImage: (image) => join(scripts, image.includes('quick') ? 'quick.sh' : 'sleep.sh'),
  });
  client = new FlyClient({
    token: emulator.token,
    apiUrl: emulator.url,
    logsUrl: emulator.logsUrl,
  });
});

afterEach(async () => {
  await client.close();
  await emulator.stop();
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

function expectCleanRequests(): void {
  expect(emulator.validationFailures).toEqual([]);
  expect(emulator.responseSchemaViolations).toEqual([]);
}

describe('apps', () => {
  test('ensureApp creates a missing app once, then finds it', async () => {
    const created = await ensureApp(client, APP);
    expect(created.name).toBe(APP);
    const again = await ensureApp(client, APP);
    expect(again.name).toBe(APP);
    expect(emulator.apps.filter((a) => a.name === APP)).toHaveLength(1);
    expect((await getApp(client, APP))?.name).toBe(APP);
    expect(emulator.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expectCleanRequests();
  });

  test('ensureApp explains an app of another organization', async () => {
    const e = await ensureApp(client, 'taken-elsewhere').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FlyAPIError);
    expect((e as Error).message).toMatch(/App names are global across all of Fly/);
    expectCleanRequests();
  });

  test('a wrong token is reported as rejected', async () => {
    const bad = new FlyClient({ token: 'wrong-token', apiUrl: emulator.url });
    try {
      const e = await ensureApp(bad, APP).catch((x: unknown) => x);
      expect((e as FlyAPIError).statusCode).toBe(401);
      expect((e as Error).message).toMatch(/^Fly rejected the API token/);
      expect((e as Error).message).not.toContain('wrong-token');
    } finally {
      await bad.close();
    }
  });
});

describe('machines', () => {
  beforeEach(async () => {
    await ensureApp(client, APP);
  });

  test('create, get, list, find, wait, stop, destroy', async () => {
    const name = 'flaude-42-1-review-sec';
    const request = buildCreateMachineRequest(config('test/sleep:1', { region: 'fra' }), { name });
    const machine = await createMachine(client, APP, request);
    expect(machine.name).toBe(name);
    expect(machine.region).toBe('fra');

    const started = await waitForState(client, APP, machine.id, {
      states: ['started'],
      timeoutSeconds: 30,
    });
    expect(started).toEqual({ outcome: 'reached', state: 'started' });

    const got = await getMachine(client, APP, machine.id);
    expect(got.config?.metadata).toEqual({ managed_by: 'flaude', run_id: '42', flaude_name: name });
    expect(got.config?.env?.ANTHROPIC_API_KEY).toBe('sk-ant-test-key');

    const listed = await listMachines(client, APP, {
      metadata: { managed_by: 'flaude', run_id: '42' },
    });
    expect(listed.map((m) => m.id)).toEqual([machine.id]);
    expect(await listMachines(client, APP, { metadata: { run_id: '43' } })).toEqual([]);
    expect((await findMachineByName(client, APP, name))?.id).toBe(machine.id);

    await stopMachine(client, APP, machine.id, { signal: 'SIGTERM', timeout: '5s' });
    const stopped = await waitForState(client, APP, machine.id, {
      states: ['stopped', 'destroyed'],
      timeoutSeconds: 30,
      ...(got.version === undefined ? {} : { version: got.version }),
    });
    expect(stopped.outcome === 'reached' || stopped.outcome === 'gone').toBe(true);

    await destroyMachine(client, APP, machine.id);
    // Already gone: tolerated.
    await destroyMachine(client, APP, machine.id);
    await stopMachine(client, APP, machine.id);
    await emulator.waitForMachineState(machine.id, 'destroyed');
    expect(emulator.liveMachines()).toEqual([]);
    expect(await listMachines(client, APP)).toEqual([]);
    expect((await listMachines(client, APP, { includeDeleted: true })).map((m) => m.id)).toEqual([
      machine.id,
    ]);
    expectCleanRequests();
  });

  test('a one-shot machine exits, auto-destroys, and its exit event carries the code', async () => {
    const request = buildCreateMachineRequest(config('test/quick:1'), { name: 'flaude-quick' });
    const machine = await createMachine(client, APP, request);
    let outcome;
    do {
      outcome = await waitForState(client, APP, machine.id, {
        states: ['destroyed'],
        timeoutSeconds: 30,
      });
    } while (outcome.outcome === 'timeout');
    expect(outcome).toEqual({ outcome: 'reached', state: 'destroyed' });
    const events = await getMachineEvents(client, APP, machine.id);
    const exit = events.find((e) => e.type === 'exit');
    expect(exit?.request?.exit_event?.exit_code).toBe(3);
    expect(emulator.liveMachines()).toEqual([]);
    expectCleanRequests();
  });

  test('waiting on a destroyed machine for started is "gone"', async () => {
    const request = buildCreateMachineRequest(config('test/sleep:1'), { name: 'flaude-gone' });
    const machine = await createMachine(client, APP, request);
    await destroyMachine(client, APP, machine.id);
    await emulator.waitForMachineState(machine.id, 'destroyed');
    expect(
      await waitForState(client, APP, machine.id, { states: ['started'], timeoutSeconds: 5 }),
    ).toEqual({ outcome: 'gone' });
    expectCleanRequests();
  });

  test('a short wait on a running machine times out (408)', async () => {
    const request = buildCreateMachineRequest(config('test/sleep:1'), { name: 'flaude-slow' });
    const machine = await createMachine(client, APP, request);
    expect(
      await waitForState(client, APP, machine.id, { states: ['stopped'], timeoutSeconds: 1 }),
    ).toEqual({ outcome: 'timeout' });
    await destroyMachine(client, APP, machine.id);
    expectCleanRequests();
  });

  test.each([['drop' as const], [500 as const], [408 as const]])(
    'an ambiguous create (%s) that did happen is reconciled, not duplicated',
    async (answer) => {
      emulator.faults.machine({ kind: 'createAmbiguous', answer });
      const name = `flaude-ambiguous-${answer}`;
      const request = buildCreateMachineRequest(config('test/sleep:1'), { name });
      const machine = await createMachine(client, APP, request);
      expect(machine.name).toBe(name);
      const live = emulator.liveMachines();
      expect(live.map((m) => m.id)).toEqual([machine.id]);
      expect(
        emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/machines')),
      ).toHaveLength(1);
      await destroyMachine(client, APP, machine.id);
      expectCleanRequests();
    },
  );

  test('a create that failed before anything happened is sent again', async () => {
    emulator.faults.http({ method: 'POST', path: `/v1/apps/${APP}/machines`, status: 503 });
    const request = buildCreateMachineRequest(config('test/sleep:1'), { name: 'flaude-retry' });
    const machine = await createMachine(client, APP, request);
    expect(emulator.liveMachines().map((m) => m.id)).toEqual([machine.id]);
    await destroyMachine(client, APP, machine.id);
    expectCleanRequests();
  });

  test('a fan-out of 5 creates stays within the rate limit (no 429)', async () => {
    const machines = await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        createMachine(
          client,
          APP,
          buildCreateMachineRequest(config('test/quick:1'), { name: `flaude-fan-${i}` }),
        ),
      ),
    );
    expect(new Set(machines.map((m) => m.id)).size).toBe(5);
    expect(emulator.requests.filter((r) => r.status === 429)).toEqual([]);
    expectCleanRequests();
  });
});

// The fault table, Fly's API going away: an outage longer than a minute (every Machines API
// request answered 503 from just after the create), and connections reset on create, wait,
// get and stop (destroy: fly-destroy-reset.fault.test.ts). The bundled action runs one reviewer on a pull request of its own
// per fault; fly-faults.ts takes the row.
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from 'vitest';
import { recordFlyFault, useFlyFaultWorld } from './fly-faults.ts';

const w = useFlyFaultWorld('fault-reset');
const create = (): string => `/v1/apps/${w.app()}/machines`;
const machine = (): string => `/v1/apps/${w.app()}/machines/{id}`;
const OUTAGE_MS = 65_000;

/** Resolves once the emulator holds a machine of this test's app (fails after `ms`). */
async function machineCreated(ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (
    !w
      .fly()
      .machines()
      .some((m) => m.app === w.app())
  ) {
    if (Date.now() > until) throw new Error(`no machine in ${w.app()} within ${ms} ms`);
    await sleep(50);
  }
}

test('a Fly outage longer than a minute, from just after the create', async () => {
  let outage: { hits: number } | undefined;
  let startedAt = 0;
  let endedAt = 0;
  const run = await w.run({
    during: async () => {
      await machineCreated();
      const down = w.fly().faults.http({ path: /^\/v1\//, status: 503, times: Infinity });
      outage = down;
      startedAt = Date.now();
      await sleep(OUTAGE_MS);
      down.remove();
      endedAt = Date.now();
    },
  });
  expect(outage?.hits).toBeGreaterThan(1);
  // The step outlived the outage: its machine was read after Fly came back.
  expect(endedAt - startedAt).toBeGreaterThanOrEqual(OUTAGE_MS);
  expect(run.main.exitCode, run.main.log).toBe(0);
  expect(run.results).toMatchObject([{ name: 'fly', success: true }]);
  recordFlyFault(run, {
    fault: `Fly outage: every Machines API request 503 for ${OUTAGE_MS / 1000} s, from just after the create`,
    expected: 'waits Fly out within its deadline; reviewer succeeds; step passes',
    extra: [`${outage?.hits ?? 0} requests answered 503 during the outage`],
  });
});

test('connection reset on create', async () => {
  const reset = w.fly().faults.http({ method: 'POST', path: create(), dropConnection: true });
  const run = await w.run();
  expect(reset.hits).toBe(1);
  expect(run.main.exitCode, run.main.log).toBe(0);
  expect(run.results).toMatchObject([{ name: 'fly', success: true }]);
  recordFlyFault(run, {
    fault: 'connection reset on create (before Fly handled it)',
    expected: 'looks the name up, creates again; reviewer succeeds; one machine',
    extra: [`${reset.hits} create reset`],
  });
  expect(run.machines).toBe(1);
});

test('connection reset on wait', async () => {
  const reset = w.fly().faults.http({
    method: 'GET',
    path: `${machine()}/wait`,
    dropConnection: true,
    times: 2,
  });
  const run = await w.run();
  expect(reset.hits).toBe(2);
  expect(run.main.exitCode, run.main.log).toBe(0);
  expect(run.results).toMatchObject([{ name: 'fly', success: true }]);
  recordFlyFault(run, {
    fault: 'connection reset on wait (twice)',
    expected: 'waits again; reviewer succeeds; step passes',
    extra: [`${reset.hits} waits reset`],
  });
});

test('connection reset on get', async () => {
  const reset = w.fly().faults.http({
    method: 'GET',
    path: machine(),
    dropConnection: true,
    times: 2,
  });
  const run = await w.run();
  expect(reset.hits).toBe(2);
  expect(run.main.exitCode, run.main.log).toBe(0);
  expect(run.results).toMatchObject([{ name: 'fly', success: true }]);
  recordFlyFault(run, {
    fault: 'connection reset on get machine (twice)',
    expected: 'reads again; reviewer succeeds; step passes',
    extra: [`${reset.hits} gets reset`],
  });
});

test('connection reset on stop (of a machine still running when its wait was refused)', async () => {
  // A stop is sent only for a machine not seen to exit: here its wait is refused for good
  // (403, as when the token loses access mid-run) while Claude still streams.
  const refused = w.fly().faults.http({
    method: 'GET',
    path: `${machine()}/wait`,
    status: 403,
    times: Infinity,
  });
  const reset = w.fly().faults.http({
    method: 'POST',
    path: `${machine()}/stop`,
    dropConnection: true,
    times: Infinity,
  });
  const run = await w.run({ inputs: { prompt: 'Review slowly. [scenario:slow]' } });
  expect(refused.hits).toBeGreaterThan(0);
  expect(reset.hits).toBeGreaterThan(0);
  expect(run.main.exitCode).toBe(1);
  expect(run.results).toMatchObject([{ name: 'fly', success: false }]);
  expect(run.results[0]?.error).toMatch(/\b403\b/);
  recordFlyFault(run, {
    fault:
      'connection reset on stop (every stop; the wait refused with 403 while the machine runs)',
    expected: 'fails this reviewer naming the 403; destroys the machine (force) anyway',
    extra: [`${reset.hits} stops reset`],
  });
});

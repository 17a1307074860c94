// The fault table, Fly's API answering errors: 429 storms on create (without and with
// Retry-After) and bursts of 500, 502, 503 and 504 on create and wait. The bundled action runs
// one fast reviewer on a pull request of its own per fault; fly-faults.ts takes the row.
import { expect, test } from 'vitest';
import { recordFlyFault, useFlyFaultWorld } from './fly-faults.ts';

const w = useFlyFaultWorld('fault-api');
const create = (): string => `/v1/apps/${w.app()}/machines`;
const wait = (): string => `/v1/apps/${w.app()}/machines/{id}/wait`;

test('429 storm on create, no Retry-After', async () => {
  const storm = w.fly().faults.http({ method: 'POST', path: create(), status: 429, times: 4 });
  const run = await w.run();
  expect(storm.hits).toBe(4);
  expect(run.main.exitCode, run.main.log).toBe(0);
  expect(run.results).toMatchObject([{ name: 'fly', success: true }]);
  recordFlyFault(run, {
    fault: '429 storm on create (4 in a row), no Retry-After',
    extra: [`${storm.hits} 429s answered`],
    expected: 'retries with backoff; reviewer succeeds; step passes; one machine',
  });
  expect(run.machines).toBe(1);
});

test('429 storm on create, with Retry-After', async () => {
  const storm = w.fly().faults.http({
    method: 'POST',
    path: create(),
    status: 429,
    headers: { 'retry-after': '2' },
    times: 4,
  });
  const run = await w.run();
  expect(storm.hits).toBe(4);
  expect(run.main.exitCode, run.main.log).toBe(0);
  expect(run.results).toMatchObject([{ name: 'fly', success: true }]);
  recordFlyFault(run, {
    fault: '429 storm on create (4 in a row), Retry-After: 2',
    extra: [`${storm.hits} 429s answered`],
    expected: 'waits what Fly asked, retries; reviewer succeeds; step passes; one machine',
  });
  expect(run.machines).toBe(1);
});

test.each([500, 502, 503, 504])('a burst of %i on create and on wait', async (status) => {
  const burst = [
    w.fly().faults.http({ method: 'POST', path: create(), status, times: 2 }),
    w.fly().faults.http({ method: 'GET', path: wait(), status, times: 3 }),
  ];
  const run = await w.run();
  expect(burst.map((f) => f.hits)).toEqual([2, 3]);
  expect(run.main.exitCode, run.main.log).toBe(0);
  expect(run.results).toMatchObject([{ name: 'fly', success: true }]);
  recordFlyFault(run, {
    fault: `a burst of ${status} on create (2) and on wait (3)`,
    extra: [`${burst[0]!.hits} + ${burst[1]!.hits} ${status}s answered`],
    expected:
      'create retried (found by name when it may exist), wait asked again; reviewer succeeds; one machine',
  });
  expect(run.machines).toBe(1);
});

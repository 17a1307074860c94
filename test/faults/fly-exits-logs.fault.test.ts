// The fault table, what Fly loses: a create answered by a dropped connection or a 408 though
// the machine exists (exactly one machine afterwards), the logs endpoint down for the whole
// run, the exit event lost, the exit marker lost, and both. The bundled action runs one fast
// reviewer on a pull request of its own per fault; fly-faults.ts takes the row.
import { expect, test } from 'vitest';
import { recordFlyFault, useFlyFaultWorld } from './fly-faults.ts';

const w = useFlyFaultWorld('fault-exit');
const isExitMarker = (line: string): boolean => line.startsWith('[flaude:exit');

test.each(['drop', 408] as const)(
  'a create answered by %s, though the machine exists',
  async (answer) => {
    const fault = w.fly().faults.machine({ kind: 'createAmbiguous', answer });
    const run = await w.run();
    expect(fault.hits).toBe(1);
    expect(run.main.exitCode, run.main.log).toBe(0);
    expect(run.results).toMatchObject([{ name: 'fly', success: true }]);
    recordFlyFault(run, {
      fault: `a create answered by ${answer === 'drop' ? 'a dropped connection' : 'a 408'}; the machine exists`,
      expected:
        'finds the machine by its name, no second one; reviewer succeeds; exactly one machine',
    });
    expect(run.machines).toBe(1);
  },
);

test('the logs endpoint down (503) for the whole run', async () => {
  const down = w.fly().faults.logsDown({ status: 503 });
  const run = await w.run();
  expect(down.hits).toBeGreaterThan(0);
  expect(run.main.exitCode).toBe(1);
  expect(run.results).toMatchObject([{ name: 'fly', success: false }]);
  expect(run.results[0]?.error).toMatch(/not one line of the machine's log could be read from Fly/);
  recordFlyFault(run, {
    fault: 'the logs endpoint down (503) for the whole run',
    expected:
      'no review text can be read, so the reviewer fails with a plain reason; step fails; machine destroyed',
    extra: [`${down.hits} log reads refused`],
  });
});

test('the exit event lost', async () => {
  w.fly().faults.machine({ kind: 'loseExitEvent' });
  const run = await w.run();
  expect(run.main.exitCode, run.main.log).toBe(0);
  expect(run.results).toMatchObject([{ name: 'fly', success: true, exit_code: 0 }]);
  recordFlyFault(run, {
    fault: 'the exit event lost',
    expected: 'the exit marker in the logs gives exit 0; reviewer succeeds',
  });
});

test('the exit marker lost', async () => {
  const dropped = w.fly().faults.machine({ kind: 'dropLogLines', predicate: isExitMarker });
  const run = await w.run();
  expect(dropped.hits).toBe(1);
  expect(run.main.exitCode, run.main.log).toBe(0);
  expect(run.results).toMatchObject([{ name: 'fly', success: true, exit_code: 0 }]);
  recordFlyFault(run, {
    fault: 'the exit marker ([flaude:exit:N]) lost from the logs',
    expected: 'the exit event gives exit 0 (after the marker grace); reviewer succeeds',
  });
});

test('the exit event and the exit marker both lost', async () => {
  w.fly().faults.machine({ kind: 'loseExitEvent' });
  w.fly().faults.machine({ kind: 'dropLogLines', predicate: isExitMarker });
  const run = await w.run();
  expect(run.main.exitCode).toBe(1);
  expect(run.results).toMatchObject([{ name: 'fly', success: false }]);
  expect(run.results[0]?.error).toMatch(/exit code is unknown/);
  recordFlyFault(run, {
    fault: 'the exit event and the exit marker both lost',
    expected: 'exit code unknown: the reviewer fails saying so; step fails; machine destroyed',
  });
});

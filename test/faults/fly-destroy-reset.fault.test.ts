// The fault table, Fly's API going away on the destroy: the connection of the DELETE is reset.
// The runner reads the machine after its log settled and sends no DELETE to a machine Fly
// already auto-destroyed (the emulator does it 60 ms after the exit), so here the emulator's
// auto-destroy is slowed to a minute: the machine is still `stopped` and must be destroyed.
// The bundled action runs one reviewer on a pull request of its own; fly-faults.ts takes the row.
import { expect, test } from 'vitest';
import { recordFlyFault, useFlyFaultWorld } from './fly-faults.ts';

const w = useFlyFaultWorld('fault-destroy-reset', { timings: { autoDestroyMs: 60_000 } });
const machine = (): string => `/v1/apps/${w.app()}/machines/{id}`;

test('connection reset on destroy', async () => {
  const reset = w.fly().faults.http({
    method: 'DELETE',
    path: machine(),
    dropConnection: true,
  });
  const run = await w.run();
  expect(reset.hits).toBe(1);
  expect(run.main.exitCode, run.main.log).toBe(0);
  expect(run.results).toMatchObject([{ name: 'fly', success: true }]);
  recordFlyFault(run, {
    fault: 'connection reset on destroy',
    expected: 'destroys again; reviewer succeeds; no machine left',
    extra: [`${reset.hits} destroy reset`],
  });
});

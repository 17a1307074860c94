/** The check every stage ends with: the code under measurement destroyed all its machines. */
import type { FlyEmulator } from '../test/emulator/fly/index.ts';

/**
 * Throws when a machine is still alive. A machine whose DELETE Fly accepted is `destroying`
 * for a moment (docs/fly-api.md#machine-states), so those get a few seconds first.
 */
export async function assertNoMachinesLeft(fly: FlyEmulator): Promise<void> {
  for (const m of fly.liveMachines()) {
    if (m.state === 'destroying') await fly.waitForMachineState(m.id, 'destroyed', 10_000);
  }
  const left = fly.liveMachines();
  if (left.length > 0) {
    throw new Error(
      `machines left behind: ${left.map((m) => `${m.name} (${m.id}, ${m.state})`).join(', ')}`,
    );
  }
}

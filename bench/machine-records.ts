/** What the Fly emulator's records say about the machines of one run. */
import type { EmulatedMachine, FlyEmulator, RecordedRequest } from '../test/emulator/fly/index.ts';

/** When the machine's process started and exited (Unix ms, the emulator's stamps). */
export function runWindow(machine: EmulatedMachine): { startedAt: number; exitedAt: number } {
  const startedAt = machine.states.find((s) => s.state === 'started')?.at;
  const exitedAt = machine.events.find((e) => e.type === 'exit')?.timestamp;
  if (startedAt === undefined || exitedAt === undefined) {
    throw new Error(`machine ${machine.id} (${machine.name}) has no start or no exit recorded`);
  }
  return { startedAt, exitedAt };
}

/** The machines of `app`, by id. */
export function machinesOf(fly: FlyEmulator, app: string): EmulatedMachine[] {
  return fly.machines().filter((m) => m.app === app);
}

/**
 * Machines API requests of each machine of `app`: those on `/machines/{id}...` and its create
 * (the POST whose body names it). App-level and logs requests are shared and counted apart.
 */
export function requestsPerMachine(
  requests: readonly RecordedRequest[],
  app: string,
  machines: readonly EmulatedMachine[],
): number[] {
  const idByName = new Map(machines.map((m) => [m.name, m.id]));
  const counts = new Map<string, number>(machines.map((m) => [m.id, 0]));
  const machinePath = new RegExp(`^/v1/apps/${app}/machines/([^/]+)`);
  for (const r of requests) {
    if (r.server !== 'machines') continue;
    let id = machinePath.exec(r.path)?.[1];
    if (id === undefined && r.method === 'POST' && r.path === `/v1/apps/${app}/machines`) {
      id = idByName.get((r.body as { name?: string } | undefined)?.name ?? '');
    }
    if (id !== undefined && counts.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts.values()];
}

/** `GET /v1/apps/{app}/machines/{id}/wait 200` -> count: which calls a run made. */
export function requestsByKind(requests: readonly RecordedRequest[]): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const r of requests) {
    const shape = r.path
      .replace(/^\/v1\/apps\/[^/]+/, '/v1/apps/{app}')
      .replace(/\/machines\/[^/]+/, '/machines/{id}')
      .replace(/^\/api\/v1\/apps\/[^/]+/, '/api/v1/apps/{app}');
    const key = `${r.method} ${shape} ${r.status}`;
    kinds[key] = (kinds[key] ?? 0) + 1;
  }
  return kinds;
}

/** Waits out machines still `destroying`, then counts those left alive. */
export async function machinesLeft(fly: FlyEmulator, app: string): Promise<number> {
  for (const m of fly.liveMachines()) {
    if (m.app === app && m.state === 'destroying') {
      await fly.waitForMachineState(m.id, 'destroyed', 10_000);
    }
  }
  return fly.liveMachines().filter((m) => m.app === app).length;
}

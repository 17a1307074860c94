/**
 * Apps and machines as Fly's control plane keeps them: machine records with state, version
 * and events, and the waiters behind the wait endpoint. Processes live elsewhere
 * (machine-supervisor.ts); this module only records what happened.
 */
import { newAppId, newUlid } from './ids.ts';
import type {
  EmulatedApp,
  EmulatedExitEvent,
  EmulatedMachine,
  EmulatedMachineEvent,
  EmulatedStateChange,
  MachineState,
} from './types.ts';

export interface AppRecord {
  id: string;
  name: string;
  org: string;
  ownedByOtherOrg: boolean;
  /** Unix ms. */
  createdAt: number;
  network: string;
  idempotencyKey?: string;
}

export interface MachineRecord {
  id: string;
  name: string;
  app: string;
  region: string;
  version: string;
  privateIp: string;
  config: Record<string, unknown>;
  state: MachineState;
  /** Oldest first. */
  events: EmulatedMachineEvent[];
  /** Every state entered, oldest first; `addMachine` records the first. */
  states: EmulatedStateChange[];
  restartCount: number;
  cordoned: boolean;
  createdAt: string;
  updatedAt: string;
  dir: string;
  pid?: number;
}

/** States a wait request may ask for (spec enum of the `state` query parameter). */
export type WaitState = 'started' | 'stopped' | 'suspended' | 'destroyed' | 'failed' | 'settled';

/** `settled` = any state that is not transient (docs/fly-api.md#machine-states). */
const SETTLED: ReadonlySet<MachineState> = new Set<MachineState>([
  'created',
  'started',
  'stopped',
  'failed',
  'destroyed',
]);

export type WaitOutcome =
  | { kind: 'reached'; state: MachineState; eventId: string }
  | { kind: 'timeout' }
  /** The machine got destroyed, so the wanted state is out of reach. */
  | { kind: 'gone' }
  /** The machine landed in `failed`, a final state that is not among the wanted ones. */
  | { kind: 'failed' }
  | { kind: 'shutdown' };

interface Waiter {
  machineId: string;
  wanted: ReadonlySet<string>;
  resolve: (outcome: WaitOutcome) => void;
  timer: NodeJS.Timeout;
}

/** True when `state` satisfies a wait for any of `wanted`. */
export function satisfies(state: MachineState, wanted: ReadonlySet<string>): boolean {
  return wanted.has(state) || (wanted.has('settled') && SETTLED.has(state));
}

export class MachineStore {
  readonly apps = new Map<string, AppRecord>();
  readonly machines = new Map<string, MachineRecord>();
  readonly #waiters = new Set<Waiter>();

  addApp(app: Omit<AppRecord, 'id' | 'createdAt' | 'network'> & Partial<AppRecord>): AppRecord {
    const record: AppRecord = {
      ...app,
      id: app.id ?? newAppId(),
      createdAt: app.createdAt ?? Date.now(),
      network: app.network ?? 'default',
    };
    this.apps.set(record.name, record);
    return record;
  }

  machinesOfApp(app: string): MachineRecord[] {
    return [...this.machines.values()].filter((m) => m.app === app);
  }

  /** Liveness of names: a destroyed machine frees its name. */
  findLiveByName(app: string, name: string): MachineRecord | undefined {
    return this.machinesOfApp(app).find((m) => m.name === name && m.state !== 'destroyed');
  }

  addMachine(machine: MachineRecord): void {
    machine.states.push({ state: machine.state, at: Date.now() });
    this.machines.set(machine.id, machine);
  }

  /** Moves a machine to `state` and wakes the waiters that care. */
  setState(machine: MachineRecord, state: MachineState): void {
    const now = Date.now();
    machine.state = state;
    machine.states.push({ state, at: now });
    machine.updatedAt = new Date(now).toISOString();
    for (const waiter of [...this.#waiters]) {
      if (waiter.machineId !== machine.id) continue;
      if (satisfies(state, waiter.wanted)) {
        this.#finish(waiter, { kind: 'reached', state, eventId: latestEventId(machine) });
      } else if (state === 'destroyed') {
        this.#finish(waiter, { kind: 'gone' });
      } else if (state === 'failed') {
        this.#finish(waiter, { kind: 'failed' });
      }
    }
  }

  addEvent(
    machine: MachineRecord,
    event: Omit<EmulatedMachineEvent, 'id' | 'timestamp'>,
  ): EmulatedMachineEvent {
    const now = Date.now();
    const full: EmulatedMachineEvent = { id: newUlid(now), timestamp: now, ...event };
    machine.events.push(full);
    machine.updatedAt = new Date(now).toISOString();
    return full;
  }

  /**
   * Waits until the machine is in one of `wanted`. Answers at once when it already is, or
   * (with `fromEventId`) when an event after that one reached a wanted state.
   */
  waitFor(
    machine: MachineRecord,
    wanted: ReadonlySet<string>,
    timeoutMs: number,
    fromEventId?: string,
  ): Promise<WaitOutcome> {
    if (fromEventId !== undefined) {
      const from = machine.events.findIndex((e) => e.id === fromEventId);
      const later = from === -1 ? [] : machine.events.slice(from + 1);
      const hit = later.find((e) => satisfies(e.status as MachineState, wanted));
      if (hit)
        return Promise.resolve({
          kind: 'reached',
          state: hit.status as MachineState,
          eventId: hit.id,
        });
    } else if (satisfies(machine.state, wanted)) {
      return Promise.resolve({
        kind: 'reached',
        state: machine.state,
        eventId: latestEventId(machine),
      });
    }
    if (machine.state === 'destroyed') return Promise.resolve({ kind: 'gone' });
    if (machine.state === 'failed') return Promise.resolve({ kind: 'failed' });
    return new Promise((resolve) => {
      const waiter: Waiter = {
        machineId: machine.id,
        wanted,
        resolve,
        timer: setTimeout(() => this.#finish(waiter, { kind: 'timeout' }), timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /** Waits (API or control interface) not answered yet. */
  get pendingWaits(): number {
    return this.#waiters.size;
  }

  /** Ends every pending wait (the emulator is stopping). */
  close(): void {
    for (const waiter of [...this.#waiters]) this.#finish(waiter, { kind: 'shutdown' });
  }

  #finish(waiter: Waiter, outcome: WaitOutcome): void {
    if (!this.#waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    waiter.resolve(outcome);
  }
}

function latestEventId(machine: MachineRecord): string {
  return machine.events.at(-1)?.id ?? '';
}

/** The `exit` event body (docs/fly-api.md#events-and-exit-codes). */
export function exitEventRequest(
  exit: Omit<EmulatedExitEvent, 'guest_exit_code' | 'guest_signal' | 'exited_at'>,
  restartCount: number,
): NonNullable<EmulatedMachineEvent['request']> {
  return {
    exit_event: {
      ...exit,
      // Its meaning is undocumented (the old doc example shows 0 next to exit_code 127).
      guest_exit_code: 0,
      guest_signal: -1,
      exited_at: new Date().toISOString(),
    },
    restart_count: restartCount,
  };
}

/** Snapshot for the control interface. */
export function snapshotMachine(machine: MachineRecord): EmulatedMachine {
  const snapshot: EmulatedMachine = {
    id: machine.id,
    name: machine.name,
    app: machine.app,
    region: machine.region,
    state: machine.state,
    version: machine.version,
    config: structuredClone(machine.config),
    events: structuredClone(machine.events).reverse(),
    states: structuredClone(machine.states),
    restartCount: machine.restartCount,
    dir: machine.dir,
    createdAt: machine.createdAt,
  };
  if (machine.pid !== undefined) snapshot.pid = machine.pid;
  return snapshot;
}

export function snapshotApp(app: AppRecord): EmulatedApp {
  return {
    id: app.id,
    name: app.name,
    org: app.org,
    ownedByOtherOrg: app.ownedByOtherOrg,
    createdAt: app.createdAt,
  };
}

/** The machine's image reference; '' when its config has none (the spec check flags that). */
export function machineImage(machine: MachineRecord): string {
  const image = machine.config['image'];
  return typeof image === 'string' ? image : '';
}

/** The `Machine` object of the API. `summary` omits config, checks, events, host_status and
 * nonce (docs/fly-api.md#listing-machines). */
export function machineJson(machine: MachineRecord, summary = false): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: machine.id,
    name: machine.name,
    state: machine.state,
    region: machine.region,
    instance_id: machine.version,
    version: machine.version,
    private_ip: machine.privateIp,
    image_ref: imageRef(machineImage(machine)),
    created_at: machine.createdAt,
    updated_at: machine.updatedAt,
    cordoned: machine.cordoned,
  };
  if (!summary) {
    json['config'] = machine.config;
    json['events'] = [...machine.events].reverse();
    json['checks'] = [];
    json['host_status'] = 'ok';
  }
  return json;
}

/** `image_ref` split like Fly reports it. */
function imageRef(image: string): Record<string, unknown> {
  const slash = image.indexOf('/');
  const hasRegistry = slash > 0 && /[.:]/.test(image.slice(0, slash));
  const registry = hasRegistry ? image.slice(0, slash) : 'docker-hub-mirror.fly.io';
  let rest = hasRegistry ? image.slice(slash + 1) : image;
  if (!hasRegistry && !rest.includes('/')) rest = `library/${rest}`;
  const at = rest.indexOf('@');
  const digestPart = at === -1 ? '' : rest.slice(at + 1);
  const withoutDigest = at === -1 ? rest : rest.slice(0, at);
  const colon = withoutDigest.lastIndexOf(':');
  const repository = colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
  const tag = colon === -1 ? 'latest' : withoutDigest.slice(colon + 1);
  return { registry, repository, tag, digest: digestPart, labels: {} };
}

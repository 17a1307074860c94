/** Machines resource (docs/fly-api.md, from creating a machine to stop and destroy). */
import { join } from 'node:path';
import { FlyHttpError } from './errors.ts';
import { newMachineId, newMachineName, newPrivateIp, newUlid } from './ids.ts';
import { machineJson, type MachineRecord } from './machine-store.ts';
import {
  asRecord,
  json,
  perApp,
  perMachine,
  requireApp,
  requireMachine,
  requireNotDestroyed,
  type Route,
  type RouteContext,
} from './routes.ts';
import type { ApiResponse } from './http-server.ts';

const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
/** Events endpoint: default 20, max 50 (the OpenAPI file). */
const DEFAULT_EVENTS = 20;
const MAX_EVENTS = 50;
const DEFAULT_WAIT_SECONDS = 60;

function flag(query: URLSearchParams, name: string): boolean {
  return GO_TRUE.has(query.get(name) ?? '');
}

function machineOf({ state, params }: RouteContext): MachineRecord {
  return requireMachine(state, params['app_name'] ?? '', params['machine_id'] ?? '');
}

function createMachine({ state, params, body }: RouteContext): ApiResponse {
  const app = requireApp(state, params['app_name'] ?? '');
  const request = asRecord(body);
  const config = structuredClone(asRecord(request['config']));
  // Fly's default size: shared-cpu-1x, 256 MB (docs/fly-api.md#guest-presets-and-memory).
  config['guest'] ??= { cpu_kind: 'shared', cpus: 1, memory_mb: 256 };
  const requestedName =
    typeof request['name'] === 'string' && request['name'] !== '' ? request['name'] : undefined;
  let name = requestedName ?? newMachineName();
  if (requestedName !== undefined && state.store.findLiveByName(app.name, requestedName)) {
    // The notes and the spec are silent on the status; 409 Conflict is what the spec uses for
    // other conflicts (update version, leases). Destroyed machines free their name.
    throw new FlyHttpError(
      409,
      `a machine named "${requestedName}" already exists in app ${app.name}`,
    );
  }
  while (state.store.findLiveByName(app.name, name)) name = newMachineName();
  const id = newMachineId();
  const now = new Date().toISOString();
  const machine: MachineRecord = {
    id,
    name,
    app: app.name,
    region:
      typeof request['region'] === 'string' && request['region'] !== ''
        ? request['region']
        : state.defaultRegion,
    version: newUlid(),
    privateIp: newPrivateIp(),
    config,
    state: 'created',
    events: [],
    states: [],
    restartCount: 0,
    cordoned: request['skip_service_registration'] === true,
    createdAt: now,
    updatedAt: now,
    dir: join(state.tmpRoot, id),
  };
  state.store.addMachine(machine);
  const faults = state.faults.takeMachineFaults({
    app: app.name,
    name,
    config: structuredClone(config),
  });
  state.supervisor.launch(machine, faults, request['skip_launch'] === true);

  const ambiguous = faults.find((f) => f.kind === 'createAmbiguous');
  if (ambiguous?.kind === 'createAmbiguous') {
    // The machine exists and boots; only the answer is lost or wrong (a 408 on create is
    // ambiguous: docs/fly-api.md#ambiguous-creates).
    const fault = `createAmbiguous:${ambiguous.answer}`;
    const delayMs = ambiguous.delayMs ?? 0;
    if (ambiguous.answer === 'drop') return { status: 0, dropConnection: true, delayMs, fault };
    const message = ambiguous.answer === 408 ? 'request timed out' : 'internal server error';
    return {
      status: ambiguous.answer,
      body: { error: message, status: 'unknown' },
      delayMs,
      fault,
    };
  }
  return json(200, machineJson(machine));
}

function listMachines({ state, params, query }: RouteContext): ApiResponse {
  const app = requireApp(state, params['app_name'] ?? '');
  const includeDeleted = flag(query, 'include_deleted');
  const summary = flag(query, 'summary');
  const states = new Set(
    query
      .getAll('state')
      .flatMap((s) => s.split(','))
      .filter((s) => s !== ''),
  );
  const region = query.get('region');
  const metadata: Array<[string, string]> = [];
  for (const [key, value] of query) {
    if (key.startsWith('metadata.')) metadata.push([key.slice('metadata.'.length), value]);
  }
  const matching = state.store.machinesOfApp(app.name).filter((m) => {
    if (m.state === 'destroyed' && !includeDeleted) return false;
    if (states.size > 0 && !states.has(m.state)) return false;
    if (region !== null && m.region !== region) return false;
    const md = asRecord(m.config['metadata']);
    // Several metadata filters are ANDed, each an exact match (docs/fly-api.md#metadata).
    return metadata.every(([k, v]) => md[k] === v);
  });

  // `limit` is advisory; the cursor comes back in the fly-next-cursor header.
  const limit = Number(query.get('limit') ?? '0');
  const cursor = query.get('cursor');
  let start = 0;
  if (cursor !== null) {
    const after = Buffer.from(cursor, 'base64url').toString('utf8');
    const index = matching.findIndex((m) => m.id === after);
    if (index === -1) throw new FlyHttpError(400, 'invalid or expired cursor');
    start = index + 1;
  }
  const page = limit > 0 ? matching.slice(start, start + limit) : matching.slice(start);
  const last = page.at(-1);
  const headers: Record<string, string> = {};
  if (limit > 0 && last && start + page.length < matching.length) {
    headers['fly-next-cursor'] = Buffer.from(last.id).toString('base64url');
  }
  return json(
    200,
    page.map((m) => machineJson(m, summary)),
    headers,
  );
}

async function waitMachine(context: RouteContext): Promise<ApiResponse> {
  const { state, query } = context;
  const machine = machineOf(context);
  const wanted = new Set(
    query
      .getAll('state')
      .flatMap((s) => s.split(','))
      .filter((s) => s !== ''),
  );
  if (wanted.size === 0) wanted.add('started');
  const version = query.get('version') ?? query.get('instance_id');
  if (version !== null && version !== machine.version) {
    throw new FlyHttpError(
      400,
      `invalid_argument: machine ${machine.id} has no version ${version}`,
    );
  }
  const seconds = Number(query.get('timeout') ?? DEFAULT_WAIT_SECONDS);
  const outcome = await state.store.waitFor(
    machine,
    wanted,
    seconds * 1000,
    query.get('from_event_id') ?? undefined,
  );
  switch (outcome.kind) {
    case 'reached':
      return json(200, {
        ok: true,
        state: outcome.state,
        event_id: outcome.eventId,
        version: machine.version,
      });
    case 'timeout':
      // Not in the spec, but on Fly's Machines pages (docs/fly-api.md#waiting-for-a-machine).
      return json(408, {
        error: `deadline_exceeded: machine did not reach state ${[...wanted].join(',')} within ${seconds}s`,
        status: 'unknown',
      });
    case 'gone':
      // A destroyed machine can no longer reach the wanted state.
      return json(404, { error: 'machine not found', status: 'unknown' });
    case 'failed':
      // Fly's text, which flyctl matches (docs/fly-api.md#waiting-for-a-machine); the status
      // is not documented: 400 is the only error the spec lists for wait.
      return json(400, {
        error: `machine failed to reach desired state, current state: failed`,
        status: 'unknown',
      });
    case 'shutdown':
      return json(503, { error: 'emulator shutting down', status: 'unknown' });
  }
}

export const machineRoutes: Record<string, Route> = {
  'GET /v1/apps/{app_name}/machines': { rateLimit: perApp('list'), handle: listMachines },

  'POST /v1/apps/{app_name}/machines': { rateLimit: perApp('create'), handle: createMachine },

  'GET /v1/apps/{app_name}/machines/{machine_id}': {
    rateLimit: (params) => ({ key: `get:machine:${params['machine_id'] ?? ''}`, getMachine: true }),
    handle: (context) => json(200, machineJson(machineOf(context))),
  },

  'GET /v1/apps/{app_name}/machines/{machine_id}/wait': {
    rateLimit: perMachine('wait'),
    handle: waitMachine,
  },

  'POST /v1/apps/{app_name}/machines/{machine_id}/stop': {
    rateLimit: perMachine('stop'),
    handle: (context) => {
      const machine = machineOf(context);
      requireNotDestroyed(machine);
      const body = asRecord(context.body);
      const request: { signal?: string; timeout?: string } = {};
      if (typeof body['signal'] === 'string') request.signal = body['signal'];
      if (typeof body['timeout'] === 'string') request.timeout = body['timeout'];
      context.state.supervisor.stop(machine, request);
      return json(200, { ok: true });
    },
  },

  'POST /v1/apps/{app_name}/machines/{machine_id}/start': {
    rateLimit: perMachine('start'),
    handle: (context) => {
      const machine = machineOf(context);
      requireNotDestroyed(machine);
      if (machine.state === 'destroying') throw new FlyHttpError(404, 'machine not found');
      const previous = context.state.supervisor.start(machine);
      return json(200, { previous_state: previous, migrated: false, new_host: '' });
    },
  },

  'DELETE /v1/apps/{app_name}/machines/{machine_id}': {
    rateLimit: perMachine('destroy'),
    handle: (context) => {
      const machine = machineOf(context);
      requireNotDestroyed(machine);
      // `force` per the spec, `kill` as fly-go sends it (docs/fly-api.md#stop-and-destroy).
      const force = flag(context.query, 'force') || flag(context.query, 'kill');
      context.state.supervisor.destroy(machine, force);
      return json(200, { ok: true });
    },
  },

  'GET /v1/apps/{app_name}/machines/{machine_id}/events': {
    rateLimit: perMachine('events'),
    handle: (context) => {
      const machine = machineOf(context);
      const requested = Number(context.query.get('limit') ?? DEFAULT_EVENTS);
      const limit = Math.min(Math.max(requested, 1), MAX_EVENTS);
      return json(200, [...machine.events].reverse().slice(0, limit));
    },
  },

  'POST /v1/apps/{app_name}/machines/{machine_id}/signal': {
    rateLimit: perMachine('signal'),
    handle: (context) => {
      const machine = machineOf(context);
      requireNotDestroyed(machine);
      const signal = asRecord(context.body)['signal'];
      if (typeof signal !== 'string') throw new FlyHttpError(400, 'signal is required');
      context.state.supervisor.signal(machine, signal);
      return json(200, { ok: true });
    },
  },

  'POST /v1/apps/{app_name}/machines/{machine_id}/cordon': {
    rateLimit: perMachine('cordon'),
    handle: (context) => {
      const machine = machineOf(context);
      requireNotDestroyed(machine);
      machine.cordoned = true;
      return json(200, { ok: true });
    },
  },

  'POST /v1/apps/{app_name}/machines/{machine_id}/uncordon': {
    rateLimit: perMachine('uncordon'),
    handle: (context) => {
      const machine = machineOf(context);
      requireNotDestroyed(machine);
      machine.cordoned = false;
      return json(200, { ok: true });
    },
  },
};

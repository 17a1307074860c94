/**
 * What a Machines API route handler sees and returns. Routes are keyed by the spec operation
 * (`METHOD /v1/...{param}`) that OpenAPI validation matched, so the spec is the router's table.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { FlyHttpError } from './errors.ts';
import type { FaultRegistry } from './faults.ts';
import type { ApiResponse } from './http-server.ts';
import type { AppRecord, MachineRecord, MachineStore } from './machine-store.ts';
import type { MachineSupervisor } from './machine-supervisor.ts';

/** Shared state the handlers work on. */
export interface EmulatorState {
  store: MachineStore;
  supervisor: MachineSupervisor;
  faults: FaultRegistry;
  /** Org of the token. */
  orgSlug: string;
  /** Org slugs create app accepts; undefined = any. */
  knownOrgs: ReadonlySet<string> | undefined;
  defaultRegion: string;
  tmpRoot: string;
}

export interface RouteContext {
  state: EmulatorState;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when none). */
  body: unknown;
  headers: IncomingHttpHeaders;
}

/** Bucket of Fly's rate limits: per action and per machine (or per app). */
export interface RateLimitBucket {
  key: string;
  /** Get Machine has its own, higher limit. */
  getMachine?: boolean;
}

export interface Route {
  rateLimit: (params: Record<string, string>) => RateLimitBucket;
  handle: (context: RouteContext) => Promise<ApiResponse> | ApiResponse;
}

/** Rate-limit buckets keyed by action and machine id. */
export function perMachine(action: string): Route['rateLimit'] {
  return (params) => ({ key: `${action}:machine:${params['machine_id'] ?? ''}` });
}

/** Rate-limit buckets keyed by action and app name (app-scoped actions). */
export function perApp(action: string): Route['rateLimit'] {
  return (params) => ({ key: `${action}:app:${params['app_name'] ?? ''}` });
}

/**
 * The app, or 404 (unknown) / 403 (exists in an org the token cannot see; fly-go's
 * AppNameAvailable reads 403 that way, docs/fly-api.md#apps).
 */
export function requireApp(state: EmulatorState, name: string): AppRecord {
  const app = state.store.apps.get(name);
  if (!app) throw new FlyHttpError(404, 'app not found');
  if (app.ownedByOtherOrg) {
    throw new FlyHttpError(403, 'unauthorized: the token has no access to this app');
  }
  return app;
}

/** The machine of that app, destroyed ones included (see docs/fly-api.md#after-auto-destroy). */
export function requireMachine(state: EmulatorState, appName: string, id: string): MachineRecord {
  requireApp(state, appName);
  const machine = state.store.machines.get(id);
  if (!machine || machine.app !== appName) throw new FlyHttpError(404, 'machine not found');
  return machine;
}

/** Operations on a destroyed machine: it can still be read, not acted on. */
export function requireNotDestroyed(machine: MachineRecord): void {
  if (machine.state === 'destroyed') throw new FlyHttpError(404, 'machine not found');
}

export function json(
  status: number,
  body?: unknown,
  headers?: Record<string, string>,
): ApiResponse {
  const response: ApiResponse = { status };
  if (body !== undefined) response.body = body;
  if (headers) response.headers = headers;
  return response;
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

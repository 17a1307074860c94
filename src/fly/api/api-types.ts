/**
 * The Fly Machines API objects flaude reads or sends, named after what they are.
 *
 * Each type is the generated schema from Fly's OpenAPI file (./fly-openapi.ts) with, where
 * flaude needs it, a small documented extension: a field our code relies on made required
 * (the spec marks every field optional, yet Fly always returns a machine's `id` and `state`),
 * or a shape Fly sends that the spec leaves untyped. The logs endpoint is not part of the
 * Machines API spec, so its types are written out here.
 */
import type { components } from './fly-openapi.js';

type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/**
 * `request.exit_event` of an `exit` event. The spec types an event's `request` as an empty
 * object, so this shape is what Fly's exit events carry (fly-go's type; docs/fly-api.md#events-and-exit-codes).
 */
export interface FlyExitEvent {
  exit_code?: number;
  guest_exit_code?: number;
  guest_signal?: number;
  signal?: number;
  oom_killed?: boolean;
  requested_stop?: boolean;
  restarting?: boolean;
  /** Integer ms in old examples, RFC 3339 in fly-go: accept both. */
  exited_at?: number | string;
}

/** One of a machine's events (`timestamp` in Unix ms); `request` types what the spec leaves out. */
export type FlyMachineEvent = Omit<Schema<'MachineEvent'>, 'request'> & {
  request?: {
    exit_event?: FlyExitEvent;
    MonitorEvent?: { exit_event?: FlyExitEvent };
    restart_count?: number;
    [key: string]: unknown;
  };
};

/**
 * The machine size flaude sends: all three fields, and only the two CPU kinds Fly sells
 * (the spec's `cpu_kind` is any string).
 */
export type FlyGuest = Omit<Schema<'fly.MachineGuest'>, 'cpu_kind' | 'cpus' | 'memory_mb'> & {
  cpu_kind: 'shared' | 'performance';
  cpus: number;
  memory_mb: number;
};

/** A machine's config; flaude always sends an image and a {@link FlyGuest}. */
export type FlyMachineConfig = Omit<Schema<'fly.MachineConfig'>, 'image' | 'guest'> & {
  image: string;
  guest?: FlyGuest;
};

/** The body of `POST /v1/apps/{app}/machines`; a machine without a config cannot run. */
export type FlyCreateMachineRequest = Omit<Schema<'CreateMachineRequest'>, 'config'> & {
  config: FlyMachineConfig;
};

/**
 * A machine as Fly returns it. `id` and `state` are always there (the code keys on them);
 * `instance_id` is the deprecated alias of `version`, which waiting for `stopped` wants.
 */
export type FlyMachine = Omit<Schema<'Machine'>, 'id' | 'state' | 'config' | 'events'> & {
  id: string;
  state: string;
  config?: FlyMachineConfig;
  events?: FlyMachineEvent[];
};

/** An app as Fly returns it; it always has its name. */
export type FlyApp = Omit<Schema<'App'>, 'name'> & { name: string };

/** One entry of `GET {logs}/api/v1/apps/{app}/logs` (docs/fly-api.md#the-logs-endpoint). */
export interface FlyLogEntry {
  id: string;
  attributes: {
    timestamp: string;
    message: string;
    level: string;
    instance: string;
    region: string;
    meta?: {
      instance?: string;
      region?: string;
      event?: { provider?: string };
      [key: string]: unknown;
    };
  };
}

/** One page of the logs endpoint; `next_token` continues after its last entry. */
export interface FlyLogsPage {
  data: FlyLogEntry[];
  meta: { next_token: string };
}

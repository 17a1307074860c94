/**
 * The parts of Fly's Machines API objects that flaude reads or sends. Shapes follow Fly's
 * OpenAPI file (test/emulator/fly/machines-openapi.json) and docs/fly-api.md.
 */

/**
 * `request.exit_event` of an `exit` event: untyped in the OpenAPI file, this is fly-go's shape
 * (docs/fly-api.md#events-and-exit-codes).
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

export interface FlyMachineEvent {
  id?: string;
  type?: string;
  status?: string;
  source?: string;
  /** Unix milliseconds. */
  timestamp?: number;
  request?: {
    exit_event?: FlyExitEvent;
    MonitorEvent?: { exit_event?: FlyExitEvent };
    restart_count?: number;
    [key: string]: unknown;
  };
}

export interface FlyGuest {
  cpu_kind: 'shared' | 'performance';
  cpus: number;
  memory_mb: number;
}

export interface FlyMachineConfig {
  image: string;
  env?: Record<string, string>;
  guest?: FlyGuest;
  auto_destroy?: boolean;
  restart?: { policy: 'no' | 'always' | 'on-failure'; max_retries?: number };
  metadata?: Record<string, string>;
  stop_config?: { signal?: string; timeout?: string };
  [key: string]: unknown;
}

export interface FlyCreateMachineRequest {
  name?: string;
  region?: string;
  config: FlyMachineConfig;
  skip_launch?: boolean;
}

export interface FlyMachine {
  id: string;
  name?: string;
  state: string;
  region?: string;
  /** The version id; `instance_id` is its deprecated alias. Waiting for `stopped` wants it. */
  instance_id?: string;
  version?: string;
  private_ip?: string;
  config?: FlyMachineConfig;
  events?: FlyMachineEvent[];
  created_at?: string;
  updated_at?: string;
}

export interface FlyApp {
  id?: string;
  name: string;
  status?: string;
  organization?: { name?: string; slug?: string };
}

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

export interface FlyLogsPage {
  data: FlyLogEntry[];
  meta: { next_token: string };
}

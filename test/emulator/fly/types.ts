/**
 * Public types of the Fly.io emulator (Machines API + logs endpoint). See README.md beside
 * this file for the behaviour behind them.
 */

/** Machine states the emulator uses (docs/fly-api.md#machine-states). */
export type MachineState =
  | 'created'
  | 'starting'
  | 'started'
  | 'stopping'
  | 'stopped'
  | 'restarting'
  | 'destroying'
  | 'destroyed'
  | 'failed';

/** An app to exist before the first request. */
export interface SeedApp {
  name: string;
  /** Org slug; defaults to the emulator's `orgSlug`. */
  org?: string;
  /**
   * The app exists but belongs to an org the token cannot see: GET answers 403, create
   * answers 422 name_taken, machine calls answer 403 (docs/fly-api.md#apps).
   */
  ownedByOtherOrg?: boolean;
}

/** Token bucket parameters (docs/fly-api.md#rate-limits-and-retries). */
export interface RateLimitConfig {
  /** Sustained requests per second per action per machine (or per app). Default 1. */
  perSecond: number;
  /** Bucket size per action per machine (or per app). Default 3. */
  burst: number;
  /** Get Machine sustained rate. Default 5. */
  getMachinePerSecond: number;
  /** Get Machine bucket size. Default 10. */
  getMachineBurst: number;
}

/** Delays of the emulated control plane, in milliseconds. */
export interface MachineTimings {
  /** `created` -> `starting` (image pull). Default 40. */
  launchMs: number;
  /** `starting`/`restarting` -> `started` (VM boot before the process runs). Default 40. */
  bootMs: number;
  /** `stopping` -> `stopped` after the main process exited. Default 30. */
  stopMs: number;
  /** `stopped` -> `destroying` for `auto_destroy` machines. Default 60. */
  autoDestroyMs: number;
  /** `destroying` -> `destroyed`. Default 30. */
  destroyMs: number;
  /** Wait between the stop signal and SIGKILL when neither the stop request nor
   * `config.stop_config.timeout` give one. Default 5000. */
  defaultKillTimeoutMs: number;
}

/** Options of {@link startFlyEmulator}. All optional. */
export interface FlyEmulatorOptions {
  /** Accepted API token (`Bearer <token>` or `FlyV1 <token>`). Default `test-fly-token`. */
  token?: string;
  /** Port of the Machines API server (`url`). Default 0 (a free port). */
  port?: number;
  /** Port of the logs server (`logsUrl`). Default 0 (a free port). */
  logsPort?: number;
  /** Apps that exist from the start (names or {@link SeedApp}). */
  apps?: Array<string | SeedApp>;
  /** The org the token belongs to. Default `personal`. */
  orgSlug?: string;
  /** Org slugs accepted by create app besides `personal` and `orgSlug`; unset = any slug. */
  knownOrgs?: string[];
  /** Region of machines created without one. Default `iad`. */
  region?: string;
  /** Script run with `bash` as every machine's main process. Default
   * `<repo>/container/entrypoint.sh`. */
  entrypoint?: string;
  /** Per-image entrypoint; wins over `entrypoint` when it returns a path. */
  entrypointForImage?: (image: string) => string | undefined;
  /**
   * What runs a machine: `process` (default) a local `bash <entrypoint>` with the host's
   * tools; `podman` a container of the real image from the local container storage (the
   * image's entrypoint, user and tools; `entrypoint` is then unused).
   */
  runner?: 'process' | 'podman';
  /** With `runner: 'podman'`: the local image a machine's `config.image` runs as. Default:
   * that image itself. */
  podmanImageFor?: (image: string) => string;
  /** `ANTHROPIC_BASE_URL` for every machine (overrides the machine's env). */
  anthropicUrl?: string;
  /**
   * Git URL rewrites for every machine: key = URL prefix the machine asks for
   * (`https://github.com/`), value = local base it gets instead (`file:///tmp/repos/`).
   * Passed as `url.<value>.insteadOf=<key>` through GIT_CONFIG_COUNT/KEY/VALUE.
   */
  gitRewrites?: Record<string, string>;
  /** Extra environment for every machine; the machine's `config.env` wins over it. */
  env?: Record<string, string>;
  /** Delay before a log line is served by the logs endpoint. Default 300. */
  logLagMs?: number;
  /**
   * Delay added to every answer of both servers, like the round trip to Fly's API over the
   * internet (the bench sets it; faults' `delayMs` comes on top). Default 0.
   */
  latencyMs?: number;
  /** `false` disables rate limiting; an object overrides the defaults. Default on. */
  rateLimits?: boolean | Partial<RateLimitConfig>;
  /** Control plane delays; defaults are short so tests stay fast. */
  timings?: Partial<MachineTimings>;
  /** OpenAPI file to validate against. Default: `machines-openapi.json` beside this file
   * (Fly's spec, see README.md). */
  specPath?: string;
}

/** One HTTP request the emulator answered (or dropped). */
export interface RecordedRequest {
  /** `machines` = the Machines API server, `logs` = the logs server. */
  server: 'machines' | 'logs';
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query parameters; repeated ones become arrays. */
  query: Record<string, string | string[]>;
  /** HTTP status sent; 0 when the connection was dropped. */
  status: number;
  durationMs: number;
  /** When the request arrived (Unix ms, `Date.now()`). */
  receivedAt: number;
  /** Parsed JSON body when one was sent (raw text when it was not JSON). */
  body?: unknown;
  /** Name of the fault that shaped the answer, when one did. */
  fault?: string;
}

/** A request refused because it does not match the OpenAPI file or a documented rule. */
export interface ValidationFailure {
  method: string;
  path: string;
  /** HTTP status the emulator answered with (400, 404, 405 or 422). */
  status: number;
  reasons: string[];
}

/** A response of the emulator that does not match the OpenAPI response schema (a bug). */
export interface ResponseSchemaViolation {
  method: string;
  path: string;
  status: number;
  reasons: string[];
}

/** `request.exit_event` of an `exit` event (docs/fly-api.md#events-and-exit-codes). */
export interface EmulatedExitEvent {
  exit_code: number;
  guest_exit_code: number;
  guest_signal: number;
  signal: number;
  oom_killed: boolean;
  requested_stop: boolean;
  restarting: boolean;
  exited_at: string;
}

/** A machine event as the API returns it. */
export interface EmulatedMachineEvent {
  id: string;
  type: string;
  status: string;
  source: 'user' | 'flyd';
  /** Unix milliseconds. */
  timestamp: number;
  request?: { exit_event?: EmulatedExitEvent; restart_count?: number; [key: string]: unknown };
}

/** A state a machine entered, and when. */
export interface EmulatedStateChange {
  state: MachineState;
  /** Unix milliseconds. */
  at: number;
}

/** Snapshot of one emulated machine for assertions. */
export interface EmulatedMachine {
  id: string;
  name: string;
  app: string;
  region: string;
  state: MachineState;
  version: string;
  /** Config as stored (the create body's config plus defaults). */
  config: Record<string, unknown>;
  /** Newest first, as the API returns them. */
  events: EmulatedMachineEvent[];
  /**
   * Every state the machine entered, oldest first, `created` included: unlike `events`, which
   * Fly records for some transitions only, this says when it began `destroying`, so a test can
   * tell how many machines were alive at once.
   */
  states: EmulatedStateChange[];
  /** Restarts done by the restart policy. */
  restartCount: number;
  /** pid of the running main process, if any. */
  pid?: number;
  /** Private directory of the machine (`workspace/`, `home/`, `tmp/` inside); removed on
   * destroy. */
  dir: string;
  createdAt: string;
}

/** Snapshot of one app. */
export interface EmulatedApp {
  id: string;
  name: string;
  org: string;
  ownedByOtherOrg: boolean;
  createdAt: number;
}

/** A log entry as stored (whether or not the lag has released it yet). */
export interface EmulatedLogEntry {
  id: string;
  app: string;
  instance: string;
  region: string;
  /** `app` for process output and the VM init's lines, `runner` for the host's lines. */
  provider: string;
  level: string;
  message: string;
  /** RFC 3339 with nanoseconds. */
  timestamp: string;
  /** Nanosecond Unix timestamp (the logs endpoint's `next_token` unit). */
  timestampNs: bigint;
}

/** Match one or more HTTP requests and change how they are answered. */
export interface HttpFaultRule {
  /** HTTP method; any when omitted. */
  method?: string;
  /**
   * Path to match (no query string): exact text, a template where `{name}` and `*` each match
   * one path segment (`/v1/apps/{app}/machines/*\/wait`), or a RegExp.
   */
  path: string | RegExp;
  /** Answer this status instead of handling the request. */
  status?: number;
  /** Body for `status` (default: Fly's error shape). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Destroy the socket without answering. */
  dropConnection?: boolean;
  /** Delay before answering. The request is handled first (unless `status` or
   * `dropConnection` answer `before`), so a client that gives up early leaves the action done. */
  delayMs?: number;
  /** How many requests to affect. Default 1; `Infinity` for all. */
  times?: number;
  /**
   * `before` (default): answer the fault instead of handling the request.
   * `after`: handle the request (its effect happens), then answer the fault.
   */
  phase?: 'before' | 'after';
}

/** When an `oomKill` or `crash` fault kills the process. Default: right after it starts. */
export interface FaultTrigger {
  /** Milliseconds after the process started. */
  afterMs?: number;
  /** As soon as the process prints a line matching this. */
  onLine?: (line: string) => boolean;
}

/** A fault applied to a machine when it is created. */
export type MachineFault =
  /** The machine exits as usual, but no `exit` event is recorded. */
  | { kind: 'loseExitEvent' }
  /** Kill the process group; the exit event says oom_killed: true, exit_code 137. */
  | { kind: 'oomKill'; trigger?: FaultTrigger }
  /** Kill the process group with SIGKILL (no `[flaude:exit]` marker gets printed). */
  | { kind: 'crash'; trigger?: FaultTrigger }
  /** Output lines for which the predicate is true never reach the logs endpoint. */
  | { kind: 'dropLogLines'; predicate: (line: string) => boolean }
  /** The machine is created and launched, but the create call answers badly. */
  | { kind: 'createAmbiguous'; answer: 500 | 408 | 'drop'; delayMs?: number }
  /**
   * The machine never starts: its boot ends in the final state `failed` (as when Fly cannot
   * pull the image or launch the VM) and no process runs. A wait for another state then fails
   * with "machine failed to reach desired state".
   */
  | { kind: 'failToStart' };

/** What a machine fault is matched against. */
export interface MachineFaultCandidate {
  app: string;
  name: string;
  config: Record<string, unknown>;
}

/** Which created machines a machine fault applies to. */
export interface MachineFaultTarget {
  /** Only machines for which this returns true. Default: any machine. */
  match?: (machine: MachineFaultCandidate) => boolean;
  /** How many machines to apply the fault to. Default 1; `Infinity` for all. */
  times?: number;
}

/** The logs endpoint answers `status` instead of entries for a while. */
export interface LogsDownFault {
  status: number;
  /** For this long (ms) from now. Default: until removed (or `times` runs out). */
  forMs?: number;
  /** For this many requests. Default unlimited. */
  times?: number;
  body?: unknown;
}

/** Handle of an injected fault. */
export interface FaultHandle {
  /** How many requests or machines it affected so far. */
  readonly hits: number;
  /** Stop applying it. */
  remove(): void;
}

/** Fault injection. */
export interface FlyEmulatorFaults {
  /** Change how matching HTTP requests are answered. */
  http(rule: HttpFaultRule): FaultHandle;
  /** Apply a fault to the next created machine(s) (or those `target.match` accepts). */
  machine(fault: MachineFault, target?: MachineFaultTarget): FaultHandle;
  /** Make the logs endpoint answer an error status. */
  logsDown(fault: LogsDownFault): FaultHandle;
  /** Remove every fault. */
  clear(): void;
}

/** A running emulator. */
export interface FlyEmulator {
  /** Machines API base, e.g. `http://127.0.0.1:PORT` (paths `/v1/...`). */
  readonly url: string;
  /** Logs endpoint base, e.g. `http://127.0.0.1:PORT2` (paths `/api/v1/apps/{app}/logs`). */
  readonly logsUrl: string;
  readonly token: string;
  /** Every request answered so far, in order of completion. */
  readonly requests: readonly RecordedRequest[];
  /** Every request refused by OpenAPI validation or a documented Fly rule. */
  readonly validationFailures: readonly ValidationFailure[];
  /** Emulator responses that break the OpenAPI response schema (should stay empty). */
  readonly responseSchemaViolations: readonly ResponseSchemaViolation[];
  /** Snapshot of the apps. */
  readonly apps: EmulatedApp[];
  readonly faults: FlyEmulatorFaults;
  /** Every machine ever created, destroyed ones included. */
  machines(): EmulatedMachine[];
  /** Machines not destroyed (state other than `destroyed`). */
  liveMachines(): EmulatedMachine[];
  /** One machine by id, or undefined. */
  machine(id: string): EmulatedMachine | undefined;
  /** Resolves when the machine is in one of `states` (rejects after `timeoutMs`, default
   * 60000). */
  waitForMachineState(
    id: string,
    states: MachineState | MachineState[],
    timeoutMs?: number,
  ): Promise<EmulatedMachine>;
  /** Wait requests (and waitForMachineState calls) still blocked. */
  pendingWaits(): number;
  /** Every stored log entry (including those the lag still hides), oldest first. */
  logEntries(filter?: { app?: string; instance?: string }): EmulatedLogEntry[];
  /** Change the log lag for every entry from now on. */
  setLogLag(ms: number): void;
  /** Add an app after start. */
  addApp(app: string | SeedApp): void;
  /** Empty `requests`, `validationFailures` and `responseSchemaViolations`. */
  clearRecords(): void;
  /** Kill every process, close both servers, remove temp dirs. Idempotent. */
  stop(): Promise<void>;
}

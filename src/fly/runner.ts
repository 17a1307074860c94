/**
 * One reviewer machine from create to destroy: create, wait for the exit within one
 * deadline, resolve the exit code, and destroy the machine whatever happened.
 *
 * Differences from the seed library (flaude, runner.py), each a bug there:
 * - one deadline measured from the start with an injectable clock; flaude started a fresh
 *   deadline after its long-poll and let a read timeout escape;
 * - the exit code comes from the `[flaude:exit:N]` marker first, then the `exit` event, and an
 *   unknown exit code is a failure on every path (flaude called it a success in
 *   `run_and_destroy` and a failure in its executor);
 * - `destroyed` reports what the cleanup achieved (always false in flaude's streaming path);
 * - a create that failed ambiguously or was aborted is reconciled by name, so a machine Fly
 *   created before the client saw an error is not orphaned.
 */
import type { FlyMachine, FlyMachineEvent, FlyExitEvent } from './api-types.js';
import type { FlyClient } from './client.js';
import { systemClock, type Clock } from './clock.js';
import {
  FlyAPIError,
  isAmbiguousFailure,
  isFlyAPIError,
  isTransientFailure,
  messageOf,
  redactSecrets,
} from './errors.js';
import { silentLogger, type Logger } from './logger.js';
import {
  buildCreateMachineRequest,
  validateMachineConfig,
  type MachineConfig,
} from './machine-config.js';
import {
  createMachine,
  destroyMachine,
  findMachineByName,
  getMachine,
  getMachineEvents,
  stopMachine,
  waitForState,
  type RequestLimits,
  type WaitOutcome,
} from './machines.js';
import {
  findExitCode,
  findManifest,
  parseExitMarker,
  type WorkspaceManifest,
} from './logs/markers.js';
import type { LogStream } from './logs/stream.js';

/** Default overall deadline for one machine, from the start of `run` to its exit. */
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 3600;

/**
 * Default time `run` keeps reading a log stream after the machine exited, when neither the
 * exit marker nor the end of the stream has arrived: Fly's log pipeline lags behind the
 * machine (ARCHITECTURE.md, Logs). The poller usually ends the stream sooner.
 */
export const DEFAULT_LOGS_GRACE_MS = 30_000;

/** Fly's wait endpoint blocks at most 60 s per call (API-NOTES §1.4). */
const MAX_WAIT_CALL_SECONDS = 60;

/** Pause before asking again when a wait said "gone" but a GET still shows a live machine. */
const GONE_RECHECK_MS = 1_000;

/**
 * Bounds of every request of an aborted run's cleanup: a cancelled GitHub job gets about
 * 10 s between SIGTERM and SIGKILL, so two attempts of at most 4 s each.
 */
const ABORTED_CLEANUP: RequestLimits = { timeoutMs: 4_000, maxAttempts: 2 };

/** How many log lines a {@link MachineExitError} message shows. */
const ERROR_TAIL_LINES = 20;
/**
 * Longest log line quoted in an error message. Claude's stream-json lines can be kilobytes
 * (its `init` line lists every tool); the full lines stay in `MachineExitError.logs`.
 */
const ERROR_TAIL_LINE_CHARS = 500;

/** Options of {@link run} and {@link runAndDestroy}. */
export interface RunOptions {
  client: FlyClient;
  /** Deterministic machine name (`machineName()`): a retried create finds the first machine. */
  name: string;
  /** Overall deadline from the start of the run to the machine's exit; default 3600. */
  waitTimeoutSeconds?: number;
  /** Called right after create, before waiting (e.g. to save the id to the action's state). */
  onCreated?: (machine: FlyMachine) => void | Promise<void>;
  /** The machine's log lines: the exit marker is read from them and they are kept for errors. */
  logs?: LogStream;
  /** Abort: the machine is destroyed and the abort reason rethrown. */
  signal?: AbortSignal;
  /**
   * The run's time: its deadline, and the pauses of the create (after a 429 or an ambiguous
   * failure) and of the wait (while Fly fails). The client's own clock still paces the
   * client's retries and rate limiting.
   */
  clock?: Clock;
  logger?: Logger;
  /**
   * The log stream of the created machine, when it can only be subscribed once the id is
   * known (used by `runWithLogs` and `ConcurrentExecutor`). Ignored when `logs` is given.
   */
  subscribeLogs?: (machine: FlyMachine) => LogStream;
  /** Each log line as it is read from `logs`/`subscribeLogs` (secrets of the config redacted). */
  onLine?: (line: string) => void;
  /** Called when the wait sees the machine exit (e.g. `FlyLogPoller.machineExited`). */
  onExited?: (machineId: string) => void | Promise<void>;
  /** How long to keep reading logs after the exit for the marker; default 30 000. */
  logsGraceMs?: number;
}

/** Where a run's exit code came from. */
export type ExitCodeSource = 'marker' | 'event' | 'unknown';

/** What happened to one machine. */
export interface RunResult {
  machineId: string;
  name: string;
  region: string | undefined;
  /** The last state observed before cleanup (`stopped`, `destroyed`, `failed`, ...). */
  state: string;
  exitCode: number | null;
  exitCodeSource: ExitCodeSource;
  oomKilled: boolean;
  /** True only when the destroy succeeded or the machine was already gone. */
  destroyed: boolean;
  /** Why the run failed; undefined on success (exit code 0, no OOM, state not failed). */
  failureReason: string | undefined;
  /** Clock time (ms) when the create returned. */
  createdAt: number;
  /** Clock time (ms) when the exit was observed or the run gave up. */
  finishedAt: number;
  durationSeconds: number;
  /** The machine's log lines read from the run's log stream (empty without one). */
  logs: string[];
  /** The `[flaude:manifest:{json}]` the entrypoint printed, when it was seen. */
  manifest: WorkspaceManifest | undefined;
}

/**
 * A machine that ran but failed: non-zero or unknown exit code, OOM kill, state `failed`, or
 * no exit before the deadline. The message ends with the last 20 log lines.
 */
export class MachineExitError extends Error {
  readonly machineId: string;
  readonly exitCode: number | null;
  readonly state: string;
  /** Every captured log line (the message shows only the tail). */
  readonly logs: string[];
  /** Why it failed, without the log tail (e.g. `exit code 1`). */
  readonly reason: string;
  /** The full result, when the error comes from a completed run. */
  readonly result: RunResult | undefined;

  constructor(
    machineId: string,
    exitCode: number | null,
    state: string,
    logs: readonly string[],
    reason: string,
    result?: RunResult,
  ) {
    super(`Machine ${machineId} failed: ${reason} (state ${state})${logTail(logs)}`);
    this.name = 'MachineExitError';
    this.machineId = machineId;
    this.exitCode = exitCode;
    this.state = state;
    this.logs = [...logs];
    this.reason = reason;
    this.result = result;
  }

  /** The error for a failed result. */
  static fromResult(result: RunResult): MachineExitError {
    return new MachineExitError(
      result.machineId,
      result.exitCode,
      result.state,
      result.logs,
      result.failureReason ?? 'unknown failure',
      result,
    );
  }
}

function logTail(logs: readonly string[]): string {
  if (logs.length === 0) return '\nNo log lines were captured.';
  const tail = logs.slice(-ERROR_TAIL_LINES);
  const heading =
    logs.length > ERROR_TAIL_LINES
      ? `Last ${ERROR_TAIL_LINES} of ${logs.length} log lines:`
      : `Log (${logs.length} ${logs.length === 1 ? 'line' : 'lines'}):`;
  const clipped = tail.map((line) =>
    line.length > ERROR_TAIL_LINE_CHARS
      ? `${line.slice(0, ERROR_TAIL_LINE_CHARS)}… (${line.length - ERROR_TAIL_LINE_CHARS} more characters)`
      : line,
  );
  return `\n${heading}\n${clipped.join('\n')}`;
}

/** The exit of one machine, resolved from its logs, its events and its state. */
export interface ResolvedExit {
  exitCode: number | null;
  source: ExitCodeSource;
  oomKilled: boolean;
  failureReason: string | undefined;
}

/**
 * Resolves a machine's exit. The exit code is the last `[flaude:exit:N]` marker in the logs
 * (Fly's VM-level code can be non-zero after a clean process exit), else the newest `exit`
 * event's `request.MonitorEvent.exit_event` / `request.exit_event` `exit_code`
 * (API-NOTES §1.6), else unknown. Unknown, non-zero, `oom_killed` and state `failed` are
 * failures; `failureReason` names every one that applies. Pure.
 */
export function resolveExit(input: {
  logs: readonly string[];
  events: readonly FlyMachineEvent[];
  state: string;
}): ResolvedExit {
  const exitEvent = newestExitEvent(input.events);
  const marker = findExitCode(input.logs);
  let exitCode: number | null = null;
  let source: ExitCodeSource = 'unknown';
  if (marker !== undefined) {
    exitCode = marker;
    source = 'marker';
  } else if (exitEvent?.exitCode !== undefined) {
    exitCode = exitEvent.exitCode;
    source = 'event';
  }
  const oomKilled = exitEvent?.oomKilled === true;

  const reasons: string[] = [];
  if (oomKilled) reasons.push('killed: out of memory (oom_killed)');
  if (exitCode === null) {
    reasons.push('exit code unknown: no [flaude:exit:N] marker and no exit event');
  } else if (exitCode !== 0) {
    reasons.push(`exit code ${exitCode}`);
  }
  if (input.state === 'failed') reasons.push('machine state failed');
  return {
    exitCode,
    source,
    oomKilled,
    failureReason: reasons.length === 0 ? undefined : reasons.join('; '),
  };
}

/**
 * The newest `exit` event. Fly lists events newest first (API-NOTES §1.6); timestamps, when
 * present, win over list order in case a list comes back in another order.
 */
function newestExitEvent(
  events: readonly FlyMachineEvent[],
): { exitCode: number | undefined; oomKilled: boolean } | undefined {
  let newest: FlyMachineEvent | undefined;
  for (const event of events) {
    if (event.type !== 'exit') continue;
    if (
      newest === undefined ||
      (event.timestamp !== undefined &&
        newest.timestamp !== undefined &&
        event.timestamp > newest.timestamp)
    ) {
      newest = event;
    }
  }
  if (newest === undefined) return undefined;
  // fly-go prefers the monitor's copy when present (API-NOTES §1.6).
  const monitor: FlyExitEvent | undefined = newest.request?.MonitorEvent?.exit_event;
  const plain: FlyExitEvent | undefined = newest.request?.exit_event;
  const code = integerOrUndefined(monitor?.exit_code) ?? integerOrUndefined(plain?.exit_code);
  return { exitCode: code, oomKilled: (monitor?.oom_killed ?? plain?.oom_killed) === true };
}

function integerOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/**
 * Creates a machine, waits for it to exit, resolves its exit code and destroys it in a
 * `finally`. Resolves with a {@link RunResult} for every outcome of the machine itself,
 * failures and the deadline included (`failureReason` says why); rejects for a bad config,
 * a failed API call, an error thrown by a callback, or an abort (with the signal's reason).
 * While the machine runs, failures of Fly that may pass (no answer, 408, 429, 5xx) are
 * waited out until the deadline; a {@link FlyAPIError} thrown by `run` never contains the
 * config's credentials. The machine is destroyed in every case (after an abort without the
 * graceful stop, and with short request limits); a cleanup error is logged and never
 * replaces the original error.
 */
export async function run(
  app: string,
  config: MachineConfig,
  options: RunOptions,
): Promise<RunResult> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const { client, signal } = options;
  const waitTimeoutSeconds = options.waitTimeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS;
  if (!(waitTimeoutSeconds > 0)) {
    throw new RangeError(`waitTimeoutSeconds must be positive, got ${String(waitTimeoutSeconds)}`);
  }
  validateMachineConfig(config);
  const request = buildCreateMachineRequest(config, { name: options.name });
  signal?.throwIfAborted();

  const startedAt = clock.now();
  const deadline = startedAt + waitTimeoutSeconds * 1000;
  const secrets = secretsOf(config);
  const redact = (line: string): string => redactSecrets(line, secrets);
  // Fly may echo the create body, credentials included, in an error answer (a 422).
  const withoutSecrets = (error: unknown): unknown =>
    error instanceof FlyAPIError ? error.redact(secrets) : error;

  let tap = options.logs ? new LogTap(options.logs, redact, options.onLine, logger) : undefined;

  let machine: FlyMachine;
  try {
    machine = await createMachine(client, app, request, { clock, ...(signal ? { signal } : {}) });
  } catch (error: unknown) {
    tap?.abandon();
    await reconcileFailedCreate(client, app, options.name, error, signal, logger);
    throw signal?.aborted ? signal.reason : withoutSecrets(error);
  }
  const createdAt = clock.now();
  logger.info(
    `Created machine ${machine.id} (${options.name}) in ${machine.region ?? 'unknown region'}`,
  );

  let lastState = machine.state;
  let observed: ObservedExit | undefined;
  let destroyed: boolean;
  try {
    if (tap === undefined && options.subscribeLogs) {
      tap = new LogTap(options.subscribeLogs(machine), redact, options.onLine, logger);
    }
    await options.onCreated?.(machine);
    observed = await observeExit({
      client,
      app,
      machine,
      deadline,
      waitTimeoutSeconds,
      clock,
      logger,
      signal,
      onState: (s) => (lastState = s),
    });
    if (observed.kind === 'exited') {
      await notifyExited(options.onExited, machine.id, logger);
      const graceEnd = Math.min(
        deadline,
        clock.now() + (options.logsGraceMs ?? DEFAULT_LOGS_GRACE_MS),
      );
      await tap?.settle(clock, graceEnd, signal);
      observed = await withLateExitEvent(client, app, machine.id, observed, tap, logger);
    }
  } catch (error: unknown) {
    throw signal?.aborted ? signal.reason : withoutSecrets(error);
  } finally {
    tap?.abandon();
    destroyed = await destroyQuietly(
      client,
      app,
      machine.id,
      observed?.gone ? 'destroyed' : lastState,
      logger,
      { aborted: signal?.aborted === true },
    );
  }

  const logs = tap ? [...tap.lines] : [];
  const base = {
    machineId: machine.id,
    name: machine.name ?? options.name,
    region: machine.region,
    destroyed,
    createdAt,
    finishedAt: observed.finishedAt,
    durationSeconds: Math.max(0, (observed.finishedAt - createdAt) / 1000),
    logs,
    manifest: findManifest(logs),
  };
  if (observed.kind === 'timeout') {
    logger.warning(
      `Machine ${machine.id} did not exit within ${waitTimeoutSeconds} s; destroyed it`,
    );
    return {
      ...base,
      state: observed.state,
      exitCode: null,
      exitCodeSource: 'unknown',
      oomKilled: false,
      failureReason: `timed out after ${waitTimeoutSeconds} s`,
    };
  }
  const exit = resolveExit({ logs, events: observed.events, state: observed.state });
  const result: RunResult = {
    ...base,
    state: observed.state,
    exitCode: exit.exitCode,
    exitCodeSource: exit.source,
    oomKilled: exit.oomKilled,
    failureReason: exit.failureReason,
  };
  logger.info(
    `Machine ${machine.id} exited: ${result.failureReason ?? 'success'} ` +
      `(exit code ${result.exitCode ?? 'unknown'} from ${result.exitCodeSource}, state ${result.state}, ` +
      `${result.destroyed ? 'destroyed' : 'NOT destroyed'})`,
  );
  return result;
}

/**
 * {@link run}, then throws a {@link MachineExitError} (with the log lines) when the machine
 * failed, unless `raiseOnFailure` is false: then the failed {@link RunResult} is returned.
 */
export async function runAndDestroy(
  app: string,
  config: MachineConfig,
  options: RunOptions & { raiseOnFailure?: boolean },
): Promise<RunResult> {
  const result = await run(app, config, options);
  if (result.failureReason !== undefined && options.raiseOnFailure !== false) {
    throw MachineExitError.fromResult(result);
  }
  return result;
}

type ObservedExit =
  | { kind: 'exited'; state: string; events: FlyMachineEvent[]; gone: boolean; finishedAt: number }
  | { kind: 'timeout'; state: string; gone: false; finishedAt: number };

const EXITED_STATES = new Set(['stopped', 'destroyed', 'failed']);

/**
 * Waits for the machine to stop or be destroyed with wait calls of at most 60 s until the
 * deadline, then reads it once for its state and events.
 *
 * A failure that may pass (no answer, 408, 429, 5xx: flyctl's transient errors, API-NOTES §3)
 * of a wait or of the read after it does not end the run: it pauses (the client's backoff,
 * `Retry-After` honoured, never past the deadline) and waits again, since a long review is
 * worth more than a few failed polls. When Fly is still failing at the deadline, the run
 * fails with that error. Other answers (400, 401, 403) are thrown at once unless the machine
 * is seen to have exited; 404 means it is gone.
 */
async function observeExit(ctx: {
  client: FlyClient;
  app: string;
  machine: FlyMachine;
  deadline: number;
  waitTimeoutSeconds: number;
  clock: Clock;
  logger: Logger;
  signal: AbortSignal | undefined;
  onState: (state: string) => void;
}): Promise<ObservedExit> {
  const { client, app, machine, deadline, clock, logger, signal } = ctx;
  // Waiting for `stopped` wants the version (API-NOTES §1.4); instance_id is its old name.
  const version = machine.instance_id ?? machine.version;
  const exited = (read: MachineRead): ObservedExit => {
    ctx.onState(read.state);
    return { kind: 'exited', ...read, finishedAt: clock.now() };
  };
  // The last failure of Fly since its last answer, and how many came in a row.
  let failing: FlyAPIError | undefined;
  let failures = 0;
  const pauseAfter = async (error: FlyAPIError): Promise<void> => {
    failing = error;
    failures++;
    const delay = Math.min(client.retryDelay(error, failures), Math.max(0, deadline - clock.now()));
    logger.debug(
      `Fly failed while waiting for machine ${machine.id} (${error.summary()}, ${failures} in a row); asking again in ${delay} ms`,
    );
    await clock.sleep(delay, signal);
  };

  for (;;) {
    const remainingMs = deadline - clock.now();
    if (remainingMs <= 0) {
      const read = await readMachine(client, app, machine.id).catch((error: unknown) => {
        logger.debug(`Could not read machine ${machine.id}: ${messageOf(error)}`);
        return undefined;
      });
      if (read !== undefined) ctx.onState(read.state);
      if (failing !== undefined) {
        // Fly's failures may have hidden an exit: a machine seen to have exited still counts.
        if (read !== undefined && EXITED_STATES.has(read.state)) return exited(read);
        throw failing.withMessage(
          `Fly's API kept failing until the run's deadline (${ctx.waitTimeoutSeconds} s) ` +
            `while waiting for machine ${machine.id} to exit; last failure: ${failing.message}`,
        );
      }
      return {
        kind: 'timeout',
        state: read?.state ?? machine.state,
        gone: false,
        finishedAt: clock.now(),
      };
    }
    const timeoutSeconds = Math.min(
      MAX_WAIT_CALL_SECONDS,
      Math.max(1, Math.ceil(remainingMs / 1000)),
    );
    let outcome: WaitOutcome;
    try {
      outcome = await waitForState(client, app, machine.id, {
        states: ['stopped', 'destroyed'],
        timeoutSeconds,
        ...(version === undefined ? {} : { version }),
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (error: unknown) {
      if (signal?.aborted || !isFlyAPIError(error)) throw error;
      // A machine that ends in another final state (e.g. `failed`) makes the wait fail with
      // "machine failed to reach desired state" (API-NOTES §1.4), and a failing wait endpoint
      // must not hide an exit either: look before deciding.
      const read = await readMachine(client, app, machine.id).catch(() => undefined);
      if (read !== undefined && EXITED_STATES.has(read.state)) return exited(read);
      if (!isTransientFailure(error)) throw error;
      await pauseAfter(error);
      continue;
    }
    failing = undefined;
    failures = 0;
    if (outcome.outcome === 'timeout') {
      logger.debug(`Machine ${machine.id} still running`);
      continue;
    }
    let read: MachineRead;
    try {
      read = await readMachine(client, app, machine.id);
    } catch (error: unknown) {
      if (signal?.aborted || !isTransientFailure(error)) throw error;
      // The wait said "exited" but the read failed: the next wait answers at once.
      await pauseAfter(error);
      continue;
    }
    if (outcome.outcome === 'gone' && !read.gone && !EXITED_STATES.has(read.state)) {
      // A 404 from wait while GET still shows a live machine: Fly's records lag right
      // after create (flyctl retries this 404 briefly). Keep waiting.
      ctx.onState(read.state);
      await clock.sleep(GONE_RECHECK_MS, signal);
      continue;
    }
    return exited(read);
  }
}

interface MachineRead {
  state: string;
  events: FlyMachineEvent[];
  gone: boolean;
}

/** GET the machine; 404 means it is gone (auto_destroy removed it, API-NOTES §1.9). */
async function readMachine(client: FlyClient, app: string, id: string): Promise<MachineRead> {
  try {
    const machine = await getMachine(client, app, id);
    return {
      state: machine.state,
      events: machine.events ?? [],
      gone: machine.state === 'destroyed',
    };
  } catch (error: unknown) {
    if (isFlyAPIError(error, 404)) return { state: 'destroyed', events: [], gone: true };
    throw error;
  }
}

/**
 * Fly can record the `exit` event just after the state changes, so the read that saw the
 * exit may lack it. When neither that read nor the logs read so far tell the exit code, the
 * events are read once more, now, while the machine still exists: the cleanup that follows
 * destroys it.
 */
async function withLateExitEvent(
  client: FlyClient,
  app: string,
  id: string,
  observed: ObservedExit & { kind: 'exited' },
  tap: LogTap | undefined,
  logger: Logger,
): Promise<ObservedExit> {
  if (observed.gone) return observed;
  const known = resolveExit({
    logs: tap?.lines ?? [],
    events: observed.events,
    state: observed.state,
  });
  if (known.source !== 'unknown') return observed;
  try {
    const events = await getMachineEvents(client, app, id);
    return events.length > 0 ? { ...observed, events } : observed;
  } catch (error: unknown) {
    logger.debug(`Could not read the events of machine ${id}: ${messageOf(error)}`);
    return observed;
  }
}

async function notifyExited(
  onExited: RunOptions['onExited'],
  id: string,
  logger: Logger,
): Promise<void> {
  try {
    await onExited?.(id);
  } catch (error: unknown) {
    logger.warning(`onExited for machine ${id} failed: ${messageOf(error)}`);
  }
}

/**
 * Stops, then force-destroys the machine. After an abort (`aborted`: the job is being
 * cancelled and has seconds left) it skips the stop, since a force destroy kills a running
 * machine anyway, and bounds each request to 4 s and 2 attempts. Never throws: the caller's
 * own error matters more, and the machine carries `managed_by=flaude` for the post step and
 * `mode: reap`. Returns whether the machine is gone.
 */
export async function destroyQuietly(
  client: FlyClient,
  app: string,
  id: string,
  knownState: string,
  logger: Logger,
  opts: { aborted?: boolean } = {},
): Promise<boolean> {
  if (knownState === 'destroyed') return true;
  const aborted = opts.aborted === true;
  if (
    !aborted &&
    knownState !== 'stopped' &&
    knownState !== 'destroying' &&
    knownState !== 'failed'
  ) {
    try {
      await stopMachine(client, app, id);
    } catch (error: unknown) {
      logger.debug(`Stopping machine ${id} failed (destroying it anyway): ${messageOf(error)}`);
    }
  }
  try {
    await destroyMachine(client, app, id, { force: true, ...(aborted ? ABORTED_CLEANUP : {}) });
    logger.debug(`Destroyed machine ${id}`);
    return true;
  } catch (error: unknown) {
    logger.warning(`Could not destroy machine ${id}; it may be orphaned: ${messageOf(error)}`);
    return false;
  }
}

/**
 * After a create failed without a clear "no" (no answer, 408, 5xx) or was aborted, Fly may
 * still have created the machine: find it by its name and destroy it.
 */
async function reconcileFailedCreate(
  client: FlyClient,
  app: string,
  name: string,
  error: unknown,
  signal: AbortSignal | undefined,
  logger: Logger,
): Promise<void> {
  const aborted = signal?.aborted === true;
  if (!aborted && !isAmbiguousFailure(error)) return;
  try {
    const found = await findMachineByName(client, app, name, aborted ? ABORTED_CLEANUP : {});
    if (found === undefined) return;
    logger.warning(`Create of ${name} failed but machine ${found.id} exists; destroying it`);
    await destroyQuietly(client, app, found.id, found.state, logger, { aborted });
  } catch (lookupError: unknown) {
    logger.warning(
      `Create of ${name} failed and the look-up by name failed too; a machine may be orphaned: ` +
        messageOf(lookupError),
    );
  }
}

function secretsOf(config: MachineConfig): string[] {
  return [config.claudeCodeOAuthToken, config.anthropicApiKey, config.githubToken].filter(
    (s): s is string => typeof s === 'string' && s !== '',
  );
}

/**
 * Reads a log stream in the background, keeping every line, until the stream ends or the
 * run abandons it. `settle` waits, after the exit, for the marker or the end of the stream.
 */
class LogTap {
  readonly lines: string[] = [];
  private ended = false;
  private markerSeen = false;
  private abandoned = false;
  private waiters: Array<() => void> = [];
  private iterator: AsyncIterator<string> | undefined;
  private readonly redact: (line: string) => string;
  private readonly onLine: ((line: string) => void) | undefined;
  private readonly logger: Logger;

  constructor(
    stream: LogStream,
    redact: (line: string) => string,
    onLine: ((line: string) => void) | undefined,
    logger: Logger,
  ) {
    this.redact = redact;
    this.onLine = onLine;
    this.logger = logger;
    void this.consume(stream);
  }

  private async consume(stream: LogStream): Promise<void> {
    this.iterator = stream[Symbol.asyncIterator]();
    try {
      for (;;) {
        const item = await this.iterator.next();
        if (item.done || this.abandoned) break;
        const line = this.redact(item.value);
        this.lines.push(line);
        if (parseExitMarker(line) !== undefined) this.markerSeen = true;
        try {
          this.onLine?.(line);
        } catch (error: unknown) {
          this.logger.warning(`A log line handler failed: ${messageOf(error)}`);
        }
        this.notify();
      }
    } catch (error: unknown) {
      this.logger.warning(`Reading the machine's logs failed: ${messageOf(error)}`);
    } finally {
      this.ended = true;
      this.notify();
    }
  }

  /** Resolves when the stream ended, the exit marker was read, or the clock reaches `untilMs`. */
  async settle(clock: Clock, untilMs: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.ended || this.markerSeen) return;
    const timer = new AbortController();
    const sleepSignal = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
    const slept = clock.sleep(Math.max(0, untilMs - clock.now()), sleepSignal).then(
      () => 'slept' as const,
      () => 'stopped' as const,
    );
    try {
      while (!this.ended && !this.markerSeen) {
        const changed = new Promise<'changed'>((resolve) =>
          this.waiters.push(() => resolve('changed')),
        );
        if ((await Promise.race([changed, slept])) !== 'changed') break;
      }
    } finally {
      timer.abort();
    }
    signal?.throwIfAborted();
  }

  /** Stops reading: the stream is left (its unread lines freed) and later lines are dropped. */
  abandon(): void {
    if (this.abandoned) return;
    this.abandoned = true;
    void this.iterator?.return?.()?.catch(() => undefined);
    this.notify();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

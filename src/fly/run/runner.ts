/**
 * One reviewer machine from create to destroy: create, wait for the exit within one
 * deadline, resolve the exit code, and destroy the machine whatever happened. This module
 * owns the order of those steps and the wait; the exit's resolution and `MachineExitError`
 * live in exit.ts, the reading of the logs alongside in log-tap.ts, the destroy and the
 * reconciliation of a failed create in cleanup.ts. How it differs from the seed library:
 * docs/library.md#differences-from-flaude.
 */
import type { FlyMachine, FlyMachineEvent } from '../api/api-types.js';
import { destroyQuietly, reconcileFailedCreate } from './cleanup.js';
import type { FlyClient } from '../api/client.js';
import { systemClock, type Clock } from '../base/clock.js';
import { FlyAPIError, isFlyAPIError, isTransientFailure } from '../api/errors.js';
import { messageOf, redactSecrets } from '../base/messages.js';
import { retry } from '../base/retry.js';
import { MachineExitError, resolveExit, type RunResult } from './exit.js';
import { LogTap } from './log-tap.js';
import { silentLogger, type Logger } from '../base/logger.js';
import {
  buildCreateMachineRequest,
  resolveGuest,
  validateMachineConfig,
  type MachineConfig,
} from '../api/machine-config.js';
import {
  createMachine,
  getMachine,
  getMachineEvents,
  waitForState,
  type WaitOutcome,
} from '../api/machines.js';
import { DEFAULT_EXIT_MARKER_GRACE_MS, DEFAULT_MAX_EXIT_LOG_WAIT_MS } from '../logs/collector.js';
import type { LogStream } from '../logs/stream.js';

/** Default overall deadline for one machine, from the start of `run` to its exit. */
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 3600;

/** Fly's wait endpoint blocks at most 60 s per call (docs/fly-api.md#waiting-for-a-machine). */
const MAX_WAIT_CALL_SECONDS = 60;

/** Pause before asking again when a wait said "gone" but a GET still shows a live machine. */
const GONE_RECHECK_MS = 1_000;

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
  /**
   * How long, after the machine exited, the run keeps reading its logs for the
   * `[flaude:exit:N]` line (Fly delivers logs seconds late) when the stream has not ended:
   * it waits until no line came for this long, counted from the exit, then from each later
   * line (a long log is still being paged through); default
   * {@link DEFAULT_EXIT_MARKER_GRACE_MS} (15 s). `runWithLogs` and `ConcurrentExecutor` hand
   * it to the poller they start, which ends the stream then.
   */
  exitMarkerGraceMs?: number;
  /**
   * Longest the run keeps reading after the exit while lines keep coming; default
   * {@link DEFAULT_MAX_EXIT_LOG_WAIT_MS} (5 min).
   */
  maxExitLogWaitMs?: number;
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
    let logSettled: Promise<void> | undefined;
    // Once per run, right after the wait saw the exit: the logs are read to their end first,
    // so the machine is read after them, when Fly's auto-destroy has usually happened.
    const settleLogs = (): Promise<void> =>
      (logSettled ??= (async () => {
        await notifyExited(options.onExited, machine.id, logger);
        const graceMs = options.exitMarkerGraceMs ?? DEFAULT_EXIT_MARKER_GRACE_MS;
        const capAtMs =
          clock.now() + Math.max(graceMs, options.maxExitLogWaitMs ?? DEFAULT_MAX_EXIT_LOG_WAIT_MS);
        await tap?.settle(clock, { graceMs, capAtMs }, signal);
      })());
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
      beforeExitRead: settleLogs,
    });
    if (observed.kind === 'exited') {
      await settleLogs();
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

  const logs = tap ? tap.lines : [];
  // The exit code is the last marker wherever it came, even out of the kept tail.
  const markerLines = tap?.lastExitMarker === undefined ? [] : [tap.lastExitMarker];
  const base = {
    machineId: machine.id,
    name: machine.name ?? options.name,
    region: machine.region,
    guest: request.config.guest ?? resolveGuest(config.guest, config.memoryMb),
    destroyed,
    createdAt,
    finishedAt: observed.finishedAt,
    durationSeconds: Math.max(0, (observed.finishedAt - createdAt) / 1000),
    logs,
    logLineCount: tap?.lineCount ?? 0,
    manifest: tap?.manifest,
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
      timedOut: true,
      failureReason: `timed out after ${waitTimeoutSeconds} s`,
    };
  }
  const exit = resolveExit({ logs: markerLines, events: observed.events, state: observed.state });
  const result: RunResult = {
    ...base,
    state: observed.state,
    exitCode: exit.exitCode,
    exitCodeSource: exit.source,
    oomKilled: exit.oomKilled,
    timedOut: false,
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
 * deadline, then (after `beforeExitRead`, the reading of its logs to their end) reads it once
 * for its state and events. Read after the logs, a machine that Fly already auto-destroyed is
 * seen `destroyed` and needs no DELETE: create, wait and this read are its only requests.
 *
 * A failure that may pass (no answer, 408, 429, 5xx: flyctl's transient errors, see
 * docs/fly-api.md#rate-limits-and-retries) of a wait or of the read after it does not end the
 * run: it pauses (the client's backoff, `Retry-After` honoured, never past the deadline) and
 * waits again, since a long review is worth more than a few failed polls. When Fly is still
 * failing at the deadline, the run fails with that error. Other answers (400, 401, 403) are
 * thrown at once unless the machine is seen to have exited; 404 means it is gone.
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
  /** Runs once the wait saw the exit, before the machine is read. */
  beforeExitRead: () => Promise<void>;
}): Promise<ObservedExit> {
  const { client, app, machine, deadline, clock, logger, signal } = ctx;
  // Waiting for `stopped` needs the version; instance_id is its old name.
  const version = machine.version ?? machine.instance_id;
  // When the wait first saw the exit: the run's duration ends there, not after the logs.
  let exitSeenAt: number | undefined;
  const exited = (read: MachineRead): ObservedExit => {
    ctx.onState(read.state);
    return { kind: 'exited', ...read, finishedAt: exitSeenAt ?? clock.now() };
  };
  // The last failure of Fly since its last answer, and how many came in a row.
  let failing: FlyAPIError | undefined;
  let failures = 0;
  const failed = (error: FlyAPIError): FlyAPIError => {
    failing = error;
    failures++;
    return error;
  };

  /** At the deadline: the machine's last state decides, unless Fly kept failing until then. */
  const atDeadline = async (): Promise<ObservedExit> => {
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
  };

  /** Long polls until the machine exits or the deadline comes; throws a failure that may pass. */
  const pollUntilExit = async (): Promise<ObservedExit> => {
    for (;;) {
      const remainingMs = deadline - clock.now();
      if (remainingMs <= 0) return atDeadline();
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
        // "machine failed to reach desired state" (docs/fly-api.md#waiting-for-a-machine), and
        // a failing wait endpoint must not hide an exit either: look before deciding.
        const read = await readMachine(client, app, machine.id).catch(() => undefined);
        if (read !== undefined && EXITED_STATES.has(read.state)) return exited(read);
        if (!isTransientFailure(error)) throw error;
        throw failed(error);
      }
      failing = undefined;
      failures = 0;
      if (outcome.outcome === 'timeout') {
        logger.debug(`Machine ${machine.id} still running`);
        continue;
      }
      if (outcome.outcome === 'reached') {
        exitSeenAt ??= clock.now();
        await ctx.beforeExitRead();
      }
      let read: MachineRead;
      try {
        read = await readMachine(client, app, machine.id);
      } catch (error: unknown) {
        if (signal?.aborted || !isTransientFailure(error)) throw error;
        // The wait said "exited" but the read failed: the next wait answers at once.
        throw failed(error);
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
  };

  try {
    return await retry(pollUntilExit, {
      clock,
      signal,
      deadline,
      retryable: (error): error is FlyAPIError => failing !== undefined && error === failing,
      delayMs: (error) => client.retryDelay(error, failures),
      onRetry: (error, _attempt, delay) =>
        logger.debug(
          `Fly failed while waiting for machine ${machine.id} (${error.summary()}, ${failures} in a row); asking again in ${delay} ms`,
        ),
    });
  } catch (error: unknown) {
    // A failure that may pass, once the deadline has come: the deadline decides.
    if (failing !== undefined && error === failing && !signal?.aborted) return atDeadline();
    throw error;
  }
}

interface MachineRead {
  state: string;
  events: FlyMachineEvent[];
  gone: boolean;
}

/** GET the machine; 404 means it is gone (docs/fly-api.md#after-auto-destroy). */
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
    logs: tap?.lastExitMarker === undefined ? [] : [tap.lastExitMarker],
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

function secretsOf(config: MachineConfig): string[] {
  return [config.claudeCodeOAuthToken, config.anthropicApiKey, config.githubToken].filter(
    (s): s is string => typeof s === 'string' && s !== '',
  );
}

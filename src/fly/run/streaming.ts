/**
 * A run whose log lines can be read live: `runWithLogs` creates the machine and hands back
 * a {@link StreamingRun} to iterate over while the run goes on in the background. Leaving the
 * iteration early destroys the machine; the stream stays open after the exit until the
 * `[flaude:exit:N]` line or a grace period. How it differs from the seed library:
 * docs/library.md#differences-from-flaude.
 */
import type { FlyMachine } from '../api/api-types.js';
import { systemClock } from '../base/clock.js';
import { messageOf } from '../base/messages.js';
import { silentLogger } from '../base/logger.js';
import { validateMachineConfig, type MachineConfig } from '../api/machine-config.js';
import {
  DEFAULT_EXIT_MARKER_GRACE_MS,
  DEFAULT_MAX_EXIT_LOG_WAIT_MS,
  LogCollector,
} from '../logs/collector.js';
import type { LogDrainServer } from '../logs/drain-server.js';
import {
  FlyLogPoller,
  fetchLogPageFrom,
  type FetchLogPage,
  type FlyLogPollerOptions,
} from '../logs/poller.js';
import { MachineExitError, type RunResult } from './exit.js';
import { run, type RunOptions } from './runner.js';

/** Options of {@link runWithLogs}. */
export interface RunWithLogsOptions extends RunOptions {
  /** Where the machine's lines arrive; default a new one. Must be the one `poller`/`server` feeds. */
  collector?: LogCollector;
  /** A running poller shared with other runs (not stopped by this run). */
  poller?: FlyLogPoller;
  /** A running drain server shared with other runs (not stopped by this run). */
  server?: LogDrainServer;
  /** Deliver stderr lines too (only a drain carries them); default false. */
  includeStderr?: boolean;
  /**
   * Keep every line for iterating the run and `collectedLogs` (default true). False when
   * nobody iterates (the lines go to `onLine` only): then memory does not grow with the log's
   * length, iterating the run throws and `collectedLogs` is empty.
   */
  keepLines?: boolean;
  /** Page source of the poller this run creates when given neither poller nor server. */
  fetchLogPage?: FetchLogPage;
  /**
   * Tuning of the poller this run creates (delays, errors, clock skew); it waits for the
   * marker as long as the run does (`exitMarkerGraceMs`). A borrowed poller keeps its own.
   */
  pollerOptions?: Pick<
    FlyLogPollerOptions,
    'minDelayMs' | 'maxDelayMs' | 'maxConsecutiveErrors' | 'clockSkewMs'
  >;
}

/** Why a run ended when its StreamingRun was cleaned up (or left) before the machine exited. */
export class RunCancelledError extends Error {
  readonly machineId: string;

  constructor(machineId: string) {
    super(
      `Run of machine ${machineId} was cancelled before the machine exited; the machine was destroyed`,
    );
    this.name = 'RunCancelledError';
    this.machineId = machineId;
  }
}

/**
 * Creates the machine and resolves once it exists (its id saved through `onCreated`). The
 * run goes on in the background: iterate the returned {@link StreamingRun} for the lines the
 * machine prints (Fly's system entries dropped), then `await result()`.
 *
 * Without a `poller` or `server` it starts a {@link FlyLogPoller} on the app's logs and stops
 * it at `cleanup()`; infrastructure passed in is borrowed and left running. Rejects (having
 * destroyed any machine and stopped what it started) when the create or `onCreated` fails.
 */
export async function runWithLogs(
  app: string,
  config: MachineConfig,
  options: RunWithLogsOptions,
): Promise<StreamingRun> {
  validateMachineConfig(config);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  if (
    (options.poller !== undefined || options.server !== undefined) &&
    options.collector === undefined
  ) {
    throw new TypeError('runWithLogs: pass the collector that the given poller or server feeds');
  }
  const collector = options.collector ?? new LogCollector({ clock, logger });
  // One grace for the run and its poller: a borrowed poller's own, unless the run sets one.
  const exitMarkerGraceMs =
    options.exitMarkerGraceMs ?? options.poller?.exitMarkerGraceMs ?? DEFAULT_EXIT_MARKER_GRACE_MS;
  const maxExitLogWaitMs = options.maxExitLogWaitMs ?? DEFAULT_MAX_EXIT_LOG_WAIT_MS;
  let ownedPoller: FlyLogPoller | undefined;
  if (options.poller === undefined && options.server === undefined) {
    ownedPoller = new FlyLogPoller({
      ...options.pollerOptions,
      exitMarkerGraceMs,
      maxExitLogWaitMs,
      fetchPage: options.fetchLogPage ?? fetchLogPageFrom(options.client, app),
      collector,
      clock,
      logger,
    });
    ownedPoller.start();
  }
  const poller = options.poller ?? ownedPoller;

  const canceller = new AbortController();
  const signal = options.signal
    ? AbortSignal.any([options.signal, canceller.signal])
    : canceller.signal;
  const lines = new LineBuffer(options.keepLines ?? true);
  let announce: (machine: FlyMachine) => void = () => undefined;
  const created = new Promise<FlyMachine>((resolve) => (announce = resolve));

  // A caller's own `logs` is left out: the machine's lines come from the collector.
  const { logs: _callersLogs, ...runOptions } = options;
  const running = run(app, config, {
    ...runOptions,
    exitMarkerGraceMs,
    signal,
    subscribeLogs: (machine) =>
      collector.subscribe(machine.id, { includeStderr: options.includeStderr ?? false }),
    onLine: (line) => {
      lines.push(line);
      options.onLine?.(line);
    },
    onCreated: async (machine) => {
      await options.onCreated?.(machine);
      announce(machine);
    },
    onExited: async (machineId) => {
      // Not awaited: the run itself waits (abortably) for the marker or the grace period.
      const ending = poller
        ? poller.machineExited(machineId)
        : collector.finishAfterExitMarker(machineId, {
            exitMarkerGraceMs,
            maxWaitMs: maxExitLogWaitMs,
            signal,
          });
      ending.catch((error: unknown) =>
        logger.debug(`Ending the log stream of ${machineId}: ${messageOf(error)}`),
      );
      await options.onExited?.(machineId);
    },
  });
  running.then(
    () => lines.close(),
    () => lines.close(),
  );

  let machine: FlyMachine;
  try {
    machine = await Promise.race([
      created,
      running.then(() => {
        throw new Error('run finished without reporting its machine');
      }),
    ]);
  } catch (error: unknown) {
    await ownedPoller?.stop();
    throw error;
  }
  return new StreamingRun({ machine, running, lines, canceller, collector, ownedPoller });
}

interface StreamingRunParts {
  machine: FlyMachine;
  running: Promise<RunResult>;
  lines: LineBuffer;
  canceller: AbortController;
  collector: LogCollector;
  ownedPoller: FlyLogPoller | undefined;
}

/**
 * A machine that is running (or has run), with its log lines. Iterating yields every line
 * from the first; each iterator starts again at the first line. Leaving an iteration before
 * its end (break, or an exception in the loop) calls `cleanup()`, which destroys the machine
 * if it is still running. Supports `await using`.
 */
export class StreamingRun implements AsyncIterable<string>, AsyncDisposable {
  /** The machine as created. */
  readonly machine: FlyMachine;
  readonly #running: Promise<RunResult>;
  readonly #lines: LineBuffer;
  readonly #canceller: AbortController;
  readonly #collector: LogCollector;
  readonly #ownedPoller: FlyLogPoller | undefined;
  #settled = false;
  #cleanup: Promise<void> | undefined;

  /** Built by {@link runWithLogs}. */
  constructor(parts: StreamingRunParts) {
    this.machine = parts.machine;
    this.#running = parts.running;
    this.#lines = parts.lines;
    this.#canceller = parts.canceller;
    this.#collector = parts.collector;
    this.#ownedPoller = parts.ownedPoller;
    const settle = (): void => {
      this.#settled = true;
    };
    this.#running.then(settle, settle);
  }

  /** The machine's id. */
  get machineId(): string {
    return this.machine.id;
  }

  /** A copy of the lines read so far (none when the run keeps no lines). */
  get collectedLogs(): string[] {
    return this.#lines.snapshot();
  }

  /** True once the run has finished (the machine destroyed or given up on). */
  get done(): boolean {
    return this.#settled;
  }

  [Symbol.asyncIterator](): AsyncIterator<string, undefined> {
    if (!this.#lines.keeps) {
      throw new TypeError(
        `The run of machine ${this.machine.id} keeps no lines (keepLines: false): take them with onLine`,
      );
    }
    let index = 0;
    let finished = false;
    return {
      next: async (): Promise<IteratorResult<string, undefined>> => {
        for (;;) {
          if (finished) return { done: true, value: undefined };
          const line = this.#lines.at(index);
          if (line !== undefined) {
            index++;
            return { done: false, value: line };
          }
          if (this.#lines.closed) {
            finished = true;
            return { done: true, value: undefined };
          }
          await this.#lines.changed();
        }
      },
      return: async (): Promise<IteratorResult<string, undefined>> => {
        finished = true;
        await this.cleanup();
        return { done: true, value: undefined };
      },
    };
  }

  /**
   * Waits for the run, cleans up, and returns its result; a failed machine throws a
   * {@link MachineExitError} with every collected line unless `raiseOnFailure` is false.
   * Rejects with the run's error (the abort reason, a {@link RunCancelledError}, an API
   * error) when the run itself failed.
   */
  async result(opts: { raiseOnFailure?: boolean } = {}): Promise<RunResult> {
    let result: RunResult;
    try {
      result = await this.#running;
    } finally {
      await this.cleanup();
    }
    if (result.failureReason !== undefined && opts.raiseOnFailure !== false) {
      throw MachineExitError.fromResult(result);
    }
    return result;
  }

  /**
   * Ends the run: destroys the machine if it is still running (the run then rejects with a
   * {@link RunCancelledError}), ends its log stream and stops the poller this run started.
   * Idempotent; never throws.
   */
  cleanup(): Promise<void> {
    this.#cleanup ??= this.#doCleanup();
    return this.#cleanup;
  }

  /** `await using run = await runWithLogs(...)` cleans up at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.cleanup();
  }

  async #doCleanup(): Promise<void> {
    if (!this.#settled) this.#canceller.abort(new RunCancelledError(this.machine.id));
    await this.#running.catch(() => undefined);
    this.#collector.finish(this.machine.id);
    await this.#ownedPoller?.stop();
  }
}

/** Lines of one run, readable from any index while they arrive. */
class LineBuffer {
  readonly keeps: boolean;
  readonly #lines: string[] = [];
  #closed = false;
  #waiters: Array<() => void> = [];

  constructor(keeps: boolean) {
    this.keeps = keeps;
  }

  get closed(): boolean {
    return this.#closed;
  }

  push(line: string): void {
    if (this.#closed) return;
    if (this.keeps) this.#lines.push(line);
    this.#wake();
  }

  close(): void {
    this.#closed = true;
    this.#wake();
  }

  at(index: number): string | undefined {
    return this.#lines[index];
  }

  snapshot(): string[] {
    return [...this.#lines];
  }

  changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

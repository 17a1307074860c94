/**
 * Runs many reviewer machines at once, with a concurrency limit, one shared log poller per
 * batch, and a result for every request whatever the others do. How it differs from the seed
 * library: docs/library.md#differences-from-flaude.
 */
import type { FlyMachine } from '../api/api-types.js';
import type { FlyClient } from '../api/client.js';
import { systemClock, type Clock } from '../base/clock.js';
import { asError, messageOf } from '../base/messages.js';
import { randomNonce } from '../base/nonce.js';
import { silentLogger, type Logger } from '../base/logger.js';
import { machineName, type MachineConfig } from '../api/machine-config.js';
import { LogCollector } from '../logs/collector.js';
import {
  FlyLogPoller,
  fetchLogPageFrom,
  type FetchLogPage,
  type FlyLogPollerOptions,
} from '../logs/poller.js';
import { MachineExitError, type RunResult } from './exit.js';
import { run, type RunOptions } from './runner.js';
import { runWithLogs } from './streaming.js';

/** One machine to run. */
export interface ExecutionRequest {
  /**
   * The machine's config; or a function that makes it when the request's slot comes up, just
   * before the create, from the time then (a queued request's deadline starts when its
   * machine does, not when the batch did). A throw fails only this request.
   */
  config: MachineConfig | ((now: Date) => MachineConfig);
  /** The caller's label for this request (e.g. the reviewer name); copied to the result. */
  tag: string;
  /** Deterministic machine name (`machineName()`); unique within a batch. */
  name: string;
  /** Each line the machine prints, live. */
  onLine?: (line: string) => void;
  /** Called right after the machine is created (e.g. to save its id). */
  onCreated?: (machine: FlyMachine) => void | Promise<void>;
  /**
   * Called once with this request's result as soon as it is known (its machine cleaned up),
   * while the rest of the batch may still run: lets a caller report each request in the order
   * they finish. Awaited before `runBatch` returns; a throw or rejection is logged as a
   * warning and changes no result.
   */
  onFinished?: (result: ExecutionResult) => void | Promise<void>;
}

/** The outcome of one request. */
export interface ExecutionResult {
  tag: string;
  /** The machine's id once it was created (also when the run failed afterwards). */
  machineId: string | undefined;
  /** Present whenever the machine ran to an exit or to the deadline. */
  runResult: RunResult | undefined;
  /**
   * Why the request failed: a {@link MachineExitError} (with `result`) when the machine
   * failed, else the error that stopped the run (config, API, abort). Undefined on success.
   */
  error: Error | undefined;
  /** Exit code 0 with no failure reason and no error. */
  readonly success: boolean;
}

/** The outcomes of a batch, in the order of its requests. */
export interface BatchResult {
  results: ExecutionResult[];
  total: number;
  succeeded: number;
  failed: number;
  allSucceeded: boolean;
}

/** Options of a {@link ConcurrentExecutor}. */
export interface ConcurrentExecutorOptions {
  client: FlyClient;
  /** Most machines alive at once per batch; default unlimited. */
  maxConcurrency?: number;
  /** Deadline of each machine, from its own start; default 3600. */
  waitTimeoutSeconds?: number;
  /** `'poller'` (default): one FlyLogPoller on the app per batch. `'none'`: no logs (exit code from events). */
  logSource?: 'poller' | 'none';
  clock?: Clock;
  logger?: Logger;
  /** Cancels everything: queued requests never start, running machines are destroyed. */
  signal?: AbortSignal;
  /** Page source of the batch's poller; default Fly's logs endpoint through `client`. */
  fetchLogPage?: FetchLogPage;
  /** Tuning of the batch's poller (delays, errors, clock skew). */
  pollerOptions?: Pick<
    FlyLogPollerOptions,
    'minDelayMs' | 'maxDelayMs' | 'maxConsecutiveErrors' | 'clockSkewMs'
  >;
  /**
   * How long each machine's logs are read after its exit for the marker, by its run and by
   * the batch's poller; default 15 s (see RunOptions).
   */
  exitMarkerGraceMs?: number;
}

/**
 * Runs batches of machines on one app. Never throws from `runBatch`/`runOne`: every
 * failure lands in its request's {@link ExecutionResult}. Several batches may run at once on
 * one executor; each has its own limit and poller.
 */
export class ConcurrentExecutor {
  readonly app: string;
  readonly #options: ConcurrentExecutorOptions;

  /** An executor for `app`; nothing starts before `runBatch`. */
  constructor(app: string, opts: ConcurrentExecutorOptions) {
    const max = opts.maxConcurrency;
    if (max !== undefined && !(Number.isInteger(max) && max >= 1)) {
      throw new RangeError(`maxConcurrency must be a positive integer, got ${String(max)}`);
    }
    this.app = app;
    this.#options = opts;
  }

  /**
   * Runs every request, at most `maxConcurrency` at a time, and returns their results in
   * input order once every machine is cleaned up.
   */
  async runBatch(requests: readonly ExecutionRequest[]): Promise<BatchResult> {
    const opts = this.#options;
    const clock = opts.clock ?? systemClock;
    const logger = opts.logger ?? silentLogger;
    const slots = new Semaphore(opts.maxConcurrency ?? Math.max(1, requests.length));
    const duplicates = duplicateNames(requests);

    let collector: LogCollector | undefined;
    let poller: FlyLogPoller | undefined;
    if ((opts.logSource ?? 'poller') === 'poller' && requests.length > 0) {
      collector = new LogCollector({ clock, logger });
      poller = new FlyLogPoller({
        ...opts.pollerOptions,
        ...(opts.exitMarkerGraceMs === undefined
          ? {}
          : { exitMarkerGraceMs: opts.exitMarkerGraceMs }),
        fetchPage: opts.fetchLogPage ?? fetchLogPageFrom(opts.client, this.app),
        collector,
        clock,
        logger,
      });
      poller.start();
    }

    try {
      const results = await Promise.all(
        requests.map(async (request): Promise<ExecutionResult> => {
          const result = await this.#settle(request, {
            duplicates,
            slots,
            collector,
            poller,
            clock,
            logger,
          });
          await notifyFinished(request, result, logger);
          return result;
        }),
      );
      return batchResult(results);
    } finally {
      // Ends every stream it fed; a poller that gave up has already warned why.
      await poller?.stop();
    }
  }

  /** Runs one request of a batch, in its slot; never throws. */
  async #settle(
    request: ExecutionRequest,
    batch: {
      duplicates: ReadonlySet<string>;
      slots: Semaphore;
      collector: LogCollector | undefined;
      poller: FlyLogPoller | undefined;
      clock: Clock;
      logger: Logger;
    },
  ): Promise<ExecutionResult> {
    const { duplicates, slots, collector, poller, clock, logger } = batch;
    const opts = this.#options;
    if (duplicates.has(request.name)) {
      return executionResult(
        request.tag,
        undefined,
        undefined,
        new Error(`Machine name ${request.name} is used by more than one request of the batch`),
      );
    }
    try {
      await slots.acquire(opts.signal);
    } catch (error: unknown) {
      return executionResult(request.tag, undefined, undefined, asError(error));
    }
    try {
      return await this.#execute(request, collector, poller, clock, logger);
    } finally {
      slots.release();
    }
  }

  /**
   * Runs one machine; the result of a one-request batch. Without `name` the machine is named
   * `machineName({ reviewer: tag, nonce })` with a nonce made once per call, so two calls
   * with the same tag never collide (a retried create inside the call still finds its machine).
   */
  async runOne(config: MachineConfig, tag: string, name?: string): Promise<ExecutionResult> {
    const chosen = name ?? machineName({ reviewer: tag, nonce: randomNonce() });
    const batch = await this.runBatch([{ config, tag, name: chosen }]);
    const [result] = batch.results;
    if (result === undefined) throw new Error('a one-request batch returned no result');
    return result;
  }

  async #execute(
    request: ExecutionRequest,
    collector: LogCollector | undefined,
    poller: FlyLogPoller | undefined,
    clock: Clock,
    logger: Logger,
  ): Promise<ExecutionResult> {
    const opts = this.#options;
    let machineId: string | undefined;
    const runOptions: RunOptions = {
      client: opts.client,
      name: request.name,
      clock,
      logger,
      ...(opts.waitTimeoutSeconds === undefined
        ? {}
        : { waitTimeoutSeconds: opts.waitTimeoutSeconds }),
      ...(opts.exitMarkerGraceMs === undefined
        ? {}
        : { exitMarkerGraceMs: opts.exitMarkerGraceMs }),
      ...(opts.signal === undefined ? {} : { signal: opts.signal }),
      onCreated: async (machine) => {
        machineId = machine.id;
        await request.onCreated?.(machine);
      },
      ...(request.onLine === undefined ? {} : { onLine: request.onLine }),
    };
    try {
      const config =
        typeof request.config === 'function'
          ? request.config(new Date(clock.now()))
          : request.config;
      let result: RunResult;
      if (collector !== undefined && poller !== undefined) {
        // Nobody iterates this run: its lines go to onLine only, so none are kept for it.
        const streaming = await runWithLogs(this.app, config, {
          ...runOptions,
          collector,
          poller,
          keepLines: false,
        });
        result = await streaming.result({ raiseOnFailure: false });
      } else {
        result = await run(this.app, config, runOptions);
      }
      const error =
        result.failureReason === undefined ? undefined : MachineExitError.fromResult(result);
      return executionResult(request.tag, result.machineId, result, error);
    } catch (error: unknown) {
      logger.warning(`Request ${request.tag} (${request.name}) failed: ${messageOf(error)}`);
      return executionResult(request.tag, machineId, undefined, asError(error));
    }
  }
}

/** Tells the request's caller its result; a failing callback is the caller's bug, not the run's. */
async function notifyFinished(
  request: ExecutionRequest,
  result: ExecutionResult,
  logger: Logger,
): Promise<void> {
  try {
    await request.onFinished?.(result);
  } catch (error: unknown) {
    logger.warning(`onFinished of ${request.tag} (${request.name}) failed: ${messageOf(error)}`);
  }
}

function executionResult(
  tag: string,
  machineId: string | undefined,
  runResult: RunResult | undefined,
  error: Error | undefined,
): ExecutionResult {
  return {
    tag,
    machineId,
    runResult,
    error,
    get success(): boolean {
      return (
        this.error === undefined &&
        this.runResult !== undefined &&
        this.runResult.exitCode === 0 &&
        this.runResult.failureReason === undefined
      );
    },
  };
}

function batchResult(results: ExecutionResult[]): BatchResult {
  const succeeded = results.filter((r) => r.success).length;
  return {
    results,
    total: results.length,
    succeeded,
    failed: results.length - succeeded,
    allSucceeded: succeeded === results.length,
  };
}

function duplicateNames(requests: readonly ExecutionRequest[]): Set<string> {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const { name } of requests) {
    if (seen.has(name)) duplicates.add(name);
    seen.add(name);
  }
  return duplicates;
}

/** A counting semaphore whose waiters leave the queue when their signal aborts. */
class Semaphore {
  #available: number;
  readonly #queue: Array<{ grant: () => void }> = [];

  constructor(permits: number) {
    this.#available = permits;
  }

  acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#available > 0) {
      this.#available--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        grant: (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const index = this.#queue.indexOf(waiter);
        if (index >= 0) this.#queue.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
    });
  }

  release(): void {
    const next = this.#queue.shift();
    if (next !== undefined) next.grant();
    else this.#available++;
  }
}

import { systemClock, type Clock } from '../base/clock.js';
import { silentLogger, type Logger } from '../base/logger.js';
import type { LogLine } from './entries.js';
import { capLine } from './line-cap.js';
import { parseExitMarker } from './markers.js';
import { LogStream } from './stream.js';

/** Options of a {@link LogCollector}. */
export interface LogCollectorOptions {
  clock?: Clock;
  logger?: Logger;
  /** Default per-line timeout of subscribed streams (none by default). */
  itemTimeoutMs?: number;
  /** Default total timeout of subscribed streams (none by default). */
  totalTimeoutMs?: number;
  /** Memory cap of each stream's unread lines (see LogStreamOptions.maxBufferedChars). */
  maxBufferedChars?: number;
  /** Lines kept per machine that nobody subscribed to yet; the oldest go first (default 1000). */
  maxPendingLinesPerMachine?: number;
  /**
   * Machines with lines kept before subscription (default 256). One poller reads the whole
   * app, which can hold machines that are not ours; the least recently heard-from go first.
   */
  maxPendingMachines?: number;
}

/** Options of one subscription. */
export interface SubscribeOptions {
  /** Deliver stderr lines too (only the drain carries them); default false. */
  includeStderr?: boolean;
  itemTimeoutMs?: number;
  totalTimeoutMs?: number;
}

/**
 * Default time an exited machine's stream stays open for its `[flaude:exit:N]` line: Fly
 * delivers logs seconds after the fact, and the last lines matter most. The poller and the
 * run use this same default (`exitMarkerGraceMs`).
 */
export const DEFAULT_EXIT_MARKER_GRACE_MS = 15_000;

/**
 * Default longest time an exited machine's stream stays open while its lines keep coming:
 * the grace counts from the last line, so a log still being paged through (a page is ~100
 * lines a request) is read to its end, and this cap ends a stream that never goes quiet.
 * Five minutes pages through about 750,000 lines at 40 ms a request.
 */
export const DEFAULT_MAX_EXIT_LOG_WAIT_MS = 300_000;

/** Options of {@link LogCollector.finishAfterExitMarker}. */
export interface FinishAfterExitOptions {
  /**
   * How long the stream may go without a new line (counted from the exit, then from each
   * later line) before it is ended without its `[flaude:exit:N]` line; default
   * {@link DEFAULT_EXIT_MARKER_GRACE_MS}.
   */
  exitMarkerGraceMs?: number;
  /**
   * Longest wait after the exit however the lines keep coming; default
   * {@link DEFAULT_MAX_EXIT_LOG_WAIT_MS}.
   */
  maxWaitMs?: number;
  /** Aborting ends the stream at once (the log source stopped: nothing more will come). */
  signal?: AbortSignal;
}

interface Subscription {
  stream: LogStream;
  includeStderr: boolean;
  warnedDrops: boolean;
}

/**
 * Routes log lines to one {@link LogStream} per machine.
 *
 * Lines for a machine nobody subscribed to yet are kept (bounded) and delivered on
 * subscribe: a machine's first lines can reach the log source before its creator learns
 * its id. `system` lines are never delivered; `stderr` only to subscribers that ask.
 * After `finish(id)` the stream ends behind what was pushed; later lines are dropped and
 * counted in `lateLines`.
 *
 * Every stdout line is checked for the exit marker, so `finishAfterExitMarker` can keep a
 * stream open until its last line arrived (Fly's log delivery lags the machine's exit; the
 * seed library ended the stream when the API said "exited" and lost the final lines).
 */
export class LogCollector {
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #itemTimeoutMs: number | undefined;
  readonly #totalTimeoutMs: number | undefined;
  readonly #maxBufferedChars: number | undefined;
  readonly #maxPendingLines: number;
  readonly #maxPendingMachines: number;
  readonly #subscriptions = new Map<string, Subscription>();
  // Map iteration order is insertion order: re-inserting on push makes it least-recently-heard-first.
  readonly #pending = new Map<string, LogLine[]>();
  readonly #finished = new Set<string>();
  readonly #exitCodes = new Map<string, number>();
  /**
   * Machines whose latest stdout line is an exit marker. The real marker is the container's
   * last line; a marker followed by more output was printed by something else (a tool can
   * write to the entrypoint's stdout) and must not end the stream early.
   */
  readonly #endsWithMarker = new Set<string>();
  readonly #markerWaiters = new Map<string, Set<() => void>>();
  /** When the latest line of an exited machine (one in #markerWaiters) arrived. */
  readonly #lastLineAt = new Map<string, number>();
  #lateLines = 0;
  #droppedPendingLines = 0;

  /** A collector; every option has a default. */
  constructor(opts: LogCollectorOptions = {}) {
    this.#clock = opts.clock ?? systemClock;
    this.#logger = opts.logger ?? silentLogger;
    this.#itemTimeoutMs = opts.itemTimeoutMs;
    this.#totalTimeoutMs = opts.totalTimeoutMs;
    this.#maxBufferedChars = opts.maxBufferedChars;
    this.#maxPendingLines = opts.maxPendingLinesPerMachine ?? 1000;
    this.#maxPendingMachines = opts.maxPendingMachines ?? 256;
  }

  /** Lines that arrived for a machine after its stream was finished (dropped). */
  get lateLines(): number {
    return this.#lateLines;
  }

  /** Lines for not-yet-subscribed machines dropped by the pending bounds. */
  get droppedPendingLines(): number {
    return this.#droppedPendingLines;
  }

  /** Ids of the machines currently subscribed and not finished. */
  get machineIds(): string[] {
    return [...this.#subscriptions.keys()];
  }

  /**
   * The stream of one machine. Lines pushed before this call (kept while nobody listened)
   * come first. Subscribing twice returns the same stream; subscribing to a finished
   * machine returns a stream holding what was kept, already ended.
   */
  subscribe(machineId: string, opts: SubscribeOptions = {}): LogStream {
    const existing = this.#subscriptions.get(machineId);
    if (existing !== undefined) return existing.stream;
    const includeStderr = opts.includeStderr ?? false;
    const itemTimeoutMs = opts.itemTimeoutMs ?? this.#itemTimeoutMs;
    const totalTimeoutMs = opts.totalTimeoutMs ?? this.#totalTimeoutMs;
    const stream = new LogStream({
      clock: this.#clock,
      ...(itemTimeoutMs === undefined ? {} : { itemTimeoutMs }),
      ...(totalTimeoutMs === undefined ? {} : { totalTimeoutMs }),
      ...(this.#maxBufferedChars === undefined ? {} : { maxBufferedChars: this.#maxBufferedChars }),
    });
    const subscription: Subscription = { stream, includeStderr, warnedDrops: false };
    for (const line of this.#pending.get(machineId) ?? []) this.#deliver(subscription, line);
    this.#pending.delete(machineId);
    if (this.#finished.has(machineId)) {
      stream.end();
    } else {
      this.#subscriptions.set(machineId, subscription);
    }
    return stream;
  }

  /**
   * Routes one line to its machine's stream (or keeps it until that machine is subscribed),
   * cut to 1 MiB first (capLine): every source's lines pass here.
   */
  push(entry: LogLine): void {
    if (entry.stream === 'system' || entry.machineId === '') return;
    const message = capLine(entry.message);
    const line = message === entry.message ? entry : { ...entry, message };
    const id = line.machineId;
    if (this.#finished.has(id)) {
      this.#lateLines++;
      return;
    }
    if (this.#markerWaiters.has(id)) this.#lastLineAt.set(id, this.#clock.now());
    const exitCode = line.stream === 'stdout' ? parseExitMarker(line.message) : undefined;
    if (exitCode !== undefined) this.#exitCodes.set(id, exitCode);
    if (line.stream === 'stdout') {
      if (exitCode !== undefined) this.#endsWithMarker.add(id);
      else this.#endsWithMarker.delete(id);
    }
    const subscription = this.#subscriptions.get(id);
    if (subscription !== undefined) {
      this.#deliver(subscription, line);
    } else {
      this.#keepPending(line);
    }
    // The marker is the container's last line: once the machine has exited (someone waits in
    // finishAfterExitMarker), its stream ends right behind it.
    if (exitCode !== undefined && this.#markerWaiters.has(id)) this.finish(id);
  }

  /** Ends the machine's stream after the lines already pushed. Idempotent. */
  finish(machineId: string): void {
    this.#finished.add(machineId);
    const subscription = this.#subscriptions.get(machineId);
    this.#subscriptions.delete(machineId);
    subscription?.stream.end();
    this.#lastLineAt.delete(machineId);
    this.#wakeMarkerWaiters(machineId);
  }

  /** Ends every subscribed stream (the log source is gone). */
  finishAll(): void {
    for (const id of [...this.#subscriptions.keys()]) this.finish(id);
  }

  /** True once `finish(id)` was called for the machine. */
  isFinished(machineId: string): boolean {
    return this.#finished.has(machineId);
  }

  /** The code of the last `[flaude:exit:N]` line seen for the machine, if any. */
  exitMarkerCode(machineId: string): number | undefined {
    return this.#exitCodes.get(machineId);
  }

  /**
   * The machine has exited: ends its stream as soon as its exit marker has arrived (maybe
   * already), or when no line came for `exitMarkerGraceMs` (counted from the exit, then from
   * each later line: Fly may still be paging out a long log), or `maxWaitMs` after the exit,
   * or when `signal` aborts, whichever comes first. Resolves once the stream is finished.
   */
  async finishAfterExitMarker(machineId: string, opts: FinishAfterExitOptions): Promise<void> {
    if (
      this.#endsWithMarker.has(machineId) ||
      this.#finished.has(machineId) ||
      opts.signal?.aborted
    ) {
      this.finish(machineId);
      return;
    }
    const graceMs = opts.exitMarkerGraceMs ?? DEFAULT_EXIT_MARKER_GRACE_MS;
    const exitedAt = this.#clock.now();
    const capAt = exitedAt + Math.max(graceMs, opts.maxWaitMs ?? DEFAULT_MAX_EXIT_LOG_WAIT_MS);
    const stopWaiting = new AbortController();
    const onAbort = (): void => stopWaiting.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let waiters = this.#markerWaiters.get(machineId);
    if (waiters === undefined) {
      waiters = new Set();
      this.#markerWaiters.set(machineId, waiters);
    }
    waiters.add(onAbort);
    try {
      // One timer per quiet period, not per line: on waking, a line that came meanwhile
      // moves the end to its own time plus the grace.
      for (;;) {
        const lastLineAt = Math.max(exitedAt, this.#lastLineAt.get(machineId) ?? exitedAt);
        const endAt = Math.min(capAt, lastLineAt + graceMs);
        const now = this.#clock.now();
        if (now >= endAt) break;
        await this.#clock.sleep(endAt - now, stopWaiting.signal);
      }
      if (!this.#endsWithMarker.has(machineId) && !this.#finished.has(machineId)) {
        this.#logger.debug(
          this.#clock.now() >= capAt
            ? `No exit marker in the logs of machine ${machineId} within ${capAt - exitedAt} ms of its exit, its lines still coming; ending its log stream.`
            : `No exit marker in the logs of machine ${machineId} and no line within ${graceMs} ms; ending its log stream.`,
        );
      }
    } catch {
      // Woken by the marker, by finish() or by the source stopping: finish below.
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      waiters.delete(onAbort);
      if (waiters.size === 0) this.#markerWaiters.delete(machineId);
    }
    this.finish(machineId);
  }

  #deliver(subscription: Subscription, line: LogLine): void {
    if (line.stream === 'stderr' && !subscription.includeStderr) return;
    const { stream } = subscription;
    stream.push(line.message);
    if (stream.droppedLines > 0 && !subscription.warnedDrops) {
      subscription.warnedDrops = true;
      this.#logger.warning(
        `The log stream of machine ${line.machineId} is not being read; its oldest unread lines are being dropped to cap memory.`,
      );
    }
  }

  #keepPending(line: LogLine): void {
    const id = line.machineId;
    const lines = this.#pending.get(id) ?? [];
    this.#pending.delete(id);
    this.#pending.set(id, lines);
    lines.push(line);
    if (lines.length > this.#maxPendingLines) {
      lines.shift();
      this.#droppedPendingLines++;
    }
    while (this.#pending.size > this.#maxPendingMachines) {
      const [oldestId, oldestLines] = this.#pending.entries().next().value as [string, LogLine[]];
      this.#pending.delete(oldestId);
      this.#droppedPendingLines += oldestLines.length;
    }
  }

  #wakeMarkerWaiters(machineId: string): void {
    for (const wake of this.#markerWaiters.get(machineId) ?? []) wake();
  }
}

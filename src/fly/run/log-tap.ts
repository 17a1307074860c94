/**
 * A run's view of its machine's log stream: read in the background alongside the wait, every
 * line handed on (redacted) and the latest kept, until the stream ends or the run leaves it.
 */
import type { Clock } from '../base/clock.js';
import { messageOf } from '../base/messages.js';
import type { Logger } from '../base/logger.js';
import { parseExitMarker, parseManifest, type WorkspaceManifest } from '../logs/markers.js';
import type { LogStream } from '../logs/stream.js';

/**
 * Lines a run keeps of its machine's log (`RunResult.logs`): the latest ones, so memory does
 * not grow with the log's length. What must be whole (the raw transcript) is written line by
 * line as it arrives, through `onLine`.
 */
export const DEFAULT_KEPT_LOG_LINES = 1_000;

/**
 * Reads a log stream in the background, keeping the latest {@link DEFAULT_KEPT_LOG_LINES}
 * lines, the count, the workspace manifest and the last exit marker, until the stream ends or
 * the run abandons it. `settle` waits, after the exit, for the marker, the end of the stream,
 * or its lines to stop coming.
 */
export class LogTap {
  /** How many lines were read in all. */
  lineCount = 0;
  /** The first `[flaude:manifest:{json}]` read (the entrypoint prints it early). */
  manifest: WorkspaceManifest | undefined;
  /** The last `[flaude:exit:N]` line read, wherever it was. */
  lastExitMarker: string | undefined;
  // Trimmed to the kept count once it holds twice as many: one copy per `keep` lines.
  private tail: string[] = [];
  private readonly keep: number;
  private ended = false;
  private markerSeen = false;
  private abandoned = false;
  private waiters: Array<() => void> = [];
  private iterator: AsyncIterator<string> | undefined;
  private readonly redact: (line: string) => string;
  private readonly onLine: ((line: string) => void) | undefined;
  private readonly logger: Logger;

  /**
   * Starts reading `stream` at once. Each line is redacted before it is kept or handed to
   * `onLine`; a throwing `onLine` or a failing stream is logged as a warning, never thrown.
   * `keep` bounds the lines kept (default {@link DEFAULT_KEPT_LOG_LINES}).
   */
  constructor(
    stream: LogStream,
    redact: (line: string) => string,
    onLine: ((line: string) => void) | undefined,
    logger: Logger,
    keep: number = DEFAULT_KEPT_LOG_LINES,
  ) {
    if (!(Number.isInteger(keep) && keep >= 1)) {
      throw new RangeError(`keep must be a positive integer, got ${String(keep)}`);
    }
    this.keep = keep;
    this.redact = redact;
    this.onLine = onLine;
    this.logger = logger;
    void this.consume(stream);
  }

  /** The latest lines read, redacted, in order: at most `keep` of them. */
  get lines(): string[] {
    return this.tail.length > this.keep ? this.tail.slice(-this.keep) : [...this.tail];
  }

  private keepLine(line: string): void {
    this.lineCount++;
    this.tail.push(line);
    if (this.tail.length >= 2 * this.keep) this.tail = this.tail.slice(-this.keep);
    if (parseExitMarker(line) !== undefined) {
      this.markerSeen = true;
      this.lastExitMarker = line;
    }
    this.manifest ??= parseManifest(line);
  }

  private async consume(stream: LogStream): Promise<void> {
    this.iterator = stream[Symbol.asyncIterator]();
    try {
      for (;;) {
        const item = await this.iterator.next();
        if (item.done || this.abandoned) break;
        const line = this.redact(item.value);
        this.keepLine(line);
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

  /**
   * Resolves when the stream ended, the exit marker was read, no line was read for `graceMs`
   * (counted from this call, then from each later line: a long log is still being paged
   * through after the exit), or the clock reaches `capAtMs`.
   */
  async settle(
    clock: Clock,
    window: { graceMs: number; capAtMs: number },
    signal: AbortSignal | undefined,
  ): Promise<void> {
    if (this.ended || this.markerSeen) return;
    let lastLineAt = clock.now();
    const endAt = (): number => Math.min(window.capAtMs, lastLineAt + window.graceMs);
    let timer = new AbortController();
    // One timer per quiet period, not per line: on waking, a line read meanwhile moves the end.
    const sleepUntilEnd = (): Promise<'slept' | 'stopped'> => {
      timer = new AbortController();
      const sleepSignal = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
      return clock.sleep(Math.max(0, endAt() - clock.now()), sleepSignal).then(
        () => 'slept' as const,
        () => 'stopped' as const,
      );
    };
    let slept = sleepUntilEnd();
    try {
      while (!this.ended && !this.markerSeen) {
        const changed = new Promise<'changed'>((resolve) =>
          this.waiters.push(() => resolve('changed')),
        );
        const woken = await Promise.race([changed, slept]);
        if (woken === 'changed') {
          lastLineAt = clock.now();
          continue;
        }
        if (woken === 'stopped' || clock.now() >= endAt()) break;
        slept = sleepUntilEnd();
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

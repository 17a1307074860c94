import { systemClock, type Clock } from '../base/clock.js';

/** Options of a {@link LogStream}. */
export interface LogStreamOptions {
  /** Longest wait for the next line; iteration ends (timedOut) when it passes. */
  itemTimeoutMs?: number;
  /** Longest whole iteration, counted from the first `next()`; ends iteration (timedOut). */
  totalTimeoutMs?: number;
  clock?: Clock;
  /**
   * Memory cap for lines pushed but not yet read, in UTF-16 code units (default 32 Mi,
   * about 64 MB). Beyond it the OLDEST unread lines are dropped and counted in
   * `droppedLines`: the newest lines (the exit marker, the final error) matter most.
   */
  maxBufferedChars?: number;
}

/** Default memory cap of unread lines; generous, so only a stalled consumer ever hits it. */
export const DEFAULT_MAX_BUFFERED_CHARS = 32 * 1024 * 1024;

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * The log lines of one machine as an async iterable of strings, fed by pushes (from a
 * {@link LogCollector}) and ended by `end()`.
 *
 * Timeouts never throw: when the per-item or total timeout passes, `timedOut` is set and
 * iteration simply ends, so a consumer's `for await` falls through to its result handling.
 * Leaving a `for await` early (break) is allowed; later pushes are ignored.
 */
export class LogStream implements AsyncIterable<string>, AsyncIterator<string, undefined> {
  readonly #clock: Clock;
  readonly #itemTimeoutMs: number | undefined;
  readonly #totalTimeoutMs: number | undefined;
  readonly #maxBufferedChars: number;
  #queue: string[] = [];
  #head = 0;
  #bufferedChars = 0;
  #ended = false;
  #done = false;
  #timedOut = false;
  #linesYielded = 0;
  #droppedLines = 0;
  #deadline: number | undefined;
  #wake: (() => void) | undefined;
  // next() calls are served one at a time, so concurrent callers each get their own line.
  #chain: Promise<unknown> = Promise.resolve();

  /** A stream with optional per-item and total timeouts (none by default). */
  constructor(opts: LogStreamOptions = {}) {
    this.#clock = opts.clock ?? systemClock;
    this.#itemTimeoutMs = opts.itemTimeoutMs;
    this.#totalTimeoutMs = opts.totalTimeoutMs;
    this.#maxBufferedChars = opts.maxBufferedChars ?? DEFAULT_MAX_BUFFERED_CHARS;
  }

  /** True once a timeout ended the iteration. */
  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** True once iteration is over: end reached and drained, timed out, or left early. */
  get done(): boolean {
    return this.#done;
  }

  /** True once the producer called `end()` (lines may still be unread). */
  get ended(): boolean {
    return this.#ended;
  }

  /** Lines handed to the consumer so far. */
  get linesYielded(): number {
    return this.#linesYielded;
  }

  /** Unread lines dropped because the memory cap was reached. */
  get droppedLines(): number {
    return this.#droppedLines;
  }

  /** Lines pushed and not yet read. */
  get bufferedLines(): number {
    return this.#queue.length - this.#head;
  }

  /**
   * Adds a line. Returns false (and keeps nothing) when the stream no longer accepts
   * lines: after `end()`, a timeout, or the consumer leaving.
   */
  push(line: string): boolean {
    if (this.#ended || this.#done) return false;
    this.#queue.push(line);
    this.#bufferedChars += line.length;
    while (this.#bufferedChars > this.#maxBufferedChars && this.bufferedLines > 1) {
      const dropped = this.#queue[this.#head] ?? '';
      this.#queue[this.#head] = '';
      this.#head++;
      this.#bufferedChars -= dropped.length;
      this.#droppedLines++;
    }
    this.#compact();
    this.#wake?.();
    return true;
  }

  /** No more lines will come; iteration ends once the pushed ones are read. Idempotent. */
  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  /** The next line, or done at the end, on timeout, or after the consumer left. */
  next(): Promise<IteratorResult<string, undefined>> {
    const result = this.#chain.then(() => this.#next());
    this.#chain = result.catch(() => undefined);
    return result;
  }

  /** Leaves the iteration early (what `break` in a `for await` calls); unread lines are freed. */
  return(): Promise<IteratorResult<string, undefined>> {
    this.#finishIteration();
    return Promise.resolve(DONE);
  }

  /** The stream is its own iterator: one consumer reads it once. */
  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Reads every remaining line until the end (or a timeout) and returns them in order. */
  async collect(): Promise<string[]> {
    const lines: string[] = [];
    for (;;) {
      const item = await this.next();
      if (item.done) return lines;
      lines.push(item.value);
    }
  }

  async #next(): Promise<IteratorResult<string, undefined>> {
    if (this.#deadline === undefined && this.#totalTimeoutMs !== undefined && !this.#done) {
      this.#deadline = this.#clock.now() + this.#totalTimeoutMs;
    }
    for (;;) {
      if (this.#done) return DONE;
      if (this.#deadline !== undefined && this.#clock.now() >= this.#deadline) {
        return this.#timeout();
      }
      if (this.bufferedLines > 0) {
        const line = this.#queue[this.#head] ?? '';
        this.#queue[this.#head] = '';
        this.#head++;
        this.#bufferedChars -= line.length;
        this.#compact();
        this.#linesYielded++;
        return { done: false, value: line };
      }
      if (this.#ended) {
        this.#finishIteration();
        return DONE;
      }
      const woken = await this.#waitForPush(this.#waitBudget());
      if (!woken && this.bufferedLines === 0 && !this.#ended) return this.#timeout();
    }
  }

  #waitBudget(): number | undefined {
    const remaining =
      this.#deadline === undefined ? undefined : Math.max(0, this.#deadline - this.#clock.now());
    if (this.#itemTimeoutMs === undefined) return remaining;
    return remaining === undefined ? this.#itemTimeoutMs : Math.min(remaining, this.#itemTimeoutMs);
  }

  /** Resolves true when a push/end/return wakes it, false when `ms` passed first. */
  async #waitForPush(ms: number | undefined): Promise<boolean> {
    const woken = new Promise<boolean>((resolve) => {
      this.#wake = () => resolve(true);
    });
    if (ms === undefined) {
      await woken;
      this.#wake = undefined;
      return true;
    }
    const abort = new AbortController();
    const slept = this.#clock.sleep(ms, abort.signal).then(
      () => false,
      () => true,
    );
    const result = await Promise.race([woken, slept]);
    this.#wake = undefined;
    abort.abort();
    return result;
  }

  #timeout(): IteratorResult<string, undefined> {
    this.#timedOut = true;
    this.#finishIteration();
    return DONE;
  }

  #finishIteration(): void {
    this.#done = true;
    this.#queue = [];
    this.#head = 0;
    this.#bufferedChars = 0;
    this.#wake?.();
  }

  // Reading from the head keeps next() O(1); the array is rebuilt once half of it is spent.
  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }
}

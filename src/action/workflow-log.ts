/**
 * Routes each reviewer's rendered lines into its own `::group::` section of the workflow log.
 * Groups cannot nest and only one can be open at a time, so:
 * - with one reviewer, its section is opened at once and filled live;
 * - with several, each reviewer's lines are kept until it finishes and then written as one
 *   section, in the order they finish (sections never interleave); meanwhile short lines
 *   prefixed with the reviewer's name show its progress (started, each tool call, finished),
 *   and a status line for all of them comes every 30 s and whenever one finishes.
 *
 * Every machine line is redacted first, then copied to the reviewer's raw transcript file, and
 * written (rendered, or as a progress line) through the step log's stop-commands fence.
 */
import { systemClock, type Clock } from '../fly/index.js';
import { RawTranscript } from './raw-transcript.js';
import type { Redactor } from './redact.js';
import { describeState, statusLine, type ReviewerState } from './reviewer-status.js';
import { defuse, type StepLog } from './step-log.js';
import { Transcript, oneLine } from './transcript.js';

/** Rendered lines a reviewer keeps for its error message (which shows the last 20). */
const KEPT_LINES = 200;
/**
 * Rendered lines a section holds back while several reviewers run; beyond that the oldest go
 * (the raw transcript keeps them all), so a long run cannot exhaust the runner's memory.
 */
export const MAX_SECTION_LINES = 10_000;
/** How often the status line comes while several reviewers run. */
export const STATUS_INTERVAL_MS = 30_000;

export interface WorkflowLogOptions {
  readonly redact: Redactor;
  /** Where each reviewer's raw transcript goes (`<dir>/<reviewer>.jsonl`); none without. */
  readonly transcriptsDir?: string;
  readonly clock?: Clock;
  /** Default {@link STATUS_INTERVAL_MS}. */
  readonly statusIntervalMs?: number;
}

/** What every reviewer's log shares. */
interface Shared {
  readonly log: StepLog;
  readonly redact: Redactor;
  readonly clock: Clock;
  readonly live: boolean;
  readonly onFinished: () => void;
}

export class WorkflowLog {
  readonly #log: StepLog;
  readonly #reviewers = new Map<string, ReviewerLog>();
  readonly #clock: Clock;
  readonly #statusIntervalMs: number;
  readonly #live: boolean;

  constructor(log: StepLog, reviewerNames: readonly string[], options: WorkflowLogOptions) {
    this.#log = log;
    this.#clock = options.clock ?? systemClock;
    this.#statusIntervalMs = options.statusIntervalMs ?? STATUS_INTERVAL_MS;
    this.#live = reviewerNames.length === 1;
    const shared: Shared = {
      log,
      redact: options.redact,
      clock: this.#clock,
      live: this.#live,
      onFinished: () => this.#reviewerFinished(),
    };
    for (const name of reviewerNames) {
      const transcript =
        options.transcriptsDir === undefined
          ? undefined
          : RawTranscript.open(options.transcriptsDir, name, (m) => log.warning(m));
      this.#reviewers.set(name, new ReviewerLog(name, shared, transcript));
    }
  }

  /** The log of one reviewer (created by the constructor). */
  reviewer(name: string): ReviewerLog {
    const log = this.#reviewers.get(name);
    if (!log) throw new Error(`No log section for reviewer '${name}'.`);
    return log;
  }

  /**
   * Runs `work` (the reviewers' machines) with the status line ticking, then, whatever
   * happens: closes the section of any reviewer that never finished, closes the transcript
   * files and ends the fence, so that what the step prints next is read as commands again.
   */
  async during<T>(work: () => Promise<T>): Promise<T> {
    const ticker = new AbortController();
    const ticking = this.#live ? Promise.resolve() : this.#tick(ticker.signal);
    try {
      return await work();
    } finally {
      ticker.abort();
      await ticking;
      for (const reviewer of this.#reviewers.values()) {
        reviewer.finish(false, `✖ ${reviewer.name} did not finish: the step stopped first.`);
      }
      await Promise.all([...this.#reviewers.values()].map((r) => r.closeTranscript()));
      this.#log.end();
    }
  }

  /** The status line for all reviewers now. */
  statusLine(): string {
    return statusLine([...this.#reviewers.values()].map((r) => [r.name, r.state]));
  }

  async #tick(signal: AbortSignal): Promise<void> {
    while (this.#anyUnfinished()) {
      try {
        await this.#clock.sleep(this.#statusIntervalMs, signal);
      } catch {
        return; // stopped
      }
      if (this.#anyUnfinished()) this.#log.text(this.statusLine());
    }
  }

  /** After a reviewer's section: where the others are, while any still runs. */
  #reviewerFinished(): void {
    if (!this.#live && this.#anyUnfinished()) this.#log.text(this.statusLine());
  }

  #anyUnfinished(): boolean {
    return [...this.#reviewers.values()].some((r) => r.state.kind !== 'finished');
  }
}

export class ReviewerLog {
  readonly name: string;
  readonly transcript = new Transcript();
  readonly #shared: Shared;
  readonly #raw: RawTranscript | undefined;
  readonly #kept: string[] = [];
  readonly #held: string[] = [];
  #heldDropped = 0;
  #startedAt: number | undefined;
  #finished: Extract<ReviewerState, { kind: 'finished' }> | undefined;
  #opened = false;
  #closingTranscript: Promise<void> | undefined;

  constructor(name: string, shared: Shared, raw: RawTranscript | undefined) {
    this.name = name;
    this.#shared = shared;
    this.#raw = raw;
  }

  /** The reviewer's raw transcript file (`<dir>/<name>.jsonl`), if one could be made. */
  get transcriptPath(): string | undefined {
    return this.#raw?.path;
  }

  /** Where the reviewer is now. */
  get state(): ReviewerState {
    if (this.#finished) return this.#finished;
    if (this.#startedAt === undefined) return { kind: 'waiting' };
    return {
      kind: 'running',
      elapsedMs: this.#shared.clock.now() - this.#startedAt,
      turns: this.transcript.turns,
    };
  }

  /** The latest rendered lines (readable, redacted, defused), oldest first. */
  get renderedLines(): readonly string[] {
    return this.#kept;
  }

  /** Its machine exists: the clock of its duration starts. */
  started(machine: { readonly id: string; readonly region?: string | undefined }): void {
    if (this.#finished || this.#startedAt !== undefined) return;
    this.#startedAt = this.#shared.clock.now();
    // Live, the section opens now and the library has just said which machine it created.
    if (this.#shared.live) return this.#open();
    const where = machine.region ? ` in ${oneLine(machine.region)}` : '';
    this.#progress(`started: machine ${oneLine(machine.id)}${where}`);
  }

  /** Feeds one raw machine line. */
  line(raw: string): void {
    if (this.#finished) return;
    const { redact, live, log } = this.#shared;
    const redacted = redact(raw);
    this.#raw?.write(redacted);
    const { rendered, progress } = this.transcript.read(redacted);
    for (const text of rendered) {
      const line = defuse(text);
      this.#kept.push(line);
      if (this.#kept.length > KEPT_LINES) this.#kept.shift();
      if (live) {
        this.#open();
        log.untrusted(line);
      } else {
        this.#hold(line);
      }
    }
    if (!live) for (const note of progress) this.#progress(redact(note));
  }

  /**
   * Closes the section: with several reviewers, writes it whole now; `closingLine` (the
   * outcome) is its last line. Closes the raw transcript too. Idempotent.
   */
  finish(passed: boolean, closingLine: string): void {
    if (this.#finished) return;
    const { clock, log, live, redact } = this.#shared;
    this.#finished = {
      kind: 'finished',
      passed,
      durationMs: this.#startedAt === undefined ? undefined : clock.now() - this.#startedAt,
    };
    if (!live) this.#progress(`finished: ${describeState(this.#finished)}`);
    this.#open();
    if (this.#heldDropped > 0) {
      const where = this.transcriptPath
        ? `; the whole transcript is in ${this.transcriptPath}`
        : '';
      log.text(`… ${this.#heldDropped} earlier lines are not shown here${where}.`);
    }
    for (const line of this.#held.splice(0)) log.untrusted(line);
    log.untrusted(redact(closingLine));
    log.endGroup();
    this.#closingTranscript = this.#raw?.close();
    this.#shared.onFinished();
  }

  /** Resolves once the raw transcript is closed (at once when there is none). */
  closeTranscript(): Promise<void> {
    return this.#closingTranscript ?? this.#raw?.close() ?? Promise.resolve();
  }

  /** A line outside the sections, prefixed so that it says whose it is. */
  #progress(text: string): void {
    this.#shared.log.untrusted(`[${this.name}] ${text}`);
  }

  #hold(line: string): void {
    this.#held.push(line);
    // Dropped in batches: one splice per MAX_SECTION_LINES lines, not a shift per line.
    if (this.#held.length >= 2 * MAX_SECTION_LINES) this.#dropHeld();
  }

  #dropHeld(): void {
    const excess = this.#held.length - MAX_SECTION_LINES;
    if (excess <= 0) return;
    this.#held.splice(0, excess);
    this.#heldDropped += excess;
  }

  #open(): void {
    if (this.#opened) return;
    this.#dropHeld();
    this.#shared.log.startGroup(`Reviewer ${this.name}`);
    this.#opened = true;
  }
}

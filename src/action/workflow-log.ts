/**
 * Routes each reviewer's rendered lines into its own `::group::` section of the workflow log.
 * Groups cannot nest and only one can be open at a time, so:
 * - with one reviewer, its section is opened at once and filled live;
 * - with several, each reviewer's lines are kept until it finishes and then written as one
 *   section (sections never interleave); meanwhile short progress lines, prefixed with the
 *   reviewer's name, show that work is going on.
 */
import type { Redactor } from './redact.js';
import { Transcript } from './transcript.js';

/** The parts of @actions/core the log needs; main.ts passes core itself. */
export interface LogSink {
  info(message: string): void;
  startGroup(title: string): void;
  endGroup(): void;
}

export class WorkflowLog {
  readonly #sink: LogSink;
  readonly #redact: Redactor;
  readonly #live: boolean;
  readonly #reviewers = new Map<string, ReviewerLog>();

  constructor(sink: LogSink, reviewerNames: readonly string[], redact: Redactor) {
    this.#sink = sink;
    this.#redact = redact;
    this.#live = reviewerNames.length === 1;
    for (const name of reviewerNames) {
      this.#reviewers.set(name, new ReviewerLog(name, sink, redact, this.#live));
    }
  }

  /** The log of one reviewer (created by the constructor). */
  reviewer(name: string): ReviewerLog {
    const log = this.#reviewers.get(name);
    if (!log) throw new Error(`No log section for reviewer '${name}'.`);
    return log;
  }

  /** A line outside any section. */
  info(message: string): void {
    this.#sink.info(this.#redact(message));
  }
}

/** Rendered lines a reviewer keeps for its error message (which shows the last 20). */
const KEPT_LINES = 200;

export class ReviewerLog {
  readonly transcript = new Transcript();
  readonly #kept: string[] = [];
  readonly #name: string;
  readonly #sink: LogSink;
  readonly #redact: Redactor;
  readonly #live: boolean;
  readonly #buffer: string[] = [];
  #opened = false;
  #closed = false;

  constructor(name: string, sink: LogSink, redact: Redactor, live: boolean) {
    this.#name = name;
    this.#sink = sink;
    this.#redact = redact;
    this.#live = live;
  }

  /** Feeds one raw machine line. */
  line(raw: string): void {
    if (this.#closed) return;
    for (const rendered of this.transcript.render(this.#redact(raw))) {
      this.#kept.push(rendered);
      if (this.#kept.length > KEPT_LINES) this.#kept.shift();
      if (this.#live) {
        this.#open();
        this.#sink.info(rendered);
      } else {
        this.#buffer.push(rendered);
        if (rendered.startsWith('▶') || rendered.startsWith('· ') || rendered.startsWith('✖')) {
          this.#sink.info(`[${this.#name}] ${rendered}`);
        }
      }
    }
  }

  /** The latest rendered lines (readable, redacted), oldest first. */
  get renderedLines(): readonly string[] {
    return this.#kept;
  }

  /** Closes the section; `outcome` is printed as its last line. Idempotent. */
  finish(outcome: string): void {
    if (this.#closed) return;
    this.#open();
    for (const rendered of this.#buffer) this.#sink.info(rendered);
    this.#buffer.length = 0;
    this.#sink.info(this.#redact(outcome));
    this.#sink.endGroup();
    this.#closed = true;
  }

  #open(): void {
    if (this.#opened) return;
    this.#sink.startGroup(`Reviewer ${this.#name}`);
    this.#opened = true;
  }
}

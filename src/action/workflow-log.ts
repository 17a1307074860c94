/**
 * Routes each reviewer's rendered lines into its own `::group::` section of the workflow log.
 * Groups cannot nest and only one can be open at a time, so:
 * - with one reviewer, its section is opened at once and filled live;
 * - with several, each reviewer's lines are kept until it finishes and then written as one
 *   section (sections never interleave); meanwhile short progress lines, prefixed with the
 *   reviewer's name, show that work is going on.
 *
 * What a machine prints is untrusted (Claude's text and tool output follow the PR's content),
 * and the runner executes workflow commands it finds in the log. Each section's machine lines
 * are therefore written between `::stop-commands::<token>` and `::<token>::`, which turns
 * `::` commands off, and the legacy `##[command]` form, which stop-commands does not cover,
 * is defused in every machine line.
 */
import type { Redactor } from './redact.js';
import { Transcript } from './transcript.js';

/** The parts of @actions/core the log needs; main.ts passes core itself. */
export interface LogSink {
  info(message: string): void;
  startGroup(title: string): void;
  endGroup(): void;
}

/** Rendered lines a reviewer keeps for its error message (which shows the last 20). */
const KEPT_LINES = 200;

export class WorkflowLog {
  readonly #reviewers = new Map<string, ReviewerLog>();

  /**
   * @param commandsToken an unguessable token (e.g. a random UUID) ending the
   *   stop-commands region; machine output cannot know it.
   */
  constructor(
    sink: LogSink,
    reviewerNames: readonly string[],
    redact: Redactor,
    commandsToken: string,
  ) {
    const live = reviewerNames.length === 1;
    for (const name of reviewerNames) {
      this.#reviewers.set(name, new ReviewerLog(name, { sink, redact, live, commandsToken }));
    }
  }

  /** The log of one reviewer (created by the constructor). */
  reviewer(name: string): ReviewerLog {
    const log = this.#reviewers.get(name);
    if (!log) throw new Error(`No log section for reviewer '${name}'.`);
    return log;
  }
}

interface ReviewerLogOptions {
  readonly sink: LogSink;
  readonly redact: Redactor;
  readonly live: boolean;
  readonly commandsToken: string;
}

export class ReviewerLog {
  readonly transcript = new Transcript();
  readonly #name: string;
  readonly #options: ReviewerLogOptions;
  readonly #kept: string[] = [];
  readonly #buffer: string[] = [];
  #opened = false;
  #closed = false;

  constructor(name: string, options: ReviewerLogOptions) {
    this.#name = name;
    this.#options = options;
  }

  /** Feeds one raw machine line. */
  line(raw: string): void {
    if (this.#closed) return;
    const { sink, redact, live } = this.#options;
    for (const rendered of this.transcript.render(defuse(redact(raw)))) {
      this.#kept.push(rendered);
      if (this.#kept.length > KEPT_LINES) this.#kept.shift();
      if (live) {
        this.#open();
        sink.info(rendered);
      } else {
        this.#buffer.push(rendered);
        if (rendered.startsWith('▶') || rendered.startsWith('· ') || rendered.startsWith('✖')) {
          // Prefixed, so no `::` command can start the line.
          sink.info(`[${this.#name}] ${rendered}`);
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
    const { sink, redact, commandsToken } = this.#options;
    this.#open();
    for (const rendered of this.#buffer) sink.info(rendered);
    this.#buffer.length = 0;
    sink.info(defuse(redact(outcome)));
    sink.info(`::${commandsToken}::`);
    sink.endGroup();
    this.#closed = true;
  }

  #open(): void {
    if (this.#opened) return;
    const { sink, commandsToken } = this.#options;
    sink.startGroup(`Reviewer ${this.#name}`);
    sink.info(`::stop-commands::${commandsToken}`);
    this.#opened = true;
  }
}

/** Defuses the legacy `##[command]` form, which the runner honours anywhere in a line. */
export function defuse(line: string): string {
  return line.replace(/##\[/g, '#\u200b#[');
}

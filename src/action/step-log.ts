/**
 * The main step's log: the one writer of what the step prints while machine output is about.
 *
 * What a machine prints is untrusted (Claude's text and tool output follow the PR's content),
 * and the runner executes the workflow commands it finds in the log. So machine text is only
 * ever written inside a stop-commands region (`::stop-commands::<token>` … `::<token>::`),
 * where the runner treats every line, `::` and legacy `##[` commands alike, as text until it
 * sees the token. The step's own commands (debug, warning, error, groups) would be text there
 * too, so each one ends the region first; the next machine line opens a new one.
 *
 * Every region gets a fresh token. The runner prints both fence lines in the log, so a token is
 * public as soon as its region ends, and the log can be read while the job still runs (by a
 * machine holding a GitHub token, say). A reused token would let anyone who read it end a later
 * region; a fresh one is dead once printed, and costs nothing.
 */
import { randomNonce } from '../fly/index.js';

/** The parts of @actions/core the log is written with; main.ts and post.ts pass core itself. */
export interface LogSink {
  info(message: string): void;
  debug(message: string): void;
  warning(message: string, properties?: AnnotationTitle): void;
  error(message: string, properties?: AnnotationTitle): void;
  startGroup(title: string): void;
  endGroup(): void;
  /** Whether the run shows debug lines (step debug logging is on). */
  isDebug(): boolean;
}

/** The annotation properties the action sets. */
export interface AnnotationTitle {
  title?: string;
}

/** 128 bits: a token nobody can guess. */
const TOKEN_CHARS = 32;

export class StepLog {
  readonly #sink: LogSink;
  readonly #newToken: () => string;
  /** The token that ends the open stop-commands region; undefined when none is open. */
  #token: string | undefined;

  /** @param newToken makes each region's token; tests pass a predictable one. */
  constructor(sink: LogSink, newToken: () => string = () => randomNonce(TOKEN_CHARS)) {
    this.#sink = sink;
    this.#newToken = newToken;
  }

  /** Whether a stop-commands region is open (what is written now is text whatever it says). */
  get fenced(): boolean {
    return this.#token !== undefined;
  }

  /** The step's own text, written as it is, inside or outside a region. */
  text(line: string): void {
    this.#sink.info(line);
  }

  /** A line that came from a machine: written inside a region, defused as well. */
  untrusted(line: string): void {
    if (this.#token === undefined) {
      this.#token = this.#newToken();
      this.#sink.info(`::stop-commands::${this.#token}`);
    }
    this.#sink.info(defuse(line));
  }

  /**
   * Runs `emit`, which writes workflow commands (e.g. `core.setFailed`), outside any region.
   * Everything that prints a command while machine output may be fenced goes through here.
   */
  command(emit: () => void): void {
    this.end();
    emit();
  }

  /**
   * A debug line. When the run hides debug lines anyway, a line that would end a region is
   * dropped instead: ending and reopening the region around it would print two fence lines for
   * one invisible line (the log poller writes one a second).
   */
  debug(message: string): void {
    if (this.#token !== undefined && !this.#sink.isDebug()) return;
    this.command(() => this.#sink.debug(message));
  }

  /** A warning annotation. */
  warning(message: string, properties?: AnnotationTitle): void {
    this.command(() => this.#sink.warning(message, properties));
  }

  /** An error annotation (it does not fail the step). */
  error(message: string, properties?: AnnotationTitle): void {
    this.command(() => this.#sink.error(message, properties));
  }

  /** Opens a collapsible section; sections cannot nest. */
  startGroup(title: string): void {
    this.command(() => this.#sink.startGroup(title));
  }

  /** Closes the open section. */
  endGroup(): void {
    this.command(() => this.#sink.endGroup());
  }

  /** Runs `work` inside a section, closed whatever happens. */
  async group<T>(title: string, work: () => Promise<T>): Promise<T> {
    this.startGroup(title);
    try {
      return await work();
    } finally {
      this.endGroup();
    }
  }

  /** Ends the open region, if any: the runner executes commands again. Idempotent. */
  end(): void {
    if (this.#token === undefined) return;
    this.#sink.info(`::${this.#token}::`);
    this.#token = undefined;
  }
}

/**
 * Defuses the legacy `##[command]` form, which the runner honours anywhere in a line. Inside a
 * region it is text already; this is the second fence, and it keeps machine text that the
 * action quotes elsewhere (a failure's log tail) inert too.
 */
export function defuse(line: string): string {
  return line.replace(/##\[/g, '#\u200b#[');
}

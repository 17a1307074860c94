/**
 * Each reviewer's raw machine lines in `<dir>/<reviewer>.jsonl`, for a workflow to upload as an
 * artifact: Claude Code's stream-json objects as the machine printed them, and every other line
 * (the container's own `[flaude]` lines) as a JSON string, so each line of the file is JSON
 * (`jq 'objects'` gives Claude's events, `jq -r 'strings'` the container's lines).
 *
 * Lines are written as they arrive, through a stream, and never wait for the disk: the log
 * must not stall behind a file. Should the disk fall far behind, lines are dropped and counted
 * instead of piling up in memory. A transcript that cannot be written is a warning, never a
 * failed review.
 */
import { createWriteStream, mkdirSync, openSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messageOf } from '../fly/index.js';

/** The directory of the step's transcripts: `$RUNNER_TEMP/flaude`, or the OS's temp dir. */
export function transcriptsDir(runnerTemp: string | undefined): string {
  return join(runnerTemp || tmpdir(), 'flaude');
}

/** Bytes waiting for the disk beyond which new lines are dropped. */
export const MAX_PENDING_BYTES = 16 * 1024 * 1024;
/** Names tried after `<reviewer>.jsonl` when an earlier step of the job holds it. */
const MAX_SUFFIX = 100;
/** A file name's safe characters; the action's reviewer names are of them already. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export class RawTranscript {
  /** Where the file is (the report links it). */
  readonly path: string;
  readonly #stream: WriteStream;
  readonly #onError: (message: string) => void;
  #failed = false;
  #dropped = 0;
  #closed: Promise<void> | undefined;

  private constructor(path: string, stream: WriteStream, onError: (message: string) => void) {
    this.path = path;
    this.#stream = stream;
    this.#onError = onError;
    stream.on('error', (error) => this.#fail(error));
  }

  /**
   * Creates `dir` if need be and a new file for `reviewer` in it: `<reviewer>.jsonl`, or
   * `<reviewer>-2.jsonl` and so on when an earlier step of the same job wrote that one (a file
   * is never overwritten). Undefined, after telling `onError` why, when no file can be made.
   */
  static open(
    dir: string,
    reviewer: string,
    onError: (message: string) => void,
  ): RawTranscript | undefined {
    if (!SAFE_NAME.test(reviewer)) {
      onError(`No transcript for reviewer '${reviewer}': the name is not a safe file name.`);
      return undefined;
    }
    try {
      mkdirSync(dir, { recursive: true });
      for (let n = 1; n <= MAX_SUFFIX; n++) {
        const path = join(dir, n === 1 ? `${reviewer}.jsonl` : `${reviewer}-${n}.jsonl`);
        let fd: number;
        try {
          fd = openSync(path, 'wx');
        } catch (e: unknown) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
          throw e;
        }
        return new RawTranscript(path, createWriteStream(path, { fd }), onError);
      }
      throw new Error(`${MAX_SUFFIX} transcripts of this name exist already`);
    } catch (e: unknown) {
      onError(`No transcript for reviewer '${reviewer}' in ${dir}: ${messageOf(e)}`);
      return undefined;
    }
  }

  /** Appends one machine line (already redacted). */
  write(line: string): void {
    if (this.#failed || this.#closed) return;
    if (this.#stream.writableLength > MAX_PENDING_BYTES) {
      this.#dropped++;
      return;
    }
    this.#stream.write(`${jsonLine(line)}\n`);
  }

  /** Flushes and closes the file; resolves (never rejects) once it is closed. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      if (this.#dropped > 0 && !this.#failed) {
        this.#stream.write(
          `${JSON.stringify(`[flaude-action] ${this.#dropped} lines dropped: the disk fell behind.`)}\n`,
        );
      }
      if (this.#stream.destroyed) resolve();
      else {
        this.#stream.once('close', () => resolve());
        this.#stream.end();
      }
    });
    return this.#closed;
  }

  #fail(error: Error): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#onError(`Transcript ${this.path} is incomplete: ${messageOf(error)}`);
  }
}

/** The line itself when it is one JSON object on one line, else the line as a JSON string. */
function jsonLine(line: string): string {
  if (line.startsWith('{') && !/[\r\n]/.test(line)) {
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return line;
    } catch {
      // Not JSON after all: written as a string below.
    }
  }
  return JSON.stringify(line);
}

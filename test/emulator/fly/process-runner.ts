/**
 * Runs one machine's main process: `bash <entrypoint>` in its own process group, stdout and
 * stderr split into lines (Fly does not tell the two apart), signals to the main process or
 * the whole group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export interface ProcessExit {
  /** Exit code, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnSpec {
  entrypoint: string;
  env: Record<string, string>;
  cwd: string;
  /** Called for every complete output line (stdout and stderr alike). */
  onLine: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** What the supervisor needs of a machine's running main process, whatever runs it. */
export interface MachineRun {
  /** The host pid (of the process, or of the container engine's client). */
  readonly pid: number;
  /** Resolves once it exited and its output is fully read. */
  readonly exited: Promise<ProcessExit>;
  readonly startedAtMs: number;
  readonly running: boolean;
  /** Signals the main process only (what Fly's init does on stop). */
  signalMain(signal: NodeJS.Signals): void;
  /** Kills everything the machine runs. */
  killAll(): void;
}

/** A running main process. */
export class MachineProcess implements MachineRun {
  readonly pid: number;
  /** Resolves once the process exited and its output is fully read. */
  readonly exited: Promise<ProcessExit>;
  readonly startedAtMs = Date.now();
  readonly #child: ChildProcess;
  #done = false;

  constructor(spec: SpawnSpec) {
    // detached = setsid(): a new process group, so the whole tree can be signalled at once,
    // as a VM shutting down ends everything in it.
    this.#child = spawn('bash', [spec.entrypoint], {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.pid = this.#child.pid ?? -1;
    const streams = [
      splitLines(this.#child.stdout, (line) => spec.onLine(line, 'stdout')),
      splitLines(this.#child.stderr, (line) => spec.onLine(line, 'stderr')),
    ];
    this.exited = new Promise<ProcessExit>((resolve) => {
      this.#child.once('error', () => {
        this.#done = true;
        resolve({ code: 127, signal: null });
      });
      this.#child.once('exit', (code, signal) => {
        this.#done = true;
        // Leftover children die with the "VM"; they would also hold the pipes open.
        this.killAll();
        void Promise.all(streams).then(() => resolve({ code, signal }));
      });
    });
  }

  get running(): boolean {
    return !this.#done;
  }

  /** Signals the main process only (what Fly's init does on stop). */
  signalMain(signal: NodeJS.Signals): void {
    if (this.#done) return;
    try {
      process.kill(this.pid, signal);
    } catch {
      // Already gone.
    }
  }

  /**
   * Kills everything the machine started, as a VM that is destroyed or OOM-killed ends
   * everything in it. The main process's group is not enough: the entrypoint runs Claude
   * under timeout(1), which moves it to a process group of its own. The session (setsid at
   * spawn) holds them all.
   */
  killAll(): void {
    for (const pid of [this.pid, ...sessionMembers(this.pid)]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // Group already empty.
    }
  }
}

/** Pids whose session id is `sid` (Linux /proc; elsewhere none, and the group kill remains). */
function sessionMembers(sid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces and parentheses):
      // state ppid pgrp session ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[3]) === sid) members.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return members;
}

/** Calls `onLine` for every line of `stream`; resolves once it closed. */
export function splitLines(
  stream: NodeJS.ReadableStream | null,
  onLine: (line: string) => void,
): Promise<void> {
  return new Promise((resolve) => {
    if (!stream) {
      resolve();
      return;
    }
    const decoder = new StringDecoder('utf8');
    let pending = '';
    const emit = (text: string): void => {
      pending += text;
      let newline = pending.indexOf('\n');
      while (newline !== -1) {
        onLine(pending.slice(0, newline).replace(/\r$/, ''));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    };
    stream.on('data', (chunk: Buffer) => emit(decoder.write(chunk)));
    stream.once('close', () => {
      emit(decoder.end());
      if (pending !== '') onLine(pending.replace(/\r$/, ''));
      pending = '';
      resolve();
    });
  });
}

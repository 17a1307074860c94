/**
 * Subprocesses (the image builders) behind the injectable `CommandRunner`: killed as a group
 * on timeout or abort, output captured and redacted line by line.
 */
import { spawn } from 'node:child_process';
import { redactSecrets } from '../base/messages.js';

const KILL_GRACE_MS = 5_000;
const MAX_CAPTURED_CHARS = 256 * 1024;

/** One subprocess to run. */
export interface CommandSpec {
  command: string;
  args: readonly string[];
  /** Written to stdin, then stdin is closed; without it stdin is empty. */
  stdin?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Replaced by `***` in captured output and in `onLine`. */
  secrets?: readonly string[];
  /** Each complete output line (already redacted), as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** What a subprocess did. */
export interface CommandResult {
  /** Exit code; null when killed by a signal or not started. */
  exitCode: number | null;
  /** Redacted, at most the last 256 KiB of each stream. */
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the process could not be started, e.g. `ENOENT` (not installed). */
  spawnError: string | undefined;
}

/** Runs one subprocess; injectable so that builders are tested with a fake. */
export type CommandRunner = (spec: CommandSpec) => Promise<CommandResult>;

/**
 * Runs a subprocess in its own process group, kills the group (SIGTERM, then SIGKILL after
 * 5 s) on timeout or abort, and never rejects: failures are in the result.
 */
export const runCommand: CommandRunner = (spec) =>
  new Promise<CommandResult>((resolve) => {
    const secrets = spec.secrets ?? [];
    const captured = { stdout: '', stderr: '' };
    const partial = { stdout: '', stderr: '' };
    let timedOut = false;
    let settled = false;
    const child = spawn(spec.command, [...spec.args], {
      stdio: [spec.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const killGroup = (sig: NodeJS.Signals): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, sig);
      } catch {
        // Already gone.
      }
    };
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      killGroup('SIGTERM');
      killTimer ??= setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, spec.timeoutMs);
    const onAbort = (): void => stop();
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    if (spec.signal?.aborted) stop();

    const take = (stream: 'stdout' | 'stderr', chunk: Buffer): void => {
      const text = partial[stream] + chunk.toString('utf8');
      const lines = text.split('\n');
      partial[stream] = lines.pop() ?? '';
      for (const line of lines) emit(stream, line);
    };
    const emit = (stream: 'stdout' | 'stderr', line: string): void => {
      const clean = redactSecrets(line, secrets);
      captured[stream] = (captured[stream] + clean + '\n').slice(-MAX_CAPTURED_CHARS);
      spec.onLine?.(clean, stream);
    };
    child.stdout?.on('data', (c: Buffer) => take('stdout', c));
    child.stderr?.on('data', (c: Buffer) => take('stderr', c));
    if (spec.stdin !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined); // the child may exit without reading
      child.stdin.end(spec.stdin);
    }
    const finish = (exitCode: number | null, spawnError: string | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // It has exited: a SIGKILL to `-pid` later could hit a new group that reused the id.
      clearTimeout(killTimer);
      spec.signal?.removeEventListener('abort', onAbort);
      for (const stream of ['stdout', 'stderr'] as const) {
        if (partial[stream]) emit(stream, partial[stream]);
      }
      resolve({ exitCode, stdout: captured.stdout, stderr: captured.stderr, timedOut, spawnError });
    };
    child.on('error', (e: NodeJS.ErrnoException) => finish(null, e.code ?? e.message));
    child.on('close', (code) => finish(code, undefined));
  });

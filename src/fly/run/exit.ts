/**
 * How one machine's run ended: the {@link RunResult} record, where its exit code comes from
 * ({@link resolveExit}: the `[flaude:exit:N]` marker, then the `exit` event, else unknown, which
 * is a failure), and the {@link MachineExitError} for a run that failed with the text it carries
 * ({@link formatMachineFailure}). Pure: no requests.
 */
import type { FlyExitEvent, FlyGuest, FlyMachineEvent } from '../api/api-types.js';
import { findExitCode, type WorkspaceManifest } from '../logs/markers.js';

/** How many log lines a {@link MachineExitError} message shows. */
const ERROR_TAIL_LINES = 20;
/**
 * Longest log line quoted in an error message. Claude's stream-json lines can be kilobytes
 * (its `init` line lists every tool); the full lines stay in `MachineExitError.logs`.
 */
const ERROR_TAIL_LINE_CHARS = 500;

/** Where a run's exit code came from. */
export type ExitCodeSource = 'marker' | 'event' | 'unknown';

/** What happened to one machine. */
export interface RunResult {
  machineId: string;
  name: string;
  region: string | undefined;
  /** The last state observed before cleanup (`stopped`, `destroyed`, `failed`, ...). */
  state: string;
  exitCode: number | null;
  exitCodeSource: ExitCodeSource;
  oomKilled: boolean;
  /** True when the run's deadline passed before the machine exited (it was destroyed then). */
  timedOut: boolean;
  /** The machine's size as it was created: what Fly bills for each second it ran. */
  guest: FlyGuest;
  /** True only when the destroy succeeded or the machine was already gone. */
  destroyed: boolean;
  /** Why the run failed; undefined on success (exit code 0, no OOM, state not failed). */
  failureReason: string | undefined;
  /** Clock time (ms) when the create returned. */
  createdAt: number;
  /** Clock time (ms) when the exit was observed or the run gave up. */
  finishedAt: number;
  durationSeconds: number;
  /**
   * The latest log lines read from the run's log stream, at most 1,000
   * (`DEFAULT_KEPT_LOG_LINES`; empty without a stream): memory stays bounded however long
   * the log; a caller that needs every line takes them as they come (`onLine`).
   */
  logs: string[];
  /** How many log lines were read in all (`logs` keeps the last of them). */
  logLineCount: number;
  /** The `[flaude:manifest:{json}]` the entrypoint printed, when it was seen. */
  manifest: WorkspaceManifest | undefined;
}

/**
 * A machine that ran but failed: non-zero or unknown exit code, OOM kill, state `failed`, or
 * no exit before the deadline. The message ends with the last 20 log lines.
 */
export class MachineExitError extends Error {
  readonly machineId: string;
  readonly exitCode: number | null;
  readonly state: string;
  /** The captured log lines, the run's kept tail (the message shows only its last 20). */
  readonly logs: string[];
  /** Why it failed, without the log tail (e.g. `exit code 1`). */
  readonly reason: string;
  /** The full result, when the error comes from a completed run. */
  readonly result: RunResult | undefined;

  constructor(
    machineId: string,
    exitCode: number | null,
    state: string,
    logs: readonly string[],
    reason: string,
    result?: RunResult,
  ) {
    super(formatMachineFailure({ machineId, reason, state, logs }));
    this.name = 'MachineExitError';
    this.machineId = machineId;
    this.exitCode = exitCode;
    this.state = state;
    this.logs = [...logs];
    this.reason = reason;
    this.result = result;
  }

  /** The error for a failed result. */
  static fromResult(result: RunResult): MachineExitError {
    return new MachineExitError(
      result.machineId,
      result.exitCode,
      result.state,
      result.logs,
      result.failureReason ?? 'unknown failure',
      result,
    );
  }
}

/**
 * The text of a machine's failure: `Machine <id> failed: <reason> (state <state>)`, then the
 * last 20 of `logs`, each cut at 500 characters. {@link MachineExitError}'s message; a caller
 * that shows other lines for the same failure (rendered ones, say) formats them with it too.
 */
export function formatMachineFailure(failure: {
  machineId: string;
  reason: string;
  state: string;
  logs: readonly string[];
}): string {
  const { machineId, reason, state, logs } = failure;
  return `Machine ${machineId} failed: ${reason} (state ${state})${logTail(logs)}`;
}

function logTail(logs: readonly string[]): string {
  if (logs.length === 0) return '\nNo log lines were captured.';
  const tail = logs.slice(-ERROR_TAIL_LINES);
  const heading =
    logs.length > ERROR_TAIL_LINES
      ? `Last ${ERROR_TAIL_LINES} of ${logs.length} log lines:`
      : `Log (${logs.length} ${logs.length === 1 ? 'line' : 'lines'}):`;
  const clipped = tail.map((line) =>
    line.length > ERROR_TAIL_LINE_CHARS
      ? `${line.slice(0, ERROR_TAIL_LINE_CHARS)}… (${line.length - ERROR_TAIL_LINE_CHARS} more characters)`
      : line,
  );
  return `\n${heading}\n${clipped.join('\n')}`;
}

/** The exit of one machine, resolved from its logs, its events and its state. */
export interface ResolvedExit {
  exitCode: number | null;
  source: ExitCodeSource;
  oomKilled: boolean;
  failureReason: string | undefined;
}

/**
 * Resolves a machine's exit. The exit code is the last `[flaude:exit:N]` marker in the logs
 * (Fly's VM-level code can be non-zero after a clean process exit), else the newest `exit`
 * event's `request.MonitorEvent.exit_event` / `request.exit_event` `exit_code`
 * (docs/fly-api.md#events-and-exit-codes), else unknown. Unknown, non-zero, `oom_killed` and
 * state `failed` are failures; `failureReason` names every one that applies. Pure.
 */
export function resolveExit(input: {
  logs: readonly string[];
  events: readonly FlyMachineEvent[];
  state: string;
}): ResolvedExit {
  const exitEvent = newestExitEvent(input.events);
  const marker = findExitCode(input.logs);
  let exitCode: number | null = null;
  let source: ExitCodeSource = 'unknown';
  if (marker !== undefined) {
    exitCode = marker;
    source = 'marker';
  } else if (exitEvent?.exitCode !== undefined) {
    exitCode = exitEvent.exitCode;
    source = 'event';
  }
  const oomKilled = exitEvent?.oomKilled === true;

  const reasons: string[] = [];
  if (oomKilled) reasons.push('killed: out of memory (oom_killed)');
  if (exitCode === null) {
    reasons.push('exit code unknown: no [flaude:exit:N] marker and no exit event');
  } else if (exitCode !== 0) {
    reasons.push(`exit code ${exitCode}`);
  }
  if (input.state === 'failed') reasons.push('machine state failed');
  return {
    exitCode,
    source,
    oomKilled,
    failureReason: reasons.length === 0 ? undefined : reasons.join('; '),
  };
}

/**
 * The newest `exit` event. Fly lists events newest first; timestamps, when
 * present, win over list order in case a list comes back in another order.
 */
function newestExitEvent(
  events: readonly FlyMachineEvent[],
): { exitCode: number | undefined; oomKilled: boolean } | undefined {
  let newest: FlyMachineEvent | undefined;
  for (const event of events) {
    if (event.type !== 'exit') continue;
    if (
      newest === undefined ||
      (event.timestamp !== undefined &&
        newest.timestamp !== undefined &&
        event.timestamp > newest.timestamp)
    ) {
      newest = event;
    }
  }
  if (newest === undefined) return undefined;
  // fly-go prefers the monitor's copy when present.
  const monitor: FlyExitEvent | undefined = newest.request?.MonitorEvent?.exit_event;
  const plain: FlyExitEvent | undefined = newest.request?.exit_event;
  const code = integerOrUndefined(monitor?.exit_code) ?? integerOrUndefined(plain?.exit_code);
  return { exitCode: code, oomKilled: (monitor?.oom_killed ?? plain?.oom_killed) === true };
}

function integerOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

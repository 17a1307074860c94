/**
 * What one reviewer's execution means for the step: its outcome (for the outputs and the
 * summary), the closing line of its log section, the text the step fails with, and whether
 * it fails the step at all (`fail-on-error`). Pure.
 */
import {
  formatMachineFailure,
  MachineExitError,
  messageOf,
  type ExecutionResult,
} from '../fly/index.js';
import type { ReviewerOutcome } from './report.js';
import type { ClaudeResult } from './transcript.js';

/** Combines the library's result with what the transcript saw of Claude's final answer. */
export function toOutcome(
  name: string,
  result: ExecutionResult,
  claude: ClaudeResult | undefined,
): ReviewerOutcome {
  const run = result.runResult;
  return {
    name,
    machineId: run?.machineId ?? result.machineId,
    region: run?.region,
    exitCode: run?.exitCode ?? null,
    state: run?.state,
    success: result.success,
    durationSeconds: run?.durationSeconds,
    result: claude?.text,
    costUsd: claude?.costUsd,
    numTurns: claude?.numTurns,
    error: result.success ? undefined : failureReason(result),
  };
}

/** Why it failed, in a few words (no log tail). */
function failureReason(result: ExecutionResult): string {
  if (result.error instanceof MachineExitError) return result.error.reason;
  if (result.error) return messageOf(result.error);
  return result.runResult?.failureReason ?? 'failed';
}

/** The last line of a reviewer's log section. */
export function outcomeLine(outcome: ReviewerOutcome): string {
  const duration =
    outcome.durationSeconds === undefined ? '' : ` after ${outcome.durationSeconds.toFixed(0)} s`;
  return outcome.success
    ? `✔ ${outcome.name} passed${duration}.`
    : `✖ ${outcome.name} failed${duration}: ${outcome.error ?? 'unknown error'}`;
}

/**
 * The failure text for `core.setFailed`: the reviewer's MachineExitError as its message reads,
 * but ending with the last 20 rendered lines the log section shows instead of the raw ones:
 * Claude's stream-json objects are kilobytes each and would bury the error in an annotation.
 */
export function failureText(
  name: string,
  result: ExecutionResult,
  renderedLines: readonly string[],
): string {
  const failure = machineFailure(result);
  if (!failure) return `Reviewer '${name}': ${messageOf(result.error ?? 'failed')}`;
  return `Reviewer '${name}': ${formatMachineFailure({ ...failure, logs: renderedLines })}`;
}

/** The machine, reason and state of a failed machine; undefined when the run itself failed. */
function machineFailure(
  result: ExecutionResult,
): { machineId: string; reason: string; state: string } | undefined {
  if (result.error instanceof MachineExitError) return result.error;
  const run = result.runResult;
  if (result.error || !run) return undefined;
  return { machineId: run.machineId, reason: run.failureReason ?? 'failed', state: run.state };
}

/** How the step ends: the text it fails with, or the error annotations of a green step. */
export interface StepVerdict {
  /** The step fails with this text; undefined leaves it green. */
  readonly failure: string | undefined;
  /** Error annotations of a step left green: failed reviewers are still shown as errors. */
  readonly annotations: readonly string[];
}

/**
 * The verdict on the failure texts of a step's failed reviewers: with `failOnError` the step
 * fails with all of them; without, each becomes an error annotation of its own and the step
 * passes.
 */
export function stepVerdict(failures: readonly string[], failOnError: boolean): StepVerdict {
  if (failures.length === 0) return { failure: undefined, annotations: [] };
  return failOnError
    ? { failure: failures.join('\n\n'), annotations: [] }
    : { failure: undefined, annotations: [...failures] };
}

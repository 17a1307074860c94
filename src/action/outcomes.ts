/**
 * What one reviewer's execution means for the step: its outcome (for the outputs and the
 * summary), the closing line of its log section, and the text the step fails with. Pure.
 */
import { MachineExitError, messageOf, type ExecutionResult } from '../fly/index.js';
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
 * The failure text for `core.setFailed`: the reviewer's MachineExitError, whose message ends
 * with the last 20 log lines. The lines are the rendered ones the log section shows: Claude's
 * raw stream-json objects are kilobytes each and would bury the error in an annotation.
 */
export function failureText(
  name: string,
  result: ExecutionResult,
  renderedLines: readonly string[],
): string {
  const exit =
    result.error instanceof MachineExitError
      ? result.error
      : !result.error && result.runResult
        ? MachineExitError.fromResult(result.runResult)
        : undefined;
  if (!exit) return `Reviewer '${name}': ${messageOf(result.error ?? 'failed')}`;
  const readable = new MachineExitError(
    exit.machineId,
    exit.exitCode,
    exit.state,
    renderedLines,
    exit.reason,
  );
  return `Reviewer '${name}': ${readable.message}`;
}

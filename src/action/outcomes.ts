/**
 * What one reviewer's execution means for the step: whether it failed and why, in one plain
 * sentence (for `results[].error`, the summary and its annotation), the closing line of its
 * log section, and what the step reports when reviewers failed (annotations, status). Pure.
 *
 * The exit code alone does not decide: Claude Code can exit 0 after an API error, with a
 * `result` line that says `is_error: true`, so that line is read too, and its absence is a
 * failure of its own. So is a successful line without a valid report: Claude Code 2.1.330
 * ends with `subtype: success` and no `structured_output` when the model never delivers one.
 */
import {
  estimateMachineCostUsd,
  formatMachineFailure,
  MachineExitError,
  MAX_LINE_BYTES,
  messageOf,
  type ExecutionResult,
  type LineCut,
  type RunResult,
} from '../fly/index.js';
import { readFindings, type FindingsResult } from './findings.js';
import type { ReviewerOutcome } from './report.js';
import type { ReviewerPlan } from './reviewers.js';
import { claudeFailed, type ClaudeResult } from './transcript.js';

/** The limits a reviewer ran with, which its failure reasons name. */
export interface ReviewerLimits {
  /** Claude Code's `--max-turns`, when it ran with one. */
  readonly maxTurns?: number | undefined;
  /** Claude Code's `--max-budget-usd`, when it ran with one. */
  readonly maxBudgetUsd?: number | undefined;
  /** Claude's wall-clock limit inside the machine (`timeout-minutes`), in seconds. */
  readonly timeoutSeconds?: number | undefined;
  /** When the action gave up waiting for the machine and destroyed it, in seconds. */
  readonly deadlineSeconds?: number | undefined;
}

/** The limits of a planned reviewer, as its machine config and wait deadline set them. */
export function limitsOf(plan: ReviewerPlan): ReviewerLimits {
  return {
    maxTurns: plan.config.maxTurns,
    maxBudgetUsd: plan.config.maxBudgetUsd,
    timeoutSeconds: plan.config.timeoutSeconds,
    deadlineSeconds: plan.waitTimeoutSeconds,
  };
}

/** Everything known about one reviewer once its machine is gone. */
export interface ReviewerRun {
  readonly name: string;
  /** What the library reports of the machine's run. */
  readonly result: ExecutionResult;
  /** What the reviewer's log saw of Claude Code: its final `result` line and its model. */
  readonly transcript: {
    readonly result: ClaudeResult | undefined;
    readonly model: string | undefined;
    /** How much of Claude's `result` line was cut away, when it was too long to keep. */
    readonly cutResult?: LineCut | undefined;
  };
  readonly limits: ReviewerLimits;
  /** Where the reviewer's raw transcript was written, when it was. */
  readonly transcriptPath?: string | undefined;
}

/** One reviewer's outcome: the machine's facts, Claude's result, and why it failed, if it did. */
export function toOutcome(run: ReviewerRun): ReviewerOutcome {
  const { result, transcript } = run;
  const machine = result.runResult;
  const claude = transcript.result;
  const report = claude && readFindings(claude.structuredOutput);
  const error = failureReason(run, report);
  return {
    name: run.name,
    machineId: machine?.machineId ?? result.machineId,
    region: machine?.region,
    exitCode: machine?.exitCode ?? null,
    state: machine?.state,
    success: error === undefined,
    durationSeconds: machine?.durationSeconds,
    model: claude?.model ?? transcript.model,
    subtype: claude?.subtype,
    isError: claude?.isError,
    result: claude?.text,
    costUsd: claude?.costUsd,
    flyCostUsd: machine && estimateMachineCostUsd(machine.guest, machine.durationSeconds),
    numTurns: claude?.numTurns,
    transcriptPath: run.transcriptPath,
    error,
    findings: report?.ok ? report.findings : undefined,
  };
}

/** What the reviewer image's entrypoint means by its own exit codes (container/README.md). */
const ENTRYPOINT_EXIT_CODES: ReadonlyMap<number, string> = new Map([
  [2, 'bad configuration'],
  [3, 'clone failure'],
  [4, 'setup failure'],
  [127, 'the claude command was not found'],
  [129, 'stopped by SIGHUP'],
  [130, 'stopped by SIGINT'],
  [143, 'stopped by SIGTERM'],
]);

/** The entrypoint's exit code when Claude Code ran out of `timeout-minutes`. */
const TIMEOUT_EXIT_CODE = 124;

/**
 * Why the reviewer failed, in one sentence without a final period; undefined when it passed.
 * The first cause that applies wins: the run itself failing, the machine running out of
 * memory or time, Claude's own `result` line, the exit code, a missing `result` line, the
 * machine's state, then a missing or invalid report (`report`, readFindings' answer).
 */
function failureReason(run: ReviewerRun, report: FindingsResult | undefined): string | undefined {
  const { result, limits } = run;
  const machine = result.runResult;
  if (!machine) {
    if (result.error instanceof MachineExitError) return result.error.reason;
    return messageOf(result.error ?? 'the reviewer machine did not run');
  }
  if (machine.oomKilled) return 'the machine ran out of memory';
  if (machine.timedOut) return timedOutReason(machine, limits);
  if (machine.exitCode === TIMEOUT_EXIT_CODE) {
    return limits.timeoutSeconds === undefined
      ? `the reviewer timed out (exit code ${TIMEOUT_EXIT_CODE})`
      : `the reviewer timed out after ${minutes(limits.timeoutSeconds)}`;
  }
  const claude = run.transcript.result;
  if (claude && claudeFailed(claude)) return claudeReason(claude, limits);
  if (machine.exitCode === null) {
    // Fly's `failed` with nothing from the machine: its boot failed, so no exit could come.
    if (machine.state === 'failed') {
      return 'the machine failed on Fly (state failed) without an exit code: it may never have started';
    }
    return "the reviewer's exit code is unknown (no exit marker and no exit event)";
  }
  if (machine.exitCode !== 0) {
    const meaning = ENTRYPOINT_EXIT_CODES.get(machine.exitCode);
    return `the reviewer exited with code ${machine.exitCode}${meaning ? ` (${meaning})` : ''}`;
  }
  const cut = run.transcript.cutResult;
  if (!claude && cut) {
    return (
      `Claude Code's result line was ${cut.originalBytes} bytes, over the ${MAX_LINE_BYTES}-byte ` +
      `limit of a log line: it was cut (${cut.droppedBytes} bytes dropped) and could not be read`
    );
  }
  // A machine always prints something (Fly's boot lines at least): nothing at all means
  // the logs never reached the action, which is Fly's failure to report, not Claude's.
  if (!claude && machine.logLineCount === 0) {
    return "no result from Claude Code: not one line of the machine's log could be read from Fly (its logs endpoint failed or lagged)";
  }
  // The exit code came from Fly's event: the log was left before the entrypoint's last line,
  // as when the machine printed more than the logs endpoint delivered in the grace after exit.
  if (!claude && machine.exitCodeSource !== 'marker') {
    return (
      `no result from Claude Code: its log was not read to the end (${machine.logLineCount} ` +
      'lines read, then no more within the wait after the exit; the exit marker never came)'
    );
  }
  if (!claude) return 'no result from Claude Code (the log ended without a result line)';
  if (machine.state === 'failed') return 'the machine ended in state failed';
  // readFindings words a whole sentence; a reason here goes without its final period.
  if (report && !report.ok) return report.reason.replace(/\.$/, '');
  // Anything else the library counts as a failure still is one.
  return result.success ? undefined : (machine.failureReason ?? 'the machine failed');
}

function timedOutReason(machine: RunResult, limits: ReviewerLimits): string {
  const after = minutes(limits.deadlineSeconds ?? machine.durationSeconds);
  return `the reviewer timed out: its machine was still running after ${after} and was destroyed`;
}

/** Why Claude's `result` line says it failed. */
function claudeReason(claude: ClaudeResult, limits: ReviewerLimits): string {
  const detail = clip(claude.errors[0] ?? claude.text);
  const withDetail = (text: string): string => (detail ? `${text}: ${detail}` : text);
  switch (claude.subtype) {
    case 'error_max_turns': {
      const turns = limits.maxTurns ?? numberIn(claude.errors, /maximum number of turns \((\d+)\)/);
      return turns === undefined
        ? 'Claude stopped after reaching its max-turns limit'
        : `Claude stopped after reaching max-turns (${turns})`;
    }
    case 'error_max_budget_usd': {
      const budget =
        limits.maxBudgetUsd ?? numberIn(claude.errors, /maximum budget \(\$([\d.]+)\)/);
      return budget === undefined
        ? 'Claude reached its max-budget-usd limit'
        : `Claude reached its budget of ${usd(budget)}`;
    }
    case 'error_max_structured_output_retries':
      return withDetail('Claude could not produce valid structured output');
    case 'error_during_execution':
      return withDetail('Claude failed during execution');
    case undefined:
    case 'success':
      break;
    default:
      return withDetail(`Claude stopped with ${clip(claude.subtype)}`);
  }
  if (claude.terminalReason === 'api_error' || claude.apiErrorStatus !== undefined) {
    return `Claude reported an API error: ${detail || `status ${claude.apiErrorStatus ?? 'unknown'}`}`;
  }
  return withDetail('Claude reported an error');
}

/** The first number `pattern` captures in any of `texts`. */
function numberIn(texts: readonly string[], pattern: RegExp): number | undefined {
  for (const text of texts) {
    const value = Number(pattern.exec(text)?.[1]);
    if (Number.isFinite(value)) return value;
  }
  return undefined;
}

/** Longest quoted text (Claude's error or result) in a reason. */
const DETAIL_CHARS = 200;

/** Untrusted text on one line, cut to {@link DETAIL_CHARS}. */
function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > DETAIL_CHARS ? `${line.slice(0, DETAIL_CHARS)}…` : line;
}

function minutes(seconds: number): string {
  const value = Number((seconds / 60).toFixed(1));
  return `${value} minute${value === 1 ? '' : 's'}`;
}

function usd(amount: number): string {
  const cents = amount * 100;
  return Math.abs(cents - Math.round(cents)) < 1e-9 ? `$${amount.toFixed(2)}` : `$${amount}`;
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
 * The text of a failed reviewer's annotation: its reason as a sentence, then, when its machine
 * ran, the machine's failure as MachineExitError words it, ending with the last 20 rendered
 * lines of the log section instead of the raw ones: Claude's stream-json objects are
 * kilobytes each and would bury the error.
 */
export function failureText(
  outcome: ReviewerOutcome,
  result: ExecutionResult,
  renderedLines: readonly string[],
): string {
  const reason = sentence(outcome.error ?? 'the reviewer failed');
  const run = result.runResult;
  if (!run) return reason;
  const machine = {
    machineId: run.machineId,
    // The machine's own view: Claude's reason is above, and may differ (an exit 0 that lied).
    reason: run.failureReason ?? `exit code ${run.exitCode ?? 'unknown'}`,
    state: run.state,
    logs: renderedLines,
  };
  return `${reason}\n${formatMachineFailure(machine)}`;
}

/** A failed reviewer, as the step reports it. */
export interface FailedReviewer {
  readonly name: string;
  /** Its one-sentence reason. */
  readonly reason: string;
  /** Its annotation's text ({@link failureText}). */
  readonly text: string;
}

/** An error annotation: `core.error(message, { title })`. */
export interface Annotation {
  readonly title: string;
  readonly message: string;
}

/** What the step reports once its reviewers are done. */
export interface StepStatus {
  /** One per failed reviewer; past GitHub's limit, the last one covers the rest. */
  readonly annotations: readonly Annotation[];
  /** The step's failure message; undefined leaves the step green. */
  readonly failure: string | undefined;
  /** A line for the log when failed reviewers leave the step green; undefined otherwise. */
  readonly notice: string | undefined;
}

/**
 * GitHub shows at most 10 error annotations per step and drops the rest without a word; the
 * step's own failure (`core.setFailed`) is one of them.
 */
export const MAX_ERROR_ANNOTATIONS = 10;

/**
 * The annotations and status for the failed reviewers of a step of `total`: an error
 * annotation for each (titled with its name), and a failed step unless `failOnError` is
 * false. When there are more than fit, the last annotation lists the others' reasons.
 */
export function stepStatus(
  failed: readonly FailedReviewer[],
  total: number,
  failOnError: boolean,
): StepStatus {
  if (failed.length === 0) return { annotations: [], failure: undefined, notice: undefined };
  const room = MAX_ERROR_ANNOTATIONS - (failOnError ? 1 : 0);
  const own = failed.length <= room ? failed : failed.slice(0, room - 1);
  const rest = failed.slice(own.length);
  const annotations: Annotation[] = own.map((f) => ({
    title: `Reviewer ${f.name} failed`,
    message: f.text,
  }));
  if (rest.length > 0) {
    annotations.push({
      title: `${rest.length} more reviewers failed`,
      message: [
        ...rest.map((f) => `${f.name}: ${f.reason}`),
        "Their logs are in the step's log, their results in the job summary and `results`.",
      ].join('\n'),
    });
  }
  const count = `${failed.length} of ${total} reviewer${total === 1 ? '' : 's'} failed`;
  const lines = failed.map((f) => `Reviewer ${f.name} failed: ${f.reason}`);
  return {
    annotations,
    failure: failOnError ? lines.join('\n') : undefined,
    notice: failOnError ? undefined : `${count}; the step passes since fail-on-error is false.`,
  };
}

/** `reason` as a sentence: capitalised, with a final period. */
function sentence(reason: string): string {
  const text = reason.charAt(0).toUpperCase() + reason.slice(1);
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

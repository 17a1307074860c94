import { describe, expect, test } from 'vitest';
import type { ExecutionResult } from '../../src/fly/run/executor.ts';
import { MachineExitError, type RunResult } from '../../src/fly/run/exit.ts';
import {
  failureText,
  limitsOf,
  MAX_ERROR_ANNOTATIONS,
  outcomeLine,
  stepStatus,
  toOutcome,
  type FailedReviewer,
  type ReviewerLimits,
  type ReviewerRun,
} from '../../src/action/outcomes.ts';
import { Transcript, type ClaudeResult } from '../../src/action/transcript.ts';
import { capLine, MAX_LINE_BYTES } from '../../src/fly/logs/line-cap.ts';
import type { ReviewerPlan } from '../../src/action/reviewers.ts';
import {
  apiErrorResult,
  initLine,
  maxBudgetResult,
  maxTurnsResult,
  structuredSuccessResult,
  successResult,
} from './claude-frames.ts';
import type { Findings } from '../../src/action/findings.ts';

const run: RunResult = {
  machineId: 'm1',
  name: 'flaude-m1',
  region: 'iad',
  state: 'stopped',
  exitCode: 0,
  exitCodeSource: 'marker',
  oomKilled: false,
  timedOut: false,
  guest: { cpu_kind: 'shared', cpus: 2, memory_mb: 2048 },
  destroyed: true,
  failureReason: undefined,
  createdAt: 0,
  finishedAt: 12_000,
  durationSeconds: 12,
  logs: ['{"type":"result"}', '[flaude:exit:0]'],
  logLineCount: 2,
  manifest: undefined,
};

/** What the transcript makes of Claude Code's real lines: its init line, then `lines`. */
function claudeFrom(...lines: string[]): { result: ClaudeResult | undefined; model: string } {
  const t = new Transcript();
  for (const line of [initLine, ...lines]) t.render(line);
  return { result: t.result, model: t.model ?? '' };
}

/** A synthetic `result` line, for the subtypes the emulator cannot provoke. */
function resultLine(fields: Record<string, unknown>): string {
  return JSON.stringify({ type: 'result', subtype: 'success', is_error: false, ...fields });
}

const report: Findings = { summary: '## Review', verdict: 'comment', findings: [] };

const claude = {
  text: '## Review',
  subtype: 'success',
  isError: false,
  errors: [],
  terminalReason: 'completed',
  apiErrorStatus: undefined,
  model: 'claude-sonnet-5-5',
  costUsd: 0.02,
  numTurns: 2,
  durationMs: 9000,
  structuredOutput: report,
} satisfies ClaudeResult;

function result(overrides: Partial<ExecutionResult>): ExecutionResult {
  return {
    tag: 'claude',
    machineId: 'm1',
    runResult: run,
    error: undefined,
    success: true,
    ...overrides,
  };
}

/** The library's result of a run that ended as `machine` says (it judges exit and state). */
function resultOf(machine: Partial<RunResult>): ExecutionResult {
  const runResult = { ...run, ...machine };
  const failed = runResult.failureReason !== undefined;
  return result({
    runResult,
    error: failed ? MachineExitError.fromResult(runResult) : undefined,
    success: !failed,
  });
}

function reviewer(
  executed: ExecutionResult,
  transcript: { result: ClaudeResult | undefined; model: string | undefined },
  limits: ReviewerLimits = {},
): ReviewerRun {
  return { name: 'claude', result: executed, transcript, limits };
}

const passedRun = reviewer(result({}), { result: claude, model: 'claude-sonnet-5-5' });
const failedRun: RunResult = { ...run, exitCode: 1, failureReason: 'exit code 1' };
const exitError = MachineExitError.fromResult(failedRun);

describe('toOutcome', () => {
  test("a success carries Claude's result, the machine facts and the Fly estimate", () => {
    const outcome = toOutcome({ ...passedRun, transcriptPath: '/tmp/flaude/claude.jsonl' });
    expect(outcome).toEqual({
      name: 'claude',
      machineId: 'm1',
      region: 'iad',
      exitCode: 0,
      state: 'stopped',
      success: true,
      durationSeconds: 12,
      model: 'claude-sonnet-5-5',
      subtype: 'success',
      isError: false,
      result: '## Review',
      costUsd: 0.02,
      // shared-cpu-2x ($0.0000015/s with 512 MB) + 1.5 GB more ($0.00000193/s each), 12 s.
      flyCostUsd: expect.closeTo((0.0000015 + 1.5 * 0.00000193) * 12, 12) as unknown,
      numTurns: 2,
      transcriptPath: '/tmp/flaude/claude.jsonl',
      error: undefined,
      findings: report,
    });
  });

  test('a real success line and exit 0 pass; the transcript path is undefined when absent', () => {
    const outcome = toOutcome(reviewer(result({}), claudeFrom(structuredSuccessResult)));
    expect(outcome).toMatchObject({
      success: true,
      error: undefined,
      model: 'claude-sonnet-5-5',
      subtype: 'success',
      isError: false,
      numTurns: 3,
      transcriptPath: undefined,
      findings: { verdict: 'comment', findings: [] },
    });
    expect(outcome.costUsd).toBeGreaterThan(0);
    // The result text is the report as JSON; the report itself is the checked structured output.
    expect(JSON.parse(outcome.result ?? '')).toEqual(outcome.findings);
    expect(outcome.findings?.summary).toMatch(/^## Review/);
  });

  test("a success line without structured output fails with readFindings' reason", () => {
    const outcome = toOutcome(reviewer(result({}), claudeFrom(successResult)));
    expect(outcome).toMatchObject({
      success: false,
      subtype: 'success',
      numTurns: 2,
      costUsd: 0.051188,
      findings: undefined,
      error: "Claude's result has no structured output (the findings the --json-schema asks for)",
    });
    expect(outcome.result).toMatch(/^## Review/);
  });

  test('a success line whose structured output breaks the schema fails naming the field', () => {
    const line = resultLine({
      structured_output: { summary: 'x', verdict: 'maybe', findings: [] },
    });
    const outcome = toOutcome(reviewer(result({}), claudeFrom(line)));
    expect(outcome.success).toBe(false);
    expect(outcome.findings).toBeUndefined();
    expect(outcome.error).toMatch(/^Claude's findings do not match the schema: verdict: /);
    expect(outcome.error).not.toMatch(/\.$/);
    expect(failureText(outcome, result({}), [])).toMatch(
      /^Claude's findings do not match the schema: verdict: .*\.\n/,
    );
  });

  test.each([
    [
      1,
      { runResult: failedRun, error: exitError, success: false },
      { exitCode: 1, error: 'the reviewer exited with code 1' },
    ],
    [
      2,
      {
        runResult: undefined,
        error: new Error('Fly API POST /v1/apps/a/machines failed: 422'),
        success: false,
      },
      {
        machineId: 'm1',
        exitCode: null,
        error: 'Fly API POST /v1/apps/a/machines failed: 422',
        flyCostUsd: undefined,
      },
    ],
    [
      3,
      {
        runResult: {
          ...run,
          exitCode: null,
          exitCodeSource: 'unknown' as const,
          timedOut: true,
          failureReason: 'timed out after 60 s',
          durationSeconds: 60,
        },
        success: false,
      },
      {
        error:
          'the reviewer timed out: its machine was still running after 1 minute and was destroyed',
      },
    ],
  ])('#%i failure %#', (_n, overrides, expected) => {
    expect(
      toOutcome(reviewer(result(overrides), { result: undefined, model: undefined })),
    ).toMatchObject({
      success: false,
      ...expected,
    });
  });
});

describe('why a reviewer failed: one sentence per cause', () => {
  const limits: ReviewerLimits = {
    maxTurns: 30,
    maxBudgetUsd: 2,
    timeoutSeconds: 1800,
    deadlineSeconds: 2100,
  };
  const none = { result: undefined, model: undefined };
  const exited = (exitCode: number): Partial<RunResult> => ({
    exitCode,
    failureReason: `exit code ${exitCode}`,
  });
  const longError = `Tool crashed: ${'x'.repeat(300)}`;

  test.each<
    [
      number,
      Partial<RunResult>,
      ReturnType<typeof claudeFrom> | typeof none,
      ReviewerLimits,
      string,
    ]
  >([
    [
      1,
      {
        exitCode: 137,
        exitCodeSource: 'event',
        oomKilled: true,
        failureReason: 'killed: out of memory (oom_killed)',
      },
      none,
      limits,
      'the machine ran out of memory',
    ],
    [
      2,
      {
        exitCode: null,
        exitCodeSource: 'unknown',
        timedOut: true,
        failureReason: 'timed out after 2100 s',
      },
      none,
      limits,
      'the reviewer timed out: its machine was still running after 35 minutes and was destroyed',
    ],
    [3, exited(124), none, limits, 'the reviewer timed out after 30 minutes'],
    [4, exited(124), none, {}, 'the reviewer timed out (exit code 124)'],
    // Claude Code can exit 0 after an API error: the result line decides.
    [
      5,
      {},
      claudeFrom(apiErrorResult),
      limits,
      'Claude reported an API error: API Error: 400 Emulated API error (scenario api-error): request refused.',
    ],
    [
      6,
      exited(1),
      claudeFrom(apiErrorResult),
      limits,
      'Claude reported an API error: API Error: 400 Emulated API error (scenario api-error): request refused.',
    ],
    [
      7,
      exited(1),
      claudeFrom(maxTurnsResult),
      limits,
      'Claude stopped after reaching max-turns (30)',
    ],
    [8, exited(1), claudeFrom(maxTurnsResult), {}, 'Claude stopped after reaching max-turns (1)'],
    [9, exited(1), claudeFrom(maxBudgetResult), limits, 'Claude reached its budget of $2.00'],
    [10, exited(1), claudeFrom(maxBudgetResult), {}, 'Claude reached its budget of $0.01'],
    [
      11,
      exited(1),
      claudeFrom(
        resultLine({ subtype: 'error_during_execution', is_error: true, errors: ['boom | a\nb'] }),
      ),
      limits,
      'Claude failed during execution: boom | a b',
    ],
    [
      12,
      exited(1),
      claudeFrom(resultLine({ subtype: 'error_max_structured_output_retries', is_error: true })),
      limits,
      'Claude could not produce valid structured output',
    ],
    [
      13,
      exited(1),
      claudeFrom(resultLine({ subtype: 'error_new_kind', errors: ['why'] })),
      limits,
      'Claude stopped with error_new_kind: why',
    ],
    [
      14,
      {},
      claudeFrom(resultLine({ is_error: true, result: 'Not logged in · Please run /login' })),
      limits,
      'Claude reported an error: Not logged in · Please run /login',
    ],
    [
      15,
      exited(1),
      claudeFrom(resultLine({ subtype: 'error_during_execution', errors: [longError] })),
      limits,
      `Claude failed during execution: ${longError.slice(0, 200)}…`,
    ],
    [16, {}, none, limits, 'no result from Claude Code (the log ended without a result line)'],
    [
      17,
      {},
      { result: undefined, model: 'claude-sonnet-5-5' },
      limits,
      'no result from Claude Code (the log ended without a result line)',
    ],
    // Not one line read, Fly's own included: the logs endpoint failed or is late, not Claude.
    [
      18,
      { exitCodeSource: 'event', logs: [], logLineCount: 0 },
      none,
      limits,
      "no result from Claude Code: not one line of the machine's log could be read from Fly (its logs endpoint failed or lagged)",
    ],
    [19, exited(2), none, limits, 'the reviewer exited with code 2 (bad configuration)'],
    [20, exited(3), none, limits, 'the reviewer exited with code 3 (clone failure)'],
    [21, exited(4), none, limits, 'the reviewer exited with code 4 (setup failure)'],
    [22, exited(1), none, limits, 'the reviewer exited with code 1'],
    [23, exited(1), claudeFrom(successResult), limits, 'the reviewer exited with code 1'],
    [
      24,
      {
        exitCode: null,
        exitCodeSource: 'unknown',
        failureReason: 'exit code unknown: no [flaude:exit:N] marker and no exit event',
      },
      claudeFrom(successResult),
      limits,
      "the reviewer's exit code is unknown (no exit marker and no exit event)",
    ],
    [
      25,
      { state: 'failed', failureReason: 'machine state failed' },
      claudeFrom(successResult),
      limits,
      'the machine ended in state failed',
    ],
    // A machine that never ran (Fly could not start it): no exit code can come.
    [
      26,
      {
        exitCode: null,
        exitCodeSource: 'unknown',
        state: 'failed',
        failureReason:
          'exit code unknown: no [flaude:exit:N] marker and no exit event; machine state failed',
      },
      none,
      limits,
      'the machine failed on Fly (state failed) without an exit code: it may never have started',
    ],
    // The first cause wins: memory before Claude's line, Claude's line before the exit code.
    [
      27,
      { exitCode: 137, oomKilled: true, failureReason: 'killed: out of memory (oom_killed)' },
      claudeFrom(maxTurnsResult),
      limits,
      'the machine ran out of memory',
    ],
  ])('#%i', (_n, machine, transcript, lim, reason) => {
    const outcome = toOutcome(reviewer(resultOf(machine), transcript, lim));
    expect(outcome.error).toBe(reason);
    expect(outcome.success).toBe(false);
  });

  test('no result and no exit marker: the log was not read to its end, and the reason says so', () => {
    const outcome = toOutcome(
      reviewer(
        // The count of every line read, not of the kept tail.
        resultOf({ exitCodeSource: 'event', logs: ['b', 'c'], logLineCount: 3 }),
        claudeFrom(),
        limits,
      ),
    );
    expect(outcome.error).toBe(
      'no result from Claude Code: its log was not read to the end (3 lines read, then no more within the wait after the exit; the exit marker never came)',
    );
  });

  test('a result line cut for its size fails the reviewer with a reason naming the size', () => {
    const t = new Transcript();
    const whole = resultLine({ result: 'r'.repeat(MAX_LINE_BYTES) });
    for (const line of [initLine, capLine(whole)]) t.render(line);
    expect(t.result).toBeUndefined();
    const bytes = Buffer.byteLength(whole);
    const outcome = toOutcome(reviewer(resultOf({}), t, limits));
    expect(outcome.success).toBe(false);
    expect(outcome.error).toBe(
      `Claude Code's result line was ${bytes} bytes, over the ${MAX_LINE_BYTES}-byte limit of a log line: it was cut (${bytes - MAX_LINE_BYTES} bytes dropped) and could not be read`,
    );
  });

  test('a real success line with a valid report and exit code 0 is the only pass', () => {
    expect(
      toOutcome(reviewer(resultOf({}), claudeFrom(structuredSuccessResult), limits)).error,
    ).toBeUndefined();
  });

  test("a cancelled run keeps the cancellation's own message", () => {
    const cancelled = result({
      runResult: undefined,
      error: new Error('The step was cancelled (SIGTERM).'),
      success: false,
    });
    expect(toOutcome(reviewer(cancelled, none)).error).toBe('The step was cancelled (SIGTERM).');
  });
});

describe('limitsOf', () => {
  test("takes max-turns and the timeouts from the reviewer's plan", () => {
    const plan = {
      name: 'tests',
      machineName: 'flaude-tests',
      config: { image: 'i', prompt: 'p', maxTurns: 30, timeoutSeconds: 1800 },
      waitTimeoutSeconds: 2100,
    } satisfies ReviewerPlan;
    expect(limitsOf(plan)).toEqual({ maxTurns: 30, timeoutSeconds: 1800, deadlineSeconds: 2100 });
  });
});

describe('outcomeLine', () => {
  test.each([
    [toOutcome(passedRun), '✔ claude passed after 12 s.'],
    [
      toOutcome(
        reviewer(result({ runResult: failedRun, error: exitError, success: false }), {
          result: undefined,
          model: undefined,
        }),
      ),
      '✖ claude failed after 12 s: the reviewer exited with code 1',
    ],
  ])('%#', (outcome, line) => {
    expect(outcomeLine(outcome)).toBe(line);
  });
});

describe('failureText', () => {
  const failing = result({ runResult: failedRun, error: exitError, success: false });

  test('the reason, then MachineExitError over the readable lines, not the raw ones', () => {
    const outcome = toOutcome(reviewer(failing, { result: undefined, model: undefined }));
    const text = failureText(outcome, failing, [
      '▶ Bash: git diff',
      '── reviewer exited with code 1',
    ]);
    expect(text).toBe(
      'The reviewer exited with code 1.\nMachine m1 failed: exit code 1 (state stopped)\nLog (2 lines):\n▶ Bash: git diff\n── reviewer exited with code 1',
    );
  });

  test('a failed run reported without an error: the same text, from the run', () => {
    const executed = result({ runResult: failedRun, success: false });
    const outcome = toOutcome(reviewer(executed, { result: undefined, model: undefined }));
    expect(failureText(outcome, executed, ['a line'])).toBe(
      'The reviewer exited with code 1.\nMachine m1 failed: exit code 1 (state stopped)\nLog (1 line):\na line',
    );
  });

  test("Claude's error after exit code 0: Claude's reason, and the machine's exit code", () => {
    const executed = resultOf({});
    const outcome = toOutcome(reviewer(executed, claudeFrom(apiErrorResult)));
    expect(failureText(outcome, executed, ['✖ API Error: 400'])).toBe(
      'Claude reported an API error: API Error: 400 Emulated API error (scenario api-error): request refused.\n' +
        'Machine m1 failed: exit code 0 (state stopped)\nLog (1 line):\n✖ API Error: 400',
    );
  });

  test('any other error keeps its own message', () => {
    const executed = result({
      runResult: undefined,
      error: new Error('The step was cancelled (SIGTERM).'),
      success: false,
    });
    const outcome = toOutcome(reviewer(executed, { result: undefined, model: undefined }));
    expect(failureText(outcome, executed, [])).toBe('The step was cancelled (SIGTERM).');
  });
});

describe('stepStatus', () => {
  const failedReviewer = (i: number): FailedReviewer => ({
    name: `r${i}`,
    reason: `reason ${i}`,
    text: `Reason ${i}.\nMachine m${i} failed: exit code 1 (state stopped)`,
  });
  const failing = (n: number): FailedReviewer[] =>
    Array.from({ length: n }, (_, i) => failedReviewer(i + 1));

  test('no failed reviewer: nothing to annotate, the step passes', () => {
    expect(stepStatus([], 3, true)).toEqual({
      annotations: [],
      failure: undefined,
      notice: undefined,
    });
  });

  test('a failed reviewer: an annotation titled with its name, and the step fails naming it', () => {
    expect(stepStatus(failing(1), 2, true)).toEqual({
      annotations: [
        {
          title: 'Reviewer r1 failed',
          message: 'Reason 1.\nMachine m1 failed: exit code 1 (state stopped)',
        },
      ],
      failure: 'Reviewer r1 failed: reason 1',
      notice: undefined,
    });
  });

  test('fail-on-error false: still annotated, but the step stays green and says why', () => {
    expect(stepStatus(failing(1), 2, false)).toEqual({
      annotations: [
        {
          title: 'Reviewer r1 failed',
          message: 'Reason 1.\nMachine m1 failed: exit code 1 (state stopped)',
        },
      ],
      failure: undefined,
      notice: '1 of 2 reviewers failed; the step passes since fail-on-error is false.',
    });
  });

  test.each([
    // failed, failOnError, own annotations, in the last one
    [1, 9, true, 9, 0],
    [2, 10, true, 8, 2],
    [3, 12, true, 8, 4],
    [4, 10, false, 10, 0],
    [5, 11, false, 9, 2],
  ])(
    '#%i %i failed (fail-on-error %s): never more than GitHub shows',
    (_n, count, failOnError, own, rest) => {
      const status = stepStatus(failing(count), count, failOnError);
      const total = status.annotations.length + (status.failure === undefined ? 0 : 1);
      expect(total).toBeLessThanOrEqual(MAX_ERROR_ANNOTATIONS);
      const titled = status.annotations.filter((a) => /^Reviewer r\d+ failed$/.test(a.title));
      expect(titled).toHaveLength(own);
      // Past GitHub's limit, the last annotation lists the reviewers that got none of their own.
      const last = rest > 0 ? status.annotations.at(-1) : undefined;
      expect(last?.title).toBe(rest > 0 ? `${rest} more reviewers failed` : undefined);
      expect(last?.message.split('\n').slice(0, rest)).toEqual(
        rest > 0
          ? failing(count)
              .slice(own)
              .map((f) => `${f.name}: ${f.reason}`)
          : undefined,
      );
      // The step's own failure names every failed reviewer, annotated or not.
      expect(status.failure?.split('\n').length).toBe(failOnError ? count : undefined);
    },
  );
});

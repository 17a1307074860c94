import { describe, expect, test } from 'vitest';
import type { ExecutionResult } from '../../src/fly/run/executor.ts';
import { MachineExitError, type RunResult } from '../../src/fly/run/exit.ts';
import { failureText, outcomeLine, stepVerdict, toOutcome } from '../../src/action/outcomes.ts';

const run: RunResult = {
  machineId: 'm1',
  name: 'flaude-m1',
  region: 'iad',
  state: 'stopped',
  exitCode: 0,
  exitCodeSource: 'marker',
  oomKilled: false,
  destroyed: true,
  failureReason: undefined,
  createdAt: 0,
  finishedAt: 12_000,
  durationSeconds: 12,
  logs: ['{"type":"result"}', '[flaude:exit:0]'],
  manifest: undefined,
};
const claude = { text: '## Review', isError: false, costUsd: 0.02, numTurns: 2, durationMs: 9000 };

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

const failedRun: RunResult = { ...run, exitCode: 1, failureReason: 'exit code 1' };
const exitError = MachineExitError.fromResult(failedRun);

describe('toOutcome', () => {
  test("a success carries Claude's result and the machine facts", () => {
    expect(toOutcome('claude', result({}), claude)).toEqual({
      name: 'claude',
      machineId: 'm1',
      region: 'iad',
      exitCode: 0,
      state: 'stopped',
      success: true,
      durationSeconds: 12,
      result: '## Review',
      costUsd: 0.02,
      numTurns: 2,
      error: undefined,
    });
  });

  test.each([
    [
      1,
      { runResult: failedRun, error: exitError, success: false },
      { exitCode: 1, error: 'exit code 1' },
    ],
    [
      2,
      {
        runResult: undefined,
        error: new Error('Fly API POST /v1/apps/a/machines failed: 422'),
        success: false,
      },
      { machineId: 'm1', exitCode: null, error: 'Fly API POST /v1/apps/a/machines failed: 422' },
    ],
    [
      3,
      {
        runResult: { ...run, exitCode: null, failureReason: 'timed out after 60 s' },
        success: false,
      },
      { error: 'timed out after 60 s' },
    ],
  ])('#%i failure %#', (_n, overrides, expected) => {
    expect(toOutcome('claude', result(overrides), undefined)).toMatchObject({
      success: false,
      ...expected,
    });
  });
});

describe('outcomeLine', () => {
  test.each([
    [toOutcome('claude', result({}), claude), '✔ claude passed after 12 s.'],
    [
      toOutcome('x', result({ runResult: failedRun, error: exitError, success: false }), undefined),
      '✖ x failed after 12 s: exit code 1',
    ],
  ])('%#', (outcome, line) => {
    expect(outcomeLine(outcome)).toBe(line);
  });
});

describe('failureText', () => {
  test('a machine failure: MachineExitError over the readable lines, not the raw ones', () => {
    const text = failureText(
      'x',
      result({ runResult: failedRun, error: exitError, success: false }),
      ['▶ Bash: git diff', '── reviewer exited with code 1'],
    );
    expect(text).toBe(
      "Reviewer 'x': Machine m1 failed: exit code 1 (state stopped)\nLog (2 lines):\n▶ Bash: git diff\n── reviewer exited with code 1",
    );
  });

  test('a failed run reported without an error: the same text, from the run', () => {
    const text = failureText('x', result({ runResult: failedRun, success: false }), ['a line']);
    expect(text).toBe(
      "Reviewer 'x': Machine m1 failed: exit code 1 (state stopped)\nLog (1 line):\na line",
    );
  });

  test('any other error keeps its own message', () => {
    const text = failureText(
      'x',
      result({
        runResult: undefined,
        error: new Error('The step was cancelled (SIGTERM).'),
        success: false,
      }),
      [],
    );
    expect(text).toBe("Reviewer 'x': The step was cancelled (SIGTERM).");
  });
});

describe('stepVerdict', () => {
  const failures = ["Reviewer 'a': exit code 1", "Reviewer 'b': timed out"];

  test('fail-on-error: the step fails with every failure, nothing else annotated', () => {
    expect(stepVerdict(failures, true)).toEqual({
      failure: "Reviewer 'a': exit code 1\n\nReviewer 'b': timed out",
      annotations: [],
    });
  });

  test('fail-on-error false: the step passes, each failure an error annotation of its own', () => {
    expect(stepVerdict(failures, false)).toEqual({ failure: undefined, annotations: failures });
  });

  test.each([true, false])('no failure (fail-on-error %s): nothing to say', (failOnError) => {
    expect(stepVerdict([], failOnError)).toEqual({ failure: undefined, annotations: [] });
  });
});

// What the run tests expect of a RunResult, by outcome.
import type { ExitCodeSource, RunResult } from '../../src/fly/run/exit.ts';

/** What a run reports when its machine exited 0 and was destroyed. */
export function succeeded(source: ExitCodeSource): Partial<RunResult> {
  return {
    exitCode: 0,
    exitCodeSource: source,
    failureReason: undefined,
    timedOut: false,
    destroyed: true,
  };
}

/** What a run reports when its deadline of `seconds` passed and its machine was destroyed. */
export function timedOut(seconds: number): Partial<RunResult> {
  return {
    failureReason: `timed out after ${seconds} s`,
    exitCode: null,
    timedOut: true,
    destroyed: true,
  };
}

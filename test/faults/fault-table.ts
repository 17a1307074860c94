/**
 * The fault table: every `*.fault.test.ts` records one row per fault it ran, and the
 * project's global teardown (`global-setup.ts`) prints them all as one table at the end of
 * `npm run test:faults` (and of `npm test`). A row is what the run observed, read off the
 * emulators and the step's outputs; it is never the expectation copied.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Directory where the workers write their rows, one JSON line each. */
    faultTableDir: string;
  }
}

/** One fault, what it should lead to, and what it did. */
export interface FaultRow {
  /** The fault, e.g. "429 storm on create, no Retry-After". */
  readonly fault: string;
  /** What the action should do, e.g. "retries; reviewer succeeds; step passes". */
  readonly expected: string;
  /** What the run did, built from the step's outputs and the emulators' records. */
  readonly observed: string;
  /** Machines still alive in the Fly emulator when the row was taken (after the post step). */
  readonly machinesLeft: number;
  /** Sticky comments on the PR still saying "reviewing" (0 without a PR). */
  readonly commentsReviewing: number;
}

/** Adds a row to this run's fault table. Call it once per fault, after the checks ran. */
export function recordFaultRow(row: FaultRow): void {
  const file = join(inject('faultTableDir'), `${process.pid}.jsonl`);
  appendFileSync(file, `${JSON.stringify({ ...row, file: testFile() })}\n`);
}

/** The test file that recorded the row, so the table keeps file order. */
function testFile(): string {
  return expect.getState().testPath ?? '';
}

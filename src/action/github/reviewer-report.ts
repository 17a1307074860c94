/** What the main step hands over per reviewer when it ends, for the pull request to show. */
import type { Findings } from '../findings.js';

export interface ReviewerReport {
  readonly name: string;
  readonly success: boolean;
  /** Why it failed, in one sentence. */
  readonly error?: string | undefined;
  readonly durationSeconds?: number | undefined;
  readonly numTurns?: number | undefined;
  /** Claude's cost, as Claude Code estimates it. */
  readonly costUsd?: number | undefined;
  /** The machine's estimated cost. */
  readonly flyCostUsd?: number | undefined;
  /** The reviewer's report; absent when it failed before reporting. */
  readonly findings?: Findings | undefined;
  /** The `fail-on-severity` reason, when it applies to the step. */
  readonly severityFailure?: string | undefined;
}

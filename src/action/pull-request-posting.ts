/**
 * Whether and where the step posts its review: the pull request of a PR event (or of a
 * `/review` comment) with `github-token`, as `comment`, `inline-comments`, `review-event` and
 * `max-inline-comments` say. Turns each reviewer's outcome into what the pull request shows,
 * including its part of the `fail-on-severity` verdict.
 */
import type { ReviewContext } from './context.js';
import type { Inputs } from './inputs.js';
import type { Redactor } from './redact.js';
import type { ReviewerOutcome } from './report.js';
import { severityFailure, type SeverityThreshold } from './severity-gate.js';
import { createGitHubClient, type GitHubClient } from './github/client.js';
import { repositoryParams } from './github/repository-name.js';
import {
  PullRequestReport,
  type PullRequestLog,
  type PullRequestTarget,
  type ReviewerReport,
} from './github/pull-request-report.js';

/** Where the step says what it posts, and why it posts nothing. */
export interface PostingLog extends PullRequestLog {
  notice(message: string): void;
}

/** The step's GitHub client for `github-token`, at `github-api-url` (GITHUB_API_URL). */
export function stepGithubClient(
  token: string,
  baseUrl: string,
  log: PullRequestLog,
): GitHubClient {
  return createGitHubClient(token, { baseUrl, log });
}

/** The page of this workflow run (its attempt included), which every comment links to. */
export function runUrl(context: ReviewContext): string {
  const run = `${context.serverUrl}/${context.repository}/actions/runs/${context.runId}`;
  return context.runAttempt === '1' ? run : `${run}/attempts/${context.runAttempt}`;
}

/**
 * The pull request the step posts to, or undefined (with a notice saying why when the user
 * asked for comments): `comment: auto` posts on pull request events only, `false` never; an
 * empty `github-token` posts nothing.
 */
export function openPullRequestReport(
  inputs: Pick<Inputs, 'posting'>,
  context: ReviewContext,
  log: PostingLog,
  redact: Redactor,
): PullRequestReport | undefined {
  const { posting } = inputs;
  if (posting.comment === 'off' && !posting.inlineComments) return undefined;
  const pr = context.pullRequest;
  if (pr === undefined) {
    if (posting.comment === 'on') {
      log.notice(
        `comment is true, but this ${context.eventName || 'unknown'} event has no pull request to ` +
          'comment on: the review is in the outputs and the job summary.',
      );
    }
    return undefined;
  }
  if (posting.githubToken === undefined) {
    log.notice('github-token is empty: nothing is posted to the pull request.');
    return undefined;
  }
  const target: PullRequestTarget = {
    ...repositoryParams(context.repository),
    number: pr.number,
    headSha: pr.headSha,
    workflow: context.workflow,
    job: context.job,
    runUrl: runUrl(context),
  };
  return new PullRequestReport(
    stepGithubClient(posting.githubToken, posting.githubApiUrl, log),
    target,
    {
      comment: posting.comment !== 'off',
      inlineComments: posting.inlineComments,
      maxInlineComments: posting.maxInlineComments,
      reviewEvent: posting.reviewEvent,
      log,
      redact,
    },
  );
}

/** One reviewer's findings at or above `threshold`, as the reason the step fails, if any. */
export function reviewerSeverityFailure(
  outcome: ReviewerOutcome,
  threshold: SeverityThreshold,
): string | undefined {
  if (outcome.findings === undefined) return undefined;
  return severityFailure(
    [{ reviewer: outcome.name, findings: outcome.findings.findings }],
    threshold,
  );
}

/** The step's `fail-on-severity` reason over every reviewer's findings, if any. */
export function stepSeverityFailure(
  outcomes: readonly ReviewerOutcome[],
  threshold: SeverityThreshold,
): string | undefined {
  return severityFailure(
    outcomes.flatMap((o) =>
      o.findings === undefined ? [] : [{ reviewer: o.name, findings: o.findings.findings }],
    ),
    threshold,
  );
}

/** What the pull request shows of a reviewer that ended. */
export function reviewerReportOf(
  outcome: ReviewerOutcome,
  threshold: SeverityThreshold,
): ReviewerReport {
  return {
    name: outcome.name,
    success: outcome.success,
    error: outcome.error,
    durationSeconds: outcome.durationSeconds,
    numTurns: outcome.numTurns,
    costUsd: outcome.costUsd,
    flyCostUsd: outcome.flyCostUsd,
    findings: outcome.findings,
    severityFailure: reviewerSeverityFailure(outcome, threshold),
  };
}

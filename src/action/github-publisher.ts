/**
 * Everything the step writes to GitHub, in the order the step meets it: on a `/review`
 * comment the pull request's head (read before any machine) and the 👀 reaction; on a pull
 * request one sticky comment per reviewer, started when the team starts and finished with a
 * review as each reviewer ends; on other runs the findings as annotations and, with
 * `issue-title`, the report issue; at the end the 🚀 or 😕 reaction. All of it with
 * `github-token`, on the runner: no machine ever holds that token. Nothing here fails the
 * step except a `/review` whose pull request cannot be read (there is nothing to review then).
 */
import * as core from '@actions/core';
import { emitAnnotations, overflowLines, planAnnotations } from './annotations.js';
import { State } from './constants.js';
import type { ReviewContext } from './context.js';
import type { GitHubClient } from './github/client.js';
import {
  STARTED_REACTION,
  reactToComment,
  resultReaction,
  withCommentedPullRequest,
} from './github/comment-trigger.js';
import { publishIssueReport } from './github/issue-report.js';
import type { PullRequestReport } from './github/pull-request-report.js';
import type { Inputs } from './inputs.js';
import {
  openPullRequestReport,
  reviewerReportOf,
  runUrl,
  stepGithubClient,
  type PostingLog,
} from './pull-request-posting.js';
import type { Redactor } from './redact.js';
import type { ReviewerOutcome } from './report.js';
import type { StepLog } from './step-log.js';

/** What the step posts with, and what it needs to know of the run. */
export interface PublisherSettings {
  readonly inputs: Inputs;
  readonly context: ReviewContext;
  readonly redact: Redactor;
}

/**
 * The comments the post step turns into "cancelled" if the main step never finishes them; those
 * of `ended` reviewers (their final text failed to reach GitHub) into "ended" instead.
 */
export interface SavedComments {
  readonly repository: string;
  readonly ids: Readonly<Record<string, number>>;
  readonly ended?: readonly string[];
}

export class GithubPublisher {
  readonly #settings: PublisherSettings;
  readonly #log: StepLog;
  readonly #client: GitHubClient | undefined;
  #context: ReviewContext;
  #pullRequest: PullRequestReport | undefined;
  readonly #postings: Promise<unknown>[] = [];

  constructor(settings: PublisherSettings, log: StepLog) {
    this.#settings = settings;
    this.#log = log;
    this.#context = settings.context;
    const { githubToken, githubApiUrl } = settings.inputs.posting;
    this.#client =
      githubToken === undefined
        ? undefined
        : stepGithubClient(githubToken, githubApiUrl, this.#postingLog());
  }

  /** The context the reviewers run in: on a `/review` comment, with the PR's current head. */
  get context(): ReviewContext {
    return this.#context;
  }

  /**
   * Before any machine: a `/review` comment's pull request is read through the API (its head
   * is not in the payload), `check`ed with it (a head from a fork is known only now), and the
   * comment gets 👀. Throws when the head cannot be read or `check` throws; the comment then
   * gets 😕.
   */
  async prepare(check: (context: ReviewContext) => void): Promise<void> {
    if (this.#context.event !== 'issue_comment') return;
    if (this.#client === undefined) {
      throw new Error(
        "Input 'github-token' is empty: a /review comment needs it to read the pull request's head.",
      );
    }
    try {
      const context = await withCommentedPullRequest(this.#client, this.#context);
      check(context);
      this.#context = context;
    } catch (e: unknown) {
      await reactToComment(this.#client, this.#context, resultReaction(false), this.#log);
      throw e;
    }
    await reactToComment(this.#client, this.#context, STARTED_REACTION, this.#log);
  }

  /**
   * The team starts: each reviewer's sticky comment says "reviewing" (not awaited: machines
   * do not wait for GitHub), and the comments' ids go to the action state for the post step.
   */
  start(reviewers: readonly string[]): void {
    this.#pullRequest = openPullRequestReport(
      this.#settings.inputs,
      this.#context,
      this.#postingLog(),
      this.#settings.redact,
    );
    const pullRequest = this.#pullRequest;
    if (pullRequest === undefined) return;
    for (const name of reviewers) {
      this.#postings.push(
        pullRequest.start(name).then(() => saveComments(this.#context, pullRequest.commentIds())),
      );
    }
  }

  /**
   * A reviewer ended: its comment and review are posted (in the background; see `finish`).
   * One that ended because the step was `cancelled` gets the "cancelled" comment and no
   * review: it did not fail, it was stopped before it could report.
   */
  reviewerFinished(outcome: ReviewerOutcome, cancelled = false): void {
    const pullRequest = this.#pullRequest;
    if (pullRequest === undefined) return;
    if (cancelled) {
      this.#postings.push(pullRequest.cancel(outcome.name));
      return;
    }
    const threshold = this.#settings.inputs.posting.failOnSeverity;
    this.#postings.push(pullRequest.finish(reviewerReportOf(outcome, threshold)));
  }

  /**
   * The team ended, on a run without a pull request: the findings become annotations of the
   * run. Returns Markdown notes for the job summary (findings that did not fit in the
   * annotations). `failedAnnotations` is how many error annotations the step makes itself.
   */
  annotate(outcomes: readonly ReviewerOutcome[], failedAnnotations: number): string[] {
    if (this.#context.pullRequest !== undefined) return [];
    return this.#annotate(outcomes, failedAnnotations);
  }

  /**
   * After the outputs and the summary are written: waits for every comment and review, writes
   * the report issue on a run without a pull request, and answers a `/review` comment.
   */
  async finish(outcomes: readonly ReviewerOutcome[]): Promise<void> {
    await Promise.all(this.#postings);
    if (this.#pullRequest !== undefined) {
      // Every comment is final now, but those GitHub failed to update: the post step tries them.
      const unsettled = this.#pullRequest.unsettledComments();
      saveComments(this.#context, unsettled.ids, unsettled.ended);
    }
    if (this.#context.pullRequest === undefined) await this.#reportToIssue(outcomes);
    if (this.#context.event === 'issue_comment' && this.#client !== undefined) {
      const success = outcomes.every((o) => o.success);
      await reactToComment(this.#client, this.#context, resultReaction(success), this.#log);
    }
  }

  #annotate(outcomes: readonly ReviewerOutcome[], failedAnnotations: number): string[] {
    const plan = planAnnotations(
      outcomes.map((o) => ({ name: o.name, findings: o.findings })),
      { used: { error: failedAnnotations } },
    );
    const redact = this.#settings.redact;
    this.#log.command(() =>
      emitAnnotations(plan, {
        error: (message, properties) => core.error(redact(message), properties),
        warning: (message, properties) => core.warning(redact(message), properties),
        notice: (message, properties) => core.notice(redact(message), properties),
      }),
    );
    const rest = overflowLines(plan.overflow);
    if (rest.length === 0) return [];
    return [
      `**${rest.length} more finding${rest.length === 1 ? '' : 's'}** than GitHub shows as ` +
        'annotations of one step:',
      rest.map(redact).join('\n'),
    ];
  }

  async #reportToIssue(outcomes: readonly ReviewerOutcome[]): Promise<void> {
    const title = this.#settings.inputs.issueTitle;
    if (title === undefined) return;
    if (this.#client === undefined) {
      this.#log.warning(
        `Input 'github-token' is empty: the report issue "${title}" is not written.`,
      );
      return;
    }
    const issue = await publishIssueReport(
      this.#client,
      {
        repository: this.#context.repository,
        key: { workflow: this.#context.workflow, title },
        reviewers: outcomes.map((o) => ({
          name: o.name,
          findings: o.findings,
          ...(o.error === undefined ? {} : { error: this.#settings.redact(o.error) }),
        })),
        run: { url: runUrl(this.#context), sha: this.#context.sha },
      },
      this.#postingLog(),
    );
    if (issue !== undefined) {
      this.#log.text(`${issue.created ? 'Opened' : 'Updated'} the report issue ${issue.url}.`);
    }
  }

  #postingLog(): PostingLog {
    return {
      info: (message) => this.#log.text(message),
      warning: (message) => this.#log.warning(this.#settings.redact(message)),
      notice: (message) => this.#log.command(() => core.notice(message)),
    };
  }
}

/** Saves the sticky comments' ids for the post step (never a secret: ids and names). */
function saveComments(
  context: ReviewContext,
  ids: Readonly<Record<string, number>>,
  ended: readonly string[] = [],
): void {
  const saved: SavedComments = {
    repository: context.repository,
    ids,
    ...(ended.length > 0 ? { ended } : {}),
  };
  core.saveState(State.Comments, JSON.stringify(saved));
}

/** The comments the main step saved, or none when the state is missing or not its JSON. */
export function parseSavedComments(text: string): SavedComments | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<SavedComments>;
    if (typeof value.repository !== 'string' || typeof value.ids !== 'object' || !value.ids) {
      return undefined;
    }
    const ids = Object.fromEntries(
      Object.entries(value.ids).filter((entry): entry is [string, number] =>
        Number.isSafeInteger(entry[1]),
      ),
    );
    if (Object.keys(ids).length === 0) return undefined;
    const ended = Array.isArray(value.ended)
      ? value.ended.filter((name): name is string => typeof name === 'string')
      : [];
    return { repository: value.repository, ids, ...(ended.length > 0 ? { ended } : {}) };
  } catch {
    return undefined;
  }
}

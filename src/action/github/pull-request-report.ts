/**
 * What a pull request sees of a review, the one entry point the main and post steps call:
 * per reviewer one sticky comment (created "reviewing" when it starts, updated in place when
 * it ends) and one review whose inline comments are its findings on the diff, remembering
 * across pushes what it posted before. What every reviewer needs to read (the conversation,
 * the diff, the earlier review comments) is read once per step and shared, so a reviewer
 * costs its own writes and little else. Nothing here throws or fails the step: a GitHub error
 * is a warning (a 403 names the missing permission) and the review stays in the step's
 * outputs and job summary.
 */
import { messageOf } from '../../fly/index.js';
import type { Findings } from '../findings.js';
import type { Redactor } from '../redact.js';
import { tableCell } from '../untrusted-markdown.js';
import type { GitHubClient } from './client.js';
import type { PullDiff } from './diff-lines.js';
import { writeFailureWarning } from './request-failure.js';
import {
  NO_LONGER_REPORTED_MARKER,
  REVIEWING_MARKER,
  hasMarker,
  reviewerTag,
  stickyMarker,
  stickyMarkerOf,
  type ReviewerKey,
} from './markers.js';
import { fetchPullDiff, type PullRequestRef } from './pull-diff.js';
import { editReviewComment, listReviewComments } from './review-comments.js';
import { memoryEdits, postedFingerprints, type ExistingReviewComment } from './review-memory.js';
import { planReview } from './review-plan.js';
import { postReview, type ReviewEvent } from './review-post.js';
import type { ReviewerReport } from './reviewer-report.js';
import {
  cancelledBody,
  endedBody,
  finalBody,
  reviewingBody,
  type PlacedFinding,
} from './sticky-body.js';
import {
  listConversation,
  upsertStickyComment,
  type Conversation,
  type PostedComment,
} from './sticky-comment.js';

export type { ReviewerReport } from './reviewer-report.js';

/** The pull request reviewed, and the run reviewing it. */
export interface PullRequestTarget extends PullRequestRef {
  /** The head the reviewers review: every review's `commit_id`. */
  readonly headSha: string;
  /** The workflow's name (`GITHUB_WORKFLOW`): part of every sticky marker. */
  readonly workflow: string;
  /** The job's id (`GITHUB_JOB`): part of every sticky marker. */
  readonly job: string;
  /** The workflow run's page, linked from the comment. */
  readonly runUrl: string;
}

export interface PullRequestLog {
  info(message: string): void;
  warning(message: string): void;
}

export interface PullRequestReportOptions {
  /** Post the sticky comment (input `comment`). */
  readonly comment: boolean;
  /** Post a review with inline comments (input `inline-comments`). */
  readonly inlineComments: boolean;
  /** Inline comments per review at most (input `max-inline-comments`); the rest go to the comment. */
  readonly maxInlineComments: number;
  /** `auto`: REQUEST_CHANGES when the verdict is `request_changes`; else always COMMENT. */
  readonly reviewEvent: 'comment' | 'auto';
  readonly log: PullRequestLog;
  readonly redact: Redactor;
}

/** What reached the pull request for one reviewer. */
export interface ReviewerPosting {
  readonly reviewer: string;
  readonly commentId?: number | undefined;
  readonly commentUrl?: string | undefined;
  readonly reviewId?: number | undefined;
  /** Inline comments posted in this run's review. */
  readonly inline: number;
  /** Findings already inline since an earlier push, not posted again. */
  readonly repeated: number;
  /** Findings shown in the sticky comment only. */
  readonly notInline: number;
  /** Earlier inline comments of this reviewer marked no longer reported. */
  readonly noLongerReported: number;
}

/**
 * The sticky comments whose last write failed, so may still say "reviewing", for the post
 * step: by reviewer name, the comment's id; `ended` names the reviewers that did end (their
 * final text is in the job summary), the others were cancelled.
 */
export interface UnsettledComments {
  readonly ids: Readonly<Record<string, number>>;
  readonly ended: readonly string[];
}

/** The reviews and comments of one run on one pull request. */
export class PullRequestReport {
  readonly #client: GitHubClient;
  readonly #target: PullRequestTarget;
  readonly #options: PullRequestReportOptions;
  readonly #started = new Map<string, Promise<PostedComment | undefined>>();
  readonly #comments = new Map<string, PostedComment>();
  /** Reviewers whose final or cancelled text did not reach their comment: whether they ended. */
  readonly #unsettled = new Map<string, { id: number; ended: boolean }>();
  #diff: Promise<PullDiff | undefined> | undefined;
  #conversation: Promise<Conversation | undefined> | undefined;
  #reviewComments: Promise<ExistingReviewComment[] | undefined> | undefined;
  /** One review at a time: GitHub allows one pending review per user, and the 422 probes make one. */
  #reviews: Promise<unknown> = Promise.resolve();

  constructor(client: GitHubClient, target: PullRequestTarget, options: PullRequestReportOptions) {
    this.#client = client;
    this.#target = target;
    this.#options = options;
  }

  /**
   * Shows that `reviewer` is reviewing: its sticky comment says so, with a link to the run.
   * Need not be awaited (machines should not wait for a comment); {@link finish} waits for it.
   */
  start(reviewer: string): Promise<void> {
    if (!this.#options.comment) return Promise.resolve();
    const key = this.#key(reviewer);
    const marker = stickyMarker(key);
    const posting = this.#attempt(`post the sticky comment of reviewer '${reviewer}'`, async () => {
      const conversation = await this.#conversationOnce();
      const posted = await upsertStickyComment(
        this.#client,
        this.#target,
        marker,
        reviewingBody(
          marker,
          reviewer,
          this.#target.headSha,
          this.#target.runUrl,
          this.#options.redact,
        ),
        conversation?.find(marker),
        conversation,
      );
      this.#comments.set(reviewer, posted);
      return posted;
    });
    this.#started.set(reviewer, posting);
    return posting.then(() => undefined);
  }

  /** Posts the reviewer's review and updates its sticky comment. Never throws. */
  async finish(report: ReviewerReport): Promise<ReviewerPosting> {
    try {
      return await this.#finish(report);
    } catch (e: unknown) {
      // Only a bug lands here: every request is already guarded.
      this.#options.log.warning(
        `Could not report reviewer '${report.name}' on the pull request: ` +
          `${this.#options.redact(messageOf(e))}`,
      );
      return { reviewer: report.name, inline: 0, repeated: 0, notInline: 0, noLongerReported: 0 };
    }
  }

  /**
   * The step was cancelled before `reviewer` ended: its sticky comment says "cancelled" (as
   * the post step's {@link markCancelled} would) and no review is posted, since it reviewed
   * nothing. Never throws.
   */
  async cancel(reviewer: string): Promise<void> {
    if (!this.#options.comment) return;
    const marker = stickyMarker(this.#key(reviewer));
    const known = await this.#started.get(reviewer);
    const posted = await this.#attempt(
      `mark the sticky comment of reviewer '${reviewer}' cancelled`,
      async () => {
        const posted = await upsertStickyComment(
          this.#client,
          this.#target,
          marker,
          cancelledBody(marker, reviewer, this.#target.runUrl, this.#options.redact),
          known,
        );
        this.#comments.set(reviewer, posted);
        return posted;
      },
    );
    if (posted === undefined && known !== undefined) {
      this.#unsettled.set(reviewer, { id: known.id, ended: false });
    }
  }

  /** The sticky comment of each reviewer, by name: for the post step's {@link markCancelled}. */
  commentIds(): Record<string, number> {
    return Object.fromEntries([...this.#comments].map(([name, c]) => [name, c.id]));
  }

  /**
   * Once every reviewer ended or was cancelled: the comments left saying "reviewing" because
   * their last write failed, for the post step's {@link markCancelled} and {@link markEnded}.
   */
  unsettledComments(): UnsettledComments {
    const entries = [...this.#unsettled];
    return {
      ids: Object.fromEntries(entries.map(([name, c]) => [name, c.id])),
      ended: entries.filter(([, c]) => c.ended).map(([name]) => name),
    };
  }

  async #finish(report: ReviewerReport): Promise<ReviewerPosting> {
    const options = this.#options;
    const key = this.#key(report.name);
    const marker = stickyMarker(key);
    const known = await this.#started.get(report.name);
    const findings = report.success ? report.findings : undefined;

    let placed: PlacedFinding[] = [];
    let review: ReviewOutcome = { noLongerReported: 0 };
    if (findings && options.inlineComments) {
      const previous = this.#reviews;
      const turn = previous.then(() => this.#review(key, findings, known));
      this.#reviews = turn.catch(() => undefined);
      review = await turn;
      placed = review.placed ?? [];
    } else if (findings) {
      placed = findings.findings.map((finding) => ({ finding, placement: 'inline-off' }));
    }

    let comment: PostedComment | undefined = known;
    if (options.comment) {
      comment = await this.#attempt(
        `update the sticky comment of reviewer '${report.name}'`,
        async () => {
          const posted = await upsertStickyComment(
            this.#client,
            this.#target,
            marker,
            this.#finalBody(report, placed, marker),
            known,
          );
          this.#comments.set(report.name, posted);
          return posted;
        },
      );
      if (comment === undefined && known !== undefined) {
        this.#unsettled.set(report.name, { id: known.id, ended: true });
      }
    }
    const count = (test: (p: PlacedFinding) => boolean): number => placed.filter(test).length;
    const posting: ReviewerPosting = {
      reviewer: report.name,
      commentId: comment?.id,
      commentUrl: comment?.htmlUrl,
      reviewId: review.reviewId,
      inline: count((p) => p.placement === 'inline'),
      repeated: count((p) => p.placement === 'inline-earlier'),
      notInline: count((p) => p.placement !== 'inline' && p.placement !== 'inline-earlier'),
      noLongerReported: review.noLongerReported,
    };
    options.log.info(
      `Reviewer '${report.name}' on the pull request: ${posting.inline} inline, ` +
        `${posting.repeated} already inline, ${posting.notInline} in the comment only, ` +
        `${posting.noLongerReported} marked no longer reported.`,
    );
    return posting;
  }

  async #review(
    key: ReviewerKey,
    findings: Findings,
    comment: PostedComment | undefined,
  ): Promise<ReviewOutcome> {
    const options = this.#options;
    const reviewer = key.reviewer;
    const diff = await this.#diffOnce();
    const existing = await this.#reviewCommentsOnce();
    const plan = planReview({
      key,
      findings: findings.findings,
      diff,
      maxInline: options.maxInlineComments,
      posted: postedFingerprints(existing ?? []),
      redact: options.redact,
    });
    const placed: PlacedFinding[] = [
      ...plan.inline.map((p) => ({ finding: p.finding, placement: 'inline' as const })),
      ...plan.repeated.map((p) => ({ finding: p.finding, placement: 'inline-earlier' as const })),
      ...plan.notInline.map((n) => ({ finding: n.finding, placement: n.reason })),
    ];
    const event: ReviewEvent =
      options.reviewEvent === 'auto' && findings.verdict === 'request_changes'
        ? 'REQUEST_CHANGES'
        : 'COMMENT';

    let reviewId: number | undefined;
    // A review with nothing inline would only repeat the comment; one that requests changes,
    // or stands in for a comment that is off, is still wanted.
    if (plan.inline.length > 0 || event === 'REQUEST_CHANGES' || !options.comment) {
      const refusedPlacement = (refused: readonly number[]): PlacedFinding[] =>
        placed.map((p, i) =>
          i < plan.inline.length && refused.includes(i) ? { ...p, placement: 'refused' } : p,
        );
      const posted = await this.#attempt(`post the review of reviewer '${reviewer}'`, () =>
        postReview(this.#client, this.#target, {
          commitId: this.#target.headSha,
          event,
          comments: plan.inline.map((p) => p.request),
          body: (refused) =>
            options.comment
              ? this.#reviewPointer(
                  reviewer,
                  findings,
                  plan.inline.length - refused.length,
                  comment,
                )
              : this.#finalBody(
                  { name: reviewer, success: true, findings },
                  refusedPlacement(refused),
                  undefined,
                ),
        }),
      );
      if (posted) {
        reviewId = posted.id;
        placed.splice(0, placed.length, ...refusedPlacement(posted.refused));
        if (posted.refused.length > 0) {
          options.log.warning(
            `GitHub refused ${posted.refused.length} inline comment(s) of reviewer '${reviewer}' ` +
              `(found with ${posted.probes} pending reviews); they are in its sticky comment.`,
          );
        }
      } else {
        for (const [i, p] of placed.entries()) {
          if (p.placement === 'inline') placed[i] = { ...p, placement: 'refused' };
        }
      }
    }

    let noLongerReported = 0;
    if (existing) {
      for (const edit of memoryEdits(
        existing,
        reviewerTag(key),
        plan.reported,
        this.#target.headSha,
      )) {
        const done = await this.#attempt(
          `edit an earlier inline comment of reviewer '${reviewer}'`,
          async () => {
            await editReviewComment(this.#client, this.#target, edit);
            return true;
          },
        );
        if (done && edit.body.startsWith(NO_LONGER_REPORTED_MARKER)) noLongerReported++;
      }
    }
    return { placed, reviewId, noLongerReported };
  }

  #finalBody(
    report: ReviewerReport,
    placed: readonly PlacedFinding[],
    marker: string | undefined,
  ): string {
    return finalBody({
      marker,
      report,
      headSha: this.#target.headSha,
      runUrl: this.#target.runUrl,
      placed,
      maxInline: this.#options.maxInlineComments,
      redact: this.#options.redact,
    });
  }

  /** The review's own text when the sticky comment holds the rest. */
  #reviewPointer(
    reviewer: string,
    findings: Findings,
    inline: number,
    comment: PostedComment | undefined,
  ): string {
    const name = tableCell(this.#options.redact(reviewer));
    const where = comment
      ? `[its comment](${comment.htmlUrl})`
      : 'its comment on this pull request';
    const verdict = findings.verdict.replace('_', ' ');
    return (
      `**flaude · ${name}**: ${verdict}. ${inline} inline finding${inline === 1 ? '' : 's'}; ` +
      `the summary and every finding are in ${where}.`
    );
  }

  #key(reviewer: string): ReviewerKey {
    return { workflow: this.#target.workflow, job: this.#target.job, reviewer };
  }

  /**
   * The conversation as it was before this run's first comment, for every reviewer's sticky
   * comment; undefined when it could not be read (each reviewer then reads it itself).
   */
  #conversationOnce(): Promise<Conversation | undefined> {
    this.#conversation ??= listConversation(this.#client, this.#target).catch(() => undefined);
    return this.#conversation;
  }

  /**
   * The review comments as they were before this run's first review. Enough for every
   * reviewer: a fingerprint carries its reviewer, so no reviewer needs another's new ones.
   */
  #reviewCommentsOnce(): Promise<ExistingReviewComment[] | undefined> {
    this.#reviewComments ??= this.#attempt(
      'read the review comments (earlier findings of the reviewers)',
      () => listReviewComments(this.#client, this.#target),
    );
    return this.#reviewComments;
  }

  #diffOnce(): Promise<PullDiff | undefined> {
    this.#diff ??= this.#attempt("read the pull request's files (its diff)", () =>
      fetchPullDiff(this.#client, this.#target),
    );
    return this.#diff;
  }

  /** `work`'s result, or `undefined` after a warning saying what could not be done. */
  async #attempt<T>(action: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (e: unknown) {
      this.#options.log.warning(writeFailureWarning(e, action, this.#options.redact));
      return undefined;
    }
  }
}

interface ReviewOutcome {
  readonly placed?: PlacedFinding[];
  readonly reviewId?: number | undefined;
  readonly noLongerReported: number;
}

export interface MarkCancelledOptions {
  readonly runUrl?: string | undefined;
  readonly log: PullRequestLog;
  readonly redact: Redactor;
}

/**
 * For the post step: turns each sticky comment (reviewer name -> comment id, from
 * {@link PullRequestReport.commentIds}) that still says "reviewing" into "cancelled". Returns
 * how many it changed. Never throws.
 */
export function markCancelled(
  client: GitHubClient,
  repo: { readonly owner: string; readonly repo: string },
  comments: Readonly<Record<string, number>>,
  options: MarkCancelledOptions,
): Promise<number> {
  return replaceReviewing(client, repo, comments, options, 'cancelled', (marker, reviewer) =>
    cancelledBody(marker, reviewer, options.runUrl, options.redact),
  );
}

/**
 * For the post step: turns each sticky comment of a reviewer that ended, but whose final text
 * the main step could not write ({@link PullRequestReport.unsettledComments}), from
 * "reviewing" into "ended, see the job summary". Returns how many it changed. Never throws.
 */
export function markEnded(
  client: GitHubClient,
  repo: { readonly owner: string; readonly repo: string },
  comments: Readonly<Record<string, number>>,
  options: MarkCancelledOptions,
): Promise<number> {
  return replaceReviewing(client, repo, comments, options, 'ended', (marker, reviewer) =>
    endedBody(marker, reviewer, options.runUrl, options.redact),
  );
}

async function replaceReviewing(
  client: GitHubClient,
  repo: { readonly owner: string; readonly repo: string },
  comments: Readonly<Record<string, number>>,
  options: MarkCancelledOptions,
  what: string,
  bodyOf: (marker: string, reviewer: string) => string,
): Promise<number> {
  let changed = 0;
  for (const [reviewer, id] of Object.entries(comments)) {
    try {
      const { data } = await client.rest.issues.getComment({ ...repo, comment_id: id });
      const marker = stickyMarkerOf(data.body);
      if (!marker || !hasMarker(data.body, REVIEWING_MARKER)) continue;
      await client.rest.issues.updateComment({
        ...repo,
        comment_id: id,
        body: bodyOf(marker, reviewer),
      });
      changed++;
    } catch (e: unknown) {
      options.log.warning(
        writeFailureWarning(
          e,
          `mark the sticky comment of reviewer '${reviewer}' ${what}`,
          options.redact,
        ),
      );
    }
  }
  return changed;
}

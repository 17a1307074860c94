/**
 * Decides which of a reviewer's findings go inline on the diff and which go to the sticky
 * comment, and what each inline comment is. Most severe first: the first `maxInline` findings
 * that fall on right-side diff lines (a range only within one hunk) go inline, unless the same
 * finding (by fingerprint) is already on the pull request from an earlier run. Pure.
 */
import { SEVERITIES, type Finding } from '../findings.js';
import type { Redactor } from '../redact.js';
import { isCommentable, lineText, type PullDiff } from './diff-lines.js';
import { inlineCommentBody } from './inline-comment.js';
import { findingFingerprint, inlineMarker, reviewerTag, type ReviewerKey } from './markers.js';

/** GitHub's `comments[]` item of a create-review request, on the right side. */
export interface ReviewCommentRequest {
  readonly path: string;
  readonly line: number;
  readonly side: 'RIGHT';
  readonly start_line?: number;
  readonly start_side?: 'RIGHT';
  readonly body: string;
}

/** A finding that goes inline, with its request and fingerprint. */
export interface InlineFinding {
  readonly finding: Finding;
  readonly fingerprint: string;
  readonly request: ReviewCommentRequest;
}

/** Why a finding is not posted inline. */
export type NotInlineReason = 'outside-diff' | 'over-limit' | 'refused' | 'inline-off';

/** Where each finding of a reviewer goes. */
export interface ReviewPlan {
  /** To post in this run's review. */
  readonly inline: readonly InlineFinding[];
  /** Already inline on the pull request from an earlier run: not posted again. */
  readonly repeated: readonly InlineFinding[];
  /** For the sticky comment, with the reason. */
  readonly notInline: readonly { readonly finding: Finding; readonly reason: NotInlineReason }[];
  /** Fingerprints of every finding this run reports on a diff line. */
  readonly reported: ReadonlySet<string>;
}

export interface ReviewPlanInput {
  readonly key: ReviewerKey;
  readonly findings: readonly Finding[];
  /** The diff; `undefined` when it could not be read (every finding then goes to the comment). */
  readonly diff: PullDiff | undefined;
  readonly maxInline: number;
  /** Fingerprints already on the pull request. */
  readonly posted: ReadonlySet<string>;
  readonly redact: Redactor;
}

/** Findings, most severe first, in their own order within a severity. */
export function bySeverity<T extends { readonly severity: Finding['severity'] }>(
  findings: readonly T[],
): T[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) => SEVERITIES.indexOf(a.f.severity) - SEVERITIES.indexOf(b.f.severity) || a.i - b.i,
    )
    .map(({ f }) => f);
}

/** Splits a reviewer's findings between the review and the sticky comment. */
export function planReview(input: ReviewPlanInput): ReviewPlan {
  const tag = reviewerTag(input.key);
  const inline: InlineFinding[] = [];
  const repeated: InlineFinding[] = [];
  const notInline: { finding: Finding; reason: NotInlineReason }[] = [];
  const reported = new Set<string>();
  for (const finding of bySeverity(input.findings)) {
    const text = input.diff && lineText(input.diff, finding.path, finding.line);
    if (
      input.diff === undefined ||
      text === undefined ||
      !isCommentable(input.diff, finding.path, finding.line, finding.start_line)
    ) {
      notInline.push({ finding, reason: 'outside-diff' });
      continue;
    }
    const fingerprint = findingFingerprint(input.key, finding, text);
    const planned: InlineFinding = {
      finding,
      fingerprint,
      request: commentRequest(
        finding,
        inlineCommentBody(finding, inlineMarker(tag, fingerprint), input.redact),
      ),
    };
    const seen = reported.has(fingerprint);
    reported.add(fingerprint);
    if (input.posted.has(fingerprint) || seen) repeated.push(planned);
    else if (inline.length >= input.maxInline) notInline.push({ finding, reason: 'over-limit' });
    else inline.push(planned);
  }
  return { inline, repeated, notInline, reported };
}

/**
 * The request for one comment. A range that starts on its last line is a one-line comment:
 * GitHub refuses `start_line` equal to `line` ("start line must precede the end line").
 */
function commentRequest(finding: Finding, body: string): ReviewCommentRequest {
  const range = finding.start_line !== undefined && finding.start_line < finding.line;
  return range
    ? {
        path: finding.path,
        line: finding.line,
        side: 'RIGHT',
        start_line: finding.start_line,
        start_side: 'RIGHT',
        body,
      }
    : { path: finding.path, line: finding.line, side: 'RIGHT', body };
}

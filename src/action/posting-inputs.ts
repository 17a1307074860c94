/**
 * The inputs that say what the step posts to GitHub, and with which token: read apart from the
 * reviewers' inputs because they concern the runner's side only (nothing of them reaches a
 * machine). Errors name the input and quote the value, as every input's do.
 */
import { SEVERITY_THRESHOLDS, type SeverityThreshold } from './severity-gate.js';
import { Input, InputDefault } from './constants.js';
import { inputWhere, invalid, parseBoolean, parseBoundedWholeNumber } from './input-values.js';
import type { GithubConnectionInputs, InputSource } from './inputs.js';

/** `comment`: `auto` posts on pull request events (and `/review` comments), nowhere else. */
export type CommentMode = 'auto' | 'on' | 'off';

/** `review-event`: `auto` requests changes when a reviewer's verdict is `request_changes`. */
export type ReviewEventMode = 'comment' | 'auto';

/** With the token and API root the step posts with (`githubToken` undefined posts nothing). */
export interface PostingInputs extends GithubConnectionInputs {
  readonly comment: CommentMode;
  /** Whether findings on the diff become inline review comments. */
  readonly inlineComments: boolean;
  readonly reviewEvent: ReviewEventMode;
  /** Most inline comments in one review; the rest go to the sticky comment. */
  readonly maxInlineComments: number;
  readonly failOnSeverity: SeverityThreshold;
}

/** GitHub's own cap is far above this; a review with hundreds of comments reads as noise. */
export const MAX_INLINE_COMMENTS = 100;

/**
 * Reads and checks what the step posts; the token and API root are `connection`'s
 * (`readGithubConnectionInputs`, which the reap and post steps read too).
 */
export function readPostingInputs(
  source: InputSource,
  connection: GithubConnectionInputs,
): PostingInputs {
  const text = (name: string): string => source.get(name).trim();
  const oneOf = <T extends string>(name: string, fallback: string, allowed: readonly T[]): T => {
    const value = text(name) || fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      throw invalid(inputWhere(name), value, `one of ${allowed.join(', ')}`);
    }
    return value as T;
  };
  const commentText = text(Input.Comment) || InputDefault.Comment;
  const comment: CommentMode =
    commentText === 'auto' ? 'auto' : parseCommentFlag(commentText) ? 'on' : 'off';
  return {
    ...connection,
    comment,
    inlineComments: parseBoolean(
      inputWhere(Input.InlineComments),
      text(Input.InlineComments) || InputDefault.InlineComments,
    ),
    reviewEvent: oneOf(Input.ReviewEvent, InputDefault.ReviewEvent, ['comment', 'auto'] as const),
    maxInlineComments: parseBoundedWholeNumber(
      inputWhere(Input.MaxInlineComments),
      text(Input.MaxInlineComments) || InputDefault.MaxInlineComments,
      0,
      MAX_INLINE_COMMENTS,
    ),
    failOnSeverity: oneOf(Input.FailOnSeverity, InputDefault.FailOnSeverity, SEVERITY_THRESHOLDS),
  };
}

function parseCommentFlag(value: string): boolean {
  try {
    return parseBoolean(inputWhere(Input.Comment), value);
  } catch {
    throw invalid(inputWhere(Input.Comment), value, 'auto, true or false');
  }
}

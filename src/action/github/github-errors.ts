/**
 * What a failed GitHub request means for the step: never a failure (the review stays in the
 * outputs and the job summary), always a warning that says what could not be done and, for a
 * 403, which permission the token lacks. Pure.
 */
import { messageOf } from '../../fly/index.js';
import type { Redactor } from '../redact.js';

/** The permission a GitHub token needs to comment and review on a pull request. */
export const PULL_REQUESTS_WRITE = 'pull-requests: write';

/** The HTTP status of an octokit `RequestError`, if `error` is one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** GitHub's error sentences (`errors[]`) of a refusal, or its message. */
export function refusalText(error: unknown): string {
  const data = (error as { response?: { data?: unknown } } | null)?.response?.data as
    { message?: unknown; errors?: unknown } | undefined;
  const errors = Array.isArray(data?.errors)
    ? data.errors.map((e: unknown) => {
        if (typeof e === 'string') return e;
        const message = (e as { message?: unknown } | null)?.message;
        return typeof message === 'string' ? message : '';
      })
    : [];
  const sentences = errors.filter((e) => e !== '');
  if (sentences.length > 0) return sentences.join('; ');
  return typeof data?.message === 'string' ? data.message : messageOf(error);
}

/**
 * The warning for a request that failed while trying to `action` (e.g. "update the sticky
 * comment of reviewer `x`"). A 403 that is not a rate limit is a missing permission.
 */
export function writeFailureWarning(error: unknown, action: string, redact: Redactor): string {
  const status = statusOf(error);
  const reason = redact(refusalText(error));
  const kept = "The review is still in the step's outputs and job summary.";
  if (status === 403 && !/rate limit/i.test(reason)) {
    return (
      `Could not ${action}: GitHub answered 403 (${reason}). The github-token needs the ` +
      `\`${PULL_REQUESTS_WRITE}\` permission (set \`permissions:\` in the workflow; a pull ` +
      `request from a fork gets a read-only token). ${kept}`
    );
  }
  return `Could not ${action}: ${status === undefined ? '' : `GitHub answered ${status} (`}${reason}${status === undefined ? '' : ')'}. ${kept}`;
}

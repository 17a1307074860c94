/**
 * What a failed GitHub request says to the person reading the step's log: what was being
 * done, GitHub's status and message, and on a 403 the `permissions:` entry the token is
 * missing (a `GITHUB_TOKEN` without it, or a fork's read-only one, gets exactly that). Never a
 * failure of the step: the review stays in the outputs and the job summary. Pure.
 */
import { messageOf } from '../../fly/index.js';
import type { Redactor } from '../redact.js';

/** The permission a GitHub token needs to comment and review on a pull request. */
export const PULL_REQUESTS_WRITE = 'pull-requests: write';

/** The HTTP status of an octokit request error; undefined for anything else (a network error). */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * True on a 403 that means "this token may not": not a rate limit, which GitHub also answers
 * with 403 and octokit's throttling plugin has already waited out and given up on.
 */
export function isPermissionDenied(error: unknown): boolean {
  return statusOf(error) === 403 && !isRateLimit(messageOf(error));
}

function isRateLimit(text: string): boolean {
  return /rate limit/i.test(text);
}

/**
 * `Could not <what>: HTTP 403 <GitHub's message>.`, and after a permission refusal
 * `The workflow's token needs \`<permission>\` (its permissions: block).`
 */
export function requestFailure(what: string, error: unknown, permission: string): string {
  const status = statusOf(error);
  const answer = `${status === undefined ? '' : `HTTP ${status}: `}${messageOf(error).replace(/\.$/, '')}`;
  const hint = isPermissionDenied(error)
    ? ` The workflow's token needs \`${permission}\` (its permissions: block).`
    : '';
  return `Could not ${what}: ${answer}.${hint}`;
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
  if (status === 403 && !isRateLimit(reason)) {
    return (
      `Could not ${action}: GitHub answered 403 (${reason}). The github-token needs the ` +
      `\`${PULL_REQUESTS_WRITE}\` permission (set \`permissions:\` in the workflow; a pull ` +
      `request from a fork gets a read-only token). ${kept}`
    );
  }
  return `Could not ${action}: ${status === undefined ? '' : `GitHub answered ${status} (`}${reason}${status === undefined ? '' : ')'}. ${kept}`;
}

/**
 * What a failed GitHub request says to the person reading the step's log: what was being
 * done, GitHub's status and message, and on a 403 the `permissions:` entry the token is
 * missing (a `GITHUB_TOKEN` without it, or a fork's read-only one, gets exactly that). Pure.
 */
import { messageOf } from '../../fly/index.js';

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
  return statusOf(error) === 403 && !/rate limit/i.test(messageOf(error));
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

import { describe, expect, test } from 'vitest';
import {
  isPermissionDenied,
  requestFailure,
  statusOf,
} from '../../../src/action/github/request-failure.ts';

/** What octokit throws: an Error with the status. */
const httpError = (status: number, message: string): Error =>
  Object.assign(new Error(message), { status });

describe('requestFailure', () => {
  test.each([
    [
      1,
      httpError(403, 'Resource not accessible by integration'),
      'Could not create the issue: HTTP 403: Resource not accessible by integration. ' +
        "The workflow's token needs `issues: write` (its permissions: block).",
    ],
    [
      2,
      httpError(403, 'You have exceeded a secondary rate limit.'),
      'Could not create the issue: HTTP 403: You have exceeded a secondary rate limit.',
    ],
    [
      3,
      httpError(422, 'Validation Failed'),
      'Could not create the issue: HTTP 422: Validation Failed.',
    ],
    [4, new Error('fetch failed'), 'Could not create the issue: fetch failed.'],
  ])('#%i', (_n, error, message) => {
    expect(requestFailure('create the issue', error, 'issues: write')).toBe(message);
  });

  test('statusOf and isPermissionDenied', () => {
    expect(statusOf(httpError(404, 'Not Found'))).toBe(404);
    expect(statusOf('text')).toBeUndefined();
    expect(isPermissionDenied(httpError(403, 'Must have admin rights'))).toBe(true);
    expect(isPermissionDenied(httpError(403, 'API rate limit exceeded for installation'))).toBe(
      false,
    );
    expect(isPermissionDenied(httpError(401, 'Bad credentials'))).toBe(false);
  });
});

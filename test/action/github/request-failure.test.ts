import { describe, expect, test } from 'vitest';
import {
  isPermissionDenied,
  refusalText,
  requestFailure,
  statusOf,
  writeFailureWarning,
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

const requestError = (status: number, data: unknown) =>
  Object.assign(new Error('HttpError'), { status, response: { data } });
const redact = (s: string) => s.replace(/ghs_\w+/g, '***');

describe('writeFailureWarning', () => {
  test('a 403 names the missing permission', () => {
    const w = writeFailureWarning(
      requestError(403, { message: 'Resource not accessible by integration' }),
      'post the sticky comment',
      redact,
    );
    expect(w).toBe(
      'Could not post the sticky comment: GitHub answered 403 (Resource not accessible by ' +
        'integration). The github-token needs the `pull-requests: write` permission (set ' +
        '`permissions:` in the workflow; a pull request from a fork gets a read-only token). ' +
        "The review is still in the step's outputs and job summary.",
    );
  });

  test('a rate-limit 403 is not a permission; other errors say their status and are redacted', () => {
    expect(
      writeFailureWarning(requestError(403, { message: 'API rate limit exceeded' }), 'x', redact),
    ).not.toContain('permission');
    expect(writeFailureWarning(new Error('socket hang up ghs_abc'), 'x', redact)).toBe(
      "Could not x: socket hang up ***. The review is still in the step's outputs and job summary.",
    );
    expect(writeFailureWarning(requestError(502, { message: 'Bad Gateway' }), 'x', redact)).toBe(
      "Could not x: GitHub answered 502 (Bad Gateway). The review is still in the step's outputs and job summary.",
    );
  });

  test("GitHub's error sentences come before its message", () => {
    expect(
      refusalText(
        requestError(422, {
          message: 'Unprocessable Entity',
          errors: ['Line must be part of the diff', { message: 'body is too long' }, { code: 'x' }],
        }),
      ),
    ).toBe('Line must be part of the diff; body is too long');
  });
});

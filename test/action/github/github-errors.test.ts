import { describe, expect, test } from 'vitest';
import { refusalText, writeFailureWarning } from '../../../src/action/github/github-errors.ts';

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

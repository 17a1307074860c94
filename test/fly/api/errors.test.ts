import { describe, expect, test } from 'vitest';
import {
  FlyAPIError,
  isAmbiguousFailure,
  isTransientFailure,
} from '../../../src/fly/api/errors.ts';

function apiError(statusCode: number, detail = 'x'): FlyAPIError {
  return new FlyAPIError({ statusCode, detail, method: 'GET', path: '/v1/apps/a/machines/m/wait' });
}

describe('isTransientFailure (as flyctl counts them: 408, 429, 5xx, no answer)', () => {
  test.each([
    [0, true],
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [409, false],
    [422, false],
  ])('%i -> %s', (statusCode, transient) => {
    expect(isTransientFailure(apiError(statusCode))).toBe(transient);
  });

  test('only FlyAPIErrors; 429 is transient but not ambiguous (nothing was done)', () => {
    expect(isTransientFailure(new Error('HTTP 500'))).toBe(false);
    expect(isTransientFailure({ statusCode: 500 })).toBe(false);
    expect(isAmbiguousFailure(apiError(429))).toBe(false);
  });
});

describe('FlyAPIError', () => {
  test('summary: the status, or the connection failure', () => {
    expect(apiError(503).summary()).toBe('HTTP 503');
    expect(apiError(0, 'connect ECONNREFUSED').summary()).toBe(
      'no response (connect ECONNREFUSED)',
    );
  });

  test('redact: message, detail and wrapped FlyAPIErrors lose the secrets; the rest stays', () => {
    const secret = 'sk-ant-api03-very-secret';
    const inner = new FlyAPIError({
      statusCode: 422,
      detail: `bad env {"ANTHROPIC_API_KEY":"${secret}"}`,
      status: 'unknown',
      method: 'POST',
      path: '/v1/apps/a/machines',
      retryAfterMs: 5,
    });
    const outer = inner.withMessage(`creating failed: ${inner.message}`);
    const clean = outer.redact([secret]);
    expect(clean).toBeInstanceOf(FlyAPIError);
    expect(clean).toMatchObject({
      statusCode: 422,
      status: 'unknown',
      method: 'POST',
      path: '/v1/apps/a/machines',
      retryAfterMs: 5,
      detail: 'bad env {"ANTHROPIC_API_KEY":"***"}',
      message:
        'creating failed: Fly API POST /v1/apps/a/machines failed: 422 unknown: bad env {"ANTHROPIC_API_KEY":"***"}',
    });
    const chain: string[] = [];
    for (let e: unknown = clean; e instanceof Error; e = e.cause) {
      chain.push(`${e.message}\n${e.stack ?? ''}`, e instanceof FlyAPIError ? e.detail : '');
    }
    expect(chain.length).toBeGreaterThan(2);
    expect(chain.join('\n')).not.toContain(secret);
  });

  test('redact: a wrapped parser error that quotes the secret is replaced', () => {
    const secret = 'ghp_abcdefghijklmnop';
    const error = new FlyAPIError({
      statusCode: 200,
      detail: 'answer is not JSON: ***',
      method: 'POST',
      path: '/p',
      cause: new SyntaxError(`Unexpected token in "${secret}"`),
    });
    const clean = error.redact([secret]);
    expect((clean.cause as Error).message).toBe('Unexpected token in "***"');
  });

  test('redact returns the same error when no secret occurs', () => {
    const error = apiError(500, 'boom');
    expect(error.redact(['not-in-there'])).toBe(error);
  });
});

// The modelled secondary limits on their own, on a clock the test moves: each budget refuses
// the request past it with a retry-after that ends when the window has room again.
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_SECONDARY_LIMITS,
  isContentCreating,
  requestPoints,
  SecondaryLimits,
  type SecondaryAdmission,
  type SecondaryRefusal,
} from '../secondary-limits.ts';

const COMMENTS = '/repos/o/r/issues/2/comments';
const REVIEWS = '/repos/o/r/pulls/2/reviews';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/** The refusal, or undefined after ending the admitted request (so concurrency stays 0). */
function refused(result: SecondaryAdmission | SecondaryRefusal): SecondaryRefusal | undefined {
  if ('limit' in result) return result;
  result.done();
  return undefined;
}

describe('what counts', () => {
  test('content-creating: POST of an issue, a comment, a review, a review comment or reply', () => {
    expect(isContentCreating('POST', '/repos/o/r/issues')).toBe(true);
    expect(isContentCreating('POST', COMMENTS)).toBe(true);
    expect(isContentCreating('POST', REVIEWS)).toBe(true);
    expect(isContentCreating('POST', '/repos/o/r/pulls/2/comments')).toBe(true);
    expect(isContentCreating('POST', '/repos/o/r/pulls/2/comments/9/replies')).toBe(true);
    expect(isContentCreating('PATCH', '/repos/o/r/issues/comments/9')).toBe(false);
    expect(isContentCreating('GET', COMMENTS)).toBe(false);
    expect(isContentCreating('POST', '/repos/o/r/issues/comments/9/reactions')).toBe(false);
    expect(isContentCreating('DELETE', `${REVIEWS}/3`)).toBe(false);
  });

  test('points: 1 for a read, 5 for a write', () => {
    expect(['GET', 'HEAD', 'OPTIONS'].map(requestPoints)).toEqual([1, 1, 1]);
    expect(['POST', 'PATCH', 'PUT', 'DELETE'].map(requestPoints)).toEqual([5, 5, 5, 5]);
  });
});

describe('budgets', () => {
  test('the 81st content-creating request within a minute is refused until the first is a minute old', () => {
    const c = clock();
    const limits = new SecondaryLimits(DEFAULT_SECONDARY_LIMITS, c.now);
    for (let i = 0; i < 80; i++) {
      const admitted = limits.admit('t', 'POST', i % 2 ? COMMENTS : REVIEWS);
      expect(refused(admitted), `request ${i + 1}`).toBeUndefined();
      c.advance(100);
    }
    // 80 requests took 8 s: the first leaves the window 52 s from now.
    expect(refused(limits.admit('t', 'POST', COMMENTS))).toEqual({
      limit: 'content-creating-per-minute',
      retryAfterSeconds: 52,
    });
    // Another token has its own budget; an update is not content-creating.
    expect(refused(limits.admit('u', 'POST', COMMENTS))).toBeUndefined();
    expect(refused(limits.admit('t', 'PATCH', '/repos/o/r/issues/comments/1'))).toBeUndefined();
    c.advance(52_000);
    expect(refused(limits.admit('t', 'POST', COMMENTS))).toBeUndefined();
  });

  test('500 content-creating requests an hour, even spread below 80 a minute', () => {
    const c = clock();
    const limits = new SecondaryLimits(
      { ...DEFAULT_SECONDARY_LIMITS, pointsPerMinute: 1e9 },
      c.now,
    );
    for (let i = 0; i < 500; i++) {
      expect(refused(limits.admit('t', 'POST', COMMENTS)), `request ${i + 1}`).toBeUndefined();
      c.advance(1_000);
    }
    expect(refused(limits.admit('t', 'POST', COMMENTS))).toEqual({
      limit: 'content-creating-per-hour',
      retryAfterSeconds: 3_100,
    });
  });

  test('900 points a minute: 180 writes, or 900 reads', () => {
    const c = clock();
    const limits = new SecondaryLimits(DEFAULT_SECONDARY_LIMITS, c.now);
    for (let i = 0; i < 180; i++) {
      expect(refused(limits.admit('t', 'PATCH', '/x')), `write ${i + 1}`).toBeUndefined();
    }
    expect(refused(limits.admit('t', 'GET', '/x'))).toEqual({
      limit: 'points-per-minute',
      retryAfterSeconds: 60,
    });
    c.advance(60_000);
    for (let i = 0; i < 900; i++) {
      expect(refused(limits.admit('t', 'GET', '/x')), `read ${i + 1}`).toBeUndefined();
    }
    expect(refused(limits.admit('t', 'GET', '/x'))?.limit).toBe('points-per-minute');
  });

  test('100 requests in flight; one more when one is answered', () => {
    const c = clock();
    const limits = new SecondaryLimits(
      { ...DEFAULT_SECONDARY_LIMITS, pointsPerMinute: 1e9 },
      c.now,
    );
    const inFlight = Array.from(
      { length: 100 },
      () => limits.admit('t', 'GET', '/x') as SecondaryAdmission,
    );
    expect(refused(limits.admit('t', 'GET', '/x'))).toEqual({
      limit: 'concurrent',
      retryAfterSeconds: 1,
    });
    inFlight[0]?.done();
    inFlight[0]?.done(); // twice is once
    const another = limits.admit('t', 'GET', '/x');
    expect('done' in another).toBe(true);
    expect(refused(limits.admit('t', 'GET', '/x'))?.limit).toBe('concurrent');
  });
});

import { describe, expect, test } from 'vitest';
import { resultReaction } from '../../../src/action/github/comment-trigger.ts';
import { pullRequestContext, type PullRequestFields } from '../../../src/action/context.ts';

/** The part of a pulls.get answer the trigger reads. */
const pr = (headRepo: string | null): PullRequestFields => ({
  number: 7,
  title: 'Fix it',
  body: null,
  head: {
    ref: 'patch-1',
    sha: 'a'.repeat(40),
    repo: headRepo === null ? null : { full_name: headRepo },
  },
  base: { ref: 'main', sha: 'b'.repeat(40), repo: { full_name: 'octo/app' } },
});

describe('pullRequestContext, of the pulls.get answer', () => {
  test.each([
    [1, 'octo/app', false],
    [2, 'someone/app', true],
    // A deleted fork: the safer reading.
    [3, null, true],
  ])('#%i head in %j: fork %s', (_n, headRepo, fork) => {
    expect(pullRequestContext(pr(headRepo))).toEqual({
      number: 7,
      headRef: 'patch-1',
      headSha: 'a'.repeat(40),
      baseRef: 'main',
      baseSha: 'b'.repeat(40),
      fork,
      title: 'Fix it',
      body: '',
    });
  });
});

test('the result reaction', () => {
  expect(resultReaction(true)).toBe('rocket');
  expect(resultReaction(false)).toBe('confused');
});

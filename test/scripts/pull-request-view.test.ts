import { describe, expect, test } from 'vitest';
import { renderPullRequestView } from '../../scripts/pull-request-view.ts';
import type {
  EmulatedIssueComment,
  EmulatedReview,
  EmulatedReviewComment,
} from '../emulator/github/index.ts';

const AT = '2026-01-05T10:00:00Z';

function comment(id: number, body: string, updatedAt = AT): EmulatedIssueComment {
  const base = { id, repo: 'o/r', issueNumber: 2, body, user: 'github-actions[bot]' };
  return { ...base, createdAt: AT, updatedAt, reactions: [] };
}

function review(id: number, body: string): EmulatedReview {
  return {
    id,
    repo: 'o/r',
    pullNumber: 2,
    user: 'github-actions[bot]',
    body,
    state: 'COMMENTED',
    commitId: 'abcdef0123456789abcdef0123456789abcdef01',
    submittedAt: AT,
  };
}

function inline(
  reviewId: number,
  at: Pick<EmulatedReviewComment, 'path' | 'line' | 'startLine'>,
  body: string,
): EmulatedReviewComment {
  return {
    id: reviewId * 10 + (at.line ?? 0),
    reviewId,
    repo: 'o/r',
    pullNumber: 2,
    user: 'github-actions[bot]',
    body,
    side: 'RIGHT',
    startSide: at.startLine === null ? null : 'RIGHT',
    commitId: 'abcdef0123456789abcdef0123456789abcdef01',
    diffHunk: '@@ -1,3 +1,3 @@',
    createdAt: AT,
    updatedAt: AT,
    ...at,
  };
}

describe('the pull request view', () => {
  test('comments with their markers, then each review with its own inline comments', () => {
    const text = renderPullRequestView({
      comments: [
        comment(7, '<!-- marker -->\n### style\n\nReviewed `abcdef0`', '2026-01-05T10:01:00Z'),
      ],
      reviews: [review(3, 'Two findings.'), review(4, '')],
      reviewComments: [
        inline(3, { path: 'src/a.js', line: 2, startLine: null }, 'First.\n\nMore.'),
        inline(4, { path: 'src/b.js', line: 5, startLine: 3 }, 'Range.'),
        inline(4, { path: 'src/c.js', line: null, startLine: null }, 'Gone.'),
      ],
    });
    expect(text.split('\n')).toEqual([
      'Comments (1):',
      '  #7 by github-actions[bot], edited:',
      '    │ <!-- marker -->',
      '    │ ### style',
      '    │',
      '    │ Reviewed `abcdef0`',
      '',
      'Reviews (2):',
      '  #3 COMMENTED by github-actions[bot] on abcdef0:',
      '    │ Two findings.',
      '    src/a.js:2 (RIGHT):',
      '      │ First.',
      '      │',
      '      │ More.',
      '  #4 COMMENTED by github-actions[bot] on abcdef0:',
      '    src/b.js:3-5 (RIGHT):',
      '      │ Range.',
      '    src/c.js (outdated) (RIGHT):',
      '      │ Gone.',
      '',
    ]);
  });

  test('says so when the pull request holds nothing', () => {
    expect(renderPullRequestView({ comments: [], reviews: [], reviewComments: [] })).toBe(
      'Comments (0):\n  (none)\n\nReviews (0):\n  (none)\n',
    );
  });

  test('a comment never edited is not marked edited', () => {
    const text = renderPullRequestView({
      comments: [comment(1, 'Hi')],
      reviews: [],
      reviewComments: [],
    });
    expect(text).toContain('  #1 by github-actions[bot]:\n    │ Hi\n');
  });
});

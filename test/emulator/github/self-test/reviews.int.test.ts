// Reviews through octokit: inline comments anchored on the diff git computes, GitHub's 422 for
// a comment outside it with nothing of the review created, one pending review per user,
// review comments listed and updated.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  BOT,
  clientFor,
  commitOn,
  FULL_NAME,
  OWNER,
  refusal,
  REPO,
  startTestBed,
  type TestBed,
} from './helpers.ts';

const REVIEW_DOCS = 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request';
const lines = (n: number, change: (i: number) => string[] = (i) => [`line ${i}`]): string =>
  Array.from({ length: n }, (_, k) => change(k + 1))
    .flat()
    .join('\n') + '\n';

let bed: TestBed;
let firstHead: string;
let head: string;
const pr = { owner: OWNER, repo: REPO, pull_number: 3 };

// Pull request #3 changes long.txt in two hunks: line 3 (lines 1-6 shown), and lines 30 and
// 35 (lines 27-38 shown); its first commit changes line 3 only.
beforeEach(async () => {
  bed = await startTestBed();
  const base = commitOn(
    bed,
    bed.repo.baseSha,
    { files: { 'long.txt': lines(40) } },
    'refs/heads/long',
  );
  firstHead = commitOn(
    bed,
    base,
    { files: { 'long.txt': lines(40, (i) => [i === 3 ? 'line 3 changed' : `line ${i}`]) } },
    'refs/pull/3/head',
  );
  head = commitOn(
    bed,
    firstHead,
    {
      files: {
        'long.txt': lines(40, (i) =>
          i === 3
            ? ['line 3 changed']
            : i === 30
              ? ['line 30 changed']
              : i === 35
                ? ['line 35', 'inserted']
                : [`line ${i}`],
        ),
      },
    },
    'refs/pull/3/head',
  );
  bed.github.addPullRequest(FULL_NAME, {
    number: 3,
    title: 'Two hunks',
    user: OWNER,
    baseRef: 'long',
    baseSha: base,
    headRef: 'two-hunks',
    headSha: head,
  });
});

afterEach(async () => {
  expect(bed.github.invalidRequests).toEqual([]);
  expect(bed.github.responseSchemaViolations).toEqual([]);
  await bed.stop();
});

describe('a review with inline comments', () => {
  test('comments on added, context and deleted lines and a range in one hunk are all created', async () => {
    const review = await bed.octokit.rest.pulls.createReview({
      ...pr,
      event: 'COMMENT',
      body: 'Summary',
      comments: [
        { path: 'long.txt', line: 3, body: 'on the added line' },
        { path: 'long.txt', line: 5, side: 'RIGHT', body: 'on a context line' },
        { path: 'long.txt', line: 30, side: 'LEFT', body: 'on the deleted line' },
        { path: 'long.txt', start_line: 28, line: 31, body: 'on a range' },
      ],
    });
    expect(review.status).toBe(200);
    expect(review.data).toMatchObject({
      state: 'COMMENTED',
      body: 'Summary',
      commit_id: head,
      user: { login: BOT },
    });
    expect(review.data.submitted_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const comments = await bed.octokit.paginate(bed.octokit.rest.pulls.listReviewComments, pr);
    expect(
      comments.map((c) => [c.body, c.line, c.side, c.start_line ?? null, c.pull_request_review_id]),
    ).toEqual([
      ['on the added line', 3, 'RIGHT', null, review.data.id],
      ['on a context line', 5, 'RIGHT', null, review.data.id],
      ['on the deleted line', 30, 'LEFT', null, review.data.id],
      ['on a range', 31, 'RIGHT', 28, review.data.id],
    ]);
    expect(comments[0]?.diff_hunk).toBe(
      ['@@ -1,6 +1,6 @@', ' line 1', ' line 2', '-line 3', '+line 3 changed'].join('\n'),
    );
    expect(comments[0]?.position).toBe(4);
  });

  test('a deprecated position is read as the line it points at', async () => {
    await bed.octokit.rest.pulls.createReview({
      ...pr,
      event: 'COMMENT',
      body: 'b',
      comments: [{ path: 'long.txt', position: 4, body: 'by position' }],
    });
    expect(bed.github.reviewComments(FULL_NAME, 3)).toMatchObject([
      { body: 'by position', line: 3, side: 'RIGHT' },
    ]);
  });

  test('a review on an earlier commit of the pull request is checked against that diff', async () => {
    const refused = await refusal(
      bed.octokit.rest.pulls.createReview({
        ...pr,
        commit_id: firstHead,
        event: 'COMMENT',
        body: 'b',
        comments: [{ path: 'long.txt', line: 30, body: 'not changed yet at that commit' }],
      }),
    );
    expect(refused.status).toBe(422);
    const review = await bed.octokit.rest.pulls.createReview({
      ...pr,
      commit_id: firstHead,
      event: 'COMMENT',
      body: 'b',
      comments: [{ path: 'long.txt', line: 3, body: 'fine' }],
    });
    expect(review.data.commit_id).toBe(firstHead);
  });

  test('a commit outside the pull request is refused', async () => {
    const refused = await refusal(
      bed.octokit.rest.pulls.createReview({
        ...pr,
        commit_id: bed.repo.baseSha,
        event: 'COMMENT',
        body: 'b',
      }),
    );
    expect(refused).toMatchObject({
      status: 422,
      data: { message: 'Unprocessable Entity', errors: ['Commit is not part of the pull request'] },
    });
  });
});

describe('a comment GitHub refuses', () => {
  test.each([
    [
      'a line outside every hunk',
      { line: 20 },
      "Pull request review thread line must be part of the diff and Pull request review thread diff hunk can't be blank",
    ],
    [
      'a range spanning two hunks',
      { start_line: 3, line: 30 },
      'Pull request review thread start line must be part of the same hunk as the line.',
    ],
    [
      'a range wholly outside',
      { start_line: 19, line: 20 },
      "Pull request review thread line must be part of the diff, Pull request review thread start line must be part of the same hunk as the line., and Pull request review thread diff hunk can't be blank",
    ],
    [
      'a range that starts where it ends',
      { start_line: 30, line: 30 },
      'Pull request review thread start line must precede the end line.',
    ],
    [
      'an old line outside every hunk (LEFT)',
      { line: 20, side: 'LEFT' },
      "Pull request review thread line must be part of the diff and Pull request review thread diff hunk can't be blank",
    ],
  ])(
    '%s: 422 with GitHub message, and nothing of the review exists',
    async (_what, anchor, message) => {
      const refused = await refusal(
        bed.octokit.rest.pulls.createReview({
          ...pr,
          event: 'COMMENT',
          body: 'Summary',
          comments: [
            { path: 'long.txt', line: 3, body: 'a good one' },
            { path: 'long.txt', body: 'the bad one', ...anchor },
          ],
        }),
      );
      expect(refused.status).toBe(422);
      expect(refused.data).toEqual({
        message: 'Unprocessable Entity',
        errors: [message],
        documentation_url: REVIEW_DOCS,
        status: '422',
      });
      expect(bed.github.reviews(FULL_NAME, 3)).toEqual([]);
      expect(bed.github.reviewComments(FULL_NAME, 3)).toEqual([]);
      expect((await bed.octokit.rest.pulls.listReviews(pr)).data).toEqual([]);
    },
  );

  test('a path the pull request does not touch', async () => {
    const refused = await refusal(
      bed.octokit.rest.pulls.createReview({
        ...pr,
        event: 'COMMENT',
        body: 'b',
        comments: [{ path: 'README.md', line: 1, body: 'x' }],
      }),
    );
    expect(refused.data).toMatchObject({
      errors: [
        "Pull request review thread path is invalid and Pull request review thread diff hunk can't be blank",
      ],
    });
  });
});

describe('pending reviews', () => {
  test('one per user: a second review of any kind is 422; others neither see it nor collide', async () => {
    const pending = await bed.octokit.rest.pulls.createReview({
      ...pr,
      body: 'draft',
      comments: [{ path: 'long.txt', line: 3, body: 'draft comment' }],
    });
    expect(pending.data.state).toBe('PENDING');
    expect(pending.data.submitted_at).toBeUndefined();

    for (const event of [undefined, 'COMMENT'] as const) {
      const refused = await refusal(
        bed.octokit.rest.pulls.createReview({ ...pr, body: 'again', ...(event ? { event } : {}) }),
      );
      expect(refused).toMatchObject({
        status: 422,
        data: {
          message: 'Unprocessable Entity',
          errors: ['User can only have one pending review per pull request'],
        },
      });
    }

    bed.github.addToken({ token: 'ghs_otherBot', login: 'other-bot[bot]', access: 'write' });
    const other = clientFor(bed.github, 'ghs_otherBot');
    expect((await other.rest.pulls.listReviews(pr)).data).toEqual([]);
    expect((await other.rest.pulls.listReviewComments(pr)).data).toEqual([]);
    const theirs = await other.rest.pulls.createReview({ ...pr, event: 'COMMENT', body: 'mine' });
    expect(theirs.data.state).toBe('COMMENTED');

    const mine = await bed.octokit.rest.pulls.listReviews(pr);
    expect(mine.data.map((r) => r.state)).toEqual(['PENDING', 'COMMENTED']);
  });

  test('the author cannot approve their own pull request; COMMENT needs a body or comments', async () => {
    bed.github.addToken({ token: 'ghs_author', login: OWNER, access: 'write' });
    const author = clientFor(bed.github, 'ghs_author');
    expect(
      (await refusal(author.rest.pulls.createReview({ ...pr, event: 'APPROVE' }))).data,
    ).toMatchObject({ errors: ['Can not approve your own pull request'] });
    expect(
      (await refusal(bed.octokit.rest.pulls.createReview({ ...pr, event: 'COMMENT' }))).status,
    ).toBe(422);
    const approved = await bed.octokit.rest.pulls.createReview({ ...pr, event: 'APPROVE' });
    expect(approved.data.state).toBe('APPROVED');
  });
});

describe('deleting a pending review', () => {
  test('its author deletes it with its comments; then a new review may be made', async () => {
    const pending = await bed.octokit.rest.pulls.createReview({
      ...pr,
      comments: [{ path: 'long.txt', line: 3, body: 'probe' }],
    });
    bed.github.addToken({ token: 'ghs_otherBot', login: 'other-bot[bot]', access: 'write' });
    const other = clientFor(bed.github, 'ghs_otherBot');
    expect(
      (await refusal(other.rest.pulls.deletePendingReview({ ...pr, review_id: pending.data.id })))
        .status,
    ).toBe(404);

    const deleted = await bed.octokit.rest.pulls.deletePendingReview({
      ...pr,
      review_id: pending.data.id,
    });
    expect(deleted.data).toMatchObject({ id: pending.data.id, state: 'PENDING' });
    expect(bed.github.reviews(FULL_NAME, 3)).toEqual([]);
    expect(bed.github.reviewComments(FULL_NAME, 3)).toEqual([]);
    const review = await bed.octokit.rest.pulls.createReview({
      ...pr,
      event: 'COMMENT',
      body: 'b',
    });
    expect(review.data.state).toBe('COMMENTED');
  });

  test('a submitted review cannot be deleted; an unknown one is 404', async () => {
    const review = await bed.octokit.rest.pulls.createReview({
      ...pr,
      event: 'COMMENT',
      body: 'b',
    });
    expect(
      (
        await refusal(
          bed.octokit.rest.pulls.deletePendingReview({ ...pr, review_id: review.data.id }),
        )
      ).data,
    ).toMatchObject({ errors: ['Can not delete a non-pending pull request review'] });
    expect(
      (await refusal(bed.octokit.rest.pulls.deletePendingReview({ ...pr, review_id: 1 }))).status,
    ).toBe(404);
    expect(bed.github.reviews(FULL_NAME, 3)).toHaveLength(1);
  });
});

describe('review comments', () => {
  test('are listed oldest first across pages and updated in place', async () => {
    await bed.octokit.rest.pulls.createReview({
      ...pr,
      event: 'COMMENT',
      body: 'b',
      comments: Array.from({ length: 12 }, (_, i) => ({
        path: 'long.txt',
        line: 27 + i,
        body: `c${i}`,
      })),
    });
    const pages = [];
    for await (const page of bed.octokit.paginate.iterator(
      bed.octokit.rest.pulls.listReviewComments,
      {
        ...pr,
        per_page: 5,
      },
    )) {
      pages.push(page.data.map((c) => c.body));
    }
    expect(pages).toEqual([
      ['c0', 'c1', 'c2', 'c3', 'c4'],
      ['c5', 'c6', 'c7', 'c8', 'c9'],
      ['c10', 'c11'],
    ]);
    const [first] = (await bed.octokit.rest.pulls.listReviewComments(pr)).data;
    const updated = await bed.octokit.rest.pulls.updateReviewComment({
      owner: OWNER,
      repo: REPO,
      comment_id: first?.id ?? 0,
      body: 'no longer reported at abc1234',
    });
    expect(updated.data).toMatchObject({
      id: first?.id,
      body: 'no longer reported at abc1234',
      line: 27,
    });
  });
});

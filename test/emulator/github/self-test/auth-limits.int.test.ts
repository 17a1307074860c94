// Tokens, rate limits and faults: 401 without a token or with an unknown one, 403 for every
// write of a read-only token, x-ratelimit-* headers on every answer, the primary limit, the
// secondary limit a fault turns on (with retry-after), GitHub's documented secondary limits
// the emulator models, 5xx bursts and dropped connections.
import { afterEach, describe, expect, test } from 'vitest';
import {
  FULL_NAME,
  OWNER,
  rawCall,
  READ_TOKEN,
  refusal,
  REPO,
  startTestBed,
  type TestBed,
} from './helpers.ts';

let bed: TestBed | undefined;

afterEach(async () => {
  if (bed) {
    expect(bed.github.invalidRequests).toEqual([]);
    expect(bed.github.responseSchemaViolations).toEqual([]);
    await bed.stop();
  }
  bed = undefined;
});

const issue = { owner: OWNER, repo: REPO, issue_number: 2 };
const commentsPath = `/repos/${FULL_NAME}/issues/2/comments`;

describe('tokens', () => {
  test('no Authorization is 401 Requires authentication; an unknown token is 401 Bad credentials', async () => {
    bed = await startTestBed();
    const none = await rawCall(bed.github, 'GET', commentsPath, { token: null });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({
      message: 'Requires authentication',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });
    expect(none.headers.get('x-ratelimit-limit')).toBe('60');
    const unknown = await rawCall(bed.github, 'GET', commentsPath, { token: 'ghs_nope' });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ message: 'Bad credentials' });
  });

  test('a read-only token reads, and gets 403 on every write, which changes nothing', async () => {
    bed = await startTestBed();
    const commentId = bed.github.addIssueComment(FULL_NAME, 2, { body: 'hi', user: 'someone' });
    expect((await bed.readOnly.rest.issues.listComments(issue)).status).toBe(200);

    const writes = [
      bed.readOnly.rest.issues.createComment({ ...issue, body: 'x' }),
      bed.readOnly.rest.issues.updateComment({
        owner: OWNER,
        repo: REPO,
        comment_id: commentId,
        body: 'x',
      }),
      bed.readOnly.rest.reactions.createForIssueComment({
        owner: OWNER,
        repo: REPO,
        comment_id: commentId,
        content: 'eyes',
      }),
      bed.readOnly.rest.pulls.createReview({
        owner: OWNER,
        repo: REPO,
        pull_number: 2,
        event: 'COMMENT',
        body: 'x',
      }),
      bed.readOnly.rest.issues.create({ owner: OWNER, repo: REPO, title: 'x' }),
      bed.readOnly.rest.issues.update({ ...issue, title: 'x' }),
    ];
    for (const write of writes) {
      const refused = await refusal(write);
      expect(refused.status).toBe(403);
      expect(refused.data).toMatchObject({
        message: 'Resource not accessible by integration',
        status: '403',
      });
    }
    expect(bed.github.issueComments(FULL_NAME, 2)).toMatchObject([{ body: 'hi', reactions: [] }]);
    expect(bed.github.reviews(FULL_NAME, 2)).toEqual([]);
    expect(bed.github.issues(FULL_NAME).map((i) => i.title)).toEqual([
      'Update the README with new information.',
    ]);
    expect(bed.github.requests.filter((r) => r.token === READ_TOKEN).map((r) => r.status)).toEqual([
      200, 403, 403, 403, 403, 403, 403,
    ]);
  });

  test('the recorded requests keep method, path, body and token, so tests can look for secrets', async () => {
    bed = await startTestBed();
    await bed.octokit.rest.issues.createComment({ ...issue, body: 'no secret here' });
    expect(bed.github.requests).toMatchObject([
      {
        method: 'POST',
        path: commentsPath,
        status: 201,
        login: 'github-actions[bot]',
        body: { body: 'no secret here' },
        operation: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      },
    ]);
    expect(bed.github.requests[0]?.rawBody).toBe('{"body":"no secret here"}');
  });
});

describe('rate limits', () => {
  test('every answer carries x-ratelimit-*; past the primary limit it is 403 with remaining 0', async () => {
    bed = await startTestBed({ rateLimits: { core: 3 } });
    const seen: Array<string | undefined> = [];
    for (let i = 0; i < 3; i++) {
      const res = await bed.octokit.rest.issues.listComments(issue);
      seen.push(res.headers['x-ratelimit-remaining']);
      expect(res.headers['x-ratelimit-limit']).toBe('3');
      expect(res.headers['x-ratelimit-resource']).toBe('core');
      expect(Number(res.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    }
    expect(seen).toEqual(['2', '1', '0']);
    const refused = await refusal(bed.octokit.rest.issues.listComments(issue));
    expect(refused.status).toBe(403);
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    expect(refused.data).toMatchObject({
      message: expect.stringContaining('API rate limit exceeded') as unknown,
    });
    // Search has its own budget.
    const search = await bed.octokit.rest.search.issuesAndPullRequests({
      q: 'repo:Codertocat/Hello-World',
    });
    expect(search.headers['x-ratelimit-resource']).toBe('search');
  });

  test('a secondary limit fault refuses the next N requests with 403, retry-after and GitHub words', async () => {
    bed = await startTestBed();
    const fault = bed.github.faults.secondaryRateLimit({ times: 2, retryAfterSeconds: 7 });
    for (let i = 0; i < 2; i++) {
      const refused = await refusal(bed.octokit.rest.issues.listComments(issue));
      expect(refused.status).toBe(403);
      expect(refused.headers['retry-after']).toBe('7');
      expect(refused.headers['x-ratelimit-remaining']).not.toBe('0');
      expect((refused.data as { message: string }).message).toMatch(
        /^You have exceeded a secondary rate limit\. Please wait a few minutes before you try again\./,
      );
    }
    expect(fault.hits).toBe(2);
    expect((await bed.octokit.rest.issues.listComments(issue)).status).toBe(200);
  });

  test('writesOnly refuses content creation and lets reads through', async () => {
    bed = await startTestBed();
    bed.github.faults.secondaryRateLimit({ times: Infinity, writesOnly: true, status: 429 });
    expect((await bed.octokit.rest.issues.listComments(issue)).status).toBe(200);
    const refused = await refusal(bed.octokit.rest.issues.createComment({ ...issue, body: 'x' }));
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('60');
    expect(bed.github.issueComments(FULL_NAME, 2)).toEqual([]);
  });
});

describe('modelled secondary limits', () => {
  test('the 81st comment within a minute is refused with 403, retry-after and GitHub words; reads go on', async () => {
    bed = await startTestBed();
    for (let i = 0; i < 80; i++) {
      await bed.octokit.rest.issues.createComment({ ...issue, body: `c${i}` });
    }
    const refused = await refusal(bed.octokit.rest.issues.createComment({ ...issue, body: 'x' }));
    expect(refused.status).toBe(403);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((refused.data as { message: string }).message).toMatch(/\bsecondary rate\b/);
    expect(bed.github.issueComments(FULL_NAME, 2)).toHaveLength(80);
    expect(bed.github.requests.at(-1)).toMatchObject({
      status: 403,
      secondaryLimit: 'content-creating-per-minute',
    });
    expect((await bed.octokit.rest.issues.listComments(issue)).status).toBe(200);
  });

  test('secondaryLimits: false models none', async () => {
    bed = await startTestBed({ secondaryLimits: false });
    for (let i = 0; i < 81; i++) {
      await bed.octokit.rest.issues.createComment({ ...issue, body: `c${i}` });
    }
    expect(bed.github.issueComments(FULL_NAME, 2)).toHaveLength(81);
  });

  test('a lower budget from the options', async () => {
    bed = await startTestBed({ secondaryLimits: { contentCreatingPerMinute: 2 } });
    await bed.octokit.rest.issues.createComment({ ...issue, body: 'a' });
    await bed.octokit.rest.issues.createComment({ ...issue, body: 'b' });
    expect(
      (await refusal(bed.octokit.rest.issues.createComment({ ...issue, body: 'c' }))).status,
    ).toBe(403);
  });
});

describe('faults', () => {
  test('a burst of 502s on a method and path, then normal answers', async () => {
    bed = await startTestBed();
    bed.github.faults.http({
      method: 'POST',
      path: '/repos/{owner}/{repo}/pulls/*/reviews',
      status: 502,
      times: 2,
    });
    const review = {
      owner: OWNER,
      repo: REPO,
      pull_number: 2,
      event: 'COMMENT' as const,
      body: 'b',
    };
    expect((await refusal(bed.octokit.rest.pulls.createReview(review))).status).toBe(502);
    expect((await refusal(bed.octokit.rest.pulls.createReview(review))).status).toBe(502);
    expect(bed.github.reviews(FULL_NAME, 2)).toEqual([]);
    expect((await bed.octokit.rest.pulls.createReview(review)).status).toBe(200);
  });

  test('bodyMatches narrows a fault to the requests whose body holds the text', async () => {
    bed = await startTestBed();
    const refuse = bed.github.faults.http({
      method: 'POST',
      path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      bodyMatches: 'refuse me',
      status: 422,
      times: Infinity,
    });
    expect((await bed.octokit.rest.issues.createComment({ ...issue, body: 'fine' })).status).toBe(
      201,
    );
    for (let i = 0; i < 2; i++) {
      expect(
        (await refusal(bed.octokit.rest.issues.createComment({ ...issue, body: 'refuse me' })))
          .status,
      ).toBe(422);
    }
    expect(refuse.hits).toBe(2);
    expect(bed.github.issueComments(FULL_NAME, 2)).toMatchObject([{ body: 'fine' }]);
  });

  test('a dropped connection after the write took effect', async () => {
    bed = await startTestBed();
    bed.github.faults.http({
      path: commentsPath,
      method: 'POST',
      dropConnection: true,
      phase: 'after',
    });
    await expect(bed.octokit.rest.issues.createComment({ ...issue, body: 'x' })).rejects.toThrow();
    expect(bed.github.issueComments(FULL_NAME, 2)).toMatchObject([{ body: 'x' }]);
    expect(bed.github.requests.at(-1)).toMatchObject({
      status: 0,
      fault: 'http:drop after handling',
    });
  });
});

describe('latency and request stamps', () => {
  test('latencyMs holds every answer back; each record says when it arrived', async () => {
    bed = await startTestBed({ latencyMs: 150 });
    const before = Date.now();
    expect((await bed.octokit.rest.issues.listComments(issue)).status).toBe(200);
    const after = Date.now();
    const [recorded] = bed.github.requests;
    // A lower bound only: a timer never fires early, however busy the machine.
    expect(recorded?.durationMs).toBeGreaterThanOrEqual(149);
    expect(recorded?.receivedAt).toBeGreaterThanOrEqual(before);
    expect(recorded?.receivedAt).toBeLessThanOrEqual(after);
  });
});

// Issue comments through octokit: paging with Link headers, create, update, reactions, the
// token's user as author, and no invalid request or schema miss for any of it.
import { afterEach, describe, expect, test } from 'vitest';
import { BOT, FULL_NAME, OWNER, rawCall, REPO, startTestBed, type TestBed } from './helpers.ts';

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

describe('listing issue comments', () => {
  test('65 comments are 3 pages of 30 by default, linked prev/next/last/first, and paginate reads them all', async () => {
    bed = await startTestBed();
    for (let i = 1; i <= 65; i++)
      bed.github.addIssueComment(FULL_NAME, 2, { body: `c${i}`, user: 'someone' });

    const first = await bed.octokit.rest.issues.listComments(issue);
    expect(first.data.map((c) => c.body)).toEqual(
      Array.from({ length: 30 }, (_, i) => `c${i + 1}`),
    );
    const url = `${bed.github.url}/repos/${FULL_NAME}/issues/2/comments`;
    expect(first.headers.link).toBe(`<${url}?page=2>; rel="next", <${url}?page=3>; rel="last"`);

    const middle = await bed.octokit.rest.issues.listComments({ ...issue, page: 2 });
    expect(middle.data[0]?.body).toBe('c31');
    expect(middle.headers.link).toBe(
      [
        `<${url}?page=1>; rel="prev"`,
        `<${url}?page=3>; rel="next"`,
        `<${url}?page=3>; rel="last"`,
        `<${url}?page=1>; rel="first"`,
      ].join(', '),
    );

    const last = await bed.octokit.rest.issues.listComments({ ...issue, page: 3 });
    expect(last.data.map((c) => c.body)).toEqual(['c61', 'c62', 'c63', 'c64', 'c65']);
    expect(last.headers.link).toBe(`<${url}?page=2>; rel="prev", <${url}?page=1>; rel="first"`);

    const all = await bed.octokit.paginate(bed.octokit.rest.issues.listComments, issue);
    expect(all).toHaveLength(65);
    const pagesRead = bed.github.requests.filter(
      (r) => r.operation === 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
    );
    expect(pagesRead.map((r) => r.query['page'] ?? '1')).toEqual(['1', '2', '3', '1', '2', '3']);
  });

  test('per_page above 100 is cut to 100, and the links say so', async () => {
    bed = await startTestBed();
    for (let i = 1; i <= 120; i++)
      bed.github.addIssueComment(FULL_NAME, 2, { body: `c${i}`, user: 'someone' });
    const page = await bed.octokit.rest.issues.listComments({ ...issue, per_page: 500 });
    expect(page.data).toHaveLength(100);
    expect(page.headers.link).toContain('per_page=100&page=2>; rel="next"');
  });

  test('a single page has no Link header; since filters by update time', async () => {
    bed = await startTestBed();
    bed.github.addIssueComment(FULL_NAME, 2, { body: 'only', user: 'someone' });
    const page = await bed.octokit.rest.issues.listComments(issue);
    expect(page.headers.link).toBeUndefined();
    const later = await bed.octokit.rest.issues.listComments({
      ...issue,
      since: '2999-01-01T00:00:00Z',
    });
    expect(later.data).toEqual([]);
  });

  test('an unknown issue or repository is 404 Not Found', async () => {
    bed = await startTestBed();
    for (const path of [
      `/repos/${FULL_NAME}/issues/99/comments`,
      '/repos/nobody/nothing/issues/1/comments',
    ]) {
      const res = await rawCall(bed.github, 'GET', path);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ message: 'Not Found', status: '404' });
    }
  });
});

describe('writing issue comments', () => {
  test('create answers 201 with the comment by the token user; update changes it in place', async () => {
    bed = await startTestBed();
    const created = await bed.octokit.rest.issues.createComment({ ...issue, body: 'reviewing…' });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      body: 'reviewing…',
      user: { login: BOT, type: 'Bot', id: 41898282 },
      author_association: 'NONE',
      html_url: `https://github.com/${FULL_NAME}/pull/2#issuecomment-${created.data.id}`,
    });
    expect(created.headers.location).toBe(created.data.url);

    const updated = await bed.octokit.rest.issues.updateComment({
      owner: OWNER,
      repo: REPO,
      comment_id: created.data.id,
      body: 'done',
    });
    expect(updated.data).toMatchObject({ id: created.data.id, body: 'done' });
    const read = await bed.octokit.rest.issues.getComment({
      owner: OWNER,
      repo: REPO,
      comment_id: created.data.id,
    });
    expect(read.data).toMatchObject({ id: created.data.id, body: 'done' });
    expect(bed.github.issueComments(FULL_NAME, 2)).toMatchObject([
      { id: created.data.id, body: 'done', user: BOT },
    ]);
  });

  test('a body over 65,536 characters is 422 and nothing is stored', async () => {
    bed = await startTestBed();
    const res = await rawCall(bed.github, 'POST', `/repos/${FULL_NAME}/issues/2/comments`, {
      body: JSON.stringify({ body: 'x'.repeat(65_537) }),
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'IssueComment',
          code: 'custom',
          field: 'body',
          message: 'body is too long (maximum is 65536 characters)',
        },
      ],
      documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
      status: '422',
    });
    expect(bed.github.issueComments(FULL_NAME, 2)).toEqual([]);
  });

  test('a reaction is 201 the first time and 200 with the same reaction after', async () => {
    bed = await startTestBed();
    const id = bed.github.addIssueComment(FULL_NAME, 2, { body: '/review', user: 'octo-member' });
    const params = { owner: OWNER, repo: REPO, comment_id: id, content: 'eyes' as const };
    const first = await bed.octokit.rest.reactions.createForIssueComment(params);
    expect(first.status).toBe(201);
    expect(first.data).toMatchObject({ content: 'eyes', user: { login: BOT } });
    const again = await bed.octokit.rest.reactions.createForIssueComment(params);
    expect(again.status).toBe(200);
    expect(again.data.id).toBe(first.data.id);
    await bed.octokit.rest.reactions.createForIssueComment({ ...params, content: 'rocket' });

    const [comment] = (await bed.octokit.rest.issues.listComments(issue)).data;
    expect(comment?.author_association).toBe('MEMBER');
    expect(comment?.reactions).toMatchObject({ total_count: 2, eyes: 1, rocket: 1, '+1': 0 });
  });
});

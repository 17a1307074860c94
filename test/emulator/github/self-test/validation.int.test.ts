// OpenAPI validation: valid calls through octokit leave no invalid request and no schema miss;
// an invalid body, bad JSON, a bad query value and an unknown route each get GitHub's answer
// and exactly one recorded invalid request, and change nothing.
import { afterEach, describe, expect, test } from 'vitest';
import { FULL_NAME, OWNER, rawCall, REPO, startTestBed, type TestBed } from './helpers.ts';

let bed: TestBed | undefined;

afterEach(async () => {
  if (bed) {
    expect(bed.github.responseSchemaViolations).toEqual([]);
    await bed.stop();
  }
  bed = undefined;
});

const COMMENT_DOCS = 'https://docs.github.com/rest/issues/comments#create-an-issue-comment';
const commentsPath = `/repos/${FULL_NAME}/issues/2/comments`;

describe('valid calls', () => {
  test('a round of every operation records no invalid request', async () => {
    bed = await startTestBed();
    const { octokit } = bed;
    const repo = { owner: OWNER, repo: REPO };
    const pr = { ...repo, pull_number: 2 };
    const comment = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: 2,
      body: 'a',
    });
    await octokit.rest.issues.updateComment({ ...repo, comment_id: comment.data.id, body: 'b' });
    await octokit.rest.issues.listComments({ ...repo, issue_number: 2, per_page: 100, page: 1 });
    await octokit.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: comment.data.id,
      content: '+1',
    });
    await octokit.rest.pulls.get(pr);
    await octokit.rest.pulls.listFiles({ ...pr, per_page: 100 });
    const review = await octokit.rest.pulls.createReview({
      ...pr,
      commit_id: bed.repo.headSha,
      event: 'COMMENT',
      body: 'review',
      comments: [
        {
          path: 'src/greet.js',
          start_line: 1,
          start_side: 'RIGHT',
          line: 2,
          side: 'RIGHT',
          body: 'x',
        },
      ],
    });
    expect(review.data.state).toBe('COMMENTED');
    await octokit.rest.pulls.listReviews(pr);
    const [inline] = (
      await octokit.rest.pulls.listReviewComments({ ...pr, sort: 'created', direction: 'asc' })
    ).data;
    await octokit.rest.pulls.updateReviewComment({
      ...repo,
      comment_id: inline?.id ?? 0,
      body: 'y',
    });
    const issue = await octokit.rest.issues.create({
      ...repo,
      title: 'report',
      body: 'x',
      labels: ['flaude'],
    });
    await octokit.rest.issues.update({
      ...repo,
      issue_number: issue.data.number,
      state: 'closed',
      state_reason: 'not_planned',
    });
    await octokit.rest.issues.listForRepo({
      ...repo,
      labels: 'flaude',
      state: 'all',
      sort: 'updated',
      direction: 'asc',
    });
    await octokit.rest.search.issuesAndPullRequests({
      q: `repo:${FULL_NAME} is:issue report`,
      sort: 'created',
      order: 'asc',
    });
    const runId = bed.github.addWorkflowRun(FULL_NAME, {
      headSha: bed.repo.headSha,
      status: 'queued',
    });
    await octokit.rest.actions.getWorkflowRun({
      ...repo,
      run_id: runId,
      exclude_pull_requests: true,
    });

    expect(new Set(bed.github.requests.map((r) => r.operation)).size).toBe(15);
    expect(bed.github.requests.every((r) => r.status < 300)).toBe(true);
    expect(bed.github.invalidRequests).toEqual([]);
  });
});

describe('invalid requests', () => {
  test('a body against the schema is 422 Invalid request, recorded once, and creates nothing', async () => {
    bed = await startTestBed();
    const res = await rawCall(bed.github, 'POST', commentsPath, {
      body: JSON.stringify({ body: 42 }),
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      message: "Invalid request.\n\nFor 'properties/body', 42 is not a string.",
      documentation_url: COMMENT_DOCS,
      status: '422',
    });
    expect(bed.github.invalidRequests).toEqual([
      {
        method: 'POST',
        path: commentsPath,
        status: 422,
        reasons: ["body: For 'properties/body', 42 is not a string."],
      },
    ]);
    expect(bed.github.issueComments(FULL_NAME, 2)).toEqual([]);
  });

  test.each([
    ['a missing required field', 'POST', '', { body: 'b' }, `"title" wasn't supplied.`],
    [
      'an enum miss',
      'PATCH',
      '/2',
      { state: 'shut' },
      `For 'properties/state', "shut" is not a member of ["open", "closed"].`,
    ],
    [
      'a null where none is allowed',
      'POST',
      '',
      { title: 't', labels: null },
      "For 'properties/labels', nil is not an array.",
    ],
  ])('%s is refused in GitHub words', async (_what, method, suffix, body, sentence) => {
    bed = await startTestBed();
    const res = await rawCall(bed.github, method, `/repos/${FULL_NAME}/issues${suffix}`, {
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ message: `Invalid request.\n\n${sentence}` });
    expect(bed.github.invalidRequests).toHaveLength(1);
  });

  test('no body where one is required reads as GitHub reads it', async () => {
    bed = await startTestBed();
    const res = await rawCall(bed.github, 'POST', commentsPath, { body: '' });
    expect(res.body).toMatchObject({
      message: "Invalid request.\n\nFor 'links/0/schema', nil is not an object.",
    });
    expect(bed.github.invalidRequests).toHaveLength(1);
  });

  test('bad JSON is 400 Problems parsing JSON', async () => {
    bed = await startTestBed();
    const res = await rawCall(bed.github, 'POST', commentsPath, { body: '{"body":' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      message: 'Problems parsing JSON',
      documentation_url: COMMENT_DOCS,
      status: '400',
    });
    expect(bed.github.invalidRequests).toMatchObject([{ status: 400 }]);
  });

  test('a query value of the wrong type or outside its enum is 422 Validation Failed', async () => {
    bed = await startTestBed();
    const res = await rawCall(
      bed.github,
      'GET',
      `/repos/${FULL_NAME}/issues?state=shut&per_page=ten`,
    );
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      message: 'Validation Failed',
      errors: [
        { resource: 'Issue', field: 'state', code: 'invalid' },
        { resource: 'Issue', field: 'per_page', code: 'invalid' },
      ],
    });
    expect(bed.github.invalidRequests).toHaveLength(1);
    expect(bed.github.invalidRequests[0]?.reasons).toEqual([
      'query parameter "state": "shut" must be equal to one of the allowed values',
      'query parameter "per_page": "ten" is not an integer',
    ]);
  });

  test('an operation outside the description, or a path parameter of the wrong type, is 404', async () => {
    bed = await startTestBed();
    for (const [method, path] of [
      ['GET', `/repos/${FULL_NAME}/branches`],
      ['DELETE', `/repos/${FULL_NAME}/issues/comments/1`],
      ['GET', `/repos/${FULL_NAME}/issues/two/comments`],
    ] as const) {
      const res = await rawCall(bed.github, method, path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest',
        status: '404',
      });
    }
    expect(bed.github.invalidRequests.map((r) => r.status)).toEqual([404, 404, 404]);
  });

  test('undeclared query parameters are ignored, as GitHub ignores them', async () => {
    bed = await startTestBed();
    const res = await rawCall(bed.github, 'GET', `${commentsPath}?perpage=100`);
    expect(res.status).toBe(200);
    expect(bed.github.invalidRequests).toEqual([]);
  });
});

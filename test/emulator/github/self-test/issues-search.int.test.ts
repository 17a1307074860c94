// Issues, search and workflow runs through octokit: create with labels, list by label and
// state across pages, update and close, find by a hidden marker phrase, and a run whose
// status the test sets.
import { afterEach, describe, expect, test } from 'vitest';
import { BOT, FULL_NAME, OWNER, refusal, REPO, startTestBed, type TestBed } from './helpers.ts';

let bed: TestBed | undefined;

afterEach(async () => {
  if (bed) {
    expect(bed.github.invalidRequests).toEqual([]);
    expect(bed.github.responseSchemaViolations).toEqual([]);
    await bed.stop();
  }
  bed = undefined;
});

const repo = { owner: OWNER, repo: REPO };
const MARKER = '<!-- flaude:report weekly-maintenance -->';

describe('issues', () => {
  test('create, list by label and state (pull requests are issues too), update, close', async () => {
    bed = await startTestBed();
    const created = await bed.octokit.rest.issues.create({
      ...repo,
      title: 'Weekly maintenance',
      body: `report\n\n${MARKER}`,
      labels: ['flaude', { name: 'Maintenance' }],
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      number: 3,
      state: 'open',
      user: { login: BOT },
      labels: [{ name: 'flaude' }, { name: 'Maintenance' }],
      html_url: `https://github.com/${FULL_NAME}/issues/3`,
    });
    bed.github.addIssue(FULL_NAME, { title: 'other', labels: ['flaude'], state: 'closed' });

    const open = await bed.octokit.rest.issues.listForRepo(repo);
    expect(open.data.map((i) => [i.number, Boolean(i.pull_request)])).toEqual([
      [3, false],
      [2, true],
    ]);
    const labelled = await bed.octokit.rest.issues.listForRepo({
      ...repo,
      labels: 'flaude,maintenance',
      state: 'all',
    });
    expect(labelled.data.map((i) => i.number)).toEqual([3]);
    const closed = await bed.octokit.rest.issues.listForRepo({
      ...repo,
      labels: 'flaude',
      state: 'closed',
    });
    expect(closed.data.map((i) => i.title)).toEqual(['other']);

    const updated = await bed.octokit.rest.issues.update({
      ...repo,
      issue_number: 3,
      body: `report 2\n\n${MARKER}`,
      state: 'closed',
    });
    expect(updated.data).toMatchObject({
      state: 'closed',
      state_reason: 'completed',
      closed_by: { login: BOT },
      body: `report 2\n\n${MARKER}`,
    });
    expect(bed.github.issues(FULL_NAME).find((i) => i.number === 3)).toMatchObject({
      state: 'closed',
      labels: ['flaude', 'Maintenance'],
    });
  });

  test('list pages with Link headers; filters the emulator does not implement answer 501', async () => {
    bed = await startTestBed();
    for (let i = 0; i < 45; i++)
      bed.github.addIssue(FULL_NAME, { title: `i${i}`, labels: ['bulk'] });
    const all = await bed.octokit.paginate(bed.octokit.rest.issues.listForRepo, {
      ...repo,
      labels: 'bulk',
    });
    expect(all).toHaveLength(45);
    const refused = await refusal(
      bed.octokit.rest.issues.listForRepo({ ...repo, assignee: 'someone' }),
    );
    expect(refused.status).toBe(501);
  });
});

describe('search', () => {
  test('finds an issue by its marker phrase, in:body, repo:, is:issue; not elsewhere', async () => {
    bed = await startTestBed();
    await bed.octokit.rest.issues.create({
      ...repo,
      title: 'Weekly maintenance',
      body: `x\n${MARKER}`,
    });
    await bed.octokit.rest.issues.create({
      ...repo,
      title: 'Unrelated',
      body: 'flaude report monthly',
    });
    const { octokit } = bed;
    const q = (text: string) => octokit.rest.search.issuesAndPullRequests({ q: text });

    const found = await q(`repo:${FULL_NAME} is:issue in:body "flaude:report weekly-maintenance"`);
    expect(found.data).toMatchObject({ total_count: 1, incomplete_results: false });
    expect(found.data.items.map((i) => i.title)).toEqual(['Weekly maintenance']);

    expect(
      (await q(`repo:${FULL_NAME} in:title "flaude:report weekly-maintenance"`)).data.total_count,
    ).toBe(0);
    expect((await q(`repo:someone/else "flaude:report weekly-maintenance"`)).data.total_count).toBe(
      0,
    );
    expect(
      (await q(`repo:${FULL_NAME} is:pr "flaude:report weekly-maintenance"`)).data.total_count,
    ).toBe(0);
    expect((await q(`repo:${FULL_NAME} in:title weekly`)).data.items.map((i) => i.number)).toEqual([
      3,
    ]);
    const refused = await refusal(q(`repo:${FULL_NAME} created:>2020-01-01`));
    expect(refused.status).toBe(501);
  });

  test('a missing q is 422 Validation Failed and recorded as an invalid request', async () => {
    bed = await startTestBed();
    const refused = await refusal(bed.octokit.request('GET /search/issues', {} as { q: string }));
    expect(refused.data).toEqual({
      message: 'Validation Failed',
      errors: [{ resource: 'Search', field: 'q', code: 'missing' }],
      documentation_url:
        'https://docs.github.com/rest/search/search#search-issues-and-pull-requests',
      status: '422',
    });
    expect(bed.github.invalidRequests).toHaveLength(1);
    bed.github.clearRecords();
  });

  test('with a search lag, a new issue is found only once indexed', async () => {
    let now = Date.parse('2026-12-01T10:00:00Z');
    bed = await startTestBed({ searchLagMs: 5_000, now: () => new Date(now) });
    await bed.octokit.rest.issues.create({ ...repo, title: 'fresh', body: MARKER });
    const q = `repo:${FULL_NAME} "${MARKER}"`;
    expect((await bed.octokit.rest.search.issuesAndPullRequests({ q })).data.total_count).toBe(0);
    now += 5_000;
    expect((await bed.octokit.rest.search.issuesAndPullRequests({ q })).data.total_count).toBe(1);
  });
});

describe('workflow runs', () => {
  test('a run the test made, with the status and conclusion it set', async () => {
    bed = await startTestBed();
    const id = bed.github.addWorkflowRun(FULL_NAME, {
      headSha: bed.repo.headSha,
      status: 'in_progress',
      pullRequests: [2],
    });
    const run = { ...repo, run_id: id };
    expect((await bed.octokit.rest.actions.getWorkflowRun(run)).data).toMatchObject({
      id,
      status: 'in_progress',
      conclusion: null,
      head_sha: bed.repo.headSha,
      pull_requests: [{ number: 2 }],
      html_url: `https://github.com/${FULL_NAME}/actions/runs/${id}`,
    });
    bed.github.updateWorkflowRun(id, { status: 'completed', conclusion: 'cancelled' });
    expect((await bed.octokit.rest.actions.getWorkflowRun(run)).data).toMatchObject({
      status: 'completed',
      conclusion: 'cancelled',
    });
    expect(
      (await refusal(bed.octokit.rest.actions.getWorkflowRun({ ...repo, run_id: 1 }))).status,
    ).toBe(404);
  });
});

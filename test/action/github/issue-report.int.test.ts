// The report issue against the GitHub emulator with the step's real client: two runs a second
// apart make one issue, updated in place (the search index lag the emulator models does not
// matter: the issue is listed, not searched); a read-only token is a warning naming
// `issues: write`, and nothing throws.
import { afterEach, describe, expect, test } from 'vitest';
import type { Findings } from '../../../src/action/findings.ts';
import {
  publishIssueReport,
  REPORT_LABEL,
  reportMarker,
  type IssueReportRequest,
} from '../../../src/action/github/issue-report.ts';
import { BOT, startGithubBed, type GithubBed } from './github-bed.ts';

let bed: GithubBed | undefined;
afterEach(async () => {
  if (!bed) return;
  try {
    expect(bed.github.invalidRequests).toEqual([]);
    expect(bed.github.responseSchemaViolations).toEqual([]);
  } finally {
    await bed.stop();
    bed = undefined;
  }
});

const findings = (title: string): Findings => ({
  summary: `Found: ${title}.`,
  verdict: 'comment',
  findings: [{ path: 'README', line: 1, severity: 'high', title, body: 'Fix it.' }],
});

function request(b: GithubBed, title: string, runId: number): IssueReportRequest {
  return {
    repository: b.repo.fullName,
    key: { workflow: 'Weekly audit', title: 'Weekly audit report' },
    reviewers: [{ name: 'audit', findings: findings(title) }],
    run: {
      url: `https://github.com/${b.repo.fullName}/actions/runs/${runId}`,
      sha: b.repo.baseSha,
    },
  };
}

/** Collects what the report logs. */
function recorder(): {
  info: string[];
  warning: string[];
  log: { info(m: string): void; warning(m: string): void };
} {
  const info: string[] = [];
  const warning: string[] = [];
  return {
    info,
    warning,
    log: { info: (m) => info.push(m), warning: (m) => warning.push(m) },
  };
}

const reportIssues = (b: GithubBed) =>
  b.github.issues(b.repo.fullName).filter((i) => !i.isPullRequest);

describe('publishIssueReport', () => {
  test('two runs a second apart: one issue, opened then updated in place', async () => {
    let now = new Date('2026-12-07T06:00:00Z');
    bed = await startGithubBed({ searchLagMs: 60_000, now: () => now });
    const out = recorder();

    const first = await publishIssueReport(bed.client, request(bed, 'Old lockfile', 1), out.log);
    now = new Date(now.getTime() + 1000);
    const second = await publishIssueReport(
      bed.client,
      request(bed, 'Unpinned action', 2),
      out.log,
    );

    expect(first).toMatchObject({ created: true });
    expect(second).toEqual({ ...first, created: false });
    const issues = reportIssues(bed);
    expect(issues).toHaveLength(1);
    const [issue] = issues;
    expect(issue).toMatchObject({
      title: 'Weekly audit report',
      user: BOT,
      state: 'open',
      labels: [REPORT_LABEL],
    });
    expect(issue!.body).toContain(reportMarker(request(bed, '', 0).key));
    expect(issue!.body).toContain('- [ ] **high** `README:1` Unpinned action');
    expect(issue!.body).toContain('/actions/runs/2');
    expect(issue!.body).not.toContain('Old lockfile');
    expect(out.warning).toEqual([]);
    expect(out.info).toEqual([
      `Opened issue #${first!.number} with the report: ${first!.url}`,
      `Updated the report in issue #${first!.number}: ${first!.url}`,
    ]);
    // Listed, never searched: the search index would not have the first issue yet.
    expect(bed.github.requests.some((r) => r.path.startsWith('/search/'))).toBe(false);
  });

  test('ticked items survive the update', async () => {
    bed = await startGithubBed();
    const out = recorder();
    const first = await publishIssueReport(bed.client, request(bed, 'Old lockfile', 1), out.log);
    const body = reportIssues(bed)[0]!.body!;
    await bed.client.rest.issues.update({
      owner: 'Codertocat',
      repo: 'Hello-World',
      issue_number: first!.number,
      body: body.replace('- [ ] **high**', '- [x] **high**'),
    });
    await publishIssueReport(bed.client, request(bed, 'Old lockfile', 2), out.log);
    expect(reportIssues(bed)[0]!.body).toContain('- [x] **high** `README:1` Old lockfile');
  });

  test("another workflow's, an unlabelled or a closed issue with the title is not ours", async () => {
    bed = await startGithubBed();
    const key = request(bed, '', 0).key;
    bed.github.addIssue(bed.repo.fullName, {
      title: key.title,
      body: reportMarker({ ...key, workflow: 'Other workflow' }),
      user: BOT,
      labels: [REPORT_LABEL],
    });
    bed.github.addIssue(bed.repo.fullName, {
      title: key.title,
      body: `An outsider quoting ${reportMarker(key)}`,
      user: 'someone-else',
    });
    bed.github.addIssue(bed.repo.fullName, {
      title: key.title,
      body: reportMarker(key),
      user: BOT,
      labels: [REPORT_LABEL],
      state: 'closed',
    });
    const out = recorder();
    const published = await publishIssueReport(bed.client, request(bed, 'New', 3), out.log);
    expect(published?.created).toBe(true);
    expect(reportIssues(bed)).toHaveLength(4);
    expect(reportIssues(bed).filter((i) => i.body?.includes('New'))).toHaveLength(1);
  });

  test('a read-only token: a warning naming issues: write, no issue, no throw', async () => {
    bed = await startGithubBed();
    const out = recorder();
    expect(await publishIssueReport(bed.readOnly, request(bed, 'x', 1), out.log)).toBeUndefined();
    expect(reportIssues(bed)).toEqual([]);
    expect(out.warning).toHaveLength(1);
    expect(out.warning[0]).toMatch(
      /^Could not write the report to issue "Weekly audit report": HTTP 403: Resource not accessible by integration.*\. The workflow's token needs `issues: write` \(its permissions: block\)\.$/,
    );
  });

  test('more open report issues than one page: the marker is found on a later page', async () => {
    bed = await startGithubBed();
    const key = request(bed, '', 0).key;
    for (let i = 0; i < 120; i++) {
      bed.github.addIssue(bed.repo.fullName, {
        title: `Report ${i}`,
        body: reportMarker({ ...key, title: `Report ${i}` }),
        user: BOT,
        labels: [REPORT_LABEL],
      });
    }
    const ours = bed.github.addIssue(bed.repo.fullName, {
      title: key.title,
      body: reportMarker(key),
      user: BOT,
      labels: [REPORT_LABEL],
    });
    const out = recorder();
    const published = await publishIssueReport(bed.client, request(bed, 'Paged', 1), out.log);
    expect(published).toMatchObject({ number: ours, created: false });
  });
});

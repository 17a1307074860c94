// GitHub requests per reviewer on a busy pull request (100 changed files, 100 earlier
// conversation comments), counted by the GitHub emulator through the step's real client: each
// reviewer costs its own writes (its comment, its review, the comment's final text), and what
// every reviewer reads (the conversation, the files, the review comments) is read once for
// the step. Counts, not times.
import { afterEach, describe, expect, test } from 'vitest';
import type { Finding } from '../../../src/action/findings.ts';
import {
  PullRequestReport,
  type PullRequestTarget,
} from '../../../src/action/github/pull-request-report.ts';
import { createRedactor } from '../../../src/action/redact.ts';
import { startGithubBed, type GithubBed } from './github-bed.ts';

let bed: GithubBed | undefined;

afterEach(async () => {
  if (!bed) return;
  expect(bed.github.invalidRequests).toEqual([]);
  expect(bed.github.responseSchemaViolations).toEqual([]);
  await bed.stop();
  bed = undefined;
});

/** GitHub's target for a pull request of up to 100 files and 100 earlier comments. */
const MAX_REQUESTS_PER_REVIEWER = 8;

/** The fixture's pull request grown to 100 changed files and 100 comments by other people. */
async function busyPullRequest(): Promise<GithubBed> {
  const opened = await startGithubBed();
  const { repo, github } = opened;
  const files: Record<string, string> = {};
  // The fixture's head changes README.md and src/greet.js: 98 more make 100.
  for (let i = 1; i <= 98; i++) files[`src/module-${i}.js`] = `export const value${i} = ${i};\n`;
  github.setPullRequestHead(repo.fullName, repo.prNumber, repo.pushHead(files, '98 more files'));
  for (let i = 1; i <= 100; i++) {
    github.addIssueComment(repo.fullName, repo.prNumber, { body: `comment ${i}`, user: 'someone' });
  }
  return opened;
}

function reportOn(opened: GithubBed): PullRequestReport {
  const { repo } = opened;
  const [owner = '', name = ''] = repo.fullName.split('/');
  const target: PullRequestTarget = {
    owner,
    repo: name,
    number: repo.prNumber,
    headSha: repo.headSha,
    workflow: 'review',
    job: 'flaude',
    runUrl: `https://github.com/${repo.fullName}/actions/runs/7`,
  };
  return new PullRequestReport(opened.client, target, {
    comment: true,
    inlineComments: true,
    maxInlineComments: 20,
    reviewEvent: 'comment',
    log: { info: () => undefined, warning: (m) => opened.warnings.push(m) },
    redact: createRedactor([]),
  });
}

/** One finding on an added line of the diff, so every reviewer posts a review. */
const FINDING: Finding = {
  path: 'src/module-7.js',
  line: 1,
  severity: 'medium',
  title: 'A constant that could be inlined',
  body: 'It is used once.',
};

/** Runs `n` reviewers as the step does (all start, then each finishes); requests by operation. */
async function reviewersOn(opened: GithubBed, n: number): Promise<Record<string, number>> {
  opened.github.clearRecords();
  const report = reportOn(opened);
  const names = Array.from({ length: n }, (_, i) => `reviewer-${i + 1}`);
  const started = names.map((name) => report.start(name));
  const postings = await Promise.all(
    names.map((name) =>
      report.finish({
        name,
        success: true,
        findings: { summary: 'One thing.', verdict: 'comment', findings: [FINDING] },
      }),
    ),
  );
  await Promise.all(started);
  expect(postings.map((p) => p.inline)).toEqual(names.map(() => 1));
  const counts: Record<string, number> = {};
  for (const r of opened.github.requests) {
    const key = `${r.status} ${r.operation ?? `${r.method} ${r.path}`}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const total = (counts: Record<string, number>): number =>
  Object.values(counts).reduce((a, b) => a + b, 0);

describe('GitHub requests per reviewer, 100 files and 100 earlier comments', () => {
  test('one reviewer: its three writes and one read of each listing', async () => {
    bed = await busyPullRequest();
    const counts = await reviewersOn(bed, 1);
    expect(counts).toEqual({
      '200 GET /repos/{owner}/{repo}/issues/{issue_number}/comments': 1,
      '201 POST /repos/{owner}/{repo}/issues/{issue_number}/comments': 1,
      '200 GET /repos/{owner}/{repo}/pulls/{pull_number}/files': 1,
      '200 GET /repos/{owner}/{repo}/pulls/{pull_number}/comments': 1,
      '200 POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews': 1,
      '200 PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': 1,
    });
    expect(total(counts)).toBeLessThanOrEqual(MAX_REQUESTS_PER_REVIEWER);
    expect(bed.warnings).toEqual([]);
  });

  test('five reviewers: the listings are read once for all of them', async () => {
    bed = await busyPullRequest();
    const counts = await reviewersOn(bed, 5);
    expect(counts).toEqual({
      '200 GET /repos/{owner}/{repo}/issues/{issue_number}/comments': 1,
      '201 POST /repos/{owner}/{repo}/issues/{issue_number}/comments': 5,
      '200 GET /repos/{owner}/{repo}/pulls/{pull_number}/files': 1,
      '200 GET /repos/{owner}/{repo}/pulls/{pull_number}/comments': 1,
      '200 POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews': 5,
      '200 PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': 5,
    });
    expect(total(counts) / 5).toBeLessThanOrEqual(MAX_REQUESTS_PER_REVIEWER);
    expect(bed.github.issueComments(bed.repo.fullName, bed.repo.prNumber)).toHaveLength(105);
    expect(bed.warnings).toEqual([]);
  });
});

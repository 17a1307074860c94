// What `mode: reap` does to the comment of a reviewer whose runner vanished, against the GitHub
// emulator through the real client: only the comment of that reviewer, job and run that still
// says "reviewing" is marked cancelled; another run's, another reviewer's and a final one are
// left alone.
import { afterEach, expect, test } from 'vitest';
import { createGitHubClient } from '../../../src/action/github/client.ts';
import { stickyMarker } from '../../../src/action/github/markers.ts';
import { cancelReapedComment } from '../../../src/action/github/reaped-comment.ts';
import { reviewingBody } from '../../../src/action/github/sticky-body.ts';
import { createRedactor } from '../../../src/action/redact.ts';
import {
  BOT,
  FULL_NAME,
  OWNER,
  READ_TOKEN,
  REPO,
  startTestBed,
  WRITE_TOKEN,
  type TestBed,
} from '../../emulator/github/self-test/helpers.ts';

let bed: TestBed | undefined;

afterEach(async () => {
  if (!bed) return;
  expect(bed.github.invalidRequests).toEqual([]);
  expect(bed.github.responseSchemaViolations).toEqual([]);
  await bed.stop();
  bed = undefined;
});

const redact = createRedactor([]);
const runUrl = (id: number): string => `https://github.com/${FULL_NAME}/actions/runs/${id}`;

/** A comment as the main step leaves it while `reviewer` of `job` runs in run `runId`. */
function leftReviewing(reviewer: string, runId: number, job = 'review'): number {
  const marker = stickyMarker({ workflow: 'flaude', job, reviewer });
  return bed!.github.addIssueComment(FULL_NAME, 2, {
    body: reviewingBody(marker, reviewer, bed!.repo.headSha, runUrl(runId), redact),
    user: BOT,
  });
}

test("marks only that reviewer's comment of that run cancelled, once", async () => {
  bed = await startTestBed();
  const warnings: string[] = [];
  const log = { info: () => undefined, warning: (m: string) => warnings.push(m) };
  const client = createGitHubClient(WRITE_TOKEN, { baseUrl: bed.github.url, log });
  const mine = leftReviewing('security', 41);
  const otherRun = leftReviewing('security', 42);
  const otherReviewer = leftReviewing('style', 41);
  const otherJob = leftReviewing('security', 41, 'lint');
  const pr = { owner: OWNER, repo: REPO, number: 2 };
  const reaped = { runId: '41', job: 'review', reviewer: 'security' };

  expect(await cancelReapedComment(client, pr, reaped, { log, redact })).toBe(1);
  const bodies = new Map(bed.github.issueComments(FULL_NAME, 2).map((c) => [c.id, c.body]));
  expect(bodies.get(mine)).toContain(
    `Cancelled before the review was finished ([workflow run](${runUrl(41)})).`,
  );
  for (const id of [otherRun, otherReviewer, otherJob])
    expect(bodies.get(id)).toContain('Reviewing');
  expect(await cancelReapedComment(client, pr, reaped, { log, redact })).toBe(0);
  expect(warnings).toEqual([]);
});

test('a read-only token: a warning naming pull-requests: write, nothing thrown', async () => {
  bed = await startTestBed();
  const warnings: string[] = [];
  const log = { info: () => undefined, warning: (m: string) => warnings.push(m) };
  const client = createGitHubClient(READ_TOKEN, { baseUrl: bed.github.url, log });
  leftReviewing('security', 41);
  const pr = { owner: OWNER, repo: REPO, number: 2 };
  const reaped = { runId: '41', job: 'review', reviewer: 'security' };
  expect(await cancelReapedComment(client, pr, reaped, { log, redact })).toBe(0);
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain('`pull-requests: write`');
});

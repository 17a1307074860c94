// The whole pull-request sequence against the GitHub emulator, through the real client
// (createGitHubClient: @actions/github with retry and throttling): a run on `opened`, then one
// on `synchronize` to a head that fixes one finding and adds another, a comment GitHub refuses,
// two reviewers side by side, a read-only token, a secondary rate limit, and the post step's
// "cancelled". The client's throttling spaces writes a second apart, so each test takes seconds.
import { afterEach, describe, expect, test } from 'vitest';
import { createGitHubClient } from '../../../src/action/github/client.ts';
import {
  markCancelled,
  markEnded,
  PullRequestReport,
  type PullRequestReportOptions,
  type PullRequestTarget,
  type ReviewerReport,
} from '../../../src/action/github/pull-request-report.ts';
import type { Finding } from '../../../src/action/findings.ts';
import { createRedactor } from '../../../src/action/redact.ts';
import {
  commitOn,
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
  expect(bed.github.requests.some((r) => r.rawBody.includes(SECRET))).toBe(false);
  await bed.stop();
  bed = undefined;
});

const SECRET = 'sk-ant-oat01-notARealSecretButLongEnough';

interface Logged {
  info: string[];
  warning: string[];
}

function setup(token = WRITE_TOKEN, overrides: Partial<PullRequestReportOptions> = {}) {
  const logged: Logged = { info: [], warning: [] };
  const log = {
    info: (m: string) => logged.info.push(m),
    warning: (m: string) => logged.warning.push(m),
  };
  const client = createGitHubClient(token, { baseUrl: bed!.github.url, log });
  const options: PullRequestReportOptions = {
    comment: true,
    inlineComments: true,
    maxInlineComments: 20,
    reviewEvent: 'comment',
    log,
    redact: createRedactor([SECRET]),
    ...overrides,
  };
  return { client, logged, options };
}

function targetAt(headSha: string, workflow = 'review', job = 'flaude'): PullRequestTarget {
  return {
    owner: OWNER,
    repo: REPO,
    number: 2,
    headSha,
    workflow,
    job,
    runUrl: `https://github.com/${FULL_NAME}/actions/runs/7`,
  };
}

function report(name: string, findings: Finding[], summary = 'Looks mostly fine.'): ReviewerReport {
  return {
    name,
    success: true,
    durationSeconds: 75,
    numTurns: 6,
    costUsd: 0.1234,
    flyCostUsd: 0.0011,
    findings: { summary, verdict: 'comment', findings },
  };
}

const f = (path: string, line: number, title: string, severity: Finding['severity']): Finding => ({
  path,
  line,
  severity,
  title,
  body: `About ${title}.`,
});

// The fixture's pull request #2: README.md gains lines 4-5, src/greet.js changes line 2.
const TRIM = f('src/greet.js', 2, 'name.trim() throws on undefined', 'high');
const WORDING = f('README.md', 5, 'Vague wording', 'medium');
const ELSEWHERE = f('src/other.js', 10, 'Outside the diff', 'low');

describe('opened, then synchronize', () => {
  test('one comment per reviewer updated in place, repeats not re-posted, the fixed one marked, the new one inline, a refused one in the comment', async () => {
    bed = await startTestBed();
    const { client, logged, options } = setup();

    // opened
    const first = new PullRequestReport(client, targetAt(bed.repo.headSha), options);
    const started = first.start('security');
    await started;
    const reviewing = bed.github.issueComments(FULL_NAME, 2);
    expect(reviewing).toHaveLength(1);
    expect(reviewing[0]?.body).toContain(`Reviewing \`${bed.repo.headSha.slice(0, 7)}\``);
    expect(reviewing[0]?.body).toContain('actions/runs/7');

    const opened = await first.finish(
      report('security', [WORDING, ELSEWHERE, TRIM], `Summary with ${SECRET}`),
    );
    expect(opened).toMatchObject({ inline: 2, repeated: 0, notInline: 1, noLongerReported: 0 });
    const [comment] = bed.github.issueComments(FULL_NAME, 2);
    expect(comment?.id).toBe(reviewing[0]?.id);
    expect(comment?.body).toContain('💬 Comment');
    expect(comment?.body).toContain('`src/other.js:10` · not on a line of the diff');
    expect(comment?.body).toContain('#### Not inline (1)');
    expect(comment?.body).toContain('6 turns · 1 m 15 s · Claude $0.1234 · Fly $0.0011');
    expect(comment?.body).not.toContain(SECRET);
    const reviews = bed.github.reviews(FULL_NAME, 2);
    expect(reviews).toMatchObject([{ state: 'COMMENTED', commitId: bed.repo.headSha }]);
    const inline = bed.github.reviewComments(FULL_NAME, 2);
    expect(inline.map((c) => [c.path, c.line])).toEqual([
      ['src/greet.js', 2],
      ['README.md', 5],
    ]);
    expect(
      inline.every((c) => /<!-- flaude:finding reviewer=\w+ fingerprint=\w+ -->/.test(c.body)),
    ).toBe(true);

    // synchronize: the fix of TRIM, a new finding on that line, and one GitHub refuses.
    const newHead = commitOn(
      bed,
      bed.repo.headSha,
      {
        files: {
          'src/greet.js':
            'export function greet(name) {\n  return "Hello, " + String(name ?? "").trim();\n}\n',
        },
      },
      'refs/pull/2/head',
    );
    bed.github.setPullRequestHead(FULL_NAME, 2, newHead);
    const refuse = bed.github.faults.http({
      method: 'POST',
      path: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
      bodyMatches: 'Refuse me',
      status: 422,
      body: {
        message: 'Unprocessable Entity',
        errors: ['Pull request review thread line must be part of the diff'],
        documentation_url:
          'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request',
        status: '422',
      },
      times: Infinity,
    });
    const COERCION = f('src/greet.js', 2, 'String(undefined) is "undefined"', 'medium');
    const REFUSED = f('README.md', 4, 'Refuse me', 'low');
    const second = new PullRequestReport(client, targetAt(newHead), options);
    void second.start('security');
    const synced = await second.finish(report('security', [WORDING, COERCION, REFUSED]));
    expect(refuse.hits).toBeGreaterThanOrEqual(2);
    expect(synced).toMatchObject({ inline: 1, repeated: 1, notInline: 1, noLongerReported: 1 });

    const comments = bed.github.issueComments(FULL_NAME, 2);
    expect(comments.map((c) => c.id)).toEqual([comment?.id]);
    expect(comments[0]?.body).toContain(`Reviewed \`${newHead.slice(0, 7)}\``);
    expect(comments[0]?.body).toContain('`README.md:4` · refused inline by GitHub');
    expect(comments[0]?.body).toContain('`README.md:5` · inline since an earlier push');

    const after = bed.github.reviewComments(FULL_NAME, 2);
    expect(after.filter((c) => c.body.includes('Vague wording'))).toHaveLength(1);
    const trim = after.find((c) => c.body.includes('name.trim() throws'));
    expect(trim?.body).toContain(`**No longer reported** at \`${newHead.slice(0, 7)}\``);
    expect(after.find((c) => c.body.includes('String(undefined)'))).toMatchObject({
      path: 'src/greet.js',
      line: 2,
      commitId: newHead,
    });
    expect(after.some((c) => c.body.includes('Refuse me'))).toBe(false);
    // Two submitted reviews, no pending probe left behind.
    expect(bed.github.reviews(FULL_NAME, 2).map((r) => r.state)).toEqual([
      'COMMENTED',
      'COMMENTED',
    ]);
    expect(logged.warning.join('\n')).toContain(
      "GitHub refused 1 inline comment(s) of reviewer 'security'",
    );
  });
});

describe('the sticky comment', () => {
  test('is found by its marker past the first pages of a busy conversation, and updated in place', async () => {
    bed = await startTestBed();
    const { client, options } = setup();
    // 120 comments by people first: the action's comment is then on the second page of 100.
    for (let i = 0; i < 120; i++) {
      bed.github.addIssueComment(FULL_NAME, 2, { body: `comment ${i}`, user: 'octo-member' });
    }
    const earlier = new PullRequestReport(client, targetAt(bed.repo.headSha), options);
    await earlier.start('security');
    const ours = bed.github.issueComments(FULL_NAME, 2).at(-1);
    bed.github.clearRecords();
    const later = new PullRequestReport(client, targetAt(bed.repo.headSha), options);
    const posting = await later.finish(report('security', []));
    expect(posting.commentId).toBe(ours?.id);
    const comments = bed.github.issueComments(FULL_NAME, 2);
    expect(comments).toHaveLength(121);
    expect(comments.at(-1)?.body).toContain('No findings.');
    const pages = bed.github.requests.filter(
      (r) => r.method === 'GET' && r.path.endsWith('/issues/2/comments'),
    );
    expect(pages.map((r) => r.query['page'] ?? '1')).toEqual(['1', '2']);
    expect(bed.github.reviews(FULL_NAME, 2)).toEqual([]);
  });
});

describe('several reviewers', () => {
  test('two reviewers and two matrix legs keep their own comments; auto requests changes', async () => {
    bed = await startTestBed();
    const { client, logged, options } = setup(WRITE_TOKEN, { reviewEvent: 'auto' });
    const legA = new PullRequestReport(client, targetAt(bed.repo.headSha, 'review', 'a'), options);
    const legB = new PullRequestReport(client, targetAt(bed.repo.headSha, 'review', 'b'), options);
    void legA.start('security');
    void legA.start('style');
    void legB.start('security');
    const blocking = report('security', [TRIM]);
    const [a1, a2, b1] = await Promise.all([
      legA.finish({
        ...blocking,
        findings: { summary: 'Must fix.', verdict: 'request_changes', findings: [TRIM] },
      }),
      legA.finish(report('style', [WORDING])),
      legB.finish({ name: 'security', success: false, error: 'Claude hit the max turns (8).' }),
    ]);
    const comments = bed.github.issueComments(FULL_NAME, 2);
    expect(comments).toHaveLength(3);
    expect(new Set([a1.commentId, a2.commentId, b1.commentId]).size).toBe(3);
    expect(comments.find((c) => c.id === a1.commentId)?.body).toContain('🛑 Changes requested');
    expect(comments.find((c) => c.id === a2.commentId)?.body).toContain('Vague wording');
    expect(comments.find((c) => c.id === b1.commentId)?.body).toContain(
      '**The reviewer failed:** Claude hit the max turns (8).',
    );
    expect(legA.commentIds()).toEqual({ security: a1.commentId, style: a2.commentId });
    // Same finding title under two reviewers would not be taken for one: each has its review.
    expect(
      bed.github
        .reviews(FULL_NAME, 2)
        .map((r) => r.state)
        .sort(),
    ).toEqual(['CHANGES_REQUESTED', 'COMMENTED']);
    expect(logged.warning).toEqual([]);
  });
});

describe('the inputs that turn parts off', () => {
  test('comment off: the review carries the whole report; inline-comments off: no review, all in the comment', async () => {
    bed = await startTestBed();
    const noComment = setup(WRITE_TOKEN, { comment: false });
    const one = new PullRequestReport(
      noComment.client,
      targetAt(bed.repo.headSha),
      noComment.options,
    );
    await one.start('security');
    await one.finish(report('security', [TRIM, ELSEWHERE]));
    expect(bed.github.issueComments(FULL_NAME, 2)).toEqual([]);
    const [review] = bed.github.reviews(FULL_NAME, 2);
    expect(review?.body).toContain('💬 Comment · flaude · security');
    expect(review?.body).toContain('`src/other.js:10` · not on a line of the diff');
    expect(review?.body).not.toContain('<!-- flaude:comment');
    expect(bed.github.reviewComments(FULL_NAME, 2)).toHaveLength(1);

    const noInline = setup(WRITE_TOKEN, { inlineComments: false });
    const two = new PullRequestReport(
      noInline.client,
      targetAt(bed.repo.headSha, 'other-workflow'),
      noInline.options,
    );
    await two.finish(report('security', [TRIM]));
    expect(bed.github.reviews(FULL_NAME, 2)).toHaveLength(1);
    expect(bed.github.issueComments(FULL_NAME, 2)[0]?.body).toContain(
      '`src/greet.js:2` · inline comments are off',
    );
  });
});

describe('what GitHub refuses does not fail the step', () => {
  test('a read-only token: warnings naming pull-requests: write, nothing thrown, nothing posted', async () => {
    bed = await startTestBed();
    const { client, logged, options } = setup(READ_TOKEN);
    const prReport = new PullRequestReport(client, targetAt(bed.repo.headSha), options);
    await prReport.start('security');
    const posting = await prReport.finish(report('security', [TRIM, ELSEWHERE]));
    expect(posting).toMatchObject({
      reviewer: 'security',
      commentId: undefined,
      reviewId: undefined,
    });
    expect(bed.github.issueComments(FULL_NAME, 2)).toEqual([]);
    expect(bed.github.reviews(FULL_NAME, 2)).toEqual([]);
    expect(logged.warning.length).toBeGreaterThanOrEqual(3);
    for (const w of logged.warning) {
      expect(w).toContain('`pull-requests: write`');
      expect(w).toContain("The review is still in the step's outputs and job summary.");
    }
  });

  test('a secondary rate limit is waited out and the comment still posted; the post step cancels a comment left reviewing', async () => {
    bed = await startTestBed();
    const { client, logged, options } = setup();
    bed.github.faults.secondaryRateLimit({ times: 1, writesOnly: true, retryAfterSeconds: 1 });
    const prReport = new PullRequestReport(client, targetAt(bed.repo.headSha), options);
    await prReport.start('security');
    expect(logged.warning.join('\n')).toMatch(/secondary rate limit .* retrying in 1 s/);
    const [comment] = bed.github.issueComments(FULL_NAME, 2);
    expect(comment?.body).toContain('Reviewing');

    const ids = prReport.commentIds();
    expect(ids).toEqual({ security: comment?.id });
    const post = { log: options.log, redact: options.redact, runUrl: targetAt('x').runUrl };
    expect(await markCancelled(client, { owner: OWNER, repo: REPO }, ids, post)).toBe(1);
    expect(bed.github.issueComments(FULL_NAME, 2)[0]?.body).toContain(
      'Cancelled before the review was finished',
    );
    // Once cancelled (or finished), it is left alone.
    expect(await markCancelled(client, { owner: OWNER, repo: REPO }, ids, post)).toBe(0);
  });

  test('cancel: the comment started reviewing says cancelled in place, and no review is posted', async () => {
    bed = await startTestBed();
    const { client, logged, options } = setup();
    const prReport = new PullRequestReport(client, targetAt(bed.repo.headSha), options);
    await prReport.start('security');
    const [started] = bed.github.issueComments(FULL_NAME, 2);
    expect(started?.body).toContain('Reviewing');
    await prReport.cancel('security');
    const comments = bed.github.issueComments(FULL_NAME, 2);
    expect(comments.map((c) => c.id)).toEqual([started?.id]);
    expect(comments[0]?.body.split('\n')[0]).toBe(started?.body.split('\n')[0]);
    expect(comments[0]?.body).toContain('Cancelled before the review was finished');
    expect(comments[0]?.body).not.toContain('Reviewing');
    expect(bed.github.reviews(FULL_NAME, 2)).toEqual([]);
    expect(logged.warning).toEqual([]);
    // The post step finds nothing left saying "reviewing".
    const post = { log: options.log, redact: options.redact };
    expect(
      await markCancelled(client, { owner: OWNER, repo: REPO }, prReport.commentIds(), post),
    ).toBe(0);
  });

  test('a 502 answering a create GitHub carried out: the comment is found by its marker, not made twice', async () => {
    bed = await startTestBed();
    const { client, logged, options } = setup();
    const lost = bed.github.faults.http({
      method: 'POST',
      path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      status: 502,
      phase: 'after',
    });
    const prReport = new PullRequestReport(client, targetAt(bed.repo.headSha), options);
    await prReport.start('security');
    expect(lost.hits).toBe(1);
    const comments = bed.github.issueComments(FULL_NAME, 2);
    expect(comments).toHaveLength(1);
    expect(prReport.commentIds()).toEqual({ security: comments[0]?.id });
    await prReport.finish(report('security', [TRIM]));
    const [final, ...more] = bed.github.issueComments(FULL_NAME, 2);
    expect(more).toEqual([]);
    expect(final?.body).not.toContain('Reviewing');
    expect(logged.warning).toEqual([]);
  });

  test('a final update GitHub fails: the comment is unsettled, and markEnded turns it from reviewing into ended', async () => {
    bed = await startTestBed();
    const { client, logged, options } = setup();
    const prReport = new PullRequestReport(client, targetAt(bed.repo.headSha), options);
    await prReport.start('security');
    await prReport.start('style');
    const down = bed.github.faults.http({
      method: 'PATCH',
      path: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
      status: 503,
      times: Infinity,
    });
    await prReport.finish(report('security', [TRIM]));
    await prReport.cancel('style');
    expect(logged.warning.join('\n')).toMatch(
      /Could not update the sticky comment of reviewer 'security'/,
    );
    const ids = prReport.commentIds();
    expect(prReport.unsettledComments()).toEqual({ ids, ended: ['security'] });
    for (const c of bed.github.issueComments(FULL_NAME, 2)) expect(c.body).toContain('Reviewing');
    down.remove();

    const post = { log: options.log, redact: options.redact, runUrl: targetAt('x').runUrl };
    const repo = { owner: OWNER, repo: REPO };
    expect(await markEnded(client, repo, { security: ids.security! }, post)).toBe(1);
    expect(await markCancelled(client, repo, { style: ids.style! }, post)).toBe(1);
    const bodies = new Map(bed.github.issueComments(FULL_NAME, 2).map((c) => [c.id, c.body]));
    expect(bodies.get(ids.security!)).toContain(
      'The reviewer ended, but GitHub failed the update of this comment',
    );
    expect(bodies.get(ids.style!)).toContain('Cancelled before the review was finished');
    // Once no longer "reviewing", it is left alone.
    expect(await markEnded(client, repo, { security: ids.security! }, post)).toBe(0);
  });
});

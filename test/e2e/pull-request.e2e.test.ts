// Tier 3: what a pull request sees of a review. dist/index.js on pull_request events, against
// the Fly, model and GitHub emulators: real CLI, real entrypoint, real octokit. One world for
// the file (the client's throttling spaces writes a second apart, so each test is seconds of
// GitHub alone); each later test opens a pull request of its own and runs in an app of its
// own, so what it counts is its own.
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { EmulatedIssueComment, EmulatedReviewComment } from '../emulator/github/index.ts';
import { runActionStep, runMainThenPost, type StepRun } from '../harness/action-run.ts';
import {
  GITHUB_READ_ONLY_TOKEN,
  GITHUB_RUNNER_TOKEN,
  startEmulators,
  type ReviewerEmulators,
} from '../harness/emulators.ts';
import { expectFlyClean } from '../harness/use-emulators.ts';
import {
  emulatedStepInputs,
  expectGithubClean,
  expectNoSecrets,
  resultsOf,
  REVIEWING,
} from '../harness/step-checks.ts';

const secrets = {
  fly: 'fly-e2e-pr-token-5ecret',
  anthropic: 'sk-ant-api03-e2e-pr-5ecret',
  github: 'ghs_e2ePrMachineToken5ecretValue01',
};
/** Every credential of a step, the runner's GitHub tokens too: none may reach a body or the log. */
const allSecrets = [...Object.values(secrets), GITHUB_RUNNER_TOKEN, GITHUB_READ_ONLY_TOKEN];

/** The hidden line of an inline comment marked no longer reported (markers.ts). */
const NO_LONGER_REPORTED = '<!-- flaude:no-longer-reported -->';

let world: ReviewerEmulators;
/** The fixture's first head: where every pull request of this file starts. */
let firstHead: string;
/** Each test's own app: the Fly emulator keeps destroyed machines. */
let app: string;
let apps = 0;
let nextPullRequest = 10;

beforeAll(async () => {
  // The slow answer (about a minute) keeps Claude busy while a test cancels the step; only a
  // prompt with [scenario:slow] gets it.
  world = await startEmulators({
    name: 'e2e-pr',
    fly: { token: secrets.fly },
    model: { scenarios: { slowChunkDelayMs: 500, slowChunkCount: 120 } },
  });
  firstHead = world.repo.headSha;
});

afterAll(async () => {
  await world?.stop();
});

beforeEach(() => {
  world.fly.clearRecords();
  world.github.clearRecords();
  world.github.faults.clear();
  apps += 1;
  app = `flaude-e2e-pr-${apps}`;
});

afterEach(async () => {
  await expectFlyClean(world.fly);
  expectGithubClean(world.github, allSecrets);
});

/** A pull request of the fixture repository at `headSha`, with its refs/pull/N/head. */
function openPullRequest(headSha = firstHead): number {
  return world.openPullRequest(nextPullRequest++, headSha);
}

/** Pushes `files` as the new head of pull request `number` (a `synchronize`); its SHA. */
function pushHead(number: number, files: Record<string, string | null>): string {
  const sha = world.repo.pushHead(files, `Follow-up on #${number}`);
  git('update-ref', `refs/pull/${number}/head`, sha);
  world.github.setPullRequestHead(world.repo.fullName, number, sha);
  return sha;
}

function git(...args: string[]): void {
  execFileSync('git', ['--git-dir', world.repo.gitDir, ...args], {
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
}

/** The real `action` payload of pull request `number` at `headSha`. */
function pullRequestEvent(
  number: number,
  action = 'opened',
  headSha = firstHead,
): { name: string; payload: Record<string, unknown> } {
  const event = world.pullRequestEvent(action);
  const payload = event.payload as {
    number: number;
    after?: string;
    pull_request: { number: number; head: { sha: string } };
  };
  payload.number = number;
  payload.pull_request.number = number;
  payload.pull_request.head.sha = headSha;
  if (payload.after !== undefined) payload.after = headSha;
  return event;
}

/** A step's inputs on the emulators, posting with `token`, and the environment to reach GitHub. */
function step(
  overrides: Record<string, string>,
  token?: string,
): { inputs: Record<string, string>; env: Record<string, string> } {
  const github = world.githubStep(token);
  return {
    inputs: { ...emulatedStepInputs(world.fly, app, secrets, overrides), ...github.inputs },
    env: github.env,
  };
}

/** Main then post of one step on pull request `number`; both must leave no secret anywhere. */
async function review(
  number: number,
  overrides: Record<string, string>,
  options: { action?: string; headSha?: string; token?: string } = {},
): Promise<StepRun> {
  const { main, post } = await runMainThenPost(world.dir, {
    ...step(overrides, options.token),
    event: pullRequestEvent(number, options.action, options.headSha),
  });
  expect(post.exitCode, post.log).toBe(0);
  expect(post.log).not.toMatch(/^::(warning|error)/m);
  for (const run of [main, post]) expectNoSecrets(run, allSecrets);
  return main;
}

function commentsOf(number: number): EmulatedIssueComment[] {
  return world.github.issueComments(world.repo.fullName, number);
}

function inlineOf(number: number): EmulatedReviewComment[] {
  return world.github.reviewComments(world.repo.fullName, number);
}

/** The comment whose sticky marker names `reviewer`; fails unless there is exactly one. */
function stickyOf(number: number, reviewer: string): EmulatedIssueComment {
  const mine = commentsOf(number).filter((c) =>
    c.body.split('\n')[0]?.includes(`reviewer=${reviewer} `),
  );
  expect(mine, `sticky comments of ${reviewer}`).toHaveLength(1);
  return mine[0]!;
}

/** The inline comments whose title is `title`. */
function inlineTitled(number: number, title: string): EmulatedReviewComment[] {
  return inlineOf(number).filter((c) => c.body.includes(`: ${title}**`));
}

/** How many requests of this test were `method` on a path ending in `suffix`. */
function requestCount(method: string, suffix: string): number {
  return world.github.requests.filter((r) => r.method === method && r.path.endsWith(suffix)).length;
}

describe('a pull request review', () => {
  test('one sticky comment and one review with an inline finding', async () => {
    world.anthropic.registerFindings('pr-one', {
      summary: 'The greeting trims the name.',
      verdict: 'comment',
      findings: [
        {
          path: 'src/greet.js',
          line: 2,
          severity: 'medium',
          title: 'Concatenation instead of a template',
          body: 'Use a template literal.',
          suggestion: '  return `Hello, ${name.trim()}`;',
        },
      ],
    });
    const step = world.githubStep();
    const { main } = await runMainThenPost(world.dir, {
      inputs: {
        ...emulatedStepInputs(world.fly, 'flaude-e2e-pr', secrets, {
          prompt: 'Review it. [findings:pr-one]',
          name: 'style',
        }),
        ...step.inputs,
      },
      env: step.env,
      event: world.pullRequestEvent(),
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(resultsOf(main)[0]).toMatchObject({ success: true });
    const comments = world.github.issueComments(world.repo.fullName, world.repo.prNumber);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('style');
    const reviews = world.github.reviews(world.repo.fullName, world.repo.prNumber);
    expect(reviews).toHaveLength(1);
    const inline = world.github.reviewComments(world.repo.fullName, world.repo.prNumber);
    expect(inline).toHaveLength(1);
    expect(inline[0]).toMatchObject({ path: 'src/greet.js', line: 2 });
    expect(inline[0]?.body).toContain('```suggestion');
    expectNoSecrets(main, Object.values(secrets));
  });
});

describe('opened, then synchronize', () => {
  const repeated = {
    path: 'src/greet.js',
    line: 1,
    severity: 'low',
    title: 'greet has no JSDoc',
    body: 'Document the parameter and what comes back.',
  };
  const fixed = {
    path: 'README.md',
    line: 5,
    severity: 'medium',
    title: 'Vague README line',
    body: 'Say what was updated.',
  };
  const outsideDiff = {
    path: 'docs/guide.md',
    line: 3,
    severity: 'info',
    title: 'The guide still shows the old greeting',
    body: 'Update the example output of the guide.',
  };
  const added = {
    path: 'src/greet.js',
    line: 6,
    severity: 'high',
    title: 'shout ignores the locale',
    body: 'Upper-casing by locale keeps Turkish names right.',
    suggestion: '  return greet(name).toLocaleUpperCase();',
  };
  /** GitHub is told to refuse any review that carries this finding (its body's last words). */
  const refusedWords = 'refused-by-the-emulator';
  const refused = {
    path: 'src/greet.js',
    line: 5,
    severity: 'medium',
    title: 'shout repeats greet',
    body: `Compose the two instead. ${refusedWords}`,
  };

  test('one comment, updated; the repeat not posted twice, the fixed one marked, the new one inline, the refused one in the comment', async () => {
    const number = openPullRequest();
    world.anthropic.registerFindings('sync-opened', {
      summary: 'The greeting trims names now.',
      verdict: 'comment',
      findings: [repeated, fixed, outsideDiff],
    });
    const opened = await review(number, {
      name: 'style',
      prompt: 'Review it. [findings:sync-opened]',
    });
    expect(opened.exitCode, opened.log).toBe(0);
    expect(resultsOf(opened)[0]).toMatchObject({ name: 'style', success: true });

    // The first run: one comment, one review with the two findings on the diff.
    const first = stickyOf(number, 'style');
    expect(first.body).not.toContain(REVIEWING);
    expect(first.body).toContain(`Reviewed \`${firstHead.slice(0, 7)}\``);
    expect(first.body).toContain('`docs/guide.md:3` · not on a line of the diff');
    // Not inline, so its body is in the comment.
    expect(first.body).toContain(outsideDiff.body);
    expect(
      inlineOf(number)
        .map((c) => [c.path, c.line])
        .sort(),
    ).toEqual([
      ['README.md', 5],
      ['src/greet.js', 1],
    ]);
    expect(world.github.reviews(world.repo.fullName, number)).toHaveLength(1);

    // A push that fixes the README line and adds shout(), reviewed on synchronize.
    const newHead = pushHead(number, {
      'README.md':
        '# Hello-World\n\nMy first repository on GitHub!\n\nGreetings now trim the name.\n',
      'src/greet.js':
        'export function greet(name) {\n  return "Hello, " + name.trim();\n}\n\n' +
        'export function shout(name) {\n  return greet(name).toUpperCase();\n}\n',
    });
    world.anthropic.registerFindings('sync-pushed', {
      summary: 'shout() is new.',
      verdict: 'comment',
      findings: [repeated, added, refused],
    });
    world.github.clearRecords();
    const refusal = world.github.faults.http({
      method: 'POST',
      path: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
      bodyMatches: refusedWords,
      status: 422,
      times: Infinity,
    });
    const pushed = await review(
      number,
      { name: 'style', prompt: 'Review it. [findings:sync-pushed]' },
      { action: 'synchronize', headSha: newHead },
    );
    expect(pushed.exitCode, pushed.log).toBe(0);
    expect(resultsOf(pushed)[0]).toMatchObject({ name: 'style', success: true });

    // Still one comment, the same one, updated in place: no comment was created this time.
    const second = stickyOf(number, 'style');
    expect(second.id).toBe(first.id);
    expect(requestCount('POST', `/issues/${number}/comments`)).toBe(0);
    expect(requestCount('PATCH', `/issues/comments/${first.id}`)).toBeGreaterThan(0);
    expect(second.body).not.toContain(REVIEWING);
    expect(second.body).toContain(`Reviewed \`${newHead.slice(0, 7)}\``);
    expect(second.body).toContain('`src/greet.js:1` · inline since an earlier push');
    expect(second.body).toContain('`src/greet.js:6` · inline');
    expect(second.body).toContain('`src/greet.js:5` · refused inline by GitHub');
    expect(second.body).toContain(refused.body);

    // The repeat is on the pull request once, from the first run.
    expect(inlineTitled(number, repeated.title)).toHaveLength(1);
    expect(inlineTitled(number, repeated.title)[0]?.commitId).toBe(firstHead);
    // The fixed one is marked no longer reported at the new head.
    const [marked, ...moreMarked] = inlineTitled(number, fixed.title);
    expect(moreMarked).toEqual([]);
    expect(marked?.body.split('\n')[0]).toBe(NO_LONGER_REPORTED);
    expect(marked?.body).toContain(`**No longer reported** at \`${newHead.slice(0, 7)}\`.`);
    // The new one is inline at the new head, with its suggestion.
    const [fresh, ...moreFresh] = inlineTitled(number, added.title);
    expect(moreFresh).toEqual([]);
    expect(fresh).toMatchObject({ path: 'src/greet.js', line: 6, commitId: newHead });
    expect(fresh?.body).toContain('```suggestion\n  return greet(name).toLocaleUpperCase();');
    // The refused one is not inline, and did not cost the review: GitHub refused every review
    // that carried it, and the one without it was posted.
    expect(inlineOf(number).some((c) => c.body.includes(refusedWords))).toBe(false);
    expect(inlineOf(number)).toHaveLength(3);
    expect(refusal.hits).toBeGreaterThanOrEqual(2);
    expect(pushed.log).toMatch(
      /^::warning::GitHub refused 1 inline comment\(s\) of reviewer 'style' \(found with \d+ pending reviews\)/m,
    );
    // Two reviews, one per run; every probe's pending review was deleted.
    const reviews = world.github.reviews(world.repo.fullName, number);
    expect(reviews.map((r) => [r.state, r.commitId])).toEqual([
      ['COMMENTED', firstHead],
      ['COMMENTED', newHead],
    ]);
  });
});

/** A reviewer's findings document with one finding on line `line` of src/greet.js. */
function oneFinding(
  summary: string,
  title: string,
  line: number,
  severity = 'medium',
): Record<string, unknown> {
  return {
    summary,
    verdict: 'comment',
    findings: [{ path: 'src/greet.js', line, severity, title, body: `${title}, as ${summary}` }],
  };
}

describe('reviewers side by side', () => {
  test('two reviewers in one step: two comments, each its own', async () => {
    const number = openPullRequest();
    world.anthropic.registerFindings('pair-security', oneFinding('Security looked.', 'Trust', 2));
    world.anthropic.registerFindings('pair-style', oneFinding('Style looked.', 'Naming', 1));
    const main = await review(number, {
      reviewers: [
        '- name: security',
        '  prompt: "Review it. [findings:pair-security]"',
        '- name: style',
        '  prompt: "Review it. [findings:pair-style]"',
      ].join('\n'),
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(resultsOf(main).map((r) => [r.name, r.success])).toEqual([
      ['security', true],
      ['style', true],
    ]);
    expect(commentsOf(number)).toHaveLength(2);
    expectOwnComment(number, 'security', 'Security looked.', 'Style looked.');
    expectOwnComment(number, 'style', 'Style looked.', 'Security looked.');
    expect(
      inlineOf(number)
        .map((c) => c.line)
        .sort(),
    ).toEqual([1, 2]);
    expect(world.github.reviews(world.repo.fullName, number)).toHaveLength(2);
  });

  test('two matrix legs of one job: two comments, each its own', async () => {
    const number = openPullRequest();
    world.anthropic.registerFindings('leg-lint', oneFinding('Lint looked.', 'Lint', 2));
    world.anthropic.registerFindings('leg-unit', oneFinding('Unit looked.', 'Unit', 1));
    // Same run, same job (the harness's GITHUB_RUN_ID and GITHUB_JOB), at the same time.
    const legs = await Promise.all(
      ['lint', 'unit'].map((name) =>
        review(number, { name, prompt: `Review it. [findings:leg-${name}]` }),
      ),
    );
    for (const main of legs) expect(main.exitCode, main.log).toBe(0);
    expect(commentsOf(number)).toHaveLength(2);
    expectOwnComment(number, 'lint', 'Lint looked.', 'Unit looked.');
    expectOwnComment(number, 'unit', 'Unit looked.', 'Lint looked.');
    expect(
      inlineOf(number)
        .map((c) => c.line)
        .sort(),
    ).toEqual([1, 2]);
    expect(world.github.reviews(world.repo.fullName, number)).toHaveLength(2);
  });
});

/** `reviewer`'s comment is final and shows its own summary, not `other`'s. */
function expectOwnComment(number: number, reviewer: string, own: string, other: string): void {
  const comment = stickyOf(number, reviewer);
  expect(comment.body).not.toContain(REVIEWING);
  expect(comment.body).toContain(`flaude · ${reviewer}`);
  expect(comment.body).toContain(own);
  expect(comment.body).not.toContain(other);
}

describe('fail-on-severity', () => {
  test('high with a high finding: the step fails, saying why in the log, summary and comment', async () => {
    const number = openPullRequest();
    world.anthropic.registerFindings(
      'gate-high',
      oneFinding('A risky change.', 'Unchecked input', 2, 'high'),
    );
    const main = await review(number, {
      name: 'gate',
      prompt: 'Review it. [findings:gate-high]',
      'fail-on-severity': 'high',
    });
    expect(main.exitCode, main.log).toBe(1);
    // The reviewer itself did its job.
    expect(resultsOf(main)).toMatchObject([{ name: 'gate', success: true }]);
    expect(main.outputs.failed).toBe('0');
    const errors = main.log.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors).toHaveLength(1);
    const reason =
      '1 finding at or above high severity (fail-on-severity: high): 1 high, reported by gate.';
    expect(errors[0]).toBe(`::error::${reason}`);
    expect(main.summary).toContain(`**The step fails:** ${reason}`);
    const comment = stickyOf(number, 'gate');
    expect(comment.body).toContain('**The step fails:**');
    expect(comment.body).toContain('Unchecked input');
  });
});

describe('a cancelled run', () => {
  /** Aborts once Claude runs in the machine and the comment of pull request `number` says "reviewing". */
  function abortWhenReviewing(
    controller: AbortController,
    number: number,
  ): (chunk: string) => void {
    let seen = '';
    return (chunk) => {
      seen += chunk;
      if (
        !controller.signal.aborted &&
        seen.includes('Claude Code started') &&
        commentsOf(number).some((c) => c.body.includes(REVIEWING))
      )
        controller.abort();
    };
  }

  /** The reviewer's comment says cancelled, and nothing of a review was posted. */
  function expectCancelledComment(number: number, reviewer: string): void {
    const comment = stickyOf(number, reviewer);
    expect(comment.body).not.toContain(REVIEWING);
    expect(comment.body).toContain(`### 🚫 flaude · ${reviewer}`);
    expect(comment.body).toContain('Cancelled before the review was finished');
    expect(comment.body).not.toContain('Failed');
    expect(comment.body).not.toContain('Reviewed `');
    expect(world.github.reviews(world.repo.fullName, number)).toEqual([]);
    expect(inlineOf(number)).toEqual([]);
  }

  test('SIGTERM mid-review, then the post step: the comment says cancelled, no machine left', async () => {
    const number = openPullRequest();
    const options = {
      ...step({ name: 'slowpoke', prompt: 'Review slowly. [scenario:slow]' }),
      event: pullRequestEvent(number),
    };
    const controller = new AbortController();
    const main = await runActionStep(world.dir, {
      ...options,
      signal: controller.signal,
      killSignal: 'SIGTERM',
      onOutput: abortWhenReviewing(controller, number),
    });
    expect(controller.signal.aborted).toBe(true);
    expect(main.exitCode).toBe(1);
    expect(main.log).toContain('Received SIGTERM: destroying the reviewer machines.');
    expect(resultsOf(main)).toMatchObject([{ name: 'slowpoke', success: false }]);
    // Main itself turned the comment into "cancelled": the post step has none left to mark.
    expectCancelledComment(number, 'slowpoke');
    const post = await runActionStep(world.dir, { ...options, state: main.state });
    expect(post.exitCode, post.log).toBe(0);
    expect(post.log).not.toMatch(/^::(warning|error)/m);
    expect(post.log).not.toContain('cancelled.');
    for (const run of [main, post]) expectNoSecrets(run, allSecrets);
    expectCancelledComment(number, 'slowpoke');
  });

  test('SIGKILL mid-review: the post step turns the comment left reviewing into cancelled', async () => {
    const number = openPullRequest();
    const options = {
      ...step({ name: 'killed', prompt: 'Review slowly. [scenario:slow]' }),
      event: pullRequestEvent(number),
    };
    const controller = new AbortController();
    const main = await runActionStep(world.dir, {
      ...options,
      signal: controller.signal,
      killSignal: 'SIGKILL',
      onOutput: abortWhenReviewing(controller, number),
    });
    expect(main.exitCode).not.toBe(0);
    expect(stickyOf(number, 'killed').body).toContain(REVIEWING);
    const post = await runActionStep(world.dir, { ...options, state: main.state });
    expect(post.exitCode, post.log).toBe(0);
    expect(post.log).not.toMatch(/^::(warning|error)/m);
    expect(post.log).toMatch(/^Destroyed machine \S+ left by the main step\.$/m);
    expect(post.log).toContain('Marked 1 sticky comment cancelled.');
    for (const run of [main, post]) expectNoSecrets(run, allSecrets);
    expectCancelledComment(number, 'killed');
  });
});

describe('a read-only github-token', () => {
  test('the step still reports, exit 0, with a warning naming pull-requests: write', async () => {
    const number = openPullRequest();
    world.anthropic.registerFindings('read-only', oneFinding('Read only.', 'Unposted', 2));
    const main = await review(
      number,
      { name: 'fork', prompt: 'Review it. [findings:read-only]' },
      { token: GITHUB_READ_ONLY_TOKEN },
    );
    expect(main.exitCode, main.log).toBe(0);
    expect(resultsOf(main)).toMatchObject([{ name: 'fork', success: true }]);
    expect(main.outputs.succeeded).toBe('1');
    expect(main.summary).toContain('| fork | ✅ passed |');
    expect(main.summary).toContain('Unposted');
    const warnings = main.log.split('\n').filter((l) => l.startsWith('::warning'));
    expect(warnings.length).toBeGreaterThan(0);
    // Each write GitHub refused says which permission it needs; none fails the step.
    for (const w of warnings) expect(w).toContain('`pull-requests: write`');
    expect(main.log).not.toMatch(/^::error/m);
    // GitHub refused every write, and nothing was posted.
    expect(world.github.requests.some((r) => r.method !== 'GET' && r.status === 403)).toBe(true);
    expect(commentsOf(number)).toEqual([]);
    expect(world.github.reviews(world.repo.fullName, number)).toEqual([]);
  });
});

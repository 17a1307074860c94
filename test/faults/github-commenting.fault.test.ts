// Fault table, GitHub side: dist/index.js on a pull_request event (main step, then the post
// step) against the emulators, with one GitHub fault injected per test. Each row says what the
// step did (exit codes, the reviewers' results), what the job summary holds and what the pull
// request shows, all read off the run; every row ends with no machine left, no comment saying
// "reviewing", and every finished review in the outputs and the summary.
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { runActionStep, runMainThenPost, type StepRun } from '../harness/action-run.ts';
import {
  GITHUB_READ_ONLY_TOKEN,
  GITHUB_RUNNER_TOKEN,
  startEmulators,
  type ReviewerEmulators,
} from '../harness/emulators.ts';
import {
  emulatedStepInputs,
  expectGithubClean,
  expectNoSecrets,
  resultsOf,
  REVIEWING,
} from '../harness/step-checks.ts';
import { recordFaultRow } from './fault-table.ts';

const secrets = {
  fly: 'fly-faults-gh-token-5ecret',
  anthropic: 'sk-ant-api03-faults-gh-5ecret',
  github: 'ghs_faultsGhMachineToken5ecretValue1',
};
const allSecrets = [...Object.values(secrets), GITHUB_RUNNER_TOKEN, GITHUB_READ_ONLY_TOKEN];

let world: ReviewerEmulators;
let app: string;
let apps = 0;
let nextPullRequest = 40;

beforeAll(async () => {
  world = await startEmulators({ name: 'faults-gh', fly: { token: secrets.fly } });
});

afterAll(async () => {
  await world?.stop();
});

beforeEach(() => {
  world.fly.clearRecords();
  world.github.clearRecords();
  world.github.faults.clear();
  apps += 1;
  app = `flaude-faults-gh-${apps}`;
});

afterEach(() => {
  world.github.faults.clear();
  expectGithubClean(world.github, allSecrets);
  expect(world.fly.validationFailures).toEqual([]);
});

/** A pull request of the fixture repository at its first head, with its refs/pull/N/head. */
function openPullRequest(): number {
  return world.openPullRequest(nextPullRequest++);
}

/** The `opened` payload of pull request `number`. */
function pullRequestEvent(number: number): { name: string; payload: Record<string, unknown> } {
  const event = world.pullRequestEvent('opened');
  const payload = event.payload as { number: number; pull_request: { number: number } };
  payload.number = number;
  payload.pull_request.number = number;
  return event;
}

/** Registers a findings document with one finding per title, on lines of the diff. */
function findings(id: string, summary: string, titles: readonly string[]): void {
  world.anthropic.registerFindings(id, {
    summary,
    verdict: 'comment',
    findings: titles.map((title, i) => ({
      path: 'src/greet.js',
      line: i === 0 ? 2 : 1,
      severity: 'medium',
      title,
      body: `${title}: ${summary}`,
    })),
  });
}

/** The inputs and environment of reviewer `name` answering `findingsId`, posting with `token`. */
function reviewStep(
  name: string,
  findingsId: string,
  token = GITHUB_RUNNER_TOKEN,
): { inputs: Record<string, string>; env: Record<string, string> } {
  const github = world.githubStep(token);
  return {
    inputs: {
      ...emulatedStepInputs(world.fly, app, secrets, {
        name,
        prompt: `Review it. [findings:${findingsId}]`,
      }),
      ...github.inputs,
    },
    env: github.env,
  };
}

/** Main then post of reviewer `name` on pull request `number`, posting with `token`. */
async function review(
  number: number,
  name: string,
  findingsId: string,
  token = GITHUB_RUNNER_TOKEN,
): Promise<{ main: StepRun; post: StepRun }> {
  const run = await runMainThenPost(world.dir, {
    ...reviewStep(name, findingsId, token),
    event: pullRequestEvent(number),
  });
  for (const step of [run.main, run.post]) expectNoSecrets(step, allSecrets);
  return run;
}

/** Machines still alive once those Fly accepted a destroy for have gone. */
async function machinesLeft(): Promise<number> {
  for (const m of world.fly.liveMachines()) {
    if (m.state === 'destroying') await world.fly.waitForMachineState(m.id, 'destroyed', 10_000);
  }
  return world.fly.liveMachines().length;
}

/** What a run did and what the pull request shows, in words, and the counts of the row. */
interface Observation {
  readonly text: string;
  readonly commentsReviewing: number;
  readonly machinesLeft: number;
}

/** The heading of a sticky comment (`💬 Comment · flaude · style`), or what it says instead. */
function commentState(body: string): string {
  if (body.includes(REVIEWING)) return 'reviewing';
  const heading = /^### (.+)$/m.exec(body)?.[1] ?? 'no heading';
  return heading.replace(/ ?(· )?flaude · .*$/, '');
}

/**
 * Reads the run: exit codes, each reviewer's success and error, whether the summary holds each
 * finished reviewer's verdict and summary, the pull request's comments and reviews.
 */
async function observe(
  number: number,
  run: { main: StepRun; post: StepRun },
): Promise<Observation> {
  const { main, post } = run;
  const repo = world.repo.fullName;
  const results = resultsOf(main) as (ReturnType<typeof resultsOf>[number] & {
    verdict: string | null;
    summary: string | null;
  })[];
  const reviewers = results.map((r) => {
    const inSummary =
      r.success &&
      r.verdict !== null &&
      main.summary.includes(`**Verdict:** ${r.verdict}`) &&
      main.summary.includes(r.summary ?? '');
    return (
      `${r.name}: success=${r.success}` +
      (r.error ? ` error="${r.error.slice(0, 80)}"` : '') +
      (r.success ? ` verdict ${r.verdict ?? 'none'} ${inSummary ? 'in' : 'NOT in'} summary` : '')
    );
  });
  const comments = world.github.issueComments(repo, number);
  const reviews = world.github.reviews(repo, number);
  const inline = world.github.reviewComments(repo, number);
  const warnings = main.log.split('\n').filter((l) => l.startsWith('::warning')).length;
  const pr =
    `PR: ${comments.length} comment(s)` +
    (comments.length > 0 ? ` [${comments.map((c) => commentState(c.body)).join('; ')}]` : '') +
    `, ${reviews.length} review(s)` +
    (reviews.length > 0 ? ` [${reviews.map((r) => r.state).join(', ')}]` : '') +
    `, ${inline.length} inline`;
  return {
    text: [
      `main exit ${main.exitCode}, post exit ${post.exitCode}`,
      ...reviewers,
      `${warnings} warning(s)`,
      pr,
    ].join('; '),
    commentsReviewing: comments.filter((c) => c.body.includes(REVIEWING)).length,
    machinesLeft: await machinesLeft(),
  };
}

/** What every row keeps: no machine, no comment "reviewing", every finished review reported. */
function expectRowInvariants(run: { main: StepRun; post: StepRun }, seen: Observation): void {
  expect(seen.machinesLeft, seen.text).toBe(0);
  expect(seen.commentsReviewing, seen.text).toBe(0);
  expect(run.post.exitCode, run.post.log).toBe(0);
  for (const r of resultsOf(run.main)) {
    if (!r.success) continue;
    const result = r as typeof r & { verdict: string | null; summary: string | null };
    expect(result.verdict, `${r.name}'s verdict in the outputs`).not.toBeNull();
    expect(run.main.summary).toContain(`**Verdict:** ${result.verdict}`);
    expect(run.main.summary).toContain(result.summary ?? '');
  }
}

test('GitHub 5xx bursts while creating and updating the sticky comment', async () => {
  const number = openPullRequest();
  findings('gh-5xx', 'The 5xx review looked.', ['Five hundred']);
  const create = world.github.faults.http({
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    status: 502,
    times: 2,
  });
  const update = world.github.faults.http({
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    status: 503,
    times: 2,
  });
  const run = await review(number, 'bursty', 'gh-5xx');
  const seen = await observe(number, run);
  expectRowInvariants(run, seen);
  expect(create.hits).toBe(2);
  expect(update.hits).toBe(2);
  expect(run.main.exitCode, run.main.log).toBe(0);
  const comments = world.github.issueComments(world.repo.fullName, number);
  expect(comments.map((c) => commentState(c.body))).toEqual(['💬 Comment']);
  expect(world.github.reviews(world.repo.fullName, number)).toHaveLength(1);
  recordFaultRow({
    fault: 'GitHub 502 ×2 on creating the sticky comment, 503 ×2 on updating it',
    expected: 'octokit retries; one final comment, one review; step passes',
    observed: `${seen.text}; faults hit ${create.hits}+${update.hits}`,
    machinesLeft: seen.machinesLeft,
    commentsReviewing: seen.commentsReviewing,
  });
});

test('GitHub 502 after the comment was created: the retry makes no second comment left reviewing', async () => {
  const number = openPullRequest();
  findings('gh-502-after', 'The 502-after review looked.', ['Created twice']);
  const create = world.github.faults.http({
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    status: 502,
    phase: 'after',
    times: 1,
  });
  const run = await review(number, 'twice', 'gh-502-after');
  const seen = await observe(number, run);
  recordFaultRow({
    fault: 'GitHub 502 answering a sticky-comment create that took effect',
    expected: 'one final comment (no copy left "reviewing"); step passes',
    observed: `${seen.text}; fault hit ${create.hits}`,
    machinesLeft: seen.machinesLeft,
    commentsReviewing: seen.commentsReviewing,
  });
  expectRowInvariants(run, seen);
  expect(create.hits).toBe(1);
  expect(run.main.exitCode, run.main.log).toBe(0);
  const comments = world.github.issueComments(world.repo.fullName, number);
  expect(comments.map((c) => commentState(c.body))).toEqual(['💬 Comment']);
});

test('GitHub 503 on every comment update of the main step, back for the post step', async () => {
  const number = openPullRequest();
  findings('gh-503-update', 'The 503-update review looked.', ['Never updated']);
  const update = world.github.faults.http({
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    status: 503,
    times: Infinity,
  });
  const options = {
    ...reviewStep('stale', 'gh-503-update'),
    event: pullRequestEvent(number),
  };
  const main = await runActionStep(world.dir, options);
  const stuck = world.github
    .issueComments(world.repo.fullName, number)
    .filter((c) => c.body.includes(REVIEWING)).length;
  update.remove();
  const post = await runActionStep(world.dir, { ...options, state: main.state });
  const run = { main, post };
  for (const step of [main, post]) expectNoSecrets(step, allSecrets);
  const seen = await observe(number, run);
  recordFaultRow({
    fault: 'GitHub 503 on every sticky-comment update of the main step (back for the post step)',
    expected:
      'warning; review posted; the post step turns the comment left "reviewing" into "ended, see the summary"; step passes',
    observed: `${seen.text}; ${stuck} comment(s) "reviewing" after main; fault hit ${update.hits}`,
    machinesLeft: seen.machinesLeft,
    commentsReviewing: seen.commentsReviewing,
  });
  expectRowInvariants(run, seen);
  expect(main.exitCode, main.log).toBe(0);
  expect(main.log).toMatch(/^::warning::Could not update the sticky comment of reviewer 'stale'/m);
  expect(world.github.reviews(world.repo.fullName, number)).toHaveLength(1);
  expect(post.log).toContain('Marked 1 sticky comment ended');
  const [comment] = world.github.issueComments(world.repo.fullName, number);
  expect(comment?.body).toContain(
    'The reviewer ended, but GitHub failed the update of this comment',
  );
});

test('a secondary rate limit while commenting (403, then 429, with Retry-After)', async () => {
  const number = openPullRequest();
  findings('gh-secondary', 'The rate-limited review looked.', ['Slow down']);
  const forbidden = world.github.faults.secondaryRateLimit({
    times: 1,
    writesOnly: true,
    retryAfterSeconds: 2,
    status: 403,
  });
  const tooMany = world.github.faults.secondaryRateLimit({
    times: 1,
    writesOnly: true,
    retryAfterSeconds: 2,
    status: 429,
  });
  const run = await review(number, 'throttled', 'gh-secondary');
  const seen = await observe(number, run);
  const limited = world.github.requests.filter((r) => r.fault === 'secondary-rate-limit');
  recordFaultRow({
    fault: 'GitHub secondary rate limit on the first two writes (403, then 429; Retry-After 2 s)',
    expected: 'waits Retry-After and retries; one final comment, one review; step passes',
    observed:
      `${seen.text}; limited: ${limited.map((r) => `${r.status} ${r.method}`).join(', ')}; ` +
      `rate-limit warnings ${run.main.log.split('\n').filter((l) => /secondary rate limit/.test(l)).length}`,
    machinesLeft: seen.machinesLeft,
    commentsReviewing: seen.commentsReviewing,
  });
  expectRowInvariants(run, seen);
  expect(forbidden.hits + tooMany.hits).toBe(2);
  expect(run.main.exitCode, run.main.log).toBe(0);
  const comments = world.github.issueComments(world.repo.fullName, number);
  expect(comments.map((c) => commentState(c.body))).toEqual(['💬 Comment']);
  expect(world.github.reviews(world.repo.fullName, number)).toHaveLength(1);
});

test('GitHub refusing every review (422)', async () => {
  const number = openPullRequest();
  findings('gh-422-all', 'The refused review looked.', ['Refused one', 'Refused two']);
  const refusal = world.github.faults.http({
    method: 'POST',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
    status: 422,
    times: Infinity,
  });
  const run = await review(number, 'refused', 'gh-422-all');
  const seen = await observe(number, run);
  recordFaultRow({
    fault: 'GitHub 422 on every review create (probes included)',
    expected:
      'warning; no review; both findings in the sticky comment as refused; outputs and summary keep them; step passes',
    observed: `${seen.text}; fault hit ${refusal.hits}`,
    machinesLeft: seen.machinesLeft,
    commentsReviewing: seen.commentsReviewing,
  });
  expectRowInvariants(run, seen);
  expect(run.main.exitCode, run.main.log).toBe(0);
  expect(world.github.reviews(world.repo.fullName, number)).toEqual([]);
  const [comment, ...more] = world.github.issueComments(world.repo.fullName, number);
  expect(more).toEqual([]);
  expect(comment?.body.match(/refused inline by GitHub/g)).toHaveLength(2);
  expect(comment?.body).toContain('Refused one: The refused review looked.');
  expect(run.main.log).toMatch(/^::warning::Could not post the review of reviewer 'refused'/m);
});

test('GitHub refusing one inline comment of a review (422 on the reviews that carry it)', async () => {
  const number = openPullRequest();
  const badWords = 'refused-by-the-fault';
  findings('gh-422-one', 'The half-refused review looked.', [`Bad line ${badWords}`, 'Good line']);
  const refusal = world.github.faults.http({
    method: 'POST',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
    bodyMatches: badWords,
    status: 422,
    times: Infinity,
  });
  const run = await review(number, 'halfway', 'gh-422-one');
  const seen = await observe(number, run);
  recordFaultRow({
    fault: 'GitHub 422 on every review that carries one bad inline comment',
    expected:
      'pending-review probes find it; review posted with the other; the bad one in the comment; step passes',
    observed: `${seen.text}; fault hit ${refusal.hits}`,
    machinesLeft: seen.machinesLeft,
    commentsReviewing: seen.commentsReviewing,
  });
  expectRowInvariants(run, seen);
  expect(run.main.exitCode, run.main.log).toBe(0);
  const inline = world.github.reviewComments(world.repo.fullName, number);
  expect(inline.map((c) => c.line)).toEqual([1]);
  const [comment] = world.github.issueComments(world.repo.fullName, number);
  expect(comment?.body).toContain('`src/greet.js:2` · refused inline by GitHub');
  expect(world.github.reviews(world.repo.fullName, number).map((r) => r.state)).toEqual([
    'COMMENTED',
  ]);
});

test('a read-only GitHub token', async () => {
  const number = openPullRequest();
  findings('gh-read-only', 'The read-only review looked.', ['Unposted']);
  const run = await review(number, 'fork', 'gh-read-only', GITHUB_READ_ONLY_TOKEN);
  const seen = await observe(number, run);
  const refused = world.github.requests.filter((r) => r.method !== 'GET' && r.status === 403);
  recordFaultRow({
    fault: 'a read-only github-token (403 on every write)',
    expected:
      'warnings naming `pull-requests: write`; nothing posted; outputs and summary keep the review; step passes',
    observed: `${seen.text}; ${refused.length} write(s) refused 403`,
    machinesLeft: seen.machinesLeft,
    commentsReviewing: seen.commentsReviewing,
  });
  expectRowInvariants(run, seen);
  expect(run.main.exitCode, run.main.log).toBe(0);
  expect(refused.length).toBeGreaterThan(0);
  for (const w of run.main.log.split('\n').filter((l) => l.startsWith('::warning')))
    expect(w).toContain('`pull-requests: write`');
  expect(world.github.issueComments(world.repo.fullName, number)).toEqual([]);
  expect(world.github.reviews(world.repo.fullName, number)).toEqual([]);
});

test('GitHub down for the whole run (every request 503)', async () => {
  const number = openPullRequest();
  findings('gh-down', 'The offline review looked.', ['Never posted']);
  const outage = world.github.faults.http({ path: /^\//, status: 503, times: Infinity });
  const run = await review(number, 'offline', 'gh-down');
  const seen = await observe(number, run);
  recordFaultRow({
    fault: 'GitHub down for the whole run: every request of both steps 503',
    expected:
      'retries, then warnings; nothing posted; outputs and summary keep the review; step status from the reviewer (passes)',
    observed: `${seen.text}; ${outage.hits} request(s) answered 503`,
    machinesLeft: seen.machinesLeft,
    commentsReviewing: seen.commentsReviewing,
  });
  expectRowInvariants(run, seen);
  expect(run.main.exitCode, run.main.log).toBe(0);
  expect(resultsOf(run.main)).toMatchObject([{ name: 'offline', success: true }]);
  expect(run.main.summary).toContain('Never posted');
  expect(world.github.issueComments(world.repo.fullName, number)).toEqual([]);
  expect(run.main.log).not.toMatch(/^::error/m);
});

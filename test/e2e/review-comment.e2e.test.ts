// Tier 3: a `/review` comment on a pull request. dist/index.js (main, then post) on the real
// issue_comment.created payload, made to be on the fixture's pull request, against the Fly,
// model and GitHub emulators: a member's comment runs the team on the head GitHub reports now
// and is answered with reactions; an outsider's starts nothing.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { webhookPayload } from '../action/webhooks.ts';
import { runMainThenPost } from '../harness/action-run.ts';
import { MEMBER_LOGIN, startEmulators, type ReviewerEmulators } from '../harness/emulators.ts';
import {
  emulatedStepInputs,
  expectGithubClean,
  expectNoSecrets,
  resultsOf,
  reviewerMachines,
} from '../harness/step-checks.ts';
import { expectFlyClean } from '../harness/use-emulators.ts';

const secrets = {
  fly: 'fly-e2e-review-comment-token-5ecret',
  anthropic: 'sk-ant-api03-e2e-review-comment-5ecret',
  github: 'ghs_e2eReviewCommentMachineToken5ecret',
};
/** The login the emulator's runner tokens post as. */
const BOT = 'github-actions[bot]';

let world: ReviewerEmulators;
/** Each test's own app: the emulator keeps destroyed machines, and a test counts its own. */
let app: string;
let apps = 0;

beforeAll(async () => {
  world = await startEmulators({ name: 'e2e-review-comment', fly: { token: secrets.fly } });
});

afterAll(async () => {
  await world?.stop();
});

beforeEach(() => {
  world.fly.clearRecords();
  world.github.clearRecords();
  apps += 1;
  app = `flaude-review-comment-${apps}`;
});

afterEach(async () => {
  await expectFlyClean(world.fly);
  expectGithubClean(world.github, [...Object.values(secrets)]);
});

/**
 * `/review` from `login` on the fixture's pull request: the comment is posted on the GitHub
 * emulator (so a reaction has a target), and the real issue_comment.created payload is
 * pointed at it. GitHub runs the workflow on the default branch's latest commit.
 */
function reviewComment(
  login: string,
  association: string,
): {
  commentId: number;
  event: { name: string; payload: Record<string, unknown> };
  github: Record<string, string>;
} {
  const { repo, github } = world;
  const body = '/review';
  const commentId = github.addIssueComment(repo.fullName, repo.prNumber, { body, user: login });
  const payload = webhookPayload('issue_comment', 'created');
  const issue = payload.issue as Record<string, unknown>;
  const api = `https://api.github.com/repos/${repo.fullName}`;
  Object.assign(issue, {
    number: repo.prNumber,
    pull_request: {
      url: `${api}/pulls/${repo.prNumber}`,
      html_url: `https://github.com/${repo.fullName}/pull/${repo.prNumber}`,
      diff_url: `https://github.com/${repo.fullName}/pull/${repo.prNumber}.diff`,
      patch_url: `https://github.com/${repo.fullName}/pull/${repo.prNumber}.patch`,
    },
  });
  const comment = payload.comment as { user: Record<string, unknown> } & Record<string, unknown>;
  Object.assign(comment, { id: commentId, body, author_association: association });
  comment.user.login = login;
  return {
    commentId,
    event: { name: 'issue_comment', payload },
    github: { GITHUB_REF: `refs/heads/${repo.baseRef}`, GITHUB_SHA: repo.baseSha },
  };
}

/** The reactions on the comment `id`, as `content` by `user`, in the order given. */
function reactionsOn(id: number): { content: string; user: string }[] {
  const { repo, github } = world;
  const comment = github.issueComments(repo.fullName, repo.prNumber).find((c) => c.id === id);
  expect(comment, `comment ${id} is gone`).toBeDefined();
  return comment?.reactions ?? [];
}

function stepInputs(overrides: Record<string, string>): Record<string, string> {
  return {
    ...emulatedStepInputs(world.fly, app, secrets, overrides),
    ...world.githubStep().inputs,
  };
}

describe('/review from a member', () => {
  test("runs the team on the PR's current head: 👀 then 🚀, a sticky comment and a review", async () => {
    const { repo, github } = world;
    world.anthropic.registerFindings('review-comment-member', {
      summary: 'The farewell is new and shouts.',
      verdict: 'comment',
      findings: [
        {
          path: 'src/farewell.js',
          line: 2,
          severity: 'low',
          title: 'Shouting farewell',
          body: 'Say goodbye without capitals.',
        },
      ],
    });
    const { commentId, event, github: runner } = reviewComment(MEMBER_LOGIN, 'MEMBER');
    // A push after the comment: the payload names no head, the API has this one.
    const oldHead = repo.headSha;
    const newHead = repo.pushHead(
      { 'src/farewell.js': 'export function farewell(name) {\n  return "BYE, " + name;\n}\n' },
      'Add a farewell',
    );
    github.setPullRequestHead(repo.fullName, repo.prNumber, newHead);
    expect(newHead).not.toBe(oldHead);

    const step = world.githubStep();
    const { main, post } = await runMainThenPost(world.dir, {
      inputs: stepInputs({ prompt: 'Review it. [findings:review-comment-member]', name: 'style' }),
      env: step.env,
      event,
      github: runner,
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(post.exitCode, post.log).toBe(0);
    expect(resultsOf(main).map((r) => [r.name, r.success])).toEqual([['style', true]]);

    // The machine checked out the head GitHub reported, not the one before the push.
    const [machine, ...others] = reviewerMachines(world.fly, app);
    expect(others).toEqual([]);
    expect(JSON.parse(machine?.env.FLAUDE_REPOS ?? 'null')).toMatchObject([
      { ref: `refs/pull/${repo.prNumber}/head`, sha: newHead },
    ]);
    expect(main.log).toContain(`Checked out ${newHead} in `);

    // 👀 before any machine, 🚀 once the team succeeded: both from the runner's token.
    expect(reactionsOn(commentId)).toEqual([
      { content: 'eyes', user: BOT },
      { content: 'rocket', user: BOT },
    ]);
    const reactionPosts = github.requests.filter(
      (r) => r.method === 'POST' && r.path.endsWith(`/issues/comments/${commentId}/reactions`),
    );
    expect(reactionPosts.map((r) => r.body)).toEqual([{ content: 'eyes' }, { content: 'rocket' }]);

    const sticky = github
      .issueComments(repo.fullName, repo.prNumber)
      .filter((c) => c.user === BOT && c.id !== commentId);
    expect(sticky).toHaveLength(1);
    expect(sticky[0]?.body).toContain('style');
    expect(sticky[0]?.body).toContain(`Reviewed \`${newHead.slice(0, 7)}\``);
    expect(sticky[0]?.body).not.toContain('Reviewing');

    const reviews = github.reviews(repo.fullName, repo.prNumber);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ user: BOT, state: 'COMMENTED', commitId: newHead });
    // The new file exists only at the new head: its inline comment is on that diff.
    const inline = github
      .reviewComments(repo.fullName, repo.prNumber)
      .filter((c) => c.reviewId === reviews[0]?.id);
    expect(inline).toHaveLength(1);
    expect(inline[0]).toMatchObject({ path: 'src/farewell.js', line: 2, commitId: newHead });
    expect(inline[0]?.body).toContain('Shouting farewell');

    for (const run of [main, post]) expectNoSecrets(run, Object.values(secrets));
  });
});

describe('/review from a member on a pull request from a fork', () => {
  test("refused once the API names the head's repository: 😕, no machine", async () => {
    const { repo, github } = world;
    // GitHub's answer for this pull request, as if its head were on a fork.
    const answer = await fetch(`${github.url}/repos/${repo.fullName}/pulls/${repo.prNumber}`, {
      headers: { authorization: `token ${github.token}` },
    });
    const pr = (await answer.json()) as { head: { repo: Record<string, unknown> } };
    const owner = { ...(pr.head.repo.owner as Record<string, unknown>), login: 'octo-forker' };
    pr.head.repo = { ...pr.head.repo, owner, full_name: 'octo-forker/Hello-World', fork: true };
    github.clearRecords();
    github.faults.http({
      method: 'GET',
      path: `/repos/${repo.fullName}/pulls/${repo.prNumber}`,
      status: 200,
      body: pr,
    });
    const commentsBefore = github.issueComments(repo.fullName, repo.prNumber).length;
    const reviewsBefore = github.reviews(repo.fullName, repo.prNumber).length;
    const { commentId, event, github: runner } = reviewComment(MEMBER_LOGIN, 'MEMBER');

    const step = world.githubStep();
    const { main, post } = await runMainThenPost(world.dir, {
      inputs: stepInputs({ prompt: 'Review it.' }),
      env: step.env,
      event,
      github: runner,
    });
    expect(main.exitCode, main.log).toBe(1);
    const errors = main.log.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors).toEqual([
      `::error::Pull request #${repo.prNumber} comes from a fork, and issue_comment would run ` +
        "its code with this repository's secrets: set 'allow-fork-prs: true' to review it " +
        'anyway (the machine then gets no GitHub token).',
    ]);
    expect(post.exitCode, post.log).toBe(0);
    expect(world.fly.requests).toEqual([]);
    expect(reviewerMachines(world.fly, app)).toEqual([]);
    expect(reactionsOn(commentId)).toEqual([{ content: 'confused', user: BOT }]);
    expect(github.issueComments(repo.fullName, repo.prNumber)).toHaveLength(commentsBefore + 1);
    expect(github.reviews(repo.fullName, repo.prNumber)).toHaveLength(reviewsBefore);
    for (const run of [main, post]) expectNoSecrets(run, Object.values(secrets));
  });
});

describe('/review from an outsider', () => {
  test('a notice, a green step, no machine, no Fly request, no reaction, nothing posted', async () => {
    const { repo, github } = world;
    const before = github.issueComments(repo.fullName, repo.prNumber).length;
    const reviewsBefore = github.reviews(repo.fullName, repo.prNumber).length;
    const { commentId, event, github: runner } = reviewComment('drive-by-user', 'NONE');

    const step = world.githubStep();
    const { main, post } = await runMainThenPost(world.dir, {
      inputs: stepInputs({ prompt: 'Review it.' }),
      env: step.env,
      event,
      github: runner,
    });
    expect(main.exitCode, main.log).toBe(0);
    const commands = main.log.split('\n').filter((l) => /^::(error|warning|notice)/.test(l));
    expect(commands).toEqual([
      "::notice::'/review' from @drive-by-user is ignored: their author_association is NONE, " +
        'and only OWNER, MEMBER, COLLABORATOR can start a review.',
    ]);
    expect(post.exitCode, post.log).toBe(0);
    expect(post.log).not.toMatch(/^::(warning|error)/m);

    expect(world.fly.requests).toEqual([]);
    expect(reviewerMachines(world.fly, app)).toEqual([]);
    expect(reactionsOn(commentId)).toEqual([]);
    // Not a single request to GitHub: nothing read, nothing written.
    expect(github.requests).toEqual([]);
    expect(github.issueComments(repo.fullName, repo.prNumber)).toHaveLength(before + 1);
    expect(github.reviews(repo.fullName, repo.prNumber)).toHaveLength(reviewsBefore);
    for (const run of [main, post]) expectNoSecrets(run, Object.values(secrets));
  });
});

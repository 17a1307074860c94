// Tier 3: dist/index.js (main, then post) on each event it runs on, with the real webhook
// payloads of @octokit/webhooks-examples, against the Fly emulator whose machines run the
// real entrypoint and Claude Code CLI: what each machine checks out, what needs a prompt,
// pull_request_target from a fork, and the events that are refused before any request.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { webhookPayload, webhookPayloadWhere } from '../action/webhooks.ts';
import type { FlyEmulator } from '../emulator/fly/index.ts';
import { runActionStep, type StepRun } from '../harness/action-run.ts';
import type { FixtureRepo } from '../harness/fixture-repo.ts';
import { startEmulators, type ReviewerEmulators } from '../harness/emulators.ts';
import {
  emulatedStepInputs,
  expectNoSecrets,
  resultsOf,
  reviewerGroups,
  reviewerMachines,
} from '../harness/step-checks.ts';
import { expectFlyClean } from '../harness/use-emulators.ts';

const secrets = {
  fly: 'fly-events-e2e-token-5ecret',
  anthropic: 'sk-ant-api03-events-e2e-5ecret-key',
  github: 'ghs_eventsE2eGithubToken5ecretValue',
};
const CLONE_URL = 'https://github.com/Codertocat/Hello-World.git';

let world: ReviewerEmulators;
let dir: string;
let repo: FixtureRepo;
let fly: FlyEmulator;
/** A branch `feature`: the PR head, then one commit more, pushed since. */
let feature: { ref: string; pushedSha: string; tipSha: string };
/** Each test's own app: the emulator keeps destroyed machines, and a test counts its own. */
let app: string;
let apps = 0;

beforeAll(async () => {
  world = await startEmulators({ name: 'e2e-events', fly: { token: secrets.fly } });
  ({ dir, repo, fly } = world);
  feature = addMovedOnBranch(repo, 'feature');
});

afterAll(async () => {
  await world?.stop();
});

beforeEach(() => {
  fly.clearRecords();
  apps += 1;
  app = `flaude-events-${apps}`;
});

afterEach(async () => {
  await expectFlyClean(fly);
});

/**
 * Publishes `branch` in the stand-in repository at the PR head plus one commit: a push of the
 * PR head whose branch moved on since, so checking out the event's SHA is not the branch tip.
 */
function addMovedOnBranch(fixture: FixtureRepo, branch: string): typeof feature {
  const bare = join(fixture.githubRoot, `${fixture.fullName}.git`);
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', bare, ...args], {
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Fixture',
        GIT_AUTHOR_EMAIL: 'fixture@example.com',
        GIT_COMMITTER_NAME: 'Fixture',
        GIT_COMMITTER_EMAIL: 'fixture@example.com',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_CONFIG_NOSYSTEM: '1',
      },
    }).trim();
  const ref = `refs/heads/${branch}`;
  const tip = git('commit-tree', `${fixture.headSha}^{tree}`, '-p', fixture.headSha, '-m', 'Later');
  git('update-ref', ref, tip);
  return { ref, pushedSha: fixture.headSha, tipSha: tip };
}

function inputs(overrides: Record<string, string> = {}): Record<string, string> {
  return emulatedStepInputs(fly, app, secrets, overrides);
}

/** An event as the runner gives it: its name, payload, and the GITHUB_SHA/GITHUB_REF it sets. */
interface RunnerEvent {
  readonly name: string;
  readonly payload: unknown;
  readonly sha: string;
  readonly ref: string;
}

/** `schedule`: a tiny payload; GitHub runs it on the default branch's latest commit. */
function scheduleEvent(): RunnerEvent {
  const ref = `refs/heads/${repo.baseRef}`;
  return { name: 'schedule', payload: { schedule: '17 3 * * 1' }, sha: repo.baseSha, ref };
}

/** `workflow_dispatch` on the feature branch: its tip. */
function dispatchEvent(): RunnerEvent {
  const payload = webhookPayload('workflow_dispatch');
  payload.ref = feature.ref;
  return { name: 'workflow_dispatch', payload, sha: feature.tipSha, ref: feature.ref };
}

/** `push` of the PR head to the feature branch (which moved on since). */
function pushEvent(): RunnerEvent {
  const payload = webhookPayloadWhere(
    'push',
    (p) => String(p.ref).startsWith('refs/heads/') && p.deleted === false,
    ' to a branch',
  );
  Object.assign(payload, { ref: feature.ref, before: repo.baseSha, after: feature.pushedSha });
  return { name: 'push', payload, sha: feature.pushedSha, ref: feature.ref };
}

/** The real pull_request.opened payload, from a fork, as pull_request_target sends it. */
function forkPullRequestTarget(): { name: string; payload: Record<string, unknown> } {
  const { payload } = world.pullRequestEvent();
  const head = (payload.pull_request as { head: { repo: Record<string, unknown> } }).head;
  Object.assign(head.repo, {
    fork: true,
    full_name: 'octocat-fork/Hello-World',
    name: 'Hello-World',
  });
  return { name: 'pull_request_target', payload };
}

async function runOn(
  event: RunnerEvent,
  stepInputs: Record<string, string>,
): Promise<{ main: StepRun; post: StepRun }> {
  const step = {
    inputs: stepInputs,
    event: { name: event.name, payload: event.payload },
    github: { GITHUB_SHA: event.sha, GITHUB_REF: event.ref },
  };
  const main = await runActionStep(dir, step);
  const post = await runActionStep(dir, { ...step, state: main.state });
  return { main, post };
}

/** The post step found nothing to do and said nothing alarming. */
function expectQuietPost(post: StepRun): void {
  expect(post.exitCode, post.log).toBe(0);
  expect(post.log).toContain('No reviewer machines left to clean up.');
  expect(post.log).not.toMatch(/^::(warning|error)/m);
}

/** The step failed before any request reached Fly, with an error matching `message`. */
function expectRefusedBeforeFly(run: StepRun, message: RegExp): void {
  expect(run.exitCode, run.log).toBe(1);
  const errors = run.log.split('\n').filter((l) => l.startsWith('::error'));
  expect(errors).toEqual([expect.stringMatching(message)]);
  expect(fly.requests).toEqual([]);
  expect(fly.machines().filter((m) => m.app === app)).toEqual([]);
  expectNoSecrets(run, Object.values(secrets));
}

describe.each([
  ['schedule', scheduleEvent],
  ['workflow_dispatch', dispatchEvent],
  ['push', pushEvent],
] as const)('on %s', (eventName, eventOf) => {
  test('the given prompts run on the triggering commit of the triggering ref', async () => {
    const event = eventOf();
    const { main, post } = await runOn(
      event,
      inputs({
        reviewers: [
          '- name: docs',
          '  prompt: Check that the README describes the code.',
          '- name: style',
          '  prompt: Check the code style.',
        ].join('\n'),
      }),
    );
    expect(main.exitCode, main.log).toBe(0);
    expect(resultsOf(main).map((r) => [r.name, r.success])).toEqual([
      ['docs', true],
      ['style', true],
    ]);

    // Each machine was asked for that commit of that ref, and checked it out.
    const machines = reviewerMachines(fly, app);
    expect(machines.map((m) => m.reviewer)).toEqual(['docs', 'style']);
    for (const m of machines) {
      expect(JSON.parse(m.env.FLAUDE_REPOS ?? 'null')).toEqual([
        { url: CLONE_URL, ref: event.ref, sha: event.sha },
      ]);
      expect(m.env.FLAUDE_PROMPT).toMatch(/^Check /);
      // No pull request here: the machines say so in their metadata.
      expect(m.config.metadata).not.toHaveProperty('flaude_pr');
    }
    const groups = reviewerGroups(main.log);
    expect(groups.map((g) => g.name).sort()).toEqual(['docs', 'style']);
    for (const group of groups) {
      expect(group.lines.join('\n')).toMatch(new RegExp(`Checked out ${event.sha} in `));
    }
    expectQuietPost(post);
    for (const run of [main, post]) expectNoSecrets(run, Object.values(secrets));
  });

  test('without a prompt: refused before any request, naming the input and the event', async () => {
    const event = eventOf();
    const alone = await runOn(event, inputs({ name: 'nightly' }));
    expectRefusedBeforeFly(
      alone.main,
      new RegExp(`^::error::Input 'prompt' is required on '${eventName}' events`),
    );
    const team = await runOn(
      event,
      inputs({ reviewers: '- name: docs\n  prompt: Check the README.\n- name: style' }),
    );
    expectRefusedBeforeFly(
      team.main,
      new RegExp(
        `^::error::Input 'reviewers', entry 2 \\("style"\\) needs a 'prompt' on '${eventName}' events`,
      ),
    );
    for (const post of [alone.post, team.post]) expectQuietPost(post);
  });
});

describe('pull_request_target from a fork', () => {
  test('refused before any request, naming allow-fork-prs', async () => {
    const event = forkPullRequestTarget();
    const run = await runActionStep(dir, { inputs: inputs(), event });
    expectRefusedBeforeFly(
      run,
      /^::error::Pull request #2 comes from a fork.*set 'allow-fork-prs: true' to review it anyway/,
    );
  });

  test('with allow-fork-prs: reviewed, the machine without a GitHub token, the step warns', async () => {
    const event = forkPullRequestTarget();
    const stepInputs = inputs({ 'allow-fork-prs': 'true' });
    const main = await runActionStep(dir, { inputs: stepInputs, event });
    const post = await runActionStep(dir, { inputs: stepInputs, event, state: main.state });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.log).toMatch(
      /^::warning::pull_request_target from a fork: the reviewer machine gets no GitHub token/m,
    );
    expect(resultsOf(main).map((r) => [r.name, r.success])).toEqual([['claude', true]]);

    const [machine, ...others] = reviewerMachines(fly, app);
    expect(others).toEqual([]);
    expect(machine?.env).not.toHaveProperty('GITHUB_TOKEN');
    expect(machine?.env).not.toHaveProperty('GH_TOKEN');
    expect(JSON.stringify(machine?.config)).not.toContain(secrets.github);
    // The fork's head, fetched from the base repository as GitHub publishes it.
    expect(JSON.parse(machine?.env.FLAUDE_REPOS ?? 'null')).toEqual([
      {
        url: CLONE_URL,
        ref: 'refs/pull/2/head',
        sha: repo.headSha,
        base_ref: repo.baseRef,
        depth: 50,
      },
    ]);
    expect(main.log).toContain(`Checked out ${repo.headSha} in `);
    expectQuietPost(post);
    for (const run of [main, post]) expectNoSecrets(run, Object.values(secrets));
  });

  test('from the same repository it runs with the GitHub token, without a warning', async () => {
    const event = { ...world.pullRequestEvent(), name: 'pull_request_target' };
    const main = await runActionStep(dir, { inputs: inputs(), event });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.log).not.toMatch(/^::warning/m);
    const [machine] = reviewerMachines(fly, app);
    expect(machine?.env.GITHUB_TOKEN).toBe(secrets.github);
    expect(machine?.env.GH_TOKEN).toBe(secrets.github);
    expectNoSecrets(main, Object.values(secrets));
  });
});

describe('a comment that is no trigger', () => {
  test('skipped with a notice naming why: a green step, no request', async () => {
    const payload = webhookPayload('issue_comment', 'created');
    const run = await runActionStep(dir, {
      inputs: inputs(),
      event: { name: 'issue_comment', payload },
      github: { GITHUB_REF: `refs/heads/${repo.baseRef}`, GITHUB_SHA: repo.baseSha },
    });
    expect(run.exitCode, run.log).toBe(0);
    const commands = run.log.split('\n').filter((l) => /^::(error|warning|notice)/.test(l));
    expect(commands).toEqual(['::notice::#1 is an issue, not a pull request: nothing to review.']);
    expect(fly.requests).toEqual([]);
    expectNoSecrets(run, Object.values(secrets));
  });
});

describe('an event flaude does not run on', () => {
  test('refused before any request, naming the event and the supported ones', async () => {
    const run = await runActionStep(dir, {
      inputs: inputs({ prompt: 'Triage this issue.' }),
      event: { name: 'issues', payload: webhookPayload('issues', 'opened') },
      github: { GITHUB_REF: `refs/heads/${repo.baseRef}`, GITHUB_SHA: repo.baseSha },
    });
    expectRefusedBeforeFly(
      run,
      /^::error::Event 'issues' is not supported: flaude-action runs on pull_request, pull_request_target, issue_comment, schedule, workflow_dispatch, push\.$/,
    );
  });
});

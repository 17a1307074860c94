/**
 * One load run for the load tests: 50 reviewers in one step of dist/index.js on a
 * `pull_request` event (main, then post) on a busy pull request (100 changed files, 100
 * earlier comments by someone else), on emulators of its own: Fly's rate limits on (the
 * emulator's default), GitHub's secondary limits modelled (the GitHub emulator's default), the
 * real entrypoint and Claude Code CLI in every machine. Checks what the load promises and
 * returns the figures; the action's peak RSS comes from bench/peak-rss-probe.mjs, preloaded
 * into the main step as the bench does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runActionStep } from '../harness/action-run.ts';
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
  reviewerMachines,
  REVIEWING,
} from '../harness/step-checks.ts';
import { expectFlyClean } from '../harness/use-emulators.ts';

export const LOAD_REVIEWERS = 50;

/** Long enough for 150 GitHub writes a second apart after 50 machines on a busy runner. */
export const LOAD_TIMEOUT_MS = 15 * 60_000;

const PROBE = new URL('../../bench/peak-rss-probe.mjs', import.meta.url).href;

/** What one run showed, for its figure line. */
export interface LoadFigures {
  readonly maxConcurrency: number;
  readonly wallSeconds: number;
  readonly peakRssMb: number;
  /** Machines created (each reviewer's one create that Fly took). */
  readonly creates: number;
  /** 429 answers from Fly the step saw (and waited out). */
  readonly fly429s: number;
  /** Requests GitHub's modelled secondary limits refused. */
  readonly githubSecondaryRefusals: number;
  readonly githubRequestsPerReviewer: number;
}

/** The figure line a load test prints. */
export function figureLine(f: LoadFigures): string {
  return (
    `load: ${LOAD_REVIEWERS} reviewers at max-concurrency ${f.maxConcurrency}: ` +
    `wall ${f.wallSeconds.toFixed(1)} s, peak RSS ${f.peakRssMb.toFixed(1)} MB, ` +
    `creates ${f.creates}, 429s seen ${f.fly429s} (Fly) + ${f.githubSecondaryRefusals} (GitHub), ` +
    `GitHub requests per reviewer ${f.githubRequestsPerReviewer.toFixed(2)}`
  );
}

/** Runs the 50 reviewers at `maxConcurrency` on fresh emulators and checks every promise. */
export async function loadRun(maxConcurrency: number): Promise<LoadFigures> {
  const secrets = {
    fly: `fly-load-${maxConcurrency}-token-5ecret`,
    anthropic: `sk-ant-api03-load-${maxConcurrency}-5ecret`,
    github: `ghs_load${maxConcurrency}MachineToken5ecretValue01`,
  };
  const allSecrets = [...Object.values(secrets), GITHUB_RUNNER_TOKEN, GITHUB_READ_ONLY_TOKEN];
  const world = await startEmulators({
    name: `e2e-load-${maxConcurrency}`,
    fly: { token: secrets.fly },
  });
  try {
    return await measure(world, maxConcurrency, secrets, allSecrets);
  } finally {
    await world.stop();
  }
}

const EARLIER_COMMENTS = 100;
const EARLIER_AUTHOR = 'someone';

/** The fixture's pull request grown to 100 changed files and 100 earlier comments. */
function makeBusy(world: ReviewerEmulators): void {
  const { repo, github } = world;
  const files: Record<string, string> = {};
  // The fixture's head changes README.md and src/greet.js: 98 more make 100.
  for (let i = 1; i <= 98; i++) files[`src/module-${i}.js`] = `export const value${i} = ${i};\n`;
  github.setPullRequestHead(repo.fullName, repo.prNumber, repo.pushHead(files, '98 more files'));
  for (let i = 1; i <= EARLIER_COMMENTS; i++) {
    github.addIssueComment(repo.fullName, repo.prNumber, {
      body: `comment ${i}`,
      user: EARLIER_AUTHOR,
    });
  }
}

async function measure(
  world: ReviewerEmulators,
  maxConcurrency: number,
  secrets: { fly: string; anthropic: string; github: string },
  allSecrets: readonly string[],
): Promise<LoadFigures> {
  const { fly, github, repo } = world;
  const app = `flaude-load-${maxConcurrency}`;
  makeBusy(world);
  world.anthropic.registerFindings('load', {
    summary: 'The greeting trims the name.',
    verdict: 'comment',
    findings: [
      {
        path: 'src/greet.js',
        line: 2,
        severity: 'medium',
        title: 'Concatenation instead of a template',
        body: 'Use a template literal.',
      },
    ],
  });
  const names = Array.from(
    { length: LOAD_REVIEWERS },
    (_, i) => `r${String(i + 1).padStart(2, '0')}`,
  );
  const reviewers = names
    .map((name) => `- name: ${name}\n  prompt: "Review it. [findings:load]"`)
    .join('\n');
  const step = world.githubStep();
  const options = {
    inputs: {
      ...emulatedStepInputs(fly, app, secrets, {
        reviewers,
        'max-concurrency': String(maxConcurrency),
      }),
      ...step.inputs,
    },
    env: step.env,
    event: world.pullRequestEvent(),
  };

  const rssFile = join(world.dir, 'peak-rss.json');
  const startedAt = performance.now();
  const main = await runActionStep(world.dir, {
    ...options,
    github: { NODE_OPTIONS: `--import=${PROBE}`, BENCH_PEAK_RSS_FILE: rssFile },
  });
  const wallSeconds = (performance.now() - startedAt) / 1000;
  const post = await runActionStep(world.dir, { ...options, state: main.state });

  // All 50 complete, none with a 429 (or any error) in its result.
  expect(main.exitCode, main.log).toBe(0);
  const results = resultsOf(main);
  expect(results.map((r) => [r.name, r.success, r.exit_code])).toEqual(
    names.map((name) => [name, true, 0]),
  );
  expect(main.outputs.succeeded).toBe(String(LOAD_REVIEWERS));
  expect(JSON.stringify(results)).not.toMatch(/\b429\b|rate limit/i);
  expect(main.log).not.toMatch(/^::error/m);
  expect(post.exitCode, post.log).toBe(0);
  expect(post.log).toContain('No reviewer machines left to clean up.');
  for (const run of [main, post]) expectNoSecrets(run, allSecrets);

  // Fly: one machine per reviewer, every create that was not waited out (429) taken, none left.
  const machines = reviewerMachines(fly, app);
  expect(machines.map((m) => m.reviewer).sort()).toEqual(names);
  const creates = fly.requests.filter(
    (r) => r.server === 'machines' && r.method === 'POST' && r.path === `/v1/apps/${app}/machines`,
  );
  const taken = (status: number): boolean => status >= 200 && status < 300;
  const failedCreates = creates.filter((r) => !taken(r.status) && r.status !== 429);
  expect(failedCreates).toEqual([]);
  await expectFlyClean(fly);

  // GitHub: 50 sticky comments with their final text and 50 reviews, one per reviewer.
  const all = github.issueComments(repo.fullName, repo.prNumber);
  expect(all).toHaveLength(EARLIER_COMMENTS + LOAD_REVIEWERS);
  const comments = all.filter((c) => c.user !== EARLIER_AUTHOR);
  expect(comments).toHaveLength(LOAD_REVIEWERS);
  const stickyNames = comments.map((c) => /reviewer=(\S+) /.exec(c.body.split('\n')[0] ?? '')?.[1]);
  expect(stickyNames.sort()).toEqual(names);
  for (const c of comments) {
    expect(c.body).not.toContain(REVIEWING);
    expect(c.body).toContain(`Reviewed \`${repo.headSha.slice(0, 7)}\``);
  }
  const reviews = github.reviews(repo.fullName, repo.prNumber);
  expect(reviews).toHaveLength(LOAD_REVIEWERS);
  expect(reviews.every((r) => r.state === 'COMMENTED')).toBe(true);
  const reviewNames = reviews.map((r) => /flaude · (\S+)\*\*/.exec(r.body ?? '')?.[1]);
  expect(reviewNames.sort()).toEqual(names);
  expect(github.reviewComments(repo.fullName, repo.prNumber)).toHaveLength(LOAD_REVIEWERS);
  const secondaryRefusals = github.requests.filter((r) => r.secondaryLimit !== undefined);
  expect(secondaryRefusals).toEqual([]);
  expectGithubClean(github, allSecrets);

  expect(existsSync(rssFile), 'the RSS probe wrote nothing').toBe(true);
  const rss = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRssKiB: number };
  return {
    maxConcurrency,
    wallSeconds,
    peakRssMb: rss.maxRssKiB / 1024,
    creates: creates.filter((r) => taken(r.status)).length,
    fly429s: fly.requests.filter((r) => r.status === 429).length,
    githubSecondaryRefusals: secondaryRefusals.length,
    githubRequestsPerReviewer: github.requests.length / LOAD_REVIEWERS,
  };
}

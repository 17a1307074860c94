/**
 * The emulators a test or a script needs, started together and stopped together: the Fly
 * emulator and what its machines need. Reviewer machines (the default) run
 * container/entrypoint.sh with the real Claude Code CLI, talking to the scripted model
 * server, and clone a local stand-in for the GitHub repository through git's insteadOf
 * rewrite; script machines run small shell scripts instead. Used by the int, e2e and registry
 * tests, bench/ and `npm run demo`; `useEmulators` (use-emulators.ts) wraps it in vitest
 * hooks with the checks every test keeps.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webhookPayload } from '../action/webhooks.ts';
import {
  startAnthropicEmulator,
  type AnthropicEmulator,
  type AnthropicEmulatorOptions,
} from '../emulator/anthropic/index.ts';
import {
  startFlyEmulator,
  type FlyEmulator,
  type FlyEmulatorOptions,
} from '../emulator/fly/index.ts';
import {
  startGithubEmulator,
  type GithubEmulator,
  type GithubEmulatorOptions,
} from '../emulator/github/index.ts';
import { createFixtureRepo, type FixtureRepo } from './fixture-repo.ts';

/**
 * The tokens the GitHub emulator of a reviewer setup accepts, both for the runner's bot: the
 * `github-token` a step posts with, and one that may only read (a workflow without
 * `pull-requests: write`, or a fork's run). Shaped like GitHub's, so a leak is caught by the
 * redactor's shapes and by a scan for the value alike.
 */
export const GITHUB_RUNNER_TOKEN = 'ghs_runnerWriteToken0000000000000000001';
export const GITHUB_READ_ONLY_TOKEN = 'ghs_runnerReadToken00000000000000000002';
/** A repository member, who may start a review with `/review`. */
export const MEMBER_LOGIN = 'octo-member';

/** Machines that run shell scripts instead of the reviewer entrypoint. */
export interface MachineScripts {
  /** File name to script text, written into the scratch directory. */
  readonly files: Readonly<Record<string, string>>;
  /** Which of `files` a machine of `image` runs. */
  readonly forImage: (image: string) => string;
}

export interface EmulatorsOptions {
  /** Prefix of the scratch directory, e.g. `runner-e2e`. Default `emulators`. */
  readonly name?: string;
  /** Script machines; without them every machine is a reviewer (model server + fixture). */
  readonly scripts?: MachineScripts;
  /** Options of the model server (reviewer machines only). */
  readonly model?: AnthropicEmulatorOptions;
  /** Further Fly emulator options (token, apps, log lag, rate limits, timings); they win. */
  readonly fly?: FlyEmulatorOptions;
  /** Further GitHub emulator options (reviewer machines only); they win. */
  readonly github?: GithubEmulatorOptions;
}

/** What every setup has. */
export interface Emulators {
  /** Scratch directory (scripts, fixture repository, action runs), removed by `stop()`. */
  readonly dir: string;
  readonly fly: FlyEmulator;
  /** Stops the Fly emulator (destroying its machines), the model server, then the scratch. */
  stop(): Promise<void>;
}

/** A setup whose machines are reviewers. */
export interface ReviewerEmulators extends Emulators {
  readonly repo: FixtureRepo;
  readonly anthropic: AnthropicEmulator;
  /**
   * GitHub's API for the fixture repository, with its pull request open: a step reaches it
   * with {@link githubStep}'s environment and inputs.
   */
  readonly github: GithubEmulator;
  /**
   * The real `pull_request` payload of `action` (default `opened`), pointed at the stand-in
   * repository's commits (the current head).
   */
  pullRequestEvent(action?: string): { name: string; payload: Record<string, unknown> };
  /** What a step needs to post to the GitHub emulator: GITHUB_API_URL and `github-token`. */
  githubStep(token?: string): {
    env: Record<string, string>;
    inputs: Record<string, string>;
  };
  /**
   * Opens pull request `number` of the fixture repository at `headSha` (default the fixture's
   * head) on the GitHub emulator, with its `refs/pull/N/head` for the machine to fetch.
   */
  openPullRequest(number: number, headSha?: string): number;
}

/** Starts script machines' emulator: the Fly emulator running `options.scripts`. */
export function startEmulators(
  options: EmulatorsOptions & { scripts: MachineScripts },
): Promise<Emulators>;
/** Starts reviewer machines' emulators: model server, fixture repository, Fly emulator. */
export function startEmulators(
  options?: EmulatorsOptions & { scripts?: undefined },
): Promise<ReviewerEmulators>;
export async function startEmulators(
  options: EmulatorsOptions = {},
): Promise<Emulators | ReviewerEmulators> {
  const dir = mkdtempSync(join(tmpdir(), `flaude-${options.name ?? 'emulators'}-`));
  const started: { fly?: FlyEmulator; anthropic?: AnthropicEmulator; github?: GithubEmulator } = {};
  const stop = async (): Promise<void> => {
    try {
      await started.fly?.stop();
      await started.anthropic?.stop();
      await started.github?.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    const { scripts } = options;
    if (scripts) {
      for (const [file, text] of Object.entries(scripts.files))
        writeFileSync(join(dir, file), text);
      const fly = await startFlyEmulator({
        entrypointForImage: (image) => join(dir, scripts.forImage(image)),
        ...options.fly,
      });
      started.fly = fly;
      return { dir, fly, stop };
    }
    const repo = createFixtureRepo(dir);
    const anthropic = await startAnthropicEmulator(options.model);
    started.anthropic = anthropic;
    const fly = await startFlyEmulator({
      anthropicUrl: anthropic.url,
      gitRewrites: { 'https://github.com/': `file://${repo.githubRoot}` },
      ...options.fly,
    });
    started.fly = fly;
    const github = await startFixtureGithub(repo, options.github);
    started.github = github;
    return {
      dir,
      fly,
      repo,
      anthropic,
      github,
      pullRequestEvent: (action) => pullRequestEvent(repo, action),
      githubStep: (token = GITHUB_RUNNER_TOKEN) => ({
        env: { GITHUB_API_URL: github.url },
        inputs: { 'github-token': token },
      }),
      openPullRequest: (number, headSha = repo.headSha) =>
        openPullRequest(repo, github, number, headSha),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The GitHub emulator holding the fixture repository and its open pull request. */
async function startFixtureGithub(
  repo: FixtureRepo,
  options: GithubEmulatorOptions | undefined,
): Promise<GithubEmulator> {
  const [owner = '', name = ''] = repo.fullName.split('/');
  const github = await startGithubEmulator({
    tokens: [
      { token: GITHUB_RUNNER_TOKEN, login: 'github-actions[bot]', access: 'write' },
      { token: GITHUB_READ_ONLY_TOKEN, login: 'github-actions[bot]', access: 'read' },
    ],
    repos: [
      {
        owner,
        name,
        gitDir: repo.gitDir,
        defaultBranch: repo.baseRef,
        associations: { [MEMBER_LOGIN]: 'MEMBER' },
      },
    ],
    ...options,
  });
  github.addPullRequest(repo.fullName, {
    number: repo.prNumber,
    baseRef: repo.baseRef,
    baseSha: repo.baseSha,
    headRef: repo.headRef,
    headSha: repo.headSha,
  });
  return github;
}

function openPullRequest(
  repo: FixtureRepo,
  github: GithubEmulator,
  number: number,
  headSha: string,
): number {
  execFileSync(
    'git',
    ['--git-dir', repo.gitDir, 'update-ref', `refs/pull/${number}/head`, headSha],
    {
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    },
  );
  github.addPullRequest(repo.fullName, {
    number,
    baseRef: repo.baseRef,
    baseSha: repo.baseSha,
    headRef: repo.headRef,
    headSha,
  });
  return number;
}

function pullRequestEvent(
  repo: FixtureRepo,
  action = 'opened',
): { name: string; payload: Record<string, unknown> } {
  const payload = webhookPayload('pull_request', action);
  const pr = payload.pull_request as {
    head: { sha: string };
    base: { sha: string; ref: string };
  };
  pr.head.sha = repo.headSha;
  pr.base.sha = repo.baseSha;
  pr.base.ref = repo.baseRef;
  return { name: 'pull_request', payload };
}

// What the int tests of src/action/github share: the GitHub emulator serving the fixture
// repository (its pull request #2 opened by Codertocat, `octo-member` a MEMBER), a write and a
// read-only token, and the step's real client (createGitHubClient) for either.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitHubClient, type GitHubClient } from '../../../src/action/github/client.ts';
import { createFixtureRepo, type FixtureRepo } from '../../harness/fixture-repo.ts';
import {
  startGithubEmulator,
  type GithubEmulator,
  type GithubEmulatorOptions,
} from '../../emulator/github/index.ts';

export const WRITE_TOKEN = 'ghs_bedWriteToken00000000000000000000';
export const READ_TOKEN = 'ghs_bedReadToken000000000000000000000';
export const BOT = 'github-actions[bot]';
export const MEMBER = 'octo-member';

export interface GithubBed {
  readonly repo: FixtureRepo;
  readonly github: GithubEmulator;
  /** What the client warned about (rate-limit waits), and what the code under test warned. */
  readonly warnings: string[];
  /** A log that collects into `warnings`. */
  readonly log: { warning(message: string): void };
  /** The step's client with the write token. */
  readonly client: GitHubClient;
  /** The step's client with a token that may only read (403 on every write). */
  readonly readOnly: GitHubClient;
  stop(): Promise<void>;
}

export async function startGithubBed(options: GithubEmulatorOptions = {}): Promise<GithubBed> {
  const dir = mkdtempSync(join(tmpdir(), 'flaude-github-bed-'));
  try {
    const repo = createFixtureRepo(dir);
    const github = await startGithubEmulator({
      tokens: [
        { token: WRITE_TOKEN, login: BOT, access: 'write' },
        { token: READ_TOKEN, login: BOT, access: 'read' },
      ],
      repos: [
        {
          owner: 'Codertocat',
          name: 'Hello-World',
          gitDir: join(repo.githubRoot, `${repo.fullName}.git`),
          defaultBranch: repo.baseRef,
          associations: { [MEMBER]: 'MEMBER' },
        },
      ],
      ...options,
    });
    github.addPullRequest(repo.fullName, {
      number: repo.prNumber,
      user: 'Codertocat',
      baseRef: repo.baseRef,
      baseSha: repo.baseSha,
      headRef: 'changes',
      headSha: repo.headSha,
    });
    const warnings: string[] = [];
    const log = { warning: (message: string) => warnings.push(message) };
    // No waiting in tests: a rate limit gives the request up at once.
    const client = (token: string): GitHubClient =>
      createGitHubClient(token, { baseUrl: github.url, log, maxRateLimitWaitSeconds: 0 });
    return {
      repo,
      github,
      warnings,
      log,
      client: client(WRITE_TOKEN),
      readOnly: client(READ_TOKEN),
      async stop() {
        try {
          await github.stop();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (e: unknown) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

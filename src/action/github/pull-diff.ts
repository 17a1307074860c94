/** Reads a pull request's diff (every page of its files) as the lines comments may sit on. */
import type { GitHubClient } from './client.js';
import { pullDiffOf, type PullDiff } from './diff-lines.js';

/** A pull request on GitHub. */
export interface PullRequestRef {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
}

/** The pull request's diff at its current head, from the list-files endpoint (all pages). */
export async function fetchPullDiff(client: GitHubClient, pr: PullRequestRef): Promise<PullDiff> {
  const files = await client.paginate(client.rest.pulls.listFiles, {
    owner: pr.owner,
    repo: pr.repo,
    pull_number: pr.number,
    per_page: 100,
  });
  return pullDiffOf(files.map((f) => ({ filename: f.filename, patch: f.patch })));
}

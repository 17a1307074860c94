/** `owner/name` as octokit's parameters. Pure. */

/** `{ owner, repo }` of `owner/name`; throws naming the value when it is not that. */
export function repositoryParams(repository: string): { owner: string; repo: string } {
  const [owner, repo, ...rest] = repository.split('/');
  if (!owner || !repo || rest.length > 0) {
    throw new Error(`Repository '${repository}' is not owner/name.`);
  }
  return { owner, repo };
}

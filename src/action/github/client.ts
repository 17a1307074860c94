/**
 * The step's GitHub client: `@actions/github`'s octokit (REST methods, pagination, the
 * runner's proxy settings) with octokit's own retry and throttling plugins. Throttling spaces
 * writes as GitHub asks (one at a time, content-creating ones further apart) and waits out
 * primary and secondary rate limits; retry repeats 5xx answers. Nothing here is hand-written
 * backoff.
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export type GitHubClient = ReturnType<typeof getOctokit>;

/** Where the client says what it waits for. */
export interface GitHubClientLog {
  warning(message: string): void;
}

export interface GitHubClientOptions {
  /** REST API root: `github-api-url`, else `GITHUB_API_URL` (GitHub Enterprise Server's own). */
  readonly baseUrl: string;
  readonly log: GitHubClientLog;
  /** Longest rate-limit wait the client accepts before giving the request up, in seconds. */
  readonly maxRateLimitWaitSeconds?: number;
  /** How often a rate-limited request is tried again. */
  readonly rateLimitRetries?: number;
}

/** A rate-limit wait longer than this fails the request: a review is not worth an hour. */
export const DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS = 120;
export const DEFAULT_RATE_LIMIT_RETRIES = 3;

/** An octokit for `token`, retrying 5xx and waiting out rate limits up to the given bounds. */
export function createGitHubClient(token: string, options: GitHubClientOptions): GitHubClient {
  const maxWait = options.maxRateLimitWaitSeconds ?? DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS;
  const retries = options.rateLimitRetries ?? DEFAULT_RATE_LIMIT_RETRIES;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _o: unknown, count: number) => {
      const again = count < retries && retryAfter <= maxWait;
      options.log.warning(
        `GitHub ${kind} rate limit on ${request.method} ${request.url}: ` +
          (again ? `retrying in ${retryAfter} s.` : 'giving the request up.'),
      );
      return again;
    };
  return getOctokit(
    token,
    {
      baseUrl: options.baseUrl,
      throttle: { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') },
    },
    retry,
    throttling,
  );
}

/**
 * The step's GitHub client: `@actions/github`'s octokit (REST methods, pagination, the
 * runner's proxy settings) with octokit's own retry and throttling plugins. Throttling spaces
 * writes as GitHub documents (one at a time, a second apart; content-creating ones within
 * GitHub's per-minute budget) and waits out primary and secondary rate limits; retry repeats
 * 5xx answers. Nothing here is hand-written backoff.
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';

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

/**
 * The spacing GitHub documents ("Best practices for using the REST API" and "Rate limits for
 * the REST API", docs.github.com): wait at least one second between mutative requests
 * (POST, PATCH, PUT, DELETE) of one user, and make no more than 80 content-creating requests
 * per minute. The throttling plugin's own defaults space content-creating requests 3 s apart
 * (20 a minute), which makes 50 reviewers' comments and reviews take five minutes. GitHub's
 * 500 content-creating requests an hour need no queue of their own: a step makes two per
 * reviewer (its comment and its review), 200 at the 100-reviewer cap; a token shared with
 * busier jobs gets the secondary-limit answer, waited out as any other.
 */
export const WRITE_SPACING_MS = 1000;
export const CONTENT_CREATING_SPACING_MS = 60_000 / 80;

/**
 * The plugin's write and content-creating queues, one pair for the process: every client of
 * the step (the publisher's and the pull request report's) shares them, as GitHub counts
 * the token's requests together.
 */
let writeGroups: { write: Bottleneck.Group; notifications: Bottleneck.Group } | undefined;

function sharedWriteGroups(): { write: Bottleneck.Group; notifications: Bottleneck.Group } {
  writeGroups ??= {
    write: new Bottleneck.Group({
      id: 'flaude-write',
      maxConcurrent: 1,
      minTime: WRITE_SPACING_MS,
    }),
    notifications: new Bottleneck.Group({
      id: 'flaude-content-creating',
      maxConcurrent: 1,
      minTime: CONTENT_CREATING_SPACING_MS,
    }),
  };
  return writeGroups;
}

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
      throttle: {
        ...sharedWriteGroups(),
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
      },
    },
    retry,
    throttling,
  );
}

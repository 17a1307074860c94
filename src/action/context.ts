/**
 * The workflow run's context: which event, which repository, which pull request.
 * Built from the runner's environment and the event payload by a pure function so that
 * tests feed it real webhook payloads (@octokit/webhooks-examples).
 */
import { readFileSync } from 'node:fs';

export type EventKind =
  'pull_request' | 'pull_request_target' | 'schedule' | 'workflow_dispatch' | 'push' | 'other';

export interface PullRequestContext {
  readonly number: number;
  readonly headRef: string;
  readonly headSha: string;
  readonly baseRef: string;
  readonly baseSha: string;
  /** True when the head lives in another repository (a fork). */
  readonly fork: boolean;
}

export interface ReviewContext {
  readonly eventName: string;
  readonly event: EventKind;
  /** `owner/name` of the repository the workflow runs in. */
  readonly repository: string;
  /** HTTPS clone URL of that repository (fork heads are fetched from it as refs/pull/N/head). */
  readonly cloneUrl: string;
  /** Commit the workflow runs on (GITHUB_SHA). */
  readonly sha: string;
  /** Ref the workflow runs on (GITHUB_REF), e.g. refs/heads/main. */
  readonly ref: string;
  readonly pullRequest: PullRequestContext | undefined;
  readonly runId: string;
  readonly runAttempt: string;
  readonly job: string;
  readonly serverUrl: string;
}

/** Reads the context from the runner's environment (`GITHUB_*`, `GITHUB_EVENT_PATH`). */
export function readReviewContext(env: NodeJS.ProcessEnv = process.env): ReviewContext {
  const path = env.GITHUB_EVENT_PATH;
  let payload: unknown = {};
  if (path) {
    try {
      payload = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e: unknown) {
      throw new Error(`Cannot read the event payload at GITHUB_EVENT_PATH=${path}: ${String(e)}`, {
        cause: e,
      });
    }
  }
  return buildReviewContext(env, payload);
}

/** Pure: environment + event payload -> ReviewContext. */
export function buildReviewContext(env: NodeJS.ProcessEnv, payload: unknown): ReviewContext {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const body = asRecord(payload);
  const repoPayload = asRecord(body.repository);
  const repository = env.GITHUB_REPOSITORY || str(repoPayload.full_name);
  if (!repository) {
    throw new Error('GITHUB_REPOSITORY is not set and the event payload names no repository.');
  }
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const pullRequest = readPullRequest(body.pull_request);
  return {
    eventName,
    event: classifyEvent(eventName),
    repository,
    cloneUrl: `${serverUrl}/${repository}.git`,
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    pullRequest,
    runId: env.GITHUB_RUN_ID || 'local',
    runAttempt: env.GITHUB_RUN_ATTEMPT || '1',
    job: env.GITHUB_JOB || 'job',
    serverUrl,
  };
}

function classifyEvent(name: string): EventKind {
  switch (name) {
    case 'pull_request':
    case 'pull_request_target':
    case 'schedule':
    case 'workflow_dispatch':
    case 'push':
      return name;
    default:
      return 'other';
  }
}

function readPullRequest(value: unknown): PullRequestContext | undefined {
  if (value === undefined || value === null) return undefined;
  const pr = asRecord(value);
  const head = asRecord(pr.head);
  const base = asRecord(pr.base);
  const number = typeof pr.number === 'number' ? pr.number : NaN;
  if (!Number.isInteger(number) || !str(head.sha) || !str(base.ref)) {
    throw new Error('The event payload has a pull_request without number, head.sha or base.ref.');
  }
  const headRepo = str(asRecord(head.repo).full_name);
  const baseRepo = str(asRecord(base.repo).full_name);
  return {
    number,
    headRef: str(head.ref),
    headSha: str(head.sha),
    baseRef: str(base.ref),
    baseSha: str(base.sha),
    // A deleted fork has head.repo null: treat it as a fork, the safer reading.
    fork: headRepo === '' || headRepo !== baseRepo,
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

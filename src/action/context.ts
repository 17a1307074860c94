/**
 * The workflow run's context: which event, which repository, which pull request.
 * Built from the runner's environment and the event payload by a pure function so that
 * tests feed it real webhook payloads (@octokit/webhooks-examples).
 */
import { readFileSync } from 'node:fs';
import type { PullRequestEvent } from '@octokit/webhooks-types';

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
  /** The payload's `action` (`opened`, `synchronize`, ...), when it has one. */
  readonly action: string | undefined;
  /** `owner/name` of the repository the workflow runs in. */
  readonly repository: string;
  /** HTTPS clone URL of that repository (fork heads are fetched from it as refs/pull/N/head). */
  readonly cloneUrl: string;
  /** Commit the workflow runs on (GITHUB_SHA). */
  readonly sha: string;
  /** Ref the workflow runs on (GITHUB_REF), e.g. refs/heads/main. */
  readonly ref: string;
  readonly pullRequest: PullRequestContext | undefined;
  /** True on a `push` that deleted its ref: there is no commit to check out. */
  readonly refDeleted: boolean;
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
  const fields = readPayloadFields(payload);
  const repository = env.GITHUB_REPOSITORY || fields.repository?.full_name;
  if (!repository) {
    throw new Error('GITHUB_REPOSITORY is not set and the event payload names no repository.');
  }
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  return {
    eventName,
    event: classifyEvent(eventName),
    action: fields.action,
    repository,
    cloneUrl: `${serverUrl}/${repository}.git`,
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    pullRequest: fields.pull_request && pullRequestContext(fields.pull_request),
    refDeleted: fields.deleted === true,
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

type PullRequestPayload = PullRequestEvent['pull_request'];
type RepositoryPayload = PullRequestEvent['repository'];

/**
 * What flaude reads of an event payload, in the webhook schema's own types (a real
 * `pull_request` payload fits them; test/action/context.test.ts checks). The payload is
 * untrusted input, so {@link readPayloadFields} checks each field instead of casting.
 */
export interface PayloadFields {
  readonly action: string | undefined;
  /** `push` only: the push deleted its ref. */
  readonly deleted?: boolean;
  readonly repository: Pick<RepositoryPayload, 'full_name'> | undefined;
  readonly pull_request: PullRequestFields | undefined;
}

/**
 * The fields of `pull_request` flaude reads. A payload is not trusted to follow the schema:
 * `head.ref` and `base.sha` are '' when absent, and `base.repo`, which the schema says GitHub
 * always sends, is null when absent.
 */
export interface PullRequestFields {
  readonly number: PullRequestPayload['number'];
  readonly head: Pick<PullRequestPayload['head'], 'ref' | 'sha'> & {
    readonly repo: Pick<NonNullable<PullRequestPayload['head']['repo']>, 'full_name'> | null;
  };
  readonly base: Pick<PullRequestPayload['base'], 'ref' | 'sha'> & {
    readonly repo: Pick<PullRequestPayload['base']['repo'], 'full_name'> | null;
  };
}

/**
 * Checks the fields flaude needs in an event payload. A payload without `pull_request` (or
 * with it null) has none; one whose `pull_request` lacks `number`, `head.sha` or `base.ref`
 * is refused, since the review would run on the wrong commit.
 */
function readPayloadFields(payload: unknown): PayloadFields {
  const body = asRecord(payload);
  const repositoryName = str(asRecord(body.repository).full_name);
  return {
    action: str(body.action) || undefined,
    ...(typeof body.deleted === 'boolean' ? { deleted: body.deleted } : {}),
    repository: repositoryName ? { full_name: repositoryName } : undefined,
    pull_request:
      body.pull_request === undefined || body.pull_request === null
        ? undefined
        : readPullRequest(body.pull_request),
  };
}

function readPullRequest(value: unknown): PullRequestFields {
  const pr = asRecord(value);
  const head = asRecord(pr.head);
  const base = asRecord(pr.base);
  const number = typeof pr.number === 'number' ? pr.number : NaN;
  if (!Number.isInteger(number) || !str(head.sha) || !str(base.ref)) {
    throw new Error('The event payload has a pull_request without number, head.sha or base.ref.');
  }
  return {
    number,
    head: { ref: str(head.ref), sha: str(head.sha), repo: repoRef(head.repo) },
    base: { ref: str(base.ref), sha: str(base.sha), repo: repoRef(base.repo) },
  };
}

function repoRef(value: unknown): { full_name: string } | null {
  const fullName = str(asRecord(value).full_name);
  return fullName ? { full_name: fullName } : null;
}

function pullRequestContext(pr: PullRequestFields): PullRequestContext {
  const headRepo = pr.head.repo?.full_name;
  return {
    number: pr.number,
    headRef: pr.head.ref,
    headSha: pr.head.sha,
    baseRef: pr.base.ref,
    baseSha: pr.base.sha,
    // A deleted fork has head.repo null: treat it as a fork, the safer reading.
    fork: headRepo === undefined || headRepo !== pr.base.repo?.full_name,
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

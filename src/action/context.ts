/**
 * The workflow run's context: which event, which repository, which pull request.
 * Built from the runner's environment and the event payload by a pure function so that
 * tests feed it real webhook payloads (@octokit/webhooks-examples).
 */
import { readFileSync } from 'node:fs';
import type { IssueCommentEvent, PullRequestEvent } from '@octokit/webhooks-types';

export type EventKind =
  | 'pull_request'
  | 'pull_request_target'
  | 'issue_comment'
  | 'schedule'
  | 'workflow_dispatch'
  | 'push'
  | 'other';

export interface PullRequestContext {
  readonly number: number;
  readonly headRef: string;
  readonly headSha: string;
  readonly baseRef: string;
  readonly baseSha: string;
  /** True when the head lives in another repository (a fork). */
  readonly fork: boolean;
  /** The PR's title: untrusted text, written by its author. */
  readonly title: string;
  /** The PR's description ('' when it has none): untrusted text, written by its author. */
  readonly body: string;
}

/**
 * The comment of an `issue_comment` event: what it says, who wrote it, where. Its body is
 * untrusted text: it is only compared with the trigger phrase, never put in a prompt.
 */
export interface IssueCommentContext {
  readonly id: number;
  readonly body: string;
  readonly authorLogin: string;
  /** GitHub's `author_association` of the author with the repository (`OWNER`, `NONE`...). */
  readonly authorAssociation: string;
  /** The issue (or pull request) the comment is on. */
  readonly issueNumber: number;
  /** True when that issue is a pull request (the payload's `issue.pull_request` is set). */
  readonly onPullRequest: boolean;
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
  /**
   * The pull request under review: from the payload on pull request events; on an
   * `issue_comment` the payload has no head, so it is undefined until read through the API.
   */
  readonly pullRequest: PullRequestContext | undefined;
  /** On `issue_comment` events: the comment. */
  readonly comment?: IssueCommentContext;
  /** True on a `push` that deleted its ref: there is no commit to check out. */
  readonly refDeleted: boolean;
  readonly runId: string;
  readonly runAttempt: string;
  readonly job: string;
  /** The workflow's name (GITHUB_WORKFLOW): part of the markers that find this action's comments. */
  readonly workflow: string;
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
    ...(fields.comment && fields.issue
      ? { comment: issueCommentContext(fields.issue, fields.comment) }
      : {}),
    refDeleted: fields.deleted === true,
    runId: env.GITHUB_RUN_ID || 'local',
    runAttempt: env.GITHUB_RUN_ATTEMPT || '1',
    job: env.GITHUB_JOB || 'job',
    workflow: env.GITHUB_WORKFLOW || 'workflow',
    serverUrl,
  };
}

function classifyEvent(name: string): EventKind {
  switch (name) {
    case 'pull_request':
    case 'pull_request_target':
    case 'issue_comment':
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
type IssuePayload = IssueCommentEvent['issue'];
type IssueCommentPayload = IssueCommentEvent['comment'];

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
  /** `issue_comment` only, with {@link PayloadFields.comment}. */
  readonly issue?: IssueFields;
  readonly comment?: IssueCommentFields;
}

/** The fields of an `issue_comment`'s `issue` flaude reads. */
export interface IssueFields {
  readonly number: IssuePayload['number'];
  /** Present (an object) when the issue is a pull request. */
  readonly pull_request?: object;
}

/** The fields of an `issue_comment`'s `comment` flaude reads. */
export interface IssueCommentFields {
  readonly id: IssueCommentPayload['id'];
  readonly body: IssueCommentPayload['body'];
  readonly user: Pick<IssueCommentPayload['user'], 'login'>;
  readonly author_association: string;
}

/**
 * The fields of `pull_request` flaude reads. A payload is not trusted to follow the schema:
 * `title`, `head.ref` and `base.sha` are '' when absent, `body` is null when absent, and
 * `base.repo`, which the schema says GitHub always sends, is null when absent.
 */
export interface PullRequestFields {
  readonly number: PullRequestPayload['number'];
  readonly title: PullRequestPayload['title'];
  readonly body: PullRequestPayload['body'];
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
    ...(isRecord(body.issue) && isRecord(body.comment)
      ? readIssueComment(body.issue, body.comment)
      : {}),
  };
}

/**
 * The issue and comment of an `issue_comment` payload. One without the comment's id, author or
 * association, or the issue's number, is refused: the trigger could not be checked.
 */
function readIssueComment(
  issue: Record<string, unknown>,
  comment: Record<string, unknown>,
): { issue: IssueFields; comment: IssueCommentFields } {
  const number = issue.number;
  const id = comment.id;
  const login = str(asRecord(comment.user).login);
  const association = str(comment.author_association);
  if (!Number.isInteger(number) || !Number.isInteger(id) || !login || !association) {
    throw new Error(
      'The event payload has an issue comment without issue.number, comment.id, ' +
        'comment.user.login or comment.author_association.',
    );
  }
  return {
    issue: {
      number: number as number,
      ...(isRecord(issue.pull_request) ? { pull_request: issue.pull_request } : {}),
    },
    comment: {
      id: id as number,
      body: str(comment.body),
      user: { login },
      author_association: association,
    },
  };
}

function issueCommentContext(issue: IssueFields, comment: IssueCommentFields): IssueCommentContext {
  return {
    id: comment.id,
    body: comment.body,
    authorLogin: comment.user.login,
    authorAssociation: comment.author_association,
    issueNumber: issue.number,
    onPullRequest: issue.pull_request !== undefined,
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
    title: str(pr.title),
    body: typeof pr.body === 'string' ? pr.body : null,
    head: { ref: str(head.ref), sha: str(head.sha), repo: repoRef(head.repo) },
    base: { ref: str(base.ref), sha: str(base.sha), repo: repoRef(base.repo) },
  };
}

function repoRef(value: unknown): { full_name: string } | null {
  const fullName = str(asRecord(value).full_name);
  return fullName ? { full_name: fullName } : null;
}

/** The reviewers' view of a pull request, from a payload's or the API's `pull_request`. Pure. */
export function pullRequestContext(pr: PullRequestFields): PullRequestContext {
  const headRepo = pr.head.repo?.full_name;
  return {
    number: pr.number,
    headRef: pr.head.ref,
    headSha: pr.head.sha,
    baseRef: pr.base.ref,
    baseSha: pr.base.sha,
    // A deleted fork has head.repo null: treat it as a fork, the safer reading.
    fork: headRepo === undefined || headRepo !== pr.base.repo?.full_name,
    title: pr.title,
    body: pr.body ?? '',
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Public types of the GitHub REST API emulator. See README.md beside this file for the
 * behaviour behind them.
 */

/** What a token may do: `read` tokens get 403 on every write. */
export type TokenAccess = 'read' | 'write';

/** A token the emulator accepts, and whose user it acts as. */
export interface TokenSpec {
  /** Sent as `Authorization: token <t>` or `Bearer <t>`. */
  token: string;
  /** The user (or bot, when it ends in `[bot]`) comments and reviews are authored by. */
  login: string;
  access: TokenAccess;
}

/** `author_association` values of GitHub's description. */
export type AuthorAssociation =
  | 'COLLABORATOR'
  | 'CONTRIBUTOR'
  | 'FIRST_TIMER'
  | 'FIRST_TIME_CONTRIBUTOR'
  | 'MANNEQUIN'
  | 'MEMBER'
  | 'NONE'
  | 'OWNER';

/** A repository to exist in the emulator. */
export interface RepoSpec {
  owner: string;
  name: string;
  /**
   * A bare (or ordinary) git repository holding the pull requests' commits: list-files patches
   * and the diff that review comments are checked against come from `git diff` here.
   */
  gitDir?: string;
  /** Default `main`. */
  defaultBranch?: string;
  /** Default true. */
  private?: boolean;
  /** Login -> association on this repository; the owner is `OWNER`, anyone else `NONE`. */
  associations?: Record<string, AuthorAssociation>;
}

/** A pull request the test opens (its commits must be in the repository's `gitDir`). */
export interface PullRequestSpec {
  /** Default: the next free issue number of the repository. */
  number?: number;
  title?: string;
  body?: string | null;
  /** Author login. Default: the repository owner. */
  user?: string;
  baseRef: string;
  baseSha: string;
  headRef: string;
  headSha: string;
  draft?: boolean;
  state?: 'open' | 'closed';
  labels?: string[];
}

/** An issue the test creates before the code under test runs. */
export interface IssueSpec {
  number?: number;
  title: string;
  body?: string | null;
  user?: string;
  labels?: string[];
  state?: 'open' | 'closed';
}

/** A comment the test posts as someone (not through a token). */
export interface CommentSpec {
  body: string;
  user: string;
}

/** `status` values of a workflow run. */
export type WorkflowRunStatus =
  'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';

/** A workflow run whose status the test sets. */
export interface WorkflowRunSpec {
  /** Default: the next run id. */
  id?: number;
  /** Workflow name. Default `CI`. */
  name?: string;
  /** Default `.github/workflows/ci.yml`. */
  path?: string;
  event?: string;
  status?: WorkflowRunStatus;
  /** `success`, `failure`, `cancelled`...; null while not completed. */
  conclusion?: string | null;
  headSha: string;
  headBranch?: string | null;
  runNumber?: number;
  runAttempt?: number;
  /** Login of the actor. Default: the repository owner. */
  actor?: string;
  /** Numbers of pull requests of the run. */
  pullRequests?: number[];
}

/** GitHub's diff limits for one file's patch (docs.github.com "Repository limits"). */
export interface PatchLimits {
  /** A file whose raw diff is larger than this has no `patch`. Default 500 KiB. */
  maxBytes: number;
  /** ...or longer than this many lines. Default 20,000. */
  maxLines: number;
}

/** Size limits of comment, issue and review bodies. */
export interface BodyLimits {
  /** Default 65,536 characters (GitHub's documented limit). */
  maxChars: number;
  /** Default 262,144 UTF-8 bytes (what GitHub was measured to store). */
  maxBytes: number;
}

/** Primary rate limits per token and resource, per window. */
export interface RateLimitConfig {
  /** `core` requests per hour. Default 1,000 (a `GITHUB_TOKEN`'s limit per repository). */
  core: number;
  /** `search` requests per minute. Default 30. */
  search: number;
}

/** GitHub's secondary rate limits per token (secondary-limits.ts says how they are counted). */
export interface SecondaryLimitConfig {
  /** Requests in flight at once. Default 100. */
  concurrent: number;
  /** Points a minute: 1 per GET, HEAD or OPTIONS, 5 per POST, PATCH, PUT or DELETE. Default 900. */
  pointsPerMinute: number;
  /** Content-creating requests a minute. Default 80. */
  contentCreatingPerMinute: number;
  /** Content-creating requests an hour. Default 500. */
  contentCreatingPerHour: number;
}

/** Which secondary limit refused a request. */
export type SecondaryLimitName =
  'concurrent' | 'points-per-minute' | 'content-creating-per-minute' | 'content-creating-per-hour';

/** Options of {@link startGithubEmulator}. All optional. */
export interface GithubEmulatorOptions {
  /** Port on 127.0.0.1. Default 0 (a free port). */
  port?: number;
  /** Default: one write token `test-github-token` for `github-actions[bot]`. */
  tokens?: TokenSpec[];
  repos?: RepoSpec[];
  /** Base of `html_url`s. Default `https://github.com`. */
  serverUrl?: string;
  patchLimits?: Partial<PatchLimits>;
  bodyLimits?: Partial<BodyLimits>;
  rateLimits?: Partial<RateLimitConfig>;
  /** Secondary limits per token; GitHub's documented ones by default, `false` for none. */
  secondaryLimits?: Partial<SecondaryLimitConfig> | false;
  /** An issue appears in search this long after it was created. Default 0. */
  searchLagMs?: number;
  /**
   * Delay added to every answer, like the round trip to api.github.com from a runner (the
   * bench sets it; faults' `delayMs` comes on top). Default 0.
   */
  latencyMs?: number;
  /** Clock for timestamps. Default `() => new Date()`. */
  now?: () => Date;
  /** OpenAPI file to validate against. Default: `api.github.com.subset.json` beside this file. */
  specPath?: string;
}

/** One HTTP request the emulator answered (or dropped). */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string | string[]>;
  /** HTTP status sent; 0 when the connection was dropped. */
  status: number;
  /** Login of the token's user; undefined without a (known) token. */
  login?: string;
  /** The token as sent, so tests can check where it went. */
  token?: string;
  /** Parsed JSON body when one was sent (raw text when it was not JSON). */
  body?: unknown;
  /** Raw body text ('' when none), for scanning for secrets. */
  rawBody: string;
  /** `METHOD /template` of the matched operation. */
  operation?: string;
  /** Name of the fault that shaped the answer, when one did. */
  fault?: string;
  /** The modelled secondary limit that refused the request, when one did. */
  secondaryLimit?: SecondaryLimitName;
  durationMs: number;
  /** When the request arrived (Unix ms, `Date.now()`). */
  receivedAt: number;
}

/** A request refused because it does not match GitHub's OpenAPI description. */
export interface InvalidRequest {
  method: string;
  path: string;
  /** 400 (bad JSON), 404 (no such operation or path parameter) or 422 (parameters, body). */
  status: number;
  reasons: string[];
}

/** An answer of the emulator that breaks the response schema (a bug here; stays empty). */
export interface ResponseSchemaViolation {
  method: string;
  path: string;
  status: number;
  reasons: string[];
}

/** Match requests and answer them differently. */
export interface HttpFaultRule {
  /** HTTP method; any when omitted. */
  method?: string;
  /** Exact path, a template where `{x}` and `*` match one segment, or a RegExp. */
  path: string | RegExp;
  /**
   * Only requests whose raw body contains this text (or matches this RegExp): e.g. a review
   * create whose comments include one GitHub should refuse.
   */
  bodyMatches?: string | RegExp;
  /** Answer this status instead of handling the request. */
  status?: number;
  /** Body for `status`. Default: GitHub's error shape with a message naming the fault. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Destroy the socket without answering. */
  dropConnection?: boolean;
  /** Delay before answering. */
  delayMs?: number;
  /** How many requests to affect. Default 1; `Infinity` for all. */
  times?: number;
  /** `before` (default): answer instead of handling. `after`: handle, then answer the fault. */
  phase?: 'before' | 'after';
}

/** GitHub's secondary rate limit, switched on for a number of requests. */
export interface SecondaryRateLimitRule {
  /** How many requests it refuses. Default 1; `Infinity` until removed. */
  times?: number;
  /** Refuse only POST/PATCH/PUT/DELETE (content creation). Default false. */
  writesOnly?: boolean;
  /** `retry-after` header in seconds. Default 60. */
  retryAfterSeconds?: number;
  /** 403 (default) or 429: GitHub documents both. */
  status?: 403 | 429;
}

/** Handle of an injected fault. */
export interface FaultHandle {
  /** How many requests it affected so far. */
  readonly hits: number;
  /** Stop applying it. */
  remove(): void;
}

/** Fault injection. */
export interface GithubEmulatorFaults {
  http(rule: HttpFaultRule): FaultHandle;
  secondaryRateLimit(rule?: SecondaryRateLimitRule): FaultHandle;
  /** Remove every fault. */
  clear(): void;
}

/** Snapshot of an issue comment. */
export interface EmulatedIssueComment {
  id: number;
  repo: string;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
  /** Reaction contents with the logins that gave them. */
  reactions: Array<{ content: string; user: string }>;
}

/** Snapshot of an issue (pull requests are issues too). */
export interface EmulatedIssue {
  number: number;
  repo: string;
  title: string;
  body: string | null;
  user: string;
  state: 'open' | 'closed';
  stateReason: string | null;
  labels: string[];
  isPullRequest: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Snapshot of a review. */
export interface EmulatedReview {
  id: number;
  repo: string;
  pullNumber: number;
  user: string;
  body: string;
  state: 'PENDING' | 'COMMENTED' | 'APPROVED' | 'CHANGES_REQUESTED' | 'DISMISSED';
  commitId: string;
  submittedAt: string | null;
}

/** Snapshot of a review comment. */
export interface EmulatedReviewComment {
  id: number;
  reviewId: number;
  repo: string;
  pullNumber: number;
  user: string;
  path: string;
  body: string;
  line: number | null;
  side: 'LEFT' | 'RIGHT';
  startLine: number | null;
  startSide: 'LEFT' | 'RIGHT' | null;
  commitId: string;
  diffHunk: string;
  createdAt: string;
  updatedAt: string;
}

/** A running emulator. */
export interface GithubEmulator {
  /** API base, e.g. `http://127.0.0.1:PORT`: `GITHUB_API_URL` for the code under test. */
  readonly url: string;
  /** The default write token (the first of `tokens`). */
  readonly token: string;
  /** Every request answered so far, in order of completion. */
  readonly requests: readonly RecordedRequest[];
  /** Requests refused by the OpenAPI check: a client bug (assert it stays empty). */
  readonly invalidRequests: readonly InvalidRequest[];
  /** Emulator answers that break the response schemas (a bug here; stays empty). */
  readonly responseSchemaViolations: readonly ResponseSchemaViolation[];
  readonly faults: GithubEmulatorFaults;
  addToken(token: TokenSpec): void;
  addRepo(repo: RepoSpec): void;
  /** Opens a pull request; returns its number. */
  addPullRequest(repo: string, pr: PullRequestSpec): number;
  /** Pushes a new head to a pull request (a `synchronize`). */
  setPullRequestHead(repo: string, number: number, headSha: string): void;
  /** Creates an issue; returns its number. */
  addIssue(repo: string, issue: IssueSpec): number;
  /** Posts a comment as `user`; returns its id. */
  addIssueComment(repo: string, issueNumber: number, comment: CommentSpec): number;
  /** Creates a workflow run; returns its id. */
  addWorkflowRun(repo: string, run: WorkflowRunSpec): number;
  /** Changes a run's status and conclusion. */
  updateWorkflowRun(
    runId: number,
    update: { status?: WorkflowRunStatus; conclusion?: string | null },
  ): void;
  issues(repo: string): EmulatedIssue[];
  issueComments(repo: string, issueNumber: number): EmulatedIssueComment[];
  /** Every review, pending ones included. */
  reviews(repo: string, pullNumber: number): EmulatedReview[];
  /** Every review comment, those of pending reviews included. */
  reviewComments(repo: string, pullNumber: number): EmulatedReviewComment[];
  /** Empty `requests`, `invalidRequests` and `responseSchemaViolations`. */
  clearRecords(): void;
  /** Close the server. Idempotent. */
  stop(): Promise<void>;
}

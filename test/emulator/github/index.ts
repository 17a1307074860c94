/**
 * Emulator of GitHub's REST API for integration tests: the issues, comments, pull requests,
 * reviews, reactions, search and workflow-run endpoints a pull-request reviewer calls, each
 * request validated against GitHub's own OpenAPI description. See README.md.
 */
import { createGithubApiHandler } from './api.ts';
import { FaultRegistry } from './faults.ts';
import { startApiServer } from './http-server.ts';
import { OpenApiValidator } from './openapi-validator.ts';
import {
  computePullDiff,
  DEFAULT_PATCH_LIMITS,
  resolveCommit,
  type PullDiff,
} from './pull-diff.ts';
import { DEFAULT_RATE_LIMITS, PrimaryRateLimits } from './rate-limits.ts';
import { DEFAULT_SECONDARY_LIMITS, SecondaryLimits } from './secondary-limits.ts';
import { Representer } from './representations.ts';
import type { EmulatorState } from './route-context.ts';
import { GITHUB_OPENAPI_SUBSET } from './spec-file.ts';
import {
  GithubStore,
  type IssueCommentRecord,
  type IssueRecord,
  type RepoRecord,
  type WorkflowRunRecord,
} from './store.ts';
import type {
  BodyLimits,
  EmulatedIssue,
  EmulatedIssueComment,
  EmulatedReview,
  EmulatedReviewComment,
  GithubEmulator,
  GithubEmulatorOptions,
  InvalidRequest,
  IssueSpec,
  RecordedRequest,
  RepoSpec,
  ResponseSchemaViolation,
  TokenSpec,
} from './types.ts';

export type * from './types.ts';

export const DEFAULT_TOKEN = 'test-github-token';
export const DEFAULT_LOGIN = 'github-actions[bot]';
export const DEFAULT_BODY_LIMITS: BodyLimits = { maxChars: 65_536, maxBytes: 262_144 };

/**
 * Starts the emulator on 127.0.0.1 (`url` is the `GITHUB_API_URL` to give the code under
 * test). Call `stop()` when done.
 */
export async function startGithubEmulator(
  options: GithubEmulatorOptions = {},
): Promise<GithubEmulator> {
  const now = options.now ?? (() => new Date());
  const store = new GithubStore(now);
  const tokens = options.tokens ?? [
    { token: DEFAULT_TOKEN, login: DEFAULT_LOGIN, access: 'write' },
  ];
  const addToken = (spec: TokenSpec): void => {
    store.tokens.set(spec.token, { ...spec });
  };
  for (const spec of tokens) addToken(spec);

  let apiUrl = 'http://127.0.0.1';
  const diffs = new Map<string, PullDiff>();
  const patchLimits = { ...DEFAULT_PATCH_LIMITS, ...options.patchLimits };
  const state: EmulatorState = {
    store,
    json: new Representer(store, () => apiUrl, options.serverUrl ?? 'https://github.com'),
    patchLimits,
    bodyLimits: { ...DEFAULT_BODY_LIMITS, ...options.bodyLimits },
    searchLagMs: options.searchLagMs ?? 0,
    diffOf(issue, headSha = issue.pull.headSha) {
      const gitDir = issue.repo.gitDir;
      if (gitDir === undefined) throw new Error(`${issue.repo.fullName} has no gitDir`);
      const key = [gitDir, issue.pull.baseSha, headSha].join('\0');
      let diff = diffs.get(key);
      if (!diff) {
        diff = computePullDiff(gitDir, issue.pull.baseSha, headSha, patchLimits);
        diffs.set(key, diff);
      }
      return diff;
    },
  };

  const addRepo = (spec: RepoSpec): void => {
    const fullName = `${spec.owner}/${spec.name}`;
    const repo: RepoRecord = {
      id: store.nextId('repo'),
      owner: spec.owner,
      name: spec.name,
      fullName,
      gitDir: spec.gitDir,
      defaultBranch: spec.defaultBranch ?? 'main',
      private: spec.private ?? true,
      associations: new Map(
        Object.entries(spec.associations ?? {}).map(([login, a]) => [login.toLowerCase(), a]),
      ),
      labels: new Map(),
      nextNumber: 1,
      createdAt: store.timestamp(),
    };
    store.addRepo(repo);
  };
  for (const spec of options.repos ?? []) addRepo(spec);

  const newIssue = (repo: RepoRecord, spec: IssueSpec): IssueRecord => {
    const created = store.timestamp();
    const closed = spec.state === 'closed';
    const issue: IssueRecord = {
      id: store.nextId('issue'),
      repo,
      number: store.claimNumber(repo, spec.number),
      title: spec.title,
      body: spec.body ?? null,
      user: spec.user ?? repo.owner,
      state: closed ? 'closed' : 'open',
      stateReason: closed ? 'completed' : null,
      labels: [...(spec.labels ?? [])],
      createdAt: created,
      updatedAt: created,
      closedAt: closed ? created : null,
      closedBy: closed ? (spec.user ?? repo.owner) : null,
      searchableAtMs: store.nowMs(),
      pull: undefined,
    };
    store.issues.push(issue);
    return issue;
  };

  const requests: RecordedRequest[] = [];
  const invalidRequests: InvalidRequest[] = [];
  const responseSchemaViolations: ResponseSchemaViolation[] = [];
  const faults = new FaultRegistry();
  const validator = new OpenApiValidator(options.specPath ?? GITHUB_OPENAPI_SUBSET);
  const server = await startApiServer({
    port: options.port ?? 0,
    findToken: (token) => store.tokens.get(token),
    faults,
    rateLimits: new PrimaryRateLimits({ ...DEFAULT_RATE_LIMITS, ...options.rateLimits }, () =>
      now().getTime(),
    ),
    secondaryLimits:
      options.secondaryLimits === false
        ? undefined
        : new SecondaryLimits({ ...DEFAULT_SECONDARY_LIMITS, ...options.secondaryLimits }, () =>
            now().getTime(),
          ),
    record: (r) => requests.push(r),
    latencyMs: options.latencyMs ?? 0,
    handler: createGithubApiHandler({
      state,
      validator,
      apiUrl: () => apiUrl,
      onInvalidRequest: (r) => invalidRequests.push(r),
      onResponseViolation: (v) => responseSchemaViolations.push(v),
    }),
  });
  apiUrl = server.url;

  let stopping: Promise<void> | undefined;
  const pullOf = (fullName: string, number: number) =>
    store.pullForControl(store.repoByFullName(fullName), number);

  return {
    url: server.url,
    token: tokens[0]?.token ?? DEFAULT_TOKEN,
    requests,
    invalidRequests,
    responseSchemaViolations,
    faults,
    addToken,
    addRepo,
    addPullRequest(fullName, spec) {
      const repo = store.repoByFullName(fullName);
      if (repo.gitDir === undefined) {
        throw new Error(`register ${fullName} with a gitDir before opening pull requests on it`);
      }
      const baseSha = resolveCommit(repo.gitDir, spec.baseSha);
      const headSha = resolveCommit(repo.gitDir, spec.headSha);
      const issue = newIssue(repo, {
        title: spec.title ?? `Pull request from ${spec.headRef}`,
        body: spec.body ?? null,
        ...(spec.number === undefined ? {} : { number: spec.number }),
        ...(spec.user === undefined ? {} : { user: spec.user }),
        ...(spec.labels === undefined ? {} : { labels: spec.labels }),
        ...(spec.state === undefined ? {} : { state: spec.state }),
      });
      issue.pull = {
        id: store.nextId('pull'),
        baseRef: spec.baseRef,
        baseSha,
        headRef: spec.headRef,
        headSha,
        draft: spec.draft ?? false,
      };
      return issue.number;
    },
    setPullRequestHead(fullName, number, headSha) {
      const issue = pullOf(fullName, number);
      issue.pull.headSha = resolveCommit(issue.repo.gitDir ?? '', headSha);
      issue.updatedAt = store.timestamp();
    },
    addIssue(fullName, spec) {
      return newIssue(store.repoByFullName(fullName), spec).number;
    },
    addIssueComment(fullName, number, spec) {
      const repo = store.repoByFullName(fullName);
      const issue = store.issues.find((i) => i.repo === repo && i.number === number);
      if (!issue) throw new Error(`no issue or pull request ${fullName}#${number}`);
      const at = store.timestamp();
      const comment: IssueCommentRecord = {
        id: store.nextId('comment'),
        issue,
        body: spec.body,
        user: spec.user,
        createdAt: at,
        updatedAt: at,
        reactions: [],
      };
      store.issueComments.set(comment.id, comment);
      return comment.id;
    },
    addWorkflowRun(fullName, spec) {
      const repo = store.repoByFullName(fullName);
      const at = store.timestamp();
      const run: WorkflowRunRecord = {
        id: spec.id ?? store.nextId('run'),
        repo,
        workflowId: store.nextId('workflow'),
        name: spec.name ?? 'CI',
        path: spec.path ?? '.github/workflows/ci.yml',
        event: spec.event ?? 'pull_request',
        status: spec.status ?? 'in_progress',
        conclusion: spec.conclusion ?? null,
        headSha: spec.headSha,
        headBranch: spec.headBranch ?? null,
        runNumber: spec.runNumber ?? 1,
        runAttempt: spec.runAttempt ?? 1,
        actor: spec.actor ?? repo.owner,
        pullRequests: [...(spec.pullRequests ?? [])],
        createdAt: at,
        updatedAt: at,
      };
      if (store.workflowRuns.has(run.id)) throw new Error(`workflow run ${run.id} already exists`);
      store.workflowRuns.set(run.id, run);
      return run.id;
    },
    updateWorkflowRun(runId, update) {
      const run = store.workflowRuns.get(runId);
      if (!run) throw new Error(`no workflow run ${runId}`);
      if (update.status !== undefined) run.status = update.status;
      if (update.conclusion !== undefined) run.conclusion = update.conclusion;
      run.updatedAt = store.timestamp();
    },
    issues(fullName) {
      const repo = store.repoByFullName(fullName);
      return store.issues.filter((i) => i.repo === repo).map(snapshotIssue);
    },
    issueComments(fullName, number) {
      const repo = store.repoByFullName(fullName);
      return [...store.issueComments.values()]
        .filter((c) => c.issue.repo === repo && c.issue.number === number)
        .map((c): EmulatedIssueComment => ({
          id: c.id,
          repo: repo.fullName,
          issueNumber: number,
          body: c.body,
          user: c.user,
          createdAt: c.createdAt,
          updatedAt: c.updatedAt,
          reactions: c.reactions.map((r) => ({ content: r.content, user: r.user })),
        }));
    },
    reviews(fullName, number) {
      const issue = pullOf(fullName, number);
      return store.reviewsOf(issue).map((r): EmulatedReview => ({
        id: r.id,
        repo: issue.repo.fullName,
        pullNumber: number,
        user: r.user,
        body: r.body,
        state: r.state,
        commitId: r.commitId,
        submittedAt: r.submittedAt,
      }));
    },
    reviewComments(fullName, number) {
      const issue = pullOf(fullName, number);
      return store.reviewCommentsOf(issue).map((c): EmulatedReviewComment => ({
        id: c.id,
        reviewId: c.review.id,
        repo: issue.repo.fullName,
        pullNumber: number,
        user: c.review.user,
        path: c.path,
        body: c.body,
        line: c.line,
        side: c.side,
        startLine: c.startLine,
        startSide: c.startSide,
        commitId: c.commitId,
        diffHunk: c.diffHunk,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
      }));
    },
    clearRecords() {
      requests.length = 0;
      invalidRequests.length = 0;
      responseSchemaViolations.length = 0;
    },
    stop() {
      stopping ??= (async () => {
        faults.clear();
        await server.close();
      })();
      return stopping;
    },
  };
}

function snapshotIssue(issue: IssueRecord): EmulatedIssue {
  return {
    number: issue.number,
    repo: issue.repo.fullName,
    title: issue.title,
    body: issue.body,
    user: issue.user,
    state: issue.state,
    stateReason: issue.stateReason,
    labels: [...issue.labels],
    isPullRequest: issue.pull !== undefined,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
  };
}

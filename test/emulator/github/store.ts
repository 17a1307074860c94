/**
 * What the emulated GitHub holds: users, repositories, issues and pull requests (one number
 * sequence per repository, as on GitHub), issue comments with their reactions, reviews,
 * review comments and workflow runs. Records are plain data; routes and representations.ts
 * turn them into API JSON.
 */
import { notFound } from './errors.ts';
import type { Side } from './diff-hunks.ts';
import type { AuthorAssociation, TokenSpec, WorkflowRunStatus } from './types.ts';

export interface UserRecord {
  id: number;
  login: string;
  type: 'User' | 'Bot';
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
}

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  gitDir: string | undefined;
  defaultBranch: string;
  private: boolean;
  /** Lower-cased login -> association. */
  associations: Map<string, AuthorAssociation>;
  /** Lower-cased name -> label. */
  labels: Map<string, LabelRecord>;
  nextNumber: number;
  createdAt: string;
}

export interface PullRecord {
  id: number;
  baseRef: string;
  baseSha: string;
  headRef: string;
  headSha: string;
  draft: boolean;
}

export interface IssueRecord {
  id: number;
  repo: RepoRecord;
  number: number;
  title: string;
  body: string | null;
  user: string;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'reopened' | 'not_planned' | 'duplicate' | null;
  /** Label names, in the order given. */
  labels: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  /** When search first finds it (ms since the epoch). */
  searchableAtMs: number;
  pull: PullRecord | undefined;
}

export interface ReactionRecord {
  id: number;
  content: string;
  user: string;
  createdAt: string;
}

export interface IssueCommentRecord {
  id: number;
  issue: IssueRecord;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
  reactions: ReactionRecord[];
}

export type ReviewState = 'PENDING' | 'COMMENTED' | 'APPROVED' | 'CHANGES_REQUESTED' | 'DISMISSED';

export interface ReviewRecord {
  id: number;
  issue: IssueRecord;
  user: string;
  body: string;
  state: ReviewState;
  commitId: string;
  submittedAt: string | null;
}

export interface ReviewCommentRecord {
  id: number;
  review: ReviewRecord;
  path: string;
  body: string;
  line: number;
  side: Side;
  startLine: number | null;
  startSide: Side | null;
  position: number;
  commitId: string;
  diffHunk: string;
  createdAt: string;
  updatedAt: string;
  reactions: ReactionRecord[];
}

export interface WorkflowRunRecord {
  id: number;
  repo: RepoRecord;
  workflowId: number;
  name: string;
  path: string;
  event: string;
  status: WorkflowRunStatus;
  conclusion: string | null;
  headSha: string;
  headBranch: string | null;
  runNumber: number;
  runAttempt: number;
  actor: string;
  pullRequests: number[];
  createdAt: string;
  updatedAt: string;
}

type IdKind =
  | 'user'
  | 'repo'
  | 'issue'
  | 'pull'
  | 'comment'
  | 'review'
  | 'reviewComment'
  | 'reaction'
  | 'label'
  | 'run'
  | 'workflow';

/** The `github-actions[bot]` user as GitHub shows it (id from api.github.com/users). */
const GITHUB_ACTIONS_BOT = { login: 'github-actions[bot]', id: 41898282 };

export class GithubStore {
  readonly tokens = new Map<string, TokenSpec>();
  readonly #users = new Map<string, UserRecord>();
  readonly #repos = new Map<string, RepoRecord>();
  readonly issues: IssueRecord[] = [];
  readonly issueComments = new Map<number, IssueCommentRecord>();
  readonly reviews = new Map<number, ReviewRecord>();
  readonly reviewComments = new Map<number, ReviewCommentRecord>();
  readonly workflowRuns = new Map<number, WorkflowRunRecord>();
  readonly #now: () => Date;
  // Distinct ranges per kind, the way GitHub's ids look unrelated to each other.
  readonly #nextId: Record<IdKind, number> = {
    user: 5_000_001,
    repo: 700_000_001,
    issue: 2_100_000_001,
    pull: 1_600_000_001,
    comment: 1_800_000_001,
    review: 2_300_000_001,
    reviewComment: 1_900_000_001,
    reaction: 250_000_001,
    label: 6_000_000_001,
    run: 11_000_000_001,
    workflow: 90_000_001,
  };

  constructor(now: () => Date) {
    this.#now = now;
  }

  /** Now as GitHub writes timestamps: ISO 8601 to the second, UTC. */
  timestamp(): string {
    return this.#now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  nowMs(): number {
    return this.#now().getTime();
  }

  /** A fresh id for a record of `kind`. */
  nextId(kind: IdKind): number {
    return this.#nextId[kind]++;
  }

  /** The user with this login, created on first sight (GitHub logins are case-insensitive). */
  user(login: string): UserRecord {
    const key = login.toLowerCase();
    let user = this.#users.get(key);
    if (!user) {
      const isBot = login.endsWith('[bot]');
      const id = key === GITHUB_ACTIONS_BOT.login ? GITHUB_ACTIONS_BOT.id : this.#nextId.user++;
      user = { id, login, type: isBot ? 'Bot' : 'User' };
      this.#users.set(key, user);
    }
    return user;
  }

  addRepo(repo: RepoRecord): void {
    const key = repo.fullName.toLowerCase();
    if (this.#repos.has(key)) throw new Error(`repository ${repo.fullName} already exists`);
    this.#repos.set(key, repo);
  }

  /** The repository, or 404 (GitHub answers 404 for repositories a token cannot see, too). */
  requireRepo(owner: string, name: string): RepoRecord {
    const repo = this.#repos.get(`${owner}/${name}`.toLowerCase());
    if (!repo) throw notFound();
    return repo;
  }

  /** The repository by `owner/name`, for the control interface; throws naming it. */
  repoByFullName(fullName: string): RepoRecord {
    const repo = this.#repos.get(fullName.toLowerCase());
    if (!repo) throw new Error(`no repository ${fullName} in the GitHub emulator`);
    return repo;
  }

  /** Issue or pull request `number` of `repo`, or 404. */
  requireIssue(repo: RepoRecord, number: number): IssueRecord {
    const issue = this.issues.find((i) => i.repo === repo && i.number === number);
    if (!issue) throw notFound();
    return issue;
  }

  /** Pull request `number` of `repo`, or 404 (an issue of that number is no pull request). */
  requirePull(repo: RepoRecord, number: number): IssueRecord & { pull: PullRecord } {
    const issue = this.requireIssue(repo, number);
    if (!issue.pull) throw notFound();
    return issue as IssueRecord & { pull: PullRecord };
  }

  /** Pull request `number` of `repo`, for the control interface; throws naming it. */
  pullForControl(repo: RepoRecord, number: number): IssueRecord & { pull: PullRecord } {
    const issue = this.issues.find((i) => i.repo === repo && i.number === number);
    if (!issue?.pull) throw new Error(`no pull request ${repo.fullName}#${number}`);
    return issue as IssueRecord & { pull: PullRecord };
  }

  requireIssueComment(repo: RepoRecord, id: number): IssueCommentRecord {
    const comment = this.issueComments.get(id);
    if (!comment || comment.issue.repo !== repo) throw notFound();
    return comment;
  }

  requireReviewComment(repo: RepoRecord, id: number): ReviewCommentRecord {
    const comment = this.reviewComments.get(id);
    if (!comment || comment.review.issue.repo !== repo) throw notFound();
    return comment;
  }

  requireWorkflowRun(repo: RepoRecord, id: number): WorkflowRunRecord {
    const run = this.workflowRuns.get(id);
    if (!run || run.repo !== repo) throw notFound();
    return run;
  }

  /** Claims an issue number: `wanted`, or the next free one. Throws when it is taken. */
  claimNumber(repo: RepoRecord, wanted?: number): number {
    const number = wanted ?? repo.nextNumber;
    if (this.issues.some((i) => i.repo === repo && i.number === number)) {
      throw new Error(`${repo.fullName}#${number} already exists`);
    }
    repo.nextNumber = Math.max(repo.nextNumber, number + 1);
    return number;
  }

  /** The label of that name, created on first use (as GitHub does for writers). */
  label(repo: RepoRecord, name: string): LabelRecord {
    const key = name.toLowerCase();
    let label = repo.labels.get(key);
    if (!label) {
      label = { id: this.#nextId.label++, name, color: 'ededed' };
      repo.labels.set(key, label);
    }
    return label;
  }

  /** How `login` relates to `repo`: what the test said, OWNER for the owner, else NONE. */
  association(repo: RepoRecord, login: string): AuthorAssociation {
    const given = repo.associations.get(login.toLowerCase());
    if (given) return given;
    return login.toLowerCase() === repo.owner.toLowerCase() ? 'OWNER' : 'NONE';
  }

  commentsOf(issue: IssueRecord): IssueCommentRecord[] {
    return [...this.issueComments.values()].filter((c) => c.issue === issue);
  }

  reviewsOf(issue: IssueRecord): ReviewRecord[] {
    return [...this.reviews.values()].filter((r) => r.issue === issue);
  }

  reviewCommentsOf(issue: IssueRecord): ReviewCommentRecord[] {
    return [...this.reviewComments.values()].filter((c) => c.review.issue === issue);
  }
}

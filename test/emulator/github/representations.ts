/**
 * The JSON GitHub answers with, built from the store's records: users, repositories, issues,
 * comments, reactions, pull requests, reviews, review comments, diff entries, workflow runs.
 * Every required field of GitHub's response schemas is filled, with API URLs on the emulator
 * (so a client following `url` stays here) and web URLs under `serverUrl`; the emulator checks
 * each answer against the schema and records any miss.
 */
import type { DiffFile, PullDiff } from './pull-diff.ts';
import type {
  GithubStore,
  IssueCommentRecord,
  IssueRecord,
  PullRecord,
  ReactionRecord,
  RepoRecord,
  ReviewCommentRecord,
  ReviewRecord,
  WorkflowRunRecord,
} from './store.ts';

type Json = Record<string, unknown>;

/** GitHub's reaction contents, in the order of its `reaction-rollup`. */
export const REACTION_CONTENTS = [
  '+1',
  '-1',
  'laugh',
  'confused',
  'heart',
  'hooray',
  'rocket',
  'eyes',
] as const;

export class Representer {
  readonly #store: GithubStore;
  readonly #api: () => string;
  readonly #server: string;

  /** `api` is read on every call: the port is known only once the server listens. */
  constructor(store: GithubStore, api: () => string, serverUrl: string) {
    this.#store = store;
    this.#api = api;
    this.#server = serverUrl.replace(/\/$/, '');
  }

  /** `simple-user`. */
  user(login: string): Json {
    const user = this.#store.user(login);
    const api = `${this.#api()}/users/${encodeURIComponent(user.login)}`;
    const html =
      user.type === 'Bot'
        ? `${this.#server}/apps/${encodeURIComponent(user.login.replace(/\[bot\]$/, ''))}`
        : `${this.#server}/${encodeURIComponent(user.login)}`;
    return {
      login: user.login,
      id: user.id,
      node_id: nodeId(user.type, user.id),
      avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
      gravatar_id: '',
      url: api,
      html_url: html,
      followers_url: `${api}/followers`,
      following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`,
      starred_url: `${api}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/subscriptions`,
      organizations_url: `${api}/orgs`,
      repos_url: `${api}/repos`,
      events_url: `${api}/events{/privacy}`,
      received_events_url: `${api}/received_events`,
      type: user.type,
      user_view_type: 'public',
      site_admin: false,
    };
  }

  /** `repository` (also valid as `minimal-repository`). */
  repository(repo: RepoRecord): Json {
    const api = this.#repoApi(repo);
    const html = this.#repoHtml(repo);
    return {
      id: repo.id,
      node_id: nodeId('Repository', repo.id),
      name: repo.name,
      full_name: repo.fullName,
      owner: this.user(repo.owner),
      private: repo.private,
      visibility: repo.private ? 'private' : 'public',
      html_url: html,
      description: null,
      fork: false,
      url: api,
      archive_url: `${api}/{archive_format}{/ref}`,
      assignees_url: `${api}/assignees{/user}`,
      blobs_url: `${api}/git/blobs{/sha}`,
      branches_url: `${api}/branches{/branch}`,
      collaborators_url: `${api}/collaborators{/collaborator}`,
      comments_url: `${api}/comments{/number}`,
      commits_url: `${api}/commits{/sha}`,
      compare_url: `${api}/compare/{base}...{head}`,
      contents_url: `${api}/contents/{+path}`,
      contributors_url: `${api}/contributors`,
      deployments_url: `${api}/deployments`,
      downloads_url: `${api}/downloads`,
      events_url: `${api}/events`,
      forks_url: `${api}/forks`,
      git_commits_url: `${api}/git/commits{/sha}`,
      git_refs_url: `${api}/git/refs{/sha}`,
      git_tags_url: `${api}/git/tags{/sha}`,
      git_url: `${html.replace(/^https?:/, 'git:')}.git`,
      issue_comment_url: `${api}/issues/comments{/number}`,
      issue_events_url: `${api}/issues/events{/number}`,
      issues_url: `${api}/issues{/number}`,
      keys_url: `${api}/keys{/key_id}`,
      labels_url: `${api}/labels{/name}`,
      languages_url: `${api}/languages`,
      merges_url: `${api}/merges`,
      milestones_url: `${api}/milestones{/number}`,
      notifications_url: `${api}/notifications{?since,all,participating}`,
      pulls_url: `${api}/pulls{/number}`,
      releases_url: `${api}/releases{/id}`,
      ssh_url: `git@${new URL(this.#server).host}:${repo.fullName}.git`,
      stargazers_url: `${api}/stargazers`,
      statuses_url: `${api}/statuses/{sha}`,
      subscribers_url: `${api}/subscribers`,
      subscription_url: `${api}/subscription`,
      tags_url: `${api}/tags`,
      teams_url: `${api}/teams`,
      trees_url: `${api}/git/trees{/sha}`,
      clone_url: `${html}.git`,
      mirror_url: null,
      hooks_url: `${api}/hooks`,
      svn_url: html,
      homepage: null,
      language: null,
      forks_count: 0,
      forks: 0,
      stargazers_count: 0,
      watchers_count: 0,
      watchers: 0,
      size: 0,
      default_branch: repo.defaultBranch,
      open_issues_count: this.#store.issues.filter((i) => i.repo === repo && i.state === 'open')
        .length,
      open_issues: this.#store.issues.filter((i) => i.repo === repo && i.state === 'open').length,
      is_template: false,
      topics: [],
      has_issues: true,
      has_projects: true,
      has_wiki: false,
      has_pages: false,
      has_downloads: true,
      has_discussions: false,
      archived: false,
      disabled: false,
      pushed_at: repo.createdAt,
      created_at: repo.createdAt,
      updated_at: repo.createdAt,
      license: null,
      allow_forking: true,
      web_commit_signoff_required: false,
    };
  }

  /** `issue` (pull requests included, with their `pull_request` links). */
  issue(issue: IssueRecord): Json {
    const api = `${this.#repoApi(issue.repo)}/issues/${issue.number}`;
    const json: Json = {
      id: issue.id,
      node_id: nodeId(issue.pull ? 'PullRequest' : 'Issue', issue.id),
      url: api,
      repository_url: this.#repoApi(issue.repo),
      labels_url: `${api}/labels{/name}`,
      comments_url: `${api}/comments`,
      events_url: `${api}/events`,
      html_url: this.#issueHtml(issue),
      number: issue.number,
      state: issue.state,
      state_reason: issue.stateReason,
      title: issue.title,
      body: issue.body,
      user: this.user(issue.user),
      labels: issue.labels.map((name) => this.#label(issue.repo, name)),
      assignee: null,
      assignees: [],
      milestone: null,
      locked: false,
      active_lock_reason: null,
      comments: this.#store.commentsOf(issue).length,
      closed_at: issue.closedAt,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_by: issue.closedBy === null ? null : this.user(issue.closedBy),
      author_association: this.#store.association(issue.repo, issue.user),
      reactions: this.#reactionRollup(`${api}/reactions`, []),
      timeline_url: `${api}/timeline`,
      performed_via_github_app: null,
    };
    if (issue.pull) {
      const pullApi = `${this.#repoApi(issue.repo)}/pulls/${issue.number}`;
      const html = this.#issueHtml(issue);
      json['draft'] = issue.pull.draft;
      json['pull_request'] = {
        url: pullApi,
        html_url: html,
        diff_url: `${html}.diff`,
        patch_url: `${html}.patch`,
        merged_at: null,
      };
    }
    return json;
  }

  /** `issue-search-result-item`. */
  searchItem(issue: IssueRecord): Json {
    return { ...this.issue(issue), score: 1 };
  }

  /** `issue-comment`. */
  issueComment(comment: IssueCommentRecord): Json {
    const { issue } = comment;
    const api = `${this.#repoApi(issue.repo)}/issues/comments/${comment.id}`;
    return {
      id: comment.id,
      node_id: nodeId('IssueComment', comment.id),
      url: api,
      html_url: `${this.#issueHtml(issue)}#issuecomment-${comment.id}`,
      body: comment.body,
      user: this.user(comment.user),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      issue_url: `${this.#repoApi(issue.repo)}/issues/${issue.number}`,
      author_association: this.#store.association(issue.repo, comment.user),
      performed_via_github_app: null,
      reactions: this.#reactionRollup(`${api}/reactions`, comment.reactions),
    };
  }

  /** `reaction`. */
  reaction(reaction: ReactionRecord): Json {
    return {
      id: reaction.id,
      node_id: nodeId('Reaction', reaction.id),
      user: this.user(reaction.user),
      content: reaction.content,
      created_at: reaction.createdAt,
    };
  }

  /** `pull-request`, with counts from its diff. */
  pullRequest(issue: IssueRecord & { pull: PullRecord }, diff: PullDiff): Json {
    const { pull, repo } = issue;
    const api = `${this.#repoApi(repo)}/pulls/${issue.number}`;
    const issueApi = `${this.#repoApi(repo)}/issues/${issue.number}`;
    const html = this.#issueHtml(issue);
    const branch = (ref: string, sha: string): Json => ({
      label: `${repo.owner}:${ref}`,
      ref,
      sha,
      user: this.user(repo.owner),
      repo: this.repository(repo),
    });
    const statuses = `${this.#repoApi(repo)}/statuses/${pull.headSha}`;
    return {
      url: api,
      id: pull.id,
      node_id: nodeId('PullRequest', pull.id),
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: issueApi,
      commits_url: `${api}/commits`,
      review_comments_url: `${api}/comments`,
      review_comment_url: `${this.#repoApi(repo)}/pulls/comments{/number}`,
      comments_url: `${issueApi}/comments`,
      statuses_url: statuses,
      number: issue.number,
      state: issue.state,
      locked: false,
      title: issue.title,
      user: this.user(issue.user),
      body: issue.body,
      labels: issue.labels.map((name) => this.#label(repo, name)),
      milestone: null,
      active_lock_reason: null,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_at: issue.closedAt,
      merged_at: null,
      merge_commit_sha: null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: branch(pull.headRef, pull.headSha),
      base: branch(pull.baseRef, pull.baseSha),
      _links: {
        self: { href: api },
        html: { href: html },
        issue: { href: issueApi },
        comments: { href: `${issueApi}/comments` },
        review_comments: { href: `${api}/comments` },
        review_comment: { href: `${this.#repoApi(repo)}/pulls/comments{/number}` },
        commits: { href: `${api}/commits` },
        statuses: { href: statuses },
      },
      author_association: this.#store.association(repo, issue.user),
      auto_merge: null,
      draft: pull.draft,
      merged: false,
      mergeable: true,
      rebaseable: true,
      mergeable_state: 'clean',
      merged_by: null,
      comments: this.#store.commentsOf(issue).length,
      review_comments: this.#store
        .reviewCommentsOf(issue)
        .filter((c) => c.review.state !== 'PENDING').length,
      maintainer_can_modify: false,
      commits: diff.commits.length,
      additions: diff.files.reduce((n, f) => n + f.additions, 0),
      deletions: diff.files.reduce((n, f) => n + f.deletions, 0),
      changed_files: diff.files.length,
    };
  }

  /** `diff-entry`. */
  diffEntry(repo: RepoRecord, headSha: string, file: DiffFile): Json {
    const path = file.filename.split('/').map(encodeURIComponent).join('/');
    const json: Json = {
      sha: file.sha,
      filename: file.filename,
      status: file.status,
      additions: file.additions,
      deletions: file.deletions,
      changes: file.additions + file.deletions,
      blob_url: `${this.#repoHtml(repo)}/blob/${headSha}/${path}`,
      raw_url: `${this.#repoHtml(repo)}/raw/${headSha}/${path}`,
      contents_url: `${this.#repoApi(repo)}/contents/${path}?ref=${headSha}`,
    };
    if (file.patch !== undefined) json['patch'] = file.patch;
    if (file.previousFilename !== undefined) json['previous_filename'] = file.previousFilename;
    return json;
  }

  /** `pull-request-review`. */
  review(review: ReviewRecord): Json {
    const { issue } = review;
    const pullApi = `${this.#repoApi(issue.repo)}/pulls/${issue.number}`;
    const html = `${this.#issueHtml(issue)}#pullrequestreview-${review.id}`;
    const json: Json = {
      id: review.id,
      node_id: nodeId('PullRequestReview', review.id),
      user: this.user(review.user),
      body: review.body,
      state: review.state,
      html_url: html,
      pull_request_url: pullApi,
      author_association: this.#store.association(issue.repo, review.user),
      _links: { html: { href: html }, pull_request: { href: pullApi } },
      commit_id: review.commitId,
    };
    if (review.submittedAt !== null) json['submitted_at'] = review.submittedAt;
    return json;
  }

  /** `pull-request-review-comment`. */
  reviewComment(comment: ReviewCommentRecord): Json {
    const { issue } = comment.review;
    const api = `${this.#repoApi(issue.repo)}/pulls/comments/${comment.id}`;
    const pullApi = `${this.#repoApi(issue.repo)}/pulls/${issue.number}`;
    const html = `${this.#issueHtml(issue)}#discussion_r${comment.id}`;
    return {
      url: api,
      pull_request_review_id: comment.review.id,
      id: comment.id,
      node_id: nodeId('PullRequestReviewComment', comment.id),
      diff_hunk: comment.diffHunk,
      path: comment.path,
      position: comment.position,
      original_position: comment.position,
      commit_id: comment.commitId,
      original_commit_id: comment.commitId,
      user: this.user(comment.review.user),
      body: comment.body,
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      html_url: html,
      pull_request_url: pullApi,
      author_association: this.#store.association(issue.repo, comment.review.user),
      _links: { self: { href: api }, html: { href: html }, pull_request: { href: pullApi } },
      start_line: comment.startLine,
      original_start_line: comment.startLine,
      start_side: comment.startSide,
      line: comment.line,
      original_line: comment.line,
      side: comment.side,
      subject_type: 'line',
      reactions: this.#reactionRollup(`${api}/reactions`, comment.reactions),
    };
  }

  /** `workflow-run`. */
  workflowRun(run: WorkflowRunRecord): Json {
    const api = `${this.#repoApi(run.repo)}/actions/runs/${run.id}`;
    const html = `${this.#repoHtml(run.repo)}/actions/runs/${run.id}`;
    const actor = this.user(run.actor);
    return {
      id: run.id,
      name: run.name,
      node_id: nodeId('WorkflowRun', run.id),
      check_suite_id: run.id + 1,
      check_suite_node_id: nodeId('CheckSuite', run.id + 1),
      head_branch: run.headBranch,
      head_sha: run.headSha,
      path: run.path,
      display_title: run.name,
      run_number: run.runNumber,
      run_attempt: run.runAttempt,
      referenced_workflows: [],
      event: run.event,
      status: run.status,
      conclusion: run.conclusion,
      workflow_id: run.workflowId,
      url: api,
      html_url: html,
      pull_requests: run.pullRequests.map((n) => this.#pullRequestMinimal(run.repo, n)),
      created_at: run.createdAt,
      updated_at: run.updatedAt,
      actor,
      triggering_actor: actor,
      run_started_at: run.createdAt,
      jobs_url: `${api}/jobs`,
      logs_url: `${api}/logs`,
      check_suite_url: `${this.#repoApi(run.repo)}/check-suites/${run.id + 1}`,
      artifacts_url: `${api}/artifacts`,
      cancel_url: `${api}/cancel`,
      rerun_url: `${api}/rerun`,
      previous_attempt_url: run.runAttempt > 1 ? `${api}/attempts/${run.runAttempt - 1}` : null,
      workflow_url: `${this.#repoApi(run.repo)}/actions/workflows/${run.workflowId}`,
      head_commit: null,
      repository: this.repository(run.repo),
      head_repository: this.repository(run.repo),
    };
  }

  #pullRequestMinimal(repo: RepoRecord, number: number): Json {
    const issue = this.#store.issues.find((i) => i.repo === repo && i.number === number);
    const pull = issue?.pull;
    const repoRef = { id: repo.id, url: this.#repoApi(repo), name: repo.name };
    return {
      id: pull?.id ?? 0,
      number,
      url: `${this.#repoApi(repo)}/pulls/${number}`,
      head: { ref: pull?.headRef ?? '', sha: pull?.headSha ?? '', repo: repoRef },
      base: { ref: pull?.baseRef ?? '', sha: pull?.baseSha ?? '', repo: repoRef },
    };
  }

  #label(repo: RepoRecord, name: string): Json {
    const label = this.#store.label(repo, name);
    return {
      id: label.id,
      node_id: nodeId('Label', label.id),
      url: `${this.#repoApi(repo)}/labels/${encodeURIComponent(label.name)}`,
      name: label.name,
      description: null,
      color: label.color,
      default: false,
    };
  }

  #reactionRollup(url: string, reactions: readonly ReactionRecord[]): Json {
    const rollup: Json = { url, total_count: reactions.length };
    for (const content of REACTION_CONTENTS) {
      rollup[content] = reactions.filter((r) => r.content === content).length;
    }
    return rollup;
  }

  #repoApi(repo: RepoRecord): string {
    return `${this.#api()}/repos/${repo.fullName}`;
  }

  #repoHtml(repo: RepoRecord): string {
    return `${this.#server}/${repo.fullName}`;
  }

  #issueHtml(issue: IssueRecord): string {
    return `${this.#repoHtml(issue.repo)}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`;
  }
}

/** A global node id in GitHub's legacy form: base64 of `0<len>:<Type><id>` (`MDQ6VXNlcjE=`). */
export function nodeId(type: string, id: number): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString('base64');
}

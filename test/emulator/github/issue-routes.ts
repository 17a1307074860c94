/**
 * Issues and their comments: list (by state and labels), create and update issues; list,
 * create and update issue comments (pull requests are issues: their conversation comments
 * live here too); reactions on a comment; and issue search.
 */
import { GithubHttpError } from './errors.ts';
import { paginate } from './paging.ts';
import {
  bodyOf,
  checkBodySize,
  intParam,
  json,
  notImplemented,
  type Route,
  type RouteContext,
} from './route-context.ts';
import {
  matchesIssueQuery,
  parseIssueQuery,
  UnsupportedSearch,
  type IssueQuery,
} from './search-query.ts';
import type { IssueCommentRecord, IssueRecord } from './store.ts';

/** GitHub serves at most the first 1,000 results of a search. */
const SEARCH_RESULT_CAP = 1000;

function repoOf(context: RouteContext) {
  return context.state.store.requireRepo(
    context.params['owner'] ?? '',
    context.params['repo'] ?? '',
  );
}

function issueOf(context: RouteContext): IssueRecord {
  return context.state.store.requireIssue(repoOf(context), intParam(context, 'issue_number'));
}

function since(context: RouteContext): number | undefined {
  const value = context.query['since'];
  return typeof value === 'string' ? Date.parse(value) : undefined;
}

/** Label names of a create/update body: strings or `{name}` objects. */
function labelNames(labels: unknown): string[] {
  if (!Array.isArray(labels)) return [];
  return labels
    .map((l: unknown) =>
      typeof l === 'string' ? l : textOf((l as { name?: unknown } | null)?.name),
    )
    .filter((name) => name !== '');
}

const listComments: Route = {
  handle(context) {
    const issue = issueOf(context);
    const after = since(context);
    const comments = context.state.store
      .commentsOf(issue)
      .filter((c) => after === undefined || Date.parse(c.updatedAt) >= after)
      .sort((a, b) => a.id - b.id);
    const page = paginate(comments, context.query, context.requestUrl);
    return json(
      200,
      page.items.map((c) => context.state.json.issueComment(c)),
      page.headers,
    );
  },
};

const createComment: Route = {
  handle(context) {
    const issue = issueOf(context);
    const text = String(bodyOf(context)['body']);
    checkBodySize(context.state, text, 'IssueComment');
    const { store } = context.state;
    const now = store.timestamp();
    const comment: IssueCommentRecord = {
      id: store.nextId('comment'),
      issue,
      body: text,
      user: context.actor.login,
      createdAt: now,
      updatedAt: now,
      reactions: [],
    };
    store.issueComments.set(comment.id, comment);
    issue.updatedAt = now;
    const body = context.state.json.issueComment(comment);
    return json(201, body, { location: String(body['url']) });
  },
};

const getComment: Route = {
  handle(context) {
    const comment = context.state.store.requireIssueComment(
      repoOf(context),
      intParam(context, 'comment_id'),
    );
    return json(200, context.state.json.issueComment(comment));
  },
};

const updateComment: Route = {
  handle(context) {
    const { store } = context.state;
    const comment = store.requireIssueComment(repoOf(context), intParam(context, 'comment_id'));
    const text = String(bodyOf(context)['body']);
    checkBodySize(context.state, text, 'IssueComment');
    comment.body = text;
    comment.updatedAt = store.timestamp();
    return json(200, context.state.json.issueComment(comment));
  },
};

const createCommentReaction: Route = {
  handle(context) {
    const { store } = context.state;
    const comment = store.requireIssueComment(repoOf(context), intParam(context, 'comment_id'));
    const content = String(bodyOf(context)['content']);
    // The same reaction twice answers the first one with 200, as GitHub does.
    const existing = comment.reactions.find(
      (r) => r.content === content && r.user.toLowerCase() === context.actor.login.toLowerCase(),
    );
    if (existing) return json(200, context.state.json.reaction(existing));
    const reaction = {
      id: store.nextId('reaction'),
      content,
      user: context.actor.login,
      createdAt: store.timestamp(),
    };
    comment.reactions.push(reaction);
    return json(201, context.state.json.reaction(reaction));
  },
};

const listIssues: Route = {
  unimplemented: {
    query: ['milestone', 'assignee', 'type', 'mentioned', 'issue_field_values'],
  },
  handle(context) {
    const repo = repoOf(context);
    const state = (context.query['state'] as string | undefined) ?? 'open';
    const wanted = textOf(context.query['labels'])
      .split(',')
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l !== '');
    const creator = (context.query['creator'] as string | undefined)?.toLowerCase();
    const after = since(context);
    const sort = (context.query['sort'] as string | undefined) ?? 'created';
    const direction = (context.query['direction'] as string | undefined) ?? 'desc';
    const { store } = context.state;
    const sortKey = (i: IssueRecord): number =>
      sort === 'updated'
        ? Date.parse(i.updatedAt)
        : sort === 'comments'
          ? store.commentsOf(i).length
          : i.number;
    const issues = store.issues
      .filter((i) => i.repo === repo)
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => wanted.every((l) => i.labels.some((name) => name.toLowerCase() === l)))
      .filter((i) => creator === undefined || i.user.toLowerCase() === creator)
      .filter((i) => after === undefined || Date.parse(i.updatedAt) >= after)
      .sort(
        (a, b) => (sortKey(a) - sortKey(b) || a.number - b.number) * (direction === 'asc' ? 1 : -1),
      );
    const page = paginate(issues, context.query, context.requestUrl);
    return json(
      200,
      page.items.map((i) => context.state.json.issue(i)),
      page.headers,
    );
  },
};

const createIssue: Route = {
  unimplemented: { body: ['assignee', 'assignees', 'milestone', 'type', 'issue_field_values'] },
  handle(context) {
    const repo = repoOf(context);
    const body = bodyOf(context);
    const { store } = context.state;
    const text = typeof body['body'] === 'string' ? body['body'] : null;
    if (text !== null) checkBodySize(context.state, text, 'Issue');
    const now = store.timestamp();
    const issue: IssueRecord = {
      id: store.nextId('issue'),
      repo,
      number: store.claimNumber(repo),
      title: String(body['title']),
      body: text,
      user: context.actor.login,
      state: 'open',
      stateReason: null,
      labels: labelNames(body['labels']),
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      closedBy: null,
      searchableAtMs: store.nowMs() + context.state.searchLagMs,
      pull: undefined,
    };
    store.issues.push(issue);
    const answer = context.state.json.issue(issue);
    return json(201, answer, { location: String(answer['url']) });
  },
};

const updateIssue: Route = {
  unimplemented: {
    body: [
      'assignee',
      'assignees',
      'milestone',
      'type',
      'issue_field_values',
      'duplicate_issue_id',
    ],
  },
  handle(context) {
    const issue = issueOf(context);
    const body = bodyOf(context);
    const { store } = context.state;
    if (body['title'] !== undefined && body['title'] !== null) issue.title = textOf(body['title']);
    if (body['body'] !== undefined) {
      const text = body['body'] === null ? null : textOf(body['body']);
      if (text !== null) checkBodySize(context.state, text, 'Issue');
      issue.body = text;
    }
    if (body['labels'] !== undefined) issue.labels = labelNames(body['labels']);
    const now = store.timestamp();
    const state = body['state'];
    if (state === 'closed' && issue.state === 'open') {
      issue.state = 'closed';
      issue.stateReason =
        (body['state_reason'] as IssueRecord['stateReason'] | undefined) ?? 'completed';
      issue.closedAt = now;
      issue.closedBy = context.actor.login;
    } else if (state === 'open' && issue.state === 'closed') {
      issue.state = 'open';
      issue.stateReason = 'reopened';
      issue.closedAt = null;
      issue.closedBy = null;
    }
    issue.updatedAt = now;
    return json(200, context.state.json.issue(issue));
  },
};

const searchIssues: Route = {
  unimplemented: { query: ['advanced_search', 'search_type'] },
  handle(context) {
    let query: IssueQuery;
    try {
      query = parseIssueQuery(String(context.query['q']));
    } catch (e: unknown) {
      if (e instanceof UnsupportedSearch)
        throw notImplemented(e.message.replace(/^the emulator does not implement /, ''));
      throw e;
    }
    const sort = context.query['sort'] as string | undefined;
    if (sort !== undefined && !['created', 'updated', 'comments'].includes(sort)) {
      throw notImplemented(`sort=${sort}`);
    }
    const { store } = context.state;
    const now = store.nowMs();
    const found = store.issues.filter(
      (i) =>
        i.searchableAtMs <= now &&
        matchesIssueQuery(query, {
          repo: i.repo.fullName,
          owner: i.repo.owner,
          isPull: i.pull !== undefined,
          state: i.state,
          title: i.title,
          body: i.body ?? '',
          comments: store.commentsOf(i).map((c) => c.body),
          labels: i.labels,
          author: i.user,
        }),
    );
    if (sort !== undefined) {
      const key = (i: IssueRecord): number =>
        sort === 'comments'
          ? store.commentsOf(i).length
          : Date.parse(sort === 'updated' ? i.updatedAt : i.createdAt);
      const order = context.query['order'] === 'asc' ? 1 : -1;
      found.sort((a, b) => (key(a) - key(b) || a.id - b.id) * order);
    }
    const capped = found.slice(0, SEARCH_RESULT_CAP);
    const perPage = typeof context.query['per_page'] === 'number' ? context.query['per_page'] : 30;
    const page = typeof context.query['page'] === 'number' ? context.query['page'] : 1;
    if ((page - 1) * Math.min(perPage, 100) >= SEARCH_RESULT_CAP) {
      throw new GithubHttpError(422, 'Only the first 1000 search results are available');
    }
    const paged = paginate(capped, context.query, context.requestUrl);
    return json(
      200,
      {
        total_count: found.length,
        incomplete_results: false,
        search_type: 'lexical',
        items: paged.items.map((i) => context.state.json.searchItem(i)),
      },
      paged.headers,
    );
  },
};

export const issueRoutes: Record<string, Route> = {
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': listComments,
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': createComment,
  'GET /repos/{owner}/{repo}/issues/comments/{comment_id}': getComment,
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': updateComment,
  'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions': createCommentReaction,
  'GET /repos/{owner}/{repo}/issues': listIssues,
  'POST /repos/{owner}/{repo}/issues': createIssue,
  'PATCH /repos/{owner}/{repo}/issues/{issue_number}': updateIssue,
  'GET /search/issues': searchIssues,
};

/**
 * A validated request's text field (GitHub's schema allows an integer `title`), or '' when
 * absent; the OpenAPI check has already refused other types.
 */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return typeof value === 'number' ? String(value) : '';
}

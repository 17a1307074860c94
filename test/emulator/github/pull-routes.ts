/**
 * Pull requests: get one, list its files (patches from git), create, list and delete (pending)
 * reviews, list and update review comments. A review is all-or-nothing: one comment GitHub would refuse and
 * nothing of it is created; each user has at most one pending review per pull request.
 */
import { anchorComment, type Anchor } from './diff-hunks.ts';
import { notFound, toSentence, unprocessable } from './errors.ts';
import { paginate } from './paging.ts';
import {
  bodyOf,
  checkBodySize,
  intParam,
  json,
  type Route,
  type RouteContext,
} from './route-context.ts';
import type { IssueRecord, PullRecord, ReviewRecord, ReviewState } from './store.ts';

/** GitHub lists at most 3,000 files of a pull request. */
const FILES_CAP = 3000;

const STATE_BY_EVENT: Record<string, ReviewState> = {
  APPROVE: 'APPROVED',
  REQUEST_CHANGES: 'CHANGES_REQUESTED',
  COMMENT: 'COMMENTED',
};

function pullOf(context: RouteContext): IssueRecord & { pull: PullRecord } {
  const { store } = context.state;
  const repo = store.requireRepo(context.params['owner'] ?? '', context.params['repo'] ?? '');
  return store.requirePull(repo, intParam(context, 'pull_number'));
}

const getPull: Route = {
  handle(context) {
    const issue = pullOf(context);
    return json(200, context.state.json.pullRequest(issue, context.state.diffOf(issue)));
  },
};

const listFiles: Route = {
  handle(context) {
    const issue = pullOf(context);
    const files = context.state.diffOf(issue).files.slice(0, FILES_CAP);
    const page = paginate(files, context.query, context.requestUrl);
    return json(
      200,
      page.items.map((f) => context.state.json.diffEntry(issue.repo, issue.pull.headSha, f)),
      page.headers,
    );
  },
};

interface CommentRequest {
  path: string;
  body: string;
  line?: number;
  side?: string;
  start_line?: number;
  start_side?: string;
  position?: number;
}

const createReview: Route = {
  handle(context) {
    const issue = pullOf(context);
    const { store } = context.state;
    const body = bodyOf(context);
    const login = context.actor.login;
    const event = body['event'] as string | undefined;
    const text = typeof body['body'] === 'string' ? body['body'] : '';
    const comments = (body['comments'] as CommentRequest[] | undefined) ?? [];

    // Also when this review would not be pending (max-sixty/tend#1171, checked live).
    if (store.reviewsOf(issue).some((r) => r.state === 'PENDING' && sameLogin(r.user, login))) {
      throw unprocessable('User can only have one pending review per pull request');
    }
    if (sameLogin(issue.user, login) && event === 'APPROVE') {
      throw unprocessable('Can not approve your own pull request');
    }
    if (sameLogin(issue.user, login) && event === 'REQUEST_CHANGES') {
      throw unprocessable('Can not request changes on your own pull request');
    }
    // GitHub needs a body for these unless inline comments carry the review (hubtty/hubtty#128).
    if (
      (event === 'COMMENT' || event === 'REQUEST_CHANGES') &&
      text.trim() === '' &&
      comments.length === 0
    ) {
      throw unprocessable(`Body can't be blank when the event is ${event}`);
    }
    checkBodySize(context.state, text, 'PullRequestReview');

    const commitId = typeof body['commit_id'] === 'string' ? body['commit_id'] : issue.pull.headSha;
    const headDiff = context.state.diffOf(issue);
    if (!headDiff.commits.includes(commitId)) {
      throw unprocessable('Commit is not part of the pull request');
    }
    const diff = commitId === issue.pull.headSha ? headDiff : context.state.diffOf(issue, commitId);

    // Every comment is checked before anything is stored: one refusal and the review is not made.
    const anchored: Array<{ request: CommentRequest; anchor: Anchor }> = [];
    for (const request of comments) {
      checkBodySize(context.state, request.body, 'PullRequestReviewComment');
      const file = diff.files.find((f) => f.filename === request.path);
      const result = anchorComment(file?.hunks, {
        line: request.line,
        side: request.side,
        startLine: request.start_line,
        startSide: request.start_side,
        position: request.position,
      });
      // GitHub's error does not say which comment it refused (QwenLM/qwen-code#6711).
      if (!result.ok) throw unprocessable(toSentence(result.messages));
      anchored.push({ request, anchor: result.anchor });
    }

    const now = store.timestamp();
    const state: ReviewState =
      event === undefined ? 'PENDING' : (STATE_BY_EVENT[event] ?? 'COMMENTED');
    const review: ReviewRecord = {
      id: store.nextId('review'),
      issue,
      user: login,
      body: text,
      state,
      commitId,
      submittedAt: state === 'PENDING' ? null : now,
    };
    store.reviews.set(review.id, review);
    for (const { request, anchor } of anchored) {
      const id = store.nextId('reviewComment');
      store.reviewComments.set(id, {
        id,
        review,
        path: request.path,
        body: request.body,
        line: anchor.line,
        side: anchor.side,
        startLine: anchor.startLine,
        startSide: anchor.startSide,
        position: anchor.position,
        commitId,
        diffHunk: anchor.diffHunk,
        createdAt: now,
        updatedAt: now,
        reactions: [],
      });
    }
    if (state !== 'PENDING') issue.updatedAt = now;
    return json(200, context.state.json.review(review));
  },
};

const listReviews: Route = {
  handle(context) {
    const issue = pullOf(context);
    // A pending review is seen by its author only (mfittko/dev-loops#1974).
    const reviews = context.state.store
      .reviewsOf(issue)
      .filter((r) => r.state !== 'PENDING' || sameLogin(r.user, context.actor.login))
      .sort((a, b) => a.id - b.id);
    const page = paginate(reviews, context.query, context.requestUrl);
    return json(
      200,
      page.items.map((r) => context.state.json.review(r)),
      page.headers,
    );
  },
};

/**
 * Deletes a pending review and its comments (the only kind GitHub lets one delete). A review
 * someone else is writing is not seen (404), as listing does not show it; a submitted one
 * answers 422 (the emulator's wording).
 */
const deletePendingReview: Route = {
  handle(context) {
    const issue = pullOf(context);
    const { store } = context.state;
    const review = store.reviews.get(intParam(context, 'review_id'));
    if (
      !review ||
      review.issue !== issue ||
      (review.state === 'PENDING' && !sameLogin(review.user, context.actor.login))
    ) {
      throw notFound();
    }
    if (review.state !== 'PENDING') {
      throw unprocessable('Can not delete a non-pending pull request review');
    }
    const answer = context.state.json.review(review);
    for (const comment of store.reviewCommentsOf(issue)) {
      if (comment.review === review) store.reviewComments.delete(comment.id);
    }
    store.reviews.delete(review.id);
    return json(200, answer);
  },
};

const listReviewComments: Route = {
  handle(context) {
    const issue = pullOf(context);
    const sort = (context.query['sort'] as string | undefined) ?? 'created';
    // `direction` is ignored without `sort`; both default to oldest first.
    const direction =
      context.query['sort'] === undefined
        ? 'asc'
        : ((context.query['direction'] as string | undefined) ?? 'asc');
    const after =
      typeof context.query['since'] === 'string' ? Date.parse(context.query['since']) : undefined;
    const key = (c: { id: number; updatedAt: string }): number =>
      sort === 'updated' ? Date.parse(c.updatedAt) : c.id;
    const comments = context.state.store
      .reviewCommentsOf(issue)
      .filter((c) => c.review.state !== 'PENDING')
      .filter((c) => after === undefined || Date.parse(c.updatedAt) >= after)
      .sort((a, b) => (key(a) - key(b) || a.id - b.id) * (direction === 'desc' ? -1 : 1));
    const page = paginate(comments, context.query, context.requestUrl);
    return json(
      200,
      page.items.map((c) => context.state.json.reviewComment(c)),
      page.headers,
    );
  },
};

const updateReviewComment: Route = {
  handle(context) {
    const { store } = context.state;
    const repo = store.requireRepo(context.params['owner'] ?? '', context.params['repo'] ?? '');
    const comment = store.requireReviewComment(repo, intParam(context, 'comment_id'));
    const text = String(bodyOf(context)['body']);
    checkBodySize(context.state, text, 'PullRequestReviewComment');
    comment.body = text;
    comment.updatedAt = store.timestamp();
    return json(200, context.state.json.reviewComment(comment));
  },
};

function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export const pullRoutes: Record<string, Route> = {
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': getPull,
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': listFiles,
  'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews': createReview,
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews': listReviews,
  'DELETE /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}': deletePendingReview,
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments': listReviewComments,
  'PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}': updateReviewComment,
};

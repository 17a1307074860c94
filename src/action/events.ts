/**
 * Which events the step runs on, and what each needs, checked before any request. Pull
 * requests get the built-in review prompt (or each reviewer's); `schedule`,
 * `workflow_dispatch` and `push` need the prompts given; `pull_request_target` runs on a head
 * from a fork only when `allow-fork-prs` says so. An `issue_comment` runs the team on its pull
 * request only for a new comment that starts with `trigger-phrase`, from someone with write
 * access; any other comment is skipped, which is no error: the step stays green. Pure.
 */
import type { ReviewContext } from './context.js';
import { Input } from './constants.js';
import type { Inputs } from './inputs.js';
import { entryWhere } from './reviewer-entries.js';

/** The events the step runs on. */
export const SUPPORTED_EVENTS = [
  'pull_request',
  'pull_request_target',
  'issue_comment',
  'schedule',
  'workflow_dispatch',
  'push',
] as const;

/** The activity types of a pull request that are reviewed: those that bring new code to see. */
export const PULL_REQUEST_ACTIONS: readonly string[] = [
  'opened',
  'synchronize',
  'reopened',
  'ready_for_review',
];

/**
 * The `author_association`s that may start a review with a comment: those with write access
 * to the repository. Anyone else (`CONTRIBUTOR`, `NONE`...) could otherwise spend the
 * repository's Fly and Claude budget, on code of their own.
 */
export const TRIGGER_ASSOCIATIONS: readonly string[] = ['OWNER', 'MEMBER', 'COLLABORATOR'];

/**
 * True on the events that review a pull request: the pull request events, and a comment on a
 * pull request (whose head is read through the API, see comment-trigger.ts).
 */
export function isPullRequestEvent(context: ReviewContext): boolean {
  return (
    context.event === 'pull_request' ||
    context.event === 'pull_request_target' ||
    (context.event === 'issue_comment' && context.comment?.onPullRequest === true)
  );
}

/**
 * True on the events whose workflow runs with the base repository's token and secrets while
 * the reviewer runs the pull request's code: on a head from a fork that is a "pwn request".
 */
export function runsWithBaseSecrets(context: ReviewContext): boolean {
  return context.event === 'pull_request_target' || context.event === 'issue_comment';
}

/**
 * What {@link checkEvent} decided. `run: false` is an event the step deliberately leaves
 * alone (a comment that is not a trigger): main.ts shows `notice` and ends green, starting no
 * machine. A misconfiguration is not a decision but an Error.
 */
export type EventDecision =
  { readonly run: true } | { readonly run: false; readonly notice: string };

const RUN: EventDecision = { run: true };

/**
 * Decides whether the step runs on `context`'s event with `inputs`. Throws, naming the event
 * and what to change, unless it can: a supported event; on a pull request event, a pull
 * request in the payload, a reviewed activity type, and a head from a fork only with
 * `allow-fork-prs` on `pull_request_target`; on the others, a commit (not a push that deleted
 * its ref) and a prompt for every reviewer. An `issue_comment` that is not a trigger (see
 * {@link checkCommentEvent}) is skipped with a notice.
 */
export function checkEvent(
  inputs: Pick<Inputs, 'reviewers' | 'allowForkPrs' | 'triggerPhrase'>,
  context: ReviewContext,
): EventDecision {
  const name = context.eventName || 'unknown';
  if (context.event === 'other') {
    throw new Error(
      `Event '${name}' is not supported: flaude-action runs on ${SUPPORTED_EVENTS.join(', ')}.`,
    );
  }
  if (context.event === 'issue_comment') return checkCommentEvent(inputs, context, name);
  if (isPullRequestEvent(context)) {
    checkPullRequestEvent(inputs, context, name);
    return RUN;
  }
  if (context.refDeleted) {
    throw new Error(`This push deleted ${context.ref || 'its ref'}: there is no commit to review.`);
  }
  for (const reviewer of inputs.reviewers) {
    if (reviewer.prompt !== undefined) continue;
    const what =
      reviewer.entry === undefined
        ? `Input '${Input.Prompt}' is required`
        : `${entryWhere(reviewer.entry, reviewer.name)} needs a 'prompt'`;
    throw new Error(
      `${what} on '${name}' events; the built-in review prompt only applies to ` +
        'pull_request and pull_request_target.',
    );
  }
  return RUN;
}

/**
 * An `issue_comment` runs the team when it is new (`created`: an edit would start a second
 * review of the same request), on a pull request, starts with `trigger-phrase` as a word of
 * its own (`/reviewer` is not `/review`) and comes from an author in
 * {@link TRIGGER_ASSOCIATIONS}; anything else is skipped. The comment's text is never quoted:
 * it is anyone's. Once the pull request's head is known (`context.pullRequest`, read through
 * the API), a head from a fork needs `allow-fork-prs`, as on `pull_request_target`.
 */
function checkCommentEvent(
  inputs: Pick<Inputs, 'allowForkPrs' | 'triggerPhrase'>,
  context: ReviewContext,
  name: string,
): EventDecision {
  const comment = context.comment;
  if (!comment) {
    throw new Error(`The '${name}' event payload has no issue comment: nothing to check.`);
  }
  if (context.action !== undefined && context.action !== 'created') {
    return skip(`A comment that was ${context.action} does not start a review; a new one does.`);
  }
  if (!comment.onPullRequest) {
    return skip(`#${comment.issueNumber} is an issue, not a pull request: nothing to review.`);
  }
  if (!startsWithPhrase(comment.body, inputs.triggerPhrase)) {
    return skip(
      `The comment on #${comment.issueNumber} does not start with '${inputs.triggerPhrase}' ` +
        `(input '${Input.TriggerPhrase}'): no review.`,
    );
  }
  if (!TRIGGER_ASSOCIATIONS.includes(comment.authorAssociation)) {
    return skip(
      `'${inputs.triggerPhrase}' from @${comment.authorLogin} is ignored: their ` +
        `author_association is ${comment.authorAssociation}, and only ` +
        `${TRIGGER_ASSOCIATIONS.join(', ')} can start a review.`,
    );
  }
  const pr = context.pullRequest;
  if (pr?.fork && !inputs.allowForkPrs) {
    throw forkRefused(pr.number, name);
  }
  return RUN;
}

/** `body` starts (after blank space) with `phrase`, followed by blank space or nothing. */
export function startsWithPhrase(body: string, phrase: string): boolean {
  const text = body.trimStart();
  if (!text.startsWith(phrase)) return false;
  const next = text.charAt(phrase.length);
  return next === '' || /\s/.test(next);
}

function skip(notice: string): EventDecision {
  return { run: false, notice };
}

function forkRefused(number: number, name: string): Error {
  return new Error(
    `Pull request #${number} comes from a fork, and ${name} would run its code ` +
      `with this repository's secrets: set '${Input.AllowForkPrs}: true' to review it anyway ` +
      '(the machine then gets no GitHub token).',
  );
}

function checkPullRequestEvent(
  inputs: Pick<Inputs, 'allowForkPrs'>,
  context: ReviewContext,
  name: string,
): void {
  const pr = context.pullRequest;
  if (!pr) {
    throw new Error(`The '${name}' event payload has no pull_request: no commit to review.`);
  }
  if (context.action !== undefined && !PULL_REQUEST_ACTIONS.includes(context.action)) {
    throw new Error(
      `'${name}' events of type '${context.action}' are not reviewed: flaude-action runs on ` +
        `${PULL_REQUEST_ACTIONS.join(', ')} (set on.${name}.types to those).`,
    );
  }
  if (context.event === 'pull_request_target' && pr.fork && !inputs.allowForkPrs) {
    throw forkRefused(pr.number, name);
  }
}

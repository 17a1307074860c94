/**
 * Which events the step runs on, and what each needs, checked before any request. Pull
 * requests get the built-in review prompt (or each reviewer's); `schedule`,
 * `workflow_dispatch` and `push` need the prompts given; `pull_request_target` runs on a head
 * from a fork only when `allow-fork-prs` says so. Pure.
 */
import type { ReviewContext } from './context.js';
import { Input } from './constants.js';
import type { Inputs } from './inputs.js';
import { entryWhere } from './reviewer-entries.js';

/** The events the step runs on. */
export const SUPPORTED_EVENTS = [
  'pull_request',
  'pull_request_target',
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

/** True on the events whose payload names a pull request to review. */
export function isPullRequestEvent(context: ReviewContext): boolean {
  return context.event === 'pull_request' || context.event === 'pull_request_target';
}

/**
 * Throws, naming the event and what to change, unless the step can run on `context`'s event
 * with `inputs`: a supported event; on a pull request event, a pull request in the payload,
 * a reviewed activity type, and a head from a fork only with `allow-fork-prs` on
 * `pull_request_target`; on the others, a commit (not a push that deleted its ref) and a
 * prompt for every reviewer.
 */
export function checkEvent(
  inputs: Pick<Inputs, 'reviewers' | 'allowForkPrs'>,
  context: ReviewContext,
): void {
  const name = context.eventName || 'unknown';
  if (context.event === 'other') {
    throw new Error(
      `Event '${name}' is not supported: flaude-action runs on ${SUPPORTED_EVENTS.join(', ')}.`,
    );
  }
  if (isPullRequestEvent(context)) {
    checkPullRequestEvent(inputs, context, name);
    return;
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
    throw new Error(
      `Pull request #${pr.number} comes from a fork, and pull_request_target would run its code ` +
        `with this repository's secrets: set '${Input.AllowForkPrs}: true' to review it anyway ` +
        '(the machine then gets no GitHub token).',
    );
  }
}

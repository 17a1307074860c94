// Real webhook payloads from @octokit/webhooks-examples, by event and action.
import { createRequire } from 'node:module';
import type { EventPayloadMap } from '@octokit/webhooks-types';

const require = createRequire(import.meta.url);
const index = require('@octokit/webhooks-examples/api.github.com/index.json') as {
  name: string;
  examples: Record<string, unknown>[];
}[];

/** The first example payload of `event` (with `action`, when given). */
export function webhookPayload(event: string, action?: string): Record<string, unknown> {
  return webhookPayloadWhere(
    event,
    (p) => action === undefined || p.action === action,
    action ? `.${action}` : '',
  );
}

/**
 * The first example payload of `event` that `matches` accepts (e.g. the `push` to a branch,
 * not the one to a tag); `what` names it in the error when there is none.
 */
export function webhookPayloadWhere(
  event: string,
  matches: (payload: Record<string, unknown>) => boolean,
  what = ' that matches',
): Record<string, unknown> {
  const examples = index.find((e) => e.name === event)?.examples ?? [];
  const payload = examples.find(matches);
  if (!payload) throw new Error(`No ${event}${what} example in @octokit/webhooks-examples`);
  return structuredClone(payload);
}

/**
 * The first example payload of `event` (with `action`, when given), typed as the webhook
 * schema types it, for tests that change a field of a real payload.
 */
export function webhookEvent<Name extends keyof EventPayloadMap>(
  event: Name,
  action?: string,
): EventPayloadMap[Name] {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- without it tsc fails: TS2590, a union too complex to represent
  return webhookPayload(event, action) as unknown as EventPayloadMap[Name];
}

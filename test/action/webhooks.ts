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
  const examples = index.find((e) => e.name === event)?.examples ?? [];
  const payload = examples.find((p) => action === undefined || p.action === action);
  if (!payload)
    throw new Error(
      `No ${event}${action ? `.${action}` : ''} example in @octokit/webhooks-examples`,
    );
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

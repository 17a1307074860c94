/**
 * Everything an end-to-end run of the action needs on this machine: a local stand-in for the
 * GitHub repository, the scripted model server, and the Fly emulator whose machines clone from
 * that stand-in and talk to that model. Used by the e2e tests and `npm run demo`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webhookPayload } from '../action/webhooks.ts';
import {
  startAnthropicEmulator,
  type AnthropicEmulator,
  type AnthropicEmulatorOptions,
} from '../emulator/anthropic/index.ts';
import { startFlyEmulator, type FlyEmulator } from '../emulator/fly/index.ts';
import { createFixtureRepo, type FixtureRepo } from './fixture-repo.ts';

export interface World {
  readonly dir: string;
  readonly repo: FixtureRepo;
  readonly anthropic: AnthropicEmulator;
  readonly fly: FlyEmulator;
  /** The real `pull_request.opened` payload, pointed at the stand-in repository's commits. */
  pullRequestEvent(): { name: string; payload: Record<string, unknown> };
  stop(): Promise<void>;
}

export async function startWorld(
  opts: { flyToken?: string; anthropic?: AnthropicEmulatorOptions } = {},
): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'flaude-world-'));
  const repo = createFixtureRepo(dir);
  const anthropic = await startAnthropicEmulator(opts.anthropic);
  const fly = await startFlyEmulator({
    ...(opts.flyToken ? { token: opts.flyToken } : {}),
    anthropicUrl: anthropic.url,
    gitRewrites: { 'https://github.com/': `file://${repo.githubRoot}` },
  });
  return {
    dir,
    repo,
    anthropic,
    fly,
    pullRequestEvent() {
      const payload = webhookPayload('pull_request', 'opened');
      const pr = payload.pull_request as {
        head: { sha: string };
        base: { sha: string; ref: string };
      };
      pr.head.sha = repo.headSha;
      pr.base.sha = repo.baseSha;
      pr.base.ref = repo.baseRef;
      return { name: 'pull_request', payload };
    },
    async stop() {
      await fly.stop();
      await anthropic.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

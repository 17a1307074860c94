/**
 * Starts the Fly emulator and the scripted Anthropic API together, for workflows and manual
 * runs: prints one JSON line `{flyApiUrl, flyLogsUrl, flyToken, anthropicUrl}` once both
 * listen, and stops both (destroying every emulated machine) on SIGINT/SIGTERM.
 *
 *   node_modules/.bin/node scripts/emulators.ts [--git-rewrite https://github.com/=file:///path/]
 */
import { parseArgs } from 'node:util';
import { startAnthropicEmulator } from '../test/emulator/anthropic/index.ts';
import { startFlyEmulator } from '../test/emulator/fly/index.ts';

const { values } = parseArgs({
  options: {
    'git-rewrite': { type: 'string', multiple: true, default: [] },
    token: { type: 'string' },
  },
});

const gitRewrites: Record<string, string> = {};
for (const rule of values['git-rewrite'] ?? []) {
  const at = rule.indexOf('=');
  if (at <= 0) throw new Error(`--git-rewrite wants FROM=TO, got ${JSON.stringify(rule)}`);
  gitRewrites[rule.slice(0, at)] = rule.slice(at + 1);
}

const anthropic = await startAnthropicEmulator();
const fly = await startFlyEmulator({
  anthropicUrl: anthropic.url,
  gitRewrites,
  ...(values.token ? { token: values.token } : {}),
});
process.stdout.write(
  `${JSON.stringify({ flyApiUrl: fly.url, flyLogsUrl: fly.logsUrl, flyToken: fly.token, anthropicUrl: anthropic.url })}\n`,
);

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await fly.stop();
  await anthropic.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

/**
 * Starts the Fly emulator, the scripted Anthropic API and the GitHub API emulator together,
 * for workflows and manual runs: prints one JSON line `{flyApiUrl, flyLogsUrl, flyToken,
 * anthropicUrl, githubApiUrl, githubToken}` once all listen, and stops them (destroying every
 * emulated machine) on SIGINT/SIGTERM.
 *
 *   node_modules/.bin/node scripts/emulators.ts [--git-rewrite https://github.com/=file:///path/]
 *     [--github-repo OWNER/NAME=GITDIR]
 *     [--pull-request NUMBER:BASE_REF:BASE_SHA:HEAD_REF:HEAD_SHA]   (on the --github-repo)
 */
import { parseArgs } from 'node:util';
import { startAnthropicEmulator } from '../test/emulator/anthropic/index.ts';
import { startFlyEmulator } from '../test/emulator/fly/index.ts';
import { startGithubEmulator, type GithubEmulator } from '../test/emulator/github/index.ts';

const { values } = parseArgs({
  options: {
    'git-rewrite': { type: 'string', multiple: true, default: [] },
    token: { type: 'string' },
    'github-repo': { type: 'string' },
    'pull-request': { type: 'string' },
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
const github = await startGithub(values['github-repo'], values['pull-request']);
process.stdout.write(
  `${JSON.stringify({
    flyApiUrl: fly.url,
    flyLogsUrl: fly.logsUrl,
    flyToken: fly.token,
    anthropicUrl: anthropic.url,
    githubApiUrl: github.url,
    githubToken: github.token,
  })}\n`,
);

/** The GitHub emulator, holding the repository (and its pull request) when they are given. */
async function startGithub(
  repoSpec: string | undefined,
  pullSpec: string | undefined,
): Promise<GithubEmulator> {
  if (repoSpec === undefined) {
    if (pullSpec !== undefined) throw new Error('--pull-request needs --github-repo');
    return startGithubEmulator();
  }
  const match = /^([^/=]+)\/([^/=]+)=(.+)$/.exec(repoSpec);
  if (!match)
    throw new Error(`--github-repo wants OWNER/NAME=GITDIR, got ${JSON.stringify(repoSpec)}`);
  const [, owner = '', name = '', gitDir = ''] = match;
  const emulator = await startGithubEmulator({ repos: [{ owner, name, gitDir }] });
  if (pullSpec !== undefined) {
    const [number, baseRef, baseSha, headRef, headSha] = pullSpec.split(':');
    if (!number || !baseRef || !baseSha || !headRef || !headSha || !/^\d+$/.test(number)) {
      throw new Error(
        `--pull-request wants NUMBER:BASE_REF:BASE_SHA:HEAD_REF:HEAD_SHA, got ${JSON.stringify(pullSpec)}`,
      );
    }
    emulator.addPullRequest(`${owner}/${name}`, {
      number: Number(number),
      baseRef,
      baseSha,
      headRef,
      headSha,
    });
  }
  return emulator;
}

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await fly.stop();
  await anthropic.stop();
  await github.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

// The image tier: what the built reviewer image holds, asked of the image itself.
import { readFileSync } from 'node:fs';
import { describe, expect, inject, test } from 'vitest';
import { podmanSync } from '../emulator/fly/container-runner.ts';

const IMAGE = inject('reviewerImage');
const pinned = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    devDependencies: Record<string, string>;
  }
).devDependencies['@anthropic-ai/claude-code'];

/** Runs `script` with bash in a fresh container of the image; stdout and exit status. */
function inImage(script: string): { status: number | null; stdout: string } {
  return podmanSync([
    'run',
    '--rm',
    '--network=none',
    '--ulimit',
    'nofile=20000:20000',
    '--ulimit',
    'nproc=4096:4096',
    '--entrypoint',
    'bash',
    IMAGE,
    '-c',
    script,
  ]);
}

describe('the reviewer image', () => {
  test('starts the entrypoint as root, in /workspace', () => {
    const config = podmanSync([
      'image',
      'inspect',
      '--format',
      '{{json .Config.Entrypoint}} user={{.Config.User}} dir={{.Config.WorkingDir}}',
      IMAGE,
    ]);
    expect(config.status).toBe(0);
    expect(config.stdout.trim()).toBe('["/usr/local/bin/entrypoint.sh"] user= dir=/workspace');
  });

  test(`has the tools the entrypoint and reviewers use, and Claude Code ${pinned}`, () => {
    const run = inImage(
      'set -e; git --version; jq --version; gh --version | head -n 1; setpriv --version; ' +
        'timeout --version | head -n 1; curl --version | head -n 1; claude --version',
    );
    expect(run.status, run.stdout).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^git version \d/);
    expect(lines[1]).toMatch(/^jq-\d/);
    expect(lines[2]).toMatch(/^gh version \d/);
    expect(lines[3]).toMatch(/^setpriv from util-linux/);
    expect(lines[4]).toMatch(/^timeout \(GNU coreutils\)/);
    expect(lines[5]).toMatch(/^curl \d/);
    expect(lines.at(-1)).toBe(`${pinned} (Claude Code)`);
  });

  test('has the user claude (uid 1001) owning /workspace, and keeps no npm, Node or apt lists', () => {
    const run = inImage(
      'id claude; stat -c %U /workspace; command -v node npm || echo no-node; ' +
        'ls /var/lib/apt/lists | grep -v -x -e lock -e partial | wc -l; ls -A /root/.npm 2>&1 | head -n 1',
    );
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      'uid=1001(claude) gid=1001(claude) groups=1001(claude)',
      'claude',
      'no-node',
      '0',
      "ls: cannot access '/root/.npm': No such file or directory",
    ]);
  });
});

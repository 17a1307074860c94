// The emulator's CLI: plain Node 24 runs it, it prints one JSON line when listening, serves
// requests, and on SIGTERM stops its machines and exits.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fetch } from 'undici';
import { afterEach, expect, test } from 'vitest';
import { parseCliOptions } from '../cli.ts';
import { REPO_ROOT } from '../index.ts';
import { eventually } from './helpers.ts';

let dir: string | undefined;

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('starts, prints {url, logsUrl, token}, serves, and on SIGTERM kills its machines and exits', async () => {
  dir = mkdtempSync(join(tmpdir(), 'fly-emulator-cli-'));
  const pidFile = join(dir, 'pid');
  const script = join(dir, 'entry.sh');
  writeFileSync(
    script,
    `echo $$ > ${pidFile}\necho "[flaude] up"\nwhile true; do sleep 0.05; done\n`,
  );
  const child = spawn(
    join(REPO_ROOT, 'node_modules/.bin/node'),
    [
      join(REPO_ROOT, 'test/emulator/fly/cli.ts'),
      '--port',
      '0',
      '--token',
      'cli-token',
      '--app',
      'cli-app',
      '--entrypoint',
      script,
      '--git-rewrite',
      'https://github.com/=file:///tmp/repos/',
      '--log-lag-ms',
      '0',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  try {
    const firstLine = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.once('line', resolve);
      child.once('exit', () => reject(new Error('the CLI exited before printing')));
    });
    const info = JSON.parse(firstLine) as { url: string; logsUrl: string; token: string };
    expect(info.token).toBe('cli-token');
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.logsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.logsUrl).not.toBe(info.url);

    const headers = { authorization: 'Bearer cli-token', 'content-type': 'application/json' };
    expect((await fetch(`${info.url}/v1/apps/cli-app`, { headers })).status).toBe(200);
    const created = await fetch(`${info.url}/v1/apps/cli-app/machines`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ config: { image: 'any:1', restart: { policy: 'no' } } }),
    });
    expect(created.status).toBe(200);
    const pid = Number(
      await eventually(
        () => (existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim() || undefined : undefined),
        'the machine pid',
      ),
    );
    expect(alive(pid)).toBe(true);
    const logs = await fetch(`${info.logsUrl}/api/v1/apps/cli-app/logs?next_token=`, { headers });
    expect(logs.status).toBe(200);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(alive(pid)).toBe(false);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('parses flags into emulator options', () => {
  expect(
    parseCliOptions([
      '--port',
      '4280',
      '--anthropic-url',
      'http://127.0.0.1:9999',
      '--git-rewrite',
      'https://github.com/=file:///srv/git/',
      '--git-rewrite',
      'https://gitlab.com/=file:///srv/gl/',
      '--no-rate-limits',
      '--app',
      'a',
      '--app',
      'b',
    ]),
  ).toEqual({
    port: 4280,
    logsPort: 0,
    apps: ['a', 'b'],
    anthropicUrl: 'http://127.0.0.1:9999',
    gitRewrites: {
      'https://github.com/': 'file:///srv/git/',
      'https://gitlab.com/': 'file:///srv/gl/',
    },
    rateLimits: false,
  });
  expect(() => parseCliOptions(['--git-rewrite', 'nonsense'])).toThrow(/FROM=TO/);
  expect(() => parseCliOptions(['--port', 'abc'])).toThrow(/--port/);
});

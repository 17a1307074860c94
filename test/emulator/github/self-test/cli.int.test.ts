// The emulator's CLI: plain Node 24 runs it, it prints one JSON line when listening, serves
// requests with the tokens and repositories it was given, and exits 0 on SIGTERM.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { fetch } from 'undici';
import { expect, test } from 'vitest';
import { parseCliOptions } from '../cli.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

test('starts, prints {url, token}, serves, and exits 0 on SIGTERM', async () => {
  const child = spawn(
    join(REPO_ROOT, 'node_modules/.bin/node'),
    [
      join(REPO_ROOT, 'test/emulator/github/cli.ts'),
      '--port',
      '0',
      '--token',
      'cli-token=cli-bot[bot]',
      '--repo',
      'octo/demo',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  try {
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', () => reject(new Error('the CLI exited before printing')));
    });
    const info = JSON.parse(firstLine) as { url: string; token: string };
    expect(info).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) as unknown,
      token: 'cli-token',
    });

    const created = await fetch(`${info.url}/repos/octo/demo/issues`, {
      method: 'POST',
      headers: { authorization: 'token cli-token', 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'from the CLI' }),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ number: 1, user: { login: 'cli-bot[bot]' } });
    expect((await fetch(`${info.url}/repos/octo/demo/issues`)).status).toBe(401);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('parses flags into emulator options', () => {
  expect(
    parseCliOptions([
      '--port',
      '4281',
      '--token',
      'a=bot[bot]',
      '--token',
      'b=reader:read',
      '--repo',
      'o/r=/srv/git/o/r.git',
      '--repo',
      'o/plain',
      '--server-url',
      'https://ghe.example.com',
    ]),
  ).toEqual({
    port: 4281,
    tokens: [
      { token: 'a', login: 'bot[bot]', access: 'write' },
      { token: 'b', login: 'reader', access: 'read' },
    ],
    repos: [
      { owner: 'o', name: 'r', gitDir: '/srv/git/o/r.git' },
      { owner: 'o', name: 'plain' },
    ],
    serverUrl: 'https://ghe.example.com',
  });
  expect(() => parseCliOptions(['--token', 'nonsense'])).toThrow(/TOKEN=LOGIN/);
  expect(() => parseCliOptions(['--repo', 'no-slash'])).toThrow(/OWNER\/NAME/);
  expect(() => parseCliOptions(['--port', 'abc'])).toThrow(/--port/);
});

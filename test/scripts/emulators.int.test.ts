// scripts/emulators.ts is what the `action` job of ci.yml starts before `uses: ./`.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { node24, repoRoot } from '../harness/action-run.ts';

test('starts the three emulators, prints their URLs as one JSON line, and stops on SIGTERM', async () => {
  const child = spawn(node24, [join(repoRoot, 'scripts', 'emulators.ts')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
  });
  const urls = JSON.parse(line) as Record<string, string>;
  expect(Object.keys(urls).sort()).toEqual([
    'anthropicUrl',
    'flyApiUrl',
    'flyLogsUrl',
    'flyToken',
    'githubApiUrl',
    'githubToken',
  ]);
  const repo = await fetch(`${urls.githubApiUrl}/repos/absent/absent/issues/1/comments`, {
    headers: { authorization: `token ${urls.githubToken}` },
  });
  expect(repo.status).toBe(404);

  const app = await fetch(`${urls.flyApiUrl}/v1/apps/absent`, {
    headers: { authorization: `Bearer ${urls.flyToken}` },
  });
  expect(app.status).toBe(404);
  const logs = await fetch(`${urls.flyLogsUrl}/api/v1/apps/absent/logs?next_token=`, {
    headers: { authorization: `Bearer ${urls.flyToken}` },
  });
  expect(logs.status).toBe(404);

  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  expect(code).toBe(0);
});

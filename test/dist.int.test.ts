// dist/ is generated: the committed bundle must be exactly what a
// fresh `npm run package` produces, or the action would run code nobody reviewed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { nccBuildArgs } from '../scripts/ncc-args.ts';
import { node24, repoRoot } from './harness/action-run.ts';

const fresh = mkdtempSync(join(tmpdir(), 'flaude-dist-'));
afterAll(() => rmSync(fresh, { recursive: true, force: true }));

test('committed dist/ matches a fresh build', () => {
  const ncc = join(repoRoot, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
  execFileSync(node24, [ncc, ...nccBuildArgs(fresh), '--quiet'], {
    cwd: repoRoot,
    stdio: 'pipe',
  });
  const committed = join(repoRoot, 'dist');
  expect(readdirSync(committed).sort()).toEqual(readdirSync(fresh).sort());
  for (const file of readdirSync(fresh)) {
    const same = readFileSync(join(committed, file)).equals(readFileSync(join(fresh, file)));
    expect(
      same,
      `dist/${file} differs from a fresh build: run \`npm run package\` and commit dist/`,
    ).toBe(true);
  }
});

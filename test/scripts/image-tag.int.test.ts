// scripts/image-tag.ts names what the release workflow publishes: it must be the very tag a
// runner's own build of container/ gets, or a published image would never be found by it.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { hashContainerDir, imageTag } from '../../src/fly/image/hash.ts';
import { node24, repoRoot } from '../harness/action-run.ts';

test("prints the content-hash tag ensureImage gives this checkout's container/", async () => {
  const printed = execFileSync(node24, [join(repoRoot, 'scripts', 'image-tag.ts')], {
    encoding: 'utf8',
  });
  const expected = imageTag(await hashContainerDir(join(repoRoot, 'container')));
  expect(printed).toBe(`${expected}\n`);
  expect(expected).toMatch(/^flaude-[0-9a-f]{16}$/);
});

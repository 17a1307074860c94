// The runner loads dist/index.js on every step; a dependency that sneaks a second HTTP stack
// or an SDK into the bundle shows up here first. `npm run bundle:stats` names the culprit.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { BUNDLE_BUDGET_BYTES } from '../scripts/bundle-composition.ts';
import { repoRoot } from './harness/action-run.ts';

test('committed dist/index.js stays within the bundle budget', () => {
  const bytes = statSync(join(repoRoot, 'dist', 'index.js')).size;
  expect(
    bytes,
    `dist/index.js is ${bytes.toLocaleString('en')} bytes, over the budget of ` +
      `${BUNDLE_BUDGET_BYTES.toLocaleString('en')} bytes (1.5 MiB): run \`npm run bundle:stats\``,
  ).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
});

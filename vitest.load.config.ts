import { defineConfig } from 'vitest/config';

// The action runs on Node 24; so must its tests, however vitest was started.
if (process.versions.node.split('.')[0] !== '24') {
  throw new Error(
    `flaude-action's tests need Node 24 (the node@24 devDependency), not ${process.version}.`,
  );
}

// The load tier: 50 reviewers in one step (`test/load`). `npm test` runs it in a vitest run
// of its own after every other tier, so its 60 Claude Code processes never slow the others.
export default defineConfig({
  test: {
    include: ['test/load/**/*.load.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 900_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

import { defineConfig } from 'vitest/config';

// The action runs on Node 24; so must its tests, however vitest was started.
if (process.versions.node.split('.')[0] !== '24') {
  throw new Error(
    `flaude-action's tests need Node 24 (the node@24 devDependency), not ${process.version}.`,
  );
}

export default defineConfig({
  test: {
    include: ['test/registry/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: false,
  },
});

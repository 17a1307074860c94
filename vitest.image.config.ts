import { defineConfig } from 'vitest/config';

// The action runs on Node 24; so must its tests, however vitest was started.
if (process.versions.node.split('.')[0] !== '24') {
  throw new Error(
    `flaude-action's tests need Node 24 (the node@24 devDependency), not ${process.version}.`,
  );
}

// The image tier: machines are containers of the real reviewer image, built once by
// scripts/build-image.sh (global setup; from its cache when nothing changed).
export default defineConfig({
  test: {
    include: ['test/image/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/image/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});

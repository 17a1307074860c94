import { defineConfig } from 'vitest/config';

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

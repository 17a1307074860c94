import { defineConfig } from 'vitest/config';

// The action runs on Node 24; so must its tests, however vitest was started.
if (process.versions.node.split('.')[0] !== '24') {
  throw new Error(
    `flaude-action's tests need Node 24 (the node@24 devDependency), not ${process.version}.`,
  );
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Registry tests need system packages (a registry and a builder): `npm run test:registry`.
    exclude: ['test/registry/**', 'node_modules/**', 'dist/**'],
    setupFiles: ['test/setup.ts'],
    // Emulated machines run the real entrypoint and Claude Code CLI: seconds, not milliseconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

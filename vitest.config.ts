import { defineConfig } from 'vitest/config';

// The action runs on Node 24; so must its tests, however vitest was started.
if (process.versions.node.split('.')[0] !== '24') {
  throw new Error(
    `flaude-action's tests need Node 24 (the node@24 devDependency), not ${process.version}.`,
  );
}

// Registry tests need system packages (a registry and a builder): `npm run test:registry`;
// image tests the built reviewer image and podman: `npm run test:image`.
const elsewhere = ['test/registry/**', 'test/image/**', 'node_modules/**', 'dist/**'];

// Three tiers, told apart by file suffix (`npm run test:unit`, `test:int`, `test:e2e`):
// - unit, `*.test.ts`: no child process and no socket (undici's MockAgent refuses even
//   loopback); virtual time, so milliseconds each.
// - int, `*.int.test.ts`: servers and emulators on 127.0.0.1 and real processes (the
//   entrypoint, the Claude Code CLI, git, ncc): seconds each.
// - e2e, `*.e2e.test.ts`: the committed dist/index.js run as the runner runs it.
// - faults, `*.fault.test.ts` (`npm run test:faults`): the action under one injected fault
//   each; the project's teardown prints the fault table.
// The load tier (`*.load.test.ts`) has a config of its own, vitest.load.config.ts: `npm test`
// runs it after this one, alone, as its 60 Claude Code processes would slow every other test.
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [
            ...elsewhere,
            'test/**/*.int.test.ts',
            'test/**/*.e2e.test.ts',
            'test/**/*.fault.test.ts',
            'test/**/*.load.test.ts',
          ],
          setupFiles: ['test/setup.ts', 'test/setup.unit.ts'],
          testTimeout: 5_000,
          // Pure tests need no fresh process per file: reusing the workers cuts the tier from
          // ~30 s to ~9 s here. A file that stubs env, mocks or timers restores them itself
          // (vi.unstubAllEnvs / vi.restoreAllMocks in its afterEach), which shuffled runs check.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['test/**/*.int.test.ts'],
          exclude: elsewhere,
          setupFiles: ['test/setup.ts'],
          // Emulated machines run the real entrypoint and Claude Code CLI.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.test.ts'],
          exclude: elsewhere,
          setupFiles: ['test/setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'faults',
          include: ['test/faults/**/*.fault.test.ts'],
          exclude: elsewhere,
          setupFiles: ['test/setup.ts'],
          globalSetup: ['test/faults/global-setup.ts'],
          // A Fly outage longer than a minute is one of the faults.
          testTimeout: 240_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

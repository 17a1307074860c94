// scripts/bundle-stats.ts (`npm run bundle:stats`): what the bundle is made of, by package.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  BUNDLE_BUDGET_BYTES,
  bundleComposition,
  formatComposition,
  packageOf,
  type BundleStats,
} from '../../scripts/bundle-composition.ts';
import { nccBuildArgs } from '../../scripts/ncc-args.ts';
import { repoRoot } from '../harness/action-run.ts';

describe('packageOf', () => {
  test.each([
    ['./node_modules/undici/lib/web/fetch/index.js', 'undici'],
    ['./node_modules/@actions/core/lib/core.js', '@actions/core'],
    ['./node_modules/@actions/core/lib/core.js + 20 modules', '@actions/core'],
    ['./node_modules/a/node_modules/@scope/b/index.js', '@scope/b'],
    ['./node_modules/a/node_modules/c/index.js', 'c'],
    ['./src/action/main.ts', 'flaude-action'],
    ['./src/action/main.ts + 33 modules', 'flaude-action'],
    ['external "node:fs"', '(node/webpack)'],
    ['webpack/runtime/async module', '(node/webpack)'],
  ])('%s belongs to %s', (name, pkg) => {
    expect(packageOf(name)).toBe(pkg);
  });
});

describe('bundleComposition', () => {
  // The shape ncc's --stats-out writes: a concatenated module lists its parts, and each part
  // also appears at the top level as an orphan.
  const stats: BundleStats = {
    modules: [
      {
        name: './node_modules/@actions/core/lib/core.js + 2 modules',
        size: 300,
        modules: [
          { name: './node_modules/@actions/core/lib/core.js', size: 100 },
          { name: './node_modules/@actions/http-client/lib/index.js', size: 150 },
          { name: 'external "os"', size: 50 },
        ],
      },
      { name: './node_modules/@actions/core/lib/core.js', size: 100, orphan: true },
      { name: './node_modules/@actions/http-client/lib/index.js', size: 150, orphan: true },
      { name: './node_modules/undici/index.js', size: 400 },
      { name: './node_modules/undici/lib/api/index.js', size: 200 },
      { name: './src/index.ts', size: 100 },
    ],
  };

  test('adds up bytes per package, largest first, splitting concatenations and skipping orphans', () => {
    expect(bundleComposition(stats, 1000)).toEqual({
      bundleBytes: 1000,
      packages: [
        { name: 'undici', bytes: 600, share: 0.6 },
        { name: '@actions/http-client', bytes: 150, share: 0.15 },
        { name: '@actions/core', bytes: 100, share: 0.1 },
        { name: 'flaude-action', bytes: 100, share: 0.1 },
        { name: '(node/webpack)', bytes: 50, share: 0.05 },
      ],
    });
  });

  test('prints the size against the budget and the top packages with their share of all bytes', () => {
    const report = formatComposition(bundleComposition(stats, 1000), 2);
    expect(report).toBe(
      [
        `index.js: 1,000 bytes (0.00 MiB), 0.1% of the 1.50 MiB budget`,
        'largest 2 packages (bytes before minification):',
        '  undici                      600 bytes   60.0%',
        '  @actions/http-client        150 bytes   15.0%',
      ].join('\n'),
    );
  });

  test("a package's share is of all packages' bytes, not of the (minified) file", () => {
    // The file is smaller than the sum of its sources once minified: the shares still add up.
    const shares = bundleComposition(stats, 400).packages.map((p) => p.share);
    expect(shares[0]).toBeCloseTo(0.6, 10);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  test('leaves node built-ins and webpack runtime out of the top packages', () => {
    const report = formatComposition(bundleComposition(stats, 1000), 5);
    expect(report).not.toContain('(node/webpack)');
    expect(report).toContain('flaude-action');
  });

  test('the budget is 1.5 MiB', () => {
    expect(BUNDLE_BUDGET_BYTES).toBe(1_572_864);
  });
});

test('builds with the same ncc arguments as `npm run package`', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  expect(pkg.scripts.package).toBe(['ncc', ...nccBuildArgs('dist')].join(' '));
});

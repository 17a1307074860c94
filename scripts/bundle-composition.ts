/**
 * What dist/index.js is made of, read from the webpack stats that `ncc build --stats-out`
 * writes: bytes per npm package, so a dependency that doubles the bundle is seen by name.
 */

/**
 * The size dist/index.js must stay under; test/bundle-budget.test.ts enforces it. The bundle
 * is minified; before that, about 0.9 MB is undici, 0.25 MB octokit (`@actions/github` with
 * its retry and throttling plugins), 0.1 MB the YAML parser (js-yaml) of the `reviewers`,
 * `env` and `metadata` inputs, and 0.3 MB the action and the library.
 */
export const BUNDLE_BUDGET_BYTES = 1.5 * 1024 * 1024;

/** The part of a webpack stats module this report reads. */
export interface StatsModule {
  readonly name: string;
  readonly size: number;
  /** Webpack lists a concatenated module's parts both here and as orphans at the top level. */
  readonly orphan?: boolean;
  readonly modules?: readonly StatsModule[];
}

/** The part of webpack's stats JSON this report reads. */
export interface BundleStats {
  readonly modules: readonly StatsModule[];
}

export interface PackageShare {
  /** An npm package name, `flaude-action` for our own source, or `(node/webpack)`. */
  readonly name: string;
  readonly bytes: number;
  /**
   * `bytes` as a fraction of all packages' bytes. Webpack counts a module's bytes before the
   * bundle is minified, so this is each package's share, not a part of the file's size.
   */
  readonly share: number;
}

export interface BundleComposition {
  readonly bundleBytes: number;
  /** Every package, largest first. */
  readonly packages: readonly PackageShare[];
}

const OWN = 'flaude-action';
const RUNTIME = '(node/webpack)';

/**
 * The npm package a webpack module name belongs to: the path segment after the last
 * `node_modules/` (so a nested copy counts under its own name), `flaude-action` for our own
 * files, and `(node/webpack)` for `external "fs"` and webpack's runtime helpers.
 */
export function packageOf(moduleName: string): string {
  const path = moduleName.replace(/ \+ \d+ modules$/, '');
  const at = path.lastIndexOf('node_modules/');
  if (at >= 0) {
    const [scope = '', name = ''] = path.slice(at + 'node_modules/'.length).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  return path.startsWith('./') ? OWN : RUNTIME;
}

/**
 * Adds up the bundled bytes of each package. A concatenated module (`a.js + 20 modules`) is
 * split into its parts, which may come from several packages; orphans are skipped, since
 * their bytes are already inside the concatenation that holds them.
 */
export function bundleComposition(stats: BundleStats, bundleBytes: number): BundleComposition {
  const bytes = new Map<string, number>();
  const add = (m: StatsModule): void => {
    if (m.modules !== undefined && m.modules.length > 0) {
      m.modules.forEach(add);
      return;
    }
    const name = packageOf(m.name);
    bytes.set(name, (bytes.get(name) ?? 0) + m.size);
  };
  stats.modules.filter((m) => m.orphan !== true).forEach(add);
  const total = [...bytes.values()].reduce((sum, b) => sum + b, 0);
  const packages = [...bytes]
    .map(([name, b]) => ({ name, bytes: b, share: total > 0 ? b / total : 0 }))
    .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
  return { bundleBytes, packages };
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;

/**
 * The report `npm run bundle:stats` prints: the bundle against its budget, then the `top`
 * largest packages with their bytes before minification and their share of the bundle.
 */
export function formatComposition(c: BundleComposition, top = 5): string {
  const largest = c.packages.filter((p) => p.name !== RUNTIME).slice(0, top);
  const width = Math.max(...largest.map((p) => p.name.length), 0);
  return [
    `index.js: ${c.bundleBytes.toLocaleString('en')} bytes (${mib(c.bundleBytes)}), ` +
      `${percent(c.bundleBytes / BUNDLE_BUDGET_BYTES)} of the ${mib(BUNDLE_BUDGET_BYTES)} budget`,
    `largest ${largest.length} packages (bytes before minification):`,
    ...largest.map(
      (p) =>
        `  ${p.name.padEnd(width)}  ${p.bytes.toLocaleString('en').padStart(9)} bytes  ` +
        `${percent(p.share).padStart(6)}`,
    ),
  ].join('\n');
}

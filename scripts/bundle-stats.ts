/**
 * `npm run bundle:stats`: builds the bundle exactly as `npm run package` does, but into a
 * temporary folder with webpack's stats beside it (dist/ stays what `npm run package` made),
 * and prints the bundle's size and its largest dependencies.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleComposition, formatComposition, type BundleStats } from './bundle-composition.ts';
import { nccBuildArgs } from './ncc-args.ts';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const ncc = join(repoRoot, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'flaude-bundle-stats-'));
try {
  const out = join(dir, 'dist');
  const statsFile = join(dir, 'stats.json');
  execFileSync(process.execPath, [ncc, ...nccBuildArgs(out), '--quiet', '--stats-out', statsFile], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as BundleStats;
  const bundleBytes = statSync(join(out, 'index.js')).size;
  process.stdout.write(`${formatComposition(bundleComposition(stats, bundleBytes))}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

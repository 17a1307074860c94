/**
 * The arguments `npm run package` gives ncc (package.json's `package` script, which
 * test/scripts/bundle-stats.test.ts holds to this function), for scripts that build the same
 * bundle into another folder.
 */
export function nccBuildArgs(outDir: string): string[] {
  return [
    'build',
    'src/index.ts',
    // Minified: the runner parses the bundle on every step. What it holds is still checked:
    // test/dist.int.test.ts rebuilds it from the source and compares.
    '--minify',
    '--out',
    outDir,
    '--license',
    'licenses.txt',
    '--target',
    'es2024',
  ];
}

// The action runs on the runner's Node 24 (action.yml `runs.using: node24`), so the
// project tests and bundles on Node 24 too. npm scripts get it from the `node@24`
// devDependency, whose binary npm puts first on PATH; anything else is a broken setup.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  console.error(
    `flaude-action needs Node 24, but this script runs on ${process.version}.\n` +
      'Run it through npm (npm test, npm run ...) after a plain `npm ci`, which installs the\n' +
      'node@24 devDependency; `npm ci --ignore-scripts` skips its binary and must not be used.',
  );
  process.exit(1);
}

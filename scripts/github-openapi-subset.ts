/**
 * `npm run generate:github-openapi`: rewrites test/emulator/github/api.github.com.subset.json
 * from GitHub's own OpenAPI description of api.github.com, as published in `@octokit/openapi`.
 *
 * The package is 404 MB unpacked (every GHES version, plain and dereferenced), too heavy for a
 * devDependency, so this fetches its tarball with `npm pack` into a temporary directory, reads
 * `generated/api.github.com.json` (13 MB) and keeps only the operations the emulator routes
 * and the components they reference. The unit test beside the emulator fails when a route is
 * added without running this again.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { IMPLEMENTED_OPERATIONS } from '../test/emulator/github/routes.ts';
import { GITHUB_OPENAPI_SOURCE, GITHUB_OPENAPI_SUBSET } from '../test/emulator/github/spec-file.ts';
import {
  subsetOpenApi,
  unresolvedRefs,
  type OpenApiDocument,
} from '../test/emulator/github/spec-subset.ts';

const { packageName, version, file } = GITHUB_OPENAPI_SOURCE;

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'github-openapi-'));
try {
  execFileSync(
    'npm',
    ['pack', `${packageName}@${version}`, '--pack-destination', scratch, '--silent'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const tarball = readdirSync(scratch).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack left no tarball in ${scratch}`);
  execFileSync('tar', ['-xzf', join(scratch, tarball), '-C', scratch, `package/${file}`]);
  const full = JSON.parse(readFileSync(join(scratch, 'package', file), 'utf8')) as OpenApiDocument;

  const subset = subsetOpenApi(full, IMPLEMENTED_OPERATIONS, GITHUB_OPENAPI_SOURCE);
  const dangling = unresolvedRefs(subset);
  if (dangling.length > 0)
    throw new Error(`the subset has unresolved $refs: ${dangling.join(', ')}`);

  const prettierOptions = await resolveConfig(GITHUB_OPENAPI_SUBSET);
  const text = await format(JSON.stringify(subset), {
    ...prettierOptions,
    filepath: GITHUB_OPENAPI_SUBSET,
  });
  writeFileSync(GITHUB_OPENAPI_SUBSET, text);
  process.stdout.write(
    `wrote ${relative(repoRoot, GITHUB_OPENAPI_SUBSET)}: ${IMPLEMENTED_OPERATIONS.length} operations, ` +
      `${Buffer.byteLength(text)} bytes, from ${packageName}@${version} ${file}\n`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

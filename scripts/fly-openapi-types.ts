/**
 * src/fly/api/fly-openapi.ts from Fly's Machines API OpenAPI file: openapi-typescript turns
 * the spec into types, prettier formats them as the rest of the source is, and a header says
 * the file is generated. test/fly/api/fly-openapi.test.ts regenerates it and compares.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

/** The spec the Fly emulator validates every request against, so types and emulator agree. */
export const FLY_OPENAPI_SPEC = join(repoRoot, 'test', 'emulator', 'fly', 'machines-openapi.json');
/** The generated module, committed. */
export const FLY_OPENAPI_TYPES = join(repoRoot, 'src', 'fly', 'api', 'fly-openapi.ts');

const generatorVersion = (
  JSON.parse(
    readFileSync(join(repoRoot, 'node_modules', 'openapi-typescript', 'package.json'), 'utf8'),
  ) as { version: string }
).version;

const header = (spec: OpenAPI3): string =>
  [
    '/**',
    ` * Generated from ${relative(repoRoot, FLY_OPENAPI_SPEC)} (Fly's Machines API,`,
    ` * OpenAPI ${spec.openapi}) by openapi-typescript ${generatorVersion}. Do not edit: change the`,
    ' * spec, then run `npm run generate:fly-types`; a test fails when this file differs from a',
    ' * fresh run.',
    ' * src/fly/api/api-types.ts names the parts flaude uses.',
    ' */',
    '',
    '',
  ].join('\n');

/** The text src/fly/api/fly-openapi.ts must have for the committed spec. */
export async function generateFlyOpenApiTypes(): Promise<string> {
  const spec = JSON.parse(readFileSync(FLY_OPENAPI_SPEC, 'utf8')) as OpenAPI3;
  // The parsed object, not the path: nothing is resolved or fetched beyond this one file.
  const ast = await openapiTS(spec, { silent: true });
  const prettierOptions = await resolveConfig(FLY_OPENAPI_TYPES);
  return format(header(spec) + astToString(ast), {
    ...prettierOptions,
    filepath: FLY_OPENAPI_TYPES,
  });
}

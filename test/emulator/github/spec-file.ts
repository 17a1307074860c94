/**
 * Where the emulator's OpenAPI description lives and what it was cut from. Bump `version`,
 * run `npm run generate:github-openapi`, commit both: the subset test compares the two.
 */
import { fileURLToPath } from 'node:url';
import type { SubsetSource } from './spec-subset.ts';

/** GitHub's description of api.github.com, as `@octokit/openapi` publishes it. */
export const GITHUB_OPENAPI_SOURCE: SubsetSource = {
  packageName: '@octokit/openapi',
  version: '23.0.2',
  file: 'generated/api.github.com.json',
};

/** The committed subset every request and response is validated against. */
export const GITHUB_OPENAPI_SUBSET = fileURLToPath(
  new URL('./api.github.com.subset.json', import.meta.url),
);

/**
 * The route table: one handler per operation of GitHub's description the emulator implements,
 * keyed `METHOD /template`. The committed description subset holds exactly these operations
 * (`npm run generate:github-openapi` reads this table).
 */
import { issueRoutes } from './issue-routes.ts';
import { pullRoutes } from './pull-routes.ts';
import type { Route } from './route-context.ts';
import { runRoutes } from './run-routes.ts';

export const ROUTES: Readonly<Record<string, Route>> = {
  ...issueRoutes,
  ...pullRoutes,
  ...runRoutes,
};

/** `METHOD /template` of every implemented operation, sorted. */
export const IMPLEMENTED_OPERATIONS: readonly string[] = Object.keys(ROUTES).sort();

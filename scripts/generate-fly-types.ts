/**
 * `npm run generate:fly-types`: rewrites src/fly/api/fly-openapi.ts from the Machines API
 * OpenAPI file in test/emulator/fly/.
 */
import { writeFileSync } from 'node:fs';
import { FLY_OPENAPI_TYPES, generateFlyOpenApiTypes } from './fly-openapi-types.ts';

writeFileSync(FLY_OPENAPI_TYPES, await generateFlyOpenApiTypes());
process.stdout.write(`wrote ${FLY_OPENAPI_TYPES}\n`);

// src/fly/api/fly-openapi.ts is generated from the Machines API OpenAPI file the Fly emulator
// validates requests against: the committed types must be what a fresh generation produces,
// or the library would be typed against a spec nobody has.
import { readFileSync } from 'node:fs';
import { expect, expectTypeOf, test } from 'vitest';
import {
  FLY_OPENAPI_SPEC,
  FLY_OPENAPI_TYPES,
  generateFlyOpenApiTypes,
} from '../../../scripts/fly-openapi-types.ts';
import type {
  FlyApp,
  FlyCreateMachineRequest,
  FlyMachine,
  FlyMachineConfig,
} from '../../../src/fly/api/api-types.ts';
import type { components } from '../../../src/fly/api/fly-openapi.ts';

type Schemas = components['schemas'];

test('the spec is OpenAPI 3, which openapi-typescript reads', () => {
  const spec = JSON.parse(readFileSync(FLY_OPENAPI_SPEC, 'utf8')) as { openapi?: string };
  expect(spec.openapi).toMatch(/^3\./);
});

test('committed src/fly/api/fly-openapi.ts matches a fresh generation', async () => {
  const fresh = await generateFlyOpenApiTypes();
  expect(fresh).toContain("'fly.MachineConfig': {");
  expect(
    readFileSync(FLY_OPENAPI_TYPES, 'utf8') === fresh,
    'src/fly/api/fly-openapi.ts differs from the spec: run `npm run generate:fly-types`',
  ).toBe(true);
});

// Checked by the typecheck: the library's names are the spec's schemas, not a parallel copy.
test('api-types take their fields from the generated schemas', () => {
  expectTypeOf<FlyMachineConfig['restart']>().toEqualTypeOf<
    Schemas['fly.MachineRestart'] | undefined
  >();
  expectTypeOf<FlyMachineConfig['stop_config']>().toEqualTypeOf<
    Schemas['fly.StopConfig'] | undefined
  >();
  expectTypeOf<FlyCreateMachineRequest['region']>().toEqualTypeOf<string | undefined>();
  expectTypeOf<FlyMachine['image_ref']>().toEqualTypeOf<Schemas['ImageRef'] | undefined>();
  expectTypeOf<FlyMachine['id']>().toEqualTypeOf<string>();
  expectTypeOf<FlyApp['organization']>().toEqualTypeOf<
    Schemas['AppOrganizationInfo'] | undefined
  >();
});

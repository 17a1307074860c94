// The committed OpenAPI subset: cut from the recorded @octokit/openapi release, consistent
// (every $ref resolves), holding exactly the operations the emulator routes (a route added
// without `npm run generate:github-openapi` fails here), and usable by the validator.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { OpenApiValidator, toJsonSchema } from '../openapi-validator.ts';
import { IMPLEMENTED_OPERATIONS } from '../routes.ts';
import { GITHUB_OPENAPI_SOURCE, GITHUB_OPENAPI_SUBSET } from '../spec-file.ts';
import {
  operationKeys,
  subsetOpenApi,
  unresolvedRefs,
  type OpenApiDocument,
} from '../spec-subset.ts';

const subset = JSON.parse(readFileSync(GITHUB_OPENAPI_SUBSET, 'utf8')) as OpenApiDocument;

describe('the committed subset', () => {
  test('records the package release it was cut from', () => {
    const { packageName, version, file } = GITHUB_OPENAPI_SOURCE;
    expect(subset.info['x-subset-of']).toBe(`${packageName}@${version} ${file}`);
    expect(subset.info['version']).toBe(version);
  });

  test('every $ref resolves inside it', () => {
    expect(unresolvedRefs(subset)).toEqual([]);
  });

  test('holds exactly the operations the emulator routes', () => {
    expect(operationKeys(subset)).toEqual([...IMPLEMENTED_OPERATIONS]);
    expect(IMPLEMENTED_OPERATIONS).toHaveLength(17);
  });

  test('the validator knows every operation and refuses a response missing required fields', () => {
    const validator = new OpenApiValidator(GITHUB_OPENAPI_SUBSET);
    expect(validator.operationKeys().sort()).toEqual([...IMPLEMENTED_OPERATIONS]);
    const match = validator.validateRequest({
      method: 'GET',
      path: '/repos/o/r/issues/1/comments',
      query: new URLSearchParams(),
      rawBody: '',
    });
    if (!match.ok) throw new Error(match.reasons.join('; '));
    expect(validator.validateResponse(match.operation, 200, [{ id: 1 }])).toEqual(
      expect.arrayContaining(["/0 must have required property 'node_id'"]),
    );
    expect(validator.validateResponse(match.operation, 200, [])).toEqual([]);
  });

  test('every documented JSON response of every operation compiles', () => {
    const validator = new OpenApiValidator(GITHUB_OPENAPI_SUBSET);
    let compiled = 0;
    for (const key of IMPLEMENTED_OPERATIONS) {
      const [method = '', template = ''] = key.split(' ');
      const operation = { method, template, key, pathParams: {}, documentationUrl: '' };
      const responses = (
        subset.paths[template]?.[method.toLowerCase()] as {
          responses: Record<string, unknown>;
        }
      ).responses;
      for (const status of Object.keys(responses)) {
        expect(() => validator.validateResponse(operation, Number(status), {})).not.toThrow();
        compiled++;
      }
    }
    expect(compiled).toBeGreaterThan(40);
  });
});

describe('subsetOpenApi', () => {
  const full: OpenApiDocument = {
    openapi: '3.0.3',
    info: { title: 'x', version: '1' },
    paths: {
      '/a': {
        get: {
          responses: {
            '200': {
              content: {
                'application/json': {
                  schema: { $ref: '#/components/schemas/a' },
                  examples: { default: { $ref: '#/components/examples/big' } },
                },
              },
            },
          },
        },
        post: { responses: { '201': { $ref: '#/components/responses/unused' } } },
      },
      '/b': { get: { responses: {} } },
    },
    components: {
      schemas: {
        a: { type: 'object', properties: { b: { $ref: '#/components/schemas/b' } } },
        b: { type: 'string' },
        lonely: { type: 'integer' },
      },
      examples: { big: { value: 'x' } },
      responses: { unused: { description: 'u' } },
    },
  };
  const source = { packageName: 'pkg', version: '1.2.3', file: 'f.json' };

  test('keeps the operations asked for and the transitive closure of their refs, no examples', () => {
    const cut = subsetOpenApi(full, ['GET /a'], source);
    expect(operationKeys(cut)).toEqual(['GET /a']);
    expect(cut.components).toEqual({
      schemas: {
        a: { type: 'object', properties: { b: { $ref: '#/components/schemas/b' } } },
        b: { type: 'string' },
      },
    });
    expect(JSON.stringify(cut.paths)).not.toContain('examples');
    expect(cut.info['x-subset-of']).toBe('pkg@1.2.3 f.json');
    expect(unresolvedRefs(cut)).toEqual([]);
  });

  test('an operation the description lacks is an error naming it', () => {
    expect(() => subsetOpenApi(full, ['DELETE /a'], source)).toThrow('DELETE /a');
  });

  test('unresolvedRefs names a dangling reference', () => {
    const broken = { ...full, components: {} };
    expect(unresolvedRefs(broken)).toContain('#/components/schemas/a');
  });
});

describe('toJsonSchema', () => {
  test.each([
    [{ type: 'string', nullable: true }, { type: ['string', 'null'] }],
    [
      { type: 'string', enum: ['a'], nullable: true },
      { type: ['string', 'null'], enum: ['a', null] },
    ],
    [
      { oneOf: [{ type: 'string' }, { type: 'integer' }], nullable: true },
      { anyOf: [{ oneOf: [{ type: 'string' }, { type: 'integer' }] }, { type: 'null' }] },
    ],
    [
      { type: 'object', properties: { nullable: { type: 'boolean' } } },
      { type: 'object', properties: { nullable: { type: 'boolean' } } },
    ],
    [{ type: 'integer', nullable: false }, { type: 'integer' }],
  ])('%j -> %j', (input, output) => {
    expect(toJsonSchema(input)).toEqual(output);
  });
});

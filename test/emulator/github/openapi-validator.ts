/**
 * Validates requests (and the emulator's own responses) against GitHub's OpenAPI description:
 * path + method, path and query parameters, JSON bodies. The description is OpenAPI 3.0, whose
 * `nullable` ajv only half understands (not beside `oneOf`/`allOf`, not with `enum`), so every
 * schema is first turned into plain JSON Schema. Failures get the body GitHub answers with:
 * 404 `Not Found` for an unknown route, 400 `Problems parsing JSON`, 422 `Validation Failed`
 * for parameters and 422 `Invalid request.` for bodies (GitHub's wording, e.g.
 * `For 'properties/body', false is not a string or null.`, magit/forge#748).
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { errorBody, REST_DOCS, type GithubErrorBody } from './errors.ts';

type Schema = Record<string, unknown>;

interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface SpecOperation {
  operationId?: string;
  externalDocs?: { url?: string };
  'x-github'?: { category?: string };
  parameters?: Array<SpecParameter | { $ref: string }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, ResponseObject | { $ref: string }>;
}

interface ResponseObject {
  content?: Record<string, { schema?: Schema }>;
}

interface SpecDocument {
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
}

/** The operation a request matched. */
export interface MatchedOperation {
  method: string;
  /** Description path template, e.g. `/repos/{owner}/{repo}/issues/{issue_number}`. */
  template: string;
  /** `METHOD template`, the key of the route table. */
  key: string;
  pathParams: Record<string, string>;
  /** The operation's page on docs.github.com, GitHub's `documentation_url`. */
  documentationUrl: string;
}

export interface RequestToValidate {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Raw body text ('' when none). */
  rawBody: string;
}

export type RequestValidation =
  | {
      ok: true;
      operation: MatchedOperation;
      /** Declared query parameters, coerced to their schema types. */
      query: Record<string, unknown>;
      /** Parsed body; undefined when none was sent. */
      body: unknown;
    }
  | {
      ok: false;
      status: 400 | 404 | 422;
      reasons: string[];
      /** What GitHub answers. */
      body: GithubErrorBody;
      operation?: MatchedOperation;
    };

interface CompiledPath {
  template: string;
  regex: RegExp;
  paramNames: string[];
  literalSegments: number;
  methods: Map<string, SpecOperation>;
}

/** The name GitHub gives a missing body's root in its messages (its hyper-schema's path). */
const ROOT_POINTER = 'links/0/schema';

/** `resource` of a `Validation Failed` entry, by the operation's category. */
const RESOURCE_BY_CATEGORY: Record<string, string> = {
  issues: 'Issue',
  pulls: 'PullRequest',
  search: 'Search',
  actions: 'WorkflowRun',
  reactions: 'Reaction',
};

/** Loads the description once; validates requests and responses. */
export class OpenApiValidator {
  readonly #spec: SpecDocument;
  readonly #ajv: Ajv;
  readonly #paths: CompiledPath[];
  readonly #validators = new Map<string, ValidateFunction>();

  constructor(specPath: string) {
    this.#spec = JSON.parse(readFileSync(specPath, 'utf8')) as SpecDocument;
    this.#ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, logger: false });
    // ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the
    // module object for the type checker but the plugin function at run time.
    const addFormats =
      (addFormatsModule as unknown as { default?: (ajv: Ajv) => Ajv }).default ??
      (addFormatsModule as unknown as (ajv: Ajv) => Ajv);
    addFormats(this.#ajv);
    this.#ajv.addSchema(
      { components: { schemas: toJsonSchemaMap(this.#spec.components['schemas'] ?? {}) } },
      'github-spec',
    );
    this.#paths = Object.entries(this.#spec.paths).map(([template, item]) =>
      compilePath(template, item),
    );
    // More literal segments first, so `/issues/comments/{id}` never loses to a looser template.
    this.#paths.sort((a, b) => b.literalSegments - a.literalSegments);
  }

  /** `METHOD template` of every operation in the description. */
  operationKeys(): string[] {
    return this.#paths.flatMap((p) => [...p.methods.keys()].map((m) => `${m} ${p.template}`));
  }

  /** Finds the operation of a request and checks its parameters and body. */
  validateRequest(request: RequestToValidate): RequestValidation {
    const method = request.method.toUpperCase();
    const found = this.#match(method, request.path);
    if (!found.ok) {
      return {
        ok: false,
        status: 404,
        reasons: [found.reason],
        body: errorBody(404, 'Not Found', REST_DOCS),
      };
    }
    const { operation, spec } = found;
    const parameters = (spec.parameters ?? []).map((p) => this.#resolve<SpecParameter>(p));

    const query = this.#checkQuery(operation, spec, parameters, request.query);
    if (!query.ok) return { ...query, operation };

    const body = this.#checkBody(operation, spec, request.rawBody);
    if (!body.ok) return { ...body, operation };
    return { ok: true, operation, query: query.values, body: body.value };
  }

  /**
   * Reasons why `body` does not match the response schema of `status` (empty when it does, or
   * when the description documents no JSON body for that status).
   */
  validateResponse(operation: MatchedOperation, status: number, body: unknown): string[] {
    const spec = this.#operation(operation);
    const response = spec?.responses?.[String(status)];
    if (response === undefined || body === undefined) return [];
    const schema = this.#resolve<ResponseObject>(response).content?.['application/json']?.schema;
    if (!schema) return [];
    const validate = this.#compile(`response ${operation.key} ${status}`, schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`,
    );
  }

  #match(
    method: string,
    path: string,
  ):
    { ok: true; operation: MatchedOperation; spec: SpecOperation } | { ok: false; reason: string } {
    let pathKnown = false;
    for (const compiled of this.#paths) {
      const m = compiled.regex.exec(path);
      if (!m) continue;
      const spec = compiled.methods.get(method);
      if (!spec) {
        pathKnown = true;
        continue;
      }
      const pathParams: Record<string, string> = {};
      compiled.paramNames.forEach((name, i) => {
        pathParams[name] = safeDecode(m[i + 1] ?? '');
      });
      const declared = (spec.parameters ?? [])
        .map((p) => this.#resolve<SpecParameter>(p))
        .filter((p) => p.in === 'path');
      // `/issues/abc` is no issue: GitHub answers 404 for a path parameter of the wrong type.
      const typesFit = declared.every((p) => {
        const value = pathParams[p.name] ?? '';
        return p.schema?.['type'] !== 'integer' || /^\d+$/.test(value);
      });
      if (!typesFit) {
        pathKnown = true;
        continue;
      }
      const key = `${method} ${compiled.template}`;
      return {
        ok: true,
        spec,
        operation: {
          method,
          template: compiled.template,
          key,
          pathParams,
          documentationUrl: spec.externalDocs?.url ?? REST_DOCS,
        },
      };
    }
    return {
      ok: false,
      reason: pathKnown
        ? `no operation ${method} ${path} in the description (wrong method or path parameter type)`
        : `no path ${path} in the description`,
    };
  }

  #checkQuery(
    operation: MatchedOperation,
    spec: SpecOperation,
    parameters: SpecParameter[],
    query: URLSearchParams,
  ):
    | { ok: true; values: Record<string, unknown> }
    | { ok: false; status: 422; reasons: string[]; body: GithubErrorBody } {
    const values: Record<string, unknown> = {};
    const reasons: string[] = [];
    const errors: Array<{ resource: string; field: string; code: string }> = [];
    const resource = RESOURCE_BY_CATEGORY[spec['x-github']?.category ?? ''] ?? 'Resource';
    // Undeclared query parameters are ignored, as GitHub ignores them.
    for (const p of parameters.filter((q) => q.in === 'query')) {
      const given = query.getAll(p.name);
      if (given.length === 0) {
        if (p.required) {
          reasons.push(`missing required query parameter "${p.name}"`);
          errors.push({ resource, field: p.name, code: 'missing' });
        }
        continue;
      }
      const schema = p.schema ?? {};
      if (given.length > 1) {
        reasons.push(`query parameter "${p.name}" given ${given.length} times`);
        errors.push({ resource, field: p.name, code: 'invalid' });
        continue;
      }
      const raw = given[0] ?? '';
      const coerced = coerceQueryValue(raw, schema);
      const validate = this.#compile(`query ${operation.key} ${p.name}`, schema);
      if (coerced === undefined || !validate(coerced)) {
        const why =
          coerced === undefined
            ? `is not ${article(String(schema['type']))}`
            : (validate.errors ?? []).map((e) => e.message ?? 'is invalid').join(', ');
        reasons.push(`query parameter "${p.name}": ${JSON.stringify(raw)} ${why}`);
        errors.push({ resource, field: p.name, code: 'invalid' });
        continue;
      }
      values[p.name] = coerced;
    }
    if (reasons.length === 0) return { ok: true, values };
    return {
      ok: false,
      status: 422,
      reasons,
      body: errorBody(422, 'Validation Failed', operation.documentationUrl, errors),
    };
  }

  #checkBody(
    operation: MatchedOperation,
    spec: SpecOperation,
    rawBody: string,
  ):
    | { ok: true; value: unknown }
    | { ok: false; status: 400 | 422; reasons: string[]; body: GithubErrorBody } {
    const requestBody = spec.requestBody;
    const schema = requestBody?.content?.['application/json']?.schema;
    // GET and friends take no body; GitHub ignores one.
    if (!schema) return { ok: true, value: undefined };
    let body: unknown;
    if (rawBody.trim() === '') {
      if (!requestBody?.required) return { ok: true, value: undefined };
      body = null;
    } else {
      try {
        body = JSON.parse(rawBody);
      } catch (e: unknown) {
        return {
          ok: false,
          status: 400,
          reasons: [`body is not JSON: ${(e as Error).message}`],
          body: errorBody(400, 'Problems parsing JSON', operation.documentationUrl),
        };
      }
    }
    const validate = this.#compile(`body ${operation.key}`, schema);
    if (validate(body)) return { ok: true, value: body };
    const sentences = describeBodyErrors(validate.errors ?? [], body);
    return {
      ok: false,
      status: 422,
      reasons: sentences.map((s) => `body: ${s}`),
      body: errorBody(
        422,
        `Invalid request.\n\n${sentences.join('\n')}`,
        operation.documentationUrl,
      ),
    };
  }

  #operation(operation: MatchedOperation): SpecOperation | undefined {
    return this.#paths
      .find((p) => p.template === operation.template)
      ?.methods.get(operation.method);
  }

  #resolve<T>(node: T | { $ref: string }): T {
    let current: unknown = node;
    for (let hops = 0; hops < 10; hops++) {
      const ref = (current as { $ref?: unknown }).$ref;
      if (typeof ref !== 'string') return current as T;
      current = ref
        .slice(2)
        .split('/')
        .reduce<unknown>((n, key) => (n as Record<string, unknown> | undefined)?.[key], this.#spec);
      if (current === undefined) throw new Error(`unresolvable $ref ${ref} in the description`);
    }
    throw new Error('$ref chain too long in the description');
  }

  #compile(cacheKey: string, schema: Schema): ValidateFunction {
    let validate = this.#validators.get(cacheKey);
    if (!validate) {
      validate = this.#ajv.compile(rebaseRefs(toJsonSchema(schema)));
      this.#validators.set(cacheKey, validate);
    }
    return validate;
  }
}

function compilePath(template: string, item: Record<string, unknown>): CompiledPath {
  const paramNames: string[] = [];
  let literalSegments = 0;
  const pattern = template
    .split('/')
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      if (param) {
        paramNames.push(param[1] ?? '');
        return '([^/]+)';
      }
      literalSegments++;
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  const methods = new Map<string, SpecOperation>();
  for (const [method, operation] of Object.entries(item)) {
    if (method !== 'parameters' && !method.startsWith('x-'))
      methods.set(method.toUpperCase(), operation as SpecOperation);
  }
  return { template, regex: new RegExp(`^${pattern}/?$`), paramNames, literalSegments, methods };
}

/**
 * OpenAPI 3.0 schema -> JSON Schema: `nullable: true` becomes a `null` type (and a `null`
 * enum member), or `anyOf [schema, null]` where there is no `type` to extend.
 */
export function toJsonSchema<T>(node: T): T {
  // A map of schemas by name (`properties`, the components): its keys are names, not keywords.
  const convertMap = (map: unknown): unknown =>
    map !== null && typeof map === 'object' && !Array.isArray(map)
      ? Object.fromEntries(Object.entries(map).map(([name, s]) => [name, convert(s)]))
      : convert(map);
  const convert = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(convert);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === 'properties' || key === 'patternProperties') out[key] = convertMap(child);
      else if (key !== 'nullable') out[key] = convert(child);
    }
    if ((value as Record<string, unknown>)['nullable'] !== true) return out;
    const type = out['type'];
    if (typeof type === 'string' || Array.isArray(type)) {
      const types = Array.isArray(type) ? type : [type];
      out['type'] = types.includes('null') ? types : [...(types as unknown[]), 'null'];
      const values = out['enum'];
      if (Array.isArray(values) && !values.includes(null))
        out['enum'] = [...(values as unknown[]), null];
      return out;
    }
    return { anyOf: [out, { type: 'null' }] };
  };
  return convert(node) as T;
}

/** {@link toJsonSchema} on every schema of a name -> schema map. */
function toJsonSchemaMap(map: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).map(([name, s]) => [name, toJsonSchema(s)]));
}

/** Description-internal refs (`#/components/...`) point into the schema added as `github-spec`. */
function rebaseRefs(schema: Schema): Schema {
  return JSON.parse(JSON.stringify(schema), (k: string, v: unknown) =>
    k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `github-spec${v}` : v,
  ) as Schema;
}

/** A query string value as Rails reads it for the schema's type; undefined when it cannot. */
function coerceQueryValue(value: string, schema: Schema): unknown {
  switch (schema['type']) {
    case 'integer':
      return /^[+-]?\d+$/.test(value) ? Number(value) : undefined;
    case 'number':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : undefined;
    default:
      return value;
  }
}

/** GitHub's sentences for body schema errors (one per problem; nested choices folded). */
function describeBodyErrors(errors: ErrorObject[], body: unknown): string[] {
  const choices = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const relevant = errors.filter(
    (e) => !choices.some((c) => c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`)),
  );
  const sentences = relevant.map((e) => {
    const where = pointerOf(e.instancePath);
    const value = rubyInspect(valueAt(body, e.instancePath));
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'required':
        return `"${String(params['missingProperty'])}" wasn't supplied.`;
      case 'type':
        return `For '${where}', ${value} is not ${typeList(params['type'])}.`;
      case 'enum':
        return `For '${where}', ${value} is not a member of ${rubyInspect(params['allowedValues'])}.`;
      case 'additionalProperties':
        return `"${String(params['additionalProperty'])}" is not a permitted key.`;
      case 'oneOf':
      case 'anyOf':
        return `For '${where}', ${value} is not any of the allowed types.`;
      default:
        return `For '${where}', ${value} ${e.message ?? 'is invalid'}.`;
    }
  });
  return [...new Set(sentences)];
}

function pointerOf(instancePath: string): string {
  if (instancePath === '') return ROOT_POINTER;
  return `properties${instancePath}`;
}

function valueAt(body: unknown, instancePath: string): unknown {
  if (instancePath === '') return body;
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, key) =>
        node !== null && typeof node === 'object'
          ? (node as Record<string, unknown>)[key]
          : undefined,
      body,
    );
}

/** A value as Ruby's `inspect` prints it, as GitHub's messages quote them (`nil`, `"x"`). */
function rubyInspect(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (Array.isArray(value)) return `[${value.map(rubyInspect).join(', ')}]`;
  return JSON.stringify(value);
}

function typeList(type: unknown): string {
  const types = Array.isArray(type) ? type.map(String) : String(type).split(',');
  return types.map(article).join(' or ');
}

function article(type: string): string {
  if (type === 'null') return 'null';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

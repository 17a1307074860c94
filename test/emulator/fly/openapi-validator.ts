/**
 * Validates Machines API requests (and the emulator's own responses) against Fly's OpenAPI
 * file: path + method, path/query/header parameters, JSON bodies with $ref resolution and
 * OpenAPI 3.0 `nullable` (ajv supports it natively; strict mode is off because the spec uses
 * `example` and `x-*` keywords).
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/** A JSON schema as found in the spec. */
type Schema = Record<string, unknown>;

interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface SpecOperation {
  operationId?: string;
  parameters?: SpecParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

interface SpecDocument {
  paths: Record<string, Record<string, SpecOperation | SpecParameter[]>>;
  components: { schemas: Record<string, Schema> };
}

/** An operation the request matched. */
export interface MatchedOperation {
  method: string;
  /** Spec path template, e.g. `/v1/apps/{app_name}/machines/{machine_id}`. */
  template: string;
  /** `METHOD template`, the key of {@link KNOWN_DEVIATIONS} and of Fly rules. */
  key: string;
  pathParams: Record<string, string>;
}

export interface RequestToValidate {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** Raw body text ('' when none). */
  rawBody: string;
}

export type RequestValidation =
  | { ok: true; operation: MatchedOperation; body: unknown }
  | { ok: false; status: 400 | 404 | 405; reasons: string[]; operation?: MatchedOperation };

/** A query parameter the running API accepts although the spec does not list it. */
interface ExtraQueryParameter {
  schema: Schema;
  why: string;
}

/**
 * Documented differences between the running API and the spec
 * (docs/fly-api.md#differences-between-the-openapi-file-and-the-running-api). Requests using
 * them are valid.
 */
const KNOWN_DEVIATIONS: Record<
  string,
  { extraQuery?: Record<string, ExtraQueryParameter>; repeatableQuery?: string[] }
> = {
  'DELETE /v1/apps/{app_name}/machines/{machine_id}': {
    extraQuery: { kill: { schema: { type: 'boolean' }, why: 'fly-go Destroy sends kill=true' } },
  },
  'POST /v1/apps': {
    extraQuery: { wait: { schema: { type: 'boolean' }, why: 'fly-go posts /v1/apps?wait=true' } },
  },
  'POST /v1/apps/{app_name}/machines/{machine_id}/lease': {
    extraQuery: { ttl: { schema: { type: 'integer' }, why: 'fly-go AcquireLease passes ?ttl=' } },
  },
  // Repeated or comma-separated values are allowed (fly-go repeats them), though the spec types
  // `state` as a single enum value.
  'GET /v1/apps/{app_name}/machines/{machine_id}/wait': { repeatableQuery: ['state'] },
  'GET /v1/apps/{app_name}/machines': { repeatableQuery: ['state'] },
};

/** Comma-separated lists are allowed for these (docs/fly-api.md#waiting-for-a-machine). */
const COMMA_LIST_QUERY: Record<string, string[]> = {
  'GET /v1/apps/{app_name}/machines/{machine_id}/wait': ['state'],
};

/** Go's strconv.ParseBool spellings (Fly's API is written in Go). */
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

interface CompiledPath {
  template: string;
  regex: RegExp;
  paramNames: string[];
  literalSegments: number;
  methods: Map<string, SpecOperation>;
  pathLevelParams: SpecParameter[];
}

/** Loads the spec once; validates requests and responses. */
export class OpenApiValidator {
  readonly #ajv: Ajv;
  readonly #paths: CompiledPath[];
  readonly #validators = new Map<string, ValidateFunction>();

  constructor(specPath: string) {
    const spec = JSON.parse(readFileSync(specPath, 'utf8')) as SpecDocument;
    this.#ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    // ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the
    // module object for the type checker but the plugin function at run time.
    const addFormats =
      (addFormatsModule as unknown as { default?: (ajv: Ajv) => Ajv }).default ??
      (addFormatsModule as unknown as (ajv: Ajv) => Ajv);
    addFormats(this.#ajv);
    this.#ajv.addSchema({ components: spec.components }, 'fly-spec');
    this.#paths = Object.entries(spec.paths).map(([template, item]) => compilePath(template, item));
    // More literal segments first, so `/machines/{id}/wait` never loses to a looser template.
    this.#paths.sort((a, b) => b.literalSegments - a.literalSegments);
  }

  /** Finds the spec operation of a request and checks its parameters and body. */
  validateRequest(request: RequestToValidate): RequestValidation {
    const method = request.method.toUpperCase();
    let pathMatch: { compiled: CompiledPath; params: Record<string, string> } | undefined;
    for (const compiled of this.#paths) {
      const m = compiled.regex.exec(request.path);
      if (!m) continue;
      const params: Record<string, string> = {};
      compiled.paramNames.forEach((name, i) => {
        params[name] = safeDecode(m[i + 1] ?? '');
      });
      // A path can match several templates; prefer one that has the method.
      if (compiled.methods.has(method.toLowerCase())) {
        pathMatch = { compiled, params };
        break;
      }
      pathMatch ??= { compiled, params };
    }
    if (!pathMatch) {
      return { ok: false, status: 404, reasons: [`no path ${request.path} in the Machines API`] };
    }
    const { compiled, params } = pathMatch;
    const operation = compiled.methods.get(method.toLowerCase());
    if (!operation) {
      return {
        ok: false,
        status: 405,
        reasons: [`${method} is not an operation of ${compiled.template}`],
      };
    }
    const key = `${method} ${compiled.template}`;
    const matched: MatchedOperation = {
      method,
      template: compiled.template,
      key,
      pathParams: params,
    };
    const parameters = [...compiled.pathLevelParams, ...(operation.parameters ?? [])];
    const reasons = [
      ...this.#checkQuery(key, parameters, request.query),
      ...this.#checkHeaders(parameters, request.headers),
    ];
    const bodyCheck = this.#checkBody(operation, request.rawBody);
    reasons.push(...bodyCheck.reasons);
    if (reasons.length > 0) return { ok: false, status: 400, reasons, operation: matched };
    return { ok: true, operation: matched, body: bodyCheck.body };
  }

  /** Reasons why `body` does not match the documented response schema (empty = fine or
   * undocumented status). */
  validateResponse(operation: MatchedOperation, status: number, body: unknown): string[] {
    const compiled = this.#paths.find((p) => p.template === operation.template);
    const spec = compiled?.methods.get(operation.method.toLowerCase());
    const schema = spec?.responses?.[String(status)]?.content?.['application/json']?.schema;
    if (!schema || body === undefined) return [];
    return this.#validateSchema(schema, body);
  }

  #checkQuery(key: string, parameters: SpecParameter[], query: URLSearchParams): string[] {
    const reasons: string[] = [];
    const deviation = KNOWN_DEVIATIONS[key];
    const queryParams = parameters.filter((p) => p.in === 'query');
    for (const name of new Set(query.keys())) {
      const values = query.getAll(name);
      const declared = queryParams.find((p) => parameterNameMatches(p.name, name));
      const extra = deviation?.extraQuery?.[name];
      const schema = declared?.schema ?? extra?.schema;
      if (!schema) {
        reasons.push(`unknown query parameter "${name}"`);
        continue;
      }
      const repeatable = deviation?.repeatableQuery?.includes(name) ?? false;
      if (values.length > 1 && !repeatable && schema['type'] !== 'array') {
        reasons.push(`query parameter "${name}" given ${values.length} times`);
        continue;
      }
      const commaList = COMMA_LIST_QUERY[key]?.includes(name) ?? false;
      const items = commaList ? values.flatMap((v) => v.split(',')) : values;
      for (const item of items) {
        const coerced = coerceQueryValue(item, schema);
        if (!coerced.ok) {
          reasons.push(`query parameter "${name}": ${JSON.stringify(item)} ${coerced.reason}`);
          continue;
        }
        for (const r of this.#validateSchema(schema, coerced.value)) {
          reasons.push(
            `query parameter "${name}": ${JSON.stringify(item)} ${r.replace(/^\(root\) /, '')}`,
          );
        }
      }
    }
    for (const p of queryParams) {
      if (p.required && !p.name.includes('{') && !query.has(p.name)) {
        reasons.push(`missing required query parameter "${p.name}"`);
      }
    }
    return reasons;
  }

  #checkHeaders(
    parameters: SpecParameter[],
    headers: Record<string, string | string[] | undefined>,
  ): string[] {
    const reasons: string[] = [];
    for (const p of parameters.filter((q) => q.in === 'header')) {
      const value = headers[p.name.toLowerCase()];
      if (p.required && (value === undefined || value === '')) {
        reasons.push(`missing required header "${p.name}"`);
      }
    }
    return reasons;
  }

  #checkBody(operation: SpecOperation, rawBody: string): { body: unknown; reasons: string[] } {
    const requestBody = operation.requestBody;
    const schema = requestBody?.content?.['application/json']?.schema;
    if (rawBody.trim() === '') {
      return {
        body: undefined,
        reasons: requestBody?.required ? ['request body is required'] : [],
      };
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch (e: unknown) {
      return { body: rawBody, reasons: [`body is not JSON: ${(e as Error).message}`] };
    }
    // Fly's Go server ignores a body on operations that take none.
    if (!schema) return { body, reasons: [] };
    const rootType = resolveRootType(schema, this.#ajv);
    if (
      rootType === 'object' &&
      (body === null || typeof body !== 'object' || Array.isArray(body))
    ) {
      // The wording of Go's encoding/json, as quoted in superfly/docs#2187.
      return {
        body,
        reasons: [
          `json: cannot unmarshal ${jsonTypeName(body)} into Go value of type main.${goTypeName(schema)}`,
        ],
      };
    }
    return { body, reasons: this.#validateSchema(schema, body).map((r) => `body ${r}`) };
  }

  #validateSchema(schema: Schema, value: unknown): string[] {
    const cacheKey = JSON.stringify(schema);
    let validate = this.#validators.get(cacheKey);
    if (!validate) {
      validate = this.#ajv.compile(rebaseRefs(schema));
      this.#validators.set(cacheKey, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map(describeError);
  }
}

function compilePath(
  template: string,
  item: Record<string, SpecOperation | SpecParameter[]>,
): CompiledPath {
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
  let pathLevelParams: SpecParameter[] = [];
  for (const [method, operation] of Object.entries(item)) {
    if (method === 'parameters') pathLevelParams = operation as SpecParameter[];
    else methods.set(method, operation as SpecOperation);
  }
  return {
    template,
    regex: new RegExp(`^${pattern}/?$`),
    paramNames,
    literalSegments,
    methods,
    pathLevelParams,
  };
}

/** `metadata.{key}` in the spec stands for any `metadata.<key>`. */
function parameterNameMatches(declared: string, actual: string): boolean {
  if (!declared.includes('{')) return declared === actual;
  const pattern = declared
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.+');
  return new RegExp(`^${pattern}$`).test(actual);
}

function coerceQueryValue(
  value: string,
  schema: Schema,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  switch (schema['type']) {
    case 'integer':
      return /^[+-]?\d+$/.test(value)
        ? { ok: true, value: Number(value) }
        : { ok: false, reason: 'is not an integer' };
    case 'number':
      return value.trim() !== '' && Number.isFinite(Number(value))
        ? { ok: true, value: Number(value) }
        : { ok: false, reason: 'is not a number' };
    case 'boolean':
      if (GO_TRUE.has(value)) return { ok: true, value: true };
      if (GO_FALSE.has(value)) return { ok: true, value: false };
      return { ok: false, reason: 'is not a boolean' };
    default:
      return { ok: true, value };
  }
}

/** Spec-internal refs (`#/components/...`) point into the schema registered as `fly-spec`. */
function rebaseRefs(schema: unknown): Schema {
  return JSON.parse(JSON.stringify(schema), (k: string, v: unknown) =>
    k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `fly-spec${v}` : v,
  ) as Schema;
}

function resolveRootType(schema: Schema, ajv: Ajv): unknown {
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const resolved = ajv.getSchema(`fly-spec${ref}`)?.schema as Schema | undefined;
    return resolved?.['type'];
  }
  return schema['type'];
}

function goTypeName(schema: Schema): string {
  const ref = typeof schema['$ref'] === 'string' ? schema['$ref'] : '';
  const name = ref.split('/').pop() ?? 'request';
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function jsonTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
  const suffix = error.keyword === 'enum' && allowed ? ` (${allowed.join(', ')})` : '';
  return `${where} ${error.message ?? 'is invalid'}${suffix}`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

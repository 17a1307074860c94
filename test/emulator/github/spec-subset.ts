/**
 * The part of GitHub's OpenAPI description the emulator needs: the operations it implements
 * and every component they reference, transitively. Pure functions on parsed JSON, shared by
 * `npm run generate:github-openapi` (which writes the subset) and the unit test that checks
 * the committed subset still matches the emulator's routes.
 */

/** An OpenAPI document as parsed JSON: only the parts these functions look at are typed. */
export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** Where the subset came from, recorded in its `info`. */
export interface SubsetSource {
  /** npm package, e.g. `@octokit/openapi`. */
  packageName: string;
  version: string;
  /** File inside the package, e.g. `generated/api.github.com.json`. */
  file: string;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/**
 * The operations of `doc` as `METHOD /path/{template}` keys, sorted; the same keys the
 * emulator's route table uses.
 */
export function operationKeys(doc: OpenApiDocument): string[] {
  const keys: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) {
      if (HTTP_METHODS.has(method)) keys.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return keys.sort();
}

/**
 * `full` cut down to `operations` (`METHOD /path` keys) and the components they reference.
 * Media-type `examples` are dropped (the emulator never reads them, and they are most of the
 * weight); everything else is GitHub's text unchanged, in its original order. Throws when an
 * operation is not in `full`, naming it.
 */
export function subsetOpenApi(
  full: OpenApiDocument,
  operations: readonly string[],
  source: SubsetSource,
): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  const wanted = new Set(operations);
  for (const key of operations) {
    const [method = '', path = ''] = key.split(' ');
    const operation = full.paths[path]?.[method.toLowerCase()];
    if (operation === undefined) throw new Error(`${key} is not an operation of the description`);
  }
  for (const [path, item] of Object.entries(full.paths)) {
    const kept: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(item)) {
      if (!HTTP_METHODS.has(field)) kept[field] = value;
      else if (wanted.has(`${field.toUpperCase()} ${path}`)) kept[field] = value;
    }
    if (Object.keys(kept).some((field) => HTTP_METHODS.has(field)))
      paths[path] = withoutExamples(kept);
  }

  const referenced = refClosure(full, paths);
  const components: Record<string, Record<string, unknown>> = {};
  for (const [section, entries] of Object.entries(full.components ?? {})) {
    const keptEntries: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(entries)) {
      if (referenced.has(`#/components/${section}/${escapePointer(name)}`))
        keptEntries[name] = withoutExamples(value);
    }
    if (Object.keys(keptEntries).length > 0) components[section] = keptEntries;
  }

  return {
    openapi: full.openapi,
    info: {
      ...full.info,
      'x-subset-of': `${source.packageName}@${source.version} ${source.file}`,
      'x-subset-note':
        'Only the operations the GitHub emulator implements and the components they reference; media-type examples removed. Regenerate with `npm run generate:github-openapi`.',
    },
    ...(full['servers'] === undefined ? {} : { servers: full['servers'] }),
    ...(full['externalDocs'] === undefined ? {} : { externalDocs: full['externalDocs'] }),
    paths,
    components,
  };
}

/** Every `$ref` in `doc` that does not point at something inside `doc` (empty = consistent). */
export function unresolvedRefs(doc: OpenApiDocument): string[] {
  const missing = new Set<string>();
  for (const ref of refsIn(doc)) {
    if (resolvePointer(doc, ref) === undefined) missing.add(ref);
  }
  return [...missing].sort();
}

/** The value a local `#/a/b` reference points at in `doc`, or undefined. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function refClosure(full: OpenApiDocument, roots: unknown): Set<string> {
  const seen = new Set<string>();
  const pending = [...refsIn(withoutExamples(roots))];
  while (pending.length > 0) {
    const ref = pending.pop() ?? '';
    if (seen.has(ref)) continue;
    seen.add(ref);
    const target = resolvePointer(full, ref);
    if (target === undefined) throw new Error(`unresolvable $ref ${ref} in the description`);
    pending.push(...refsIn(withoutExamples(target)));
  }
  return seen;
}

function refsIn(node: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === '$ref' && typeof child === 'string') found.push(child);
        else visit(child);
      }
    }
  };
  visit(node);
  return found;
}

/**
 * A deep copy without the `examples` maps of media types, parameters and headers (the objects
 * that carry a `schema` beside them). A schema never has a `schema` keyword, so schemas, and
 * any property that happens to be called `examples`, are kept.
 */
function withoutExamples<T>(node: T): T {
  const copy = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(copy);
    if (value === null || typeof value !== 'object') return value;
    const dropExamples = 'schema' in value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (!(dropExamples && key === 'examples')) out[key] = copy(child);
    }
    return out;
  };
  return copy(node) as T;
}

function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

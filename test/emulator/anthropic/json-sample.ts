// Side requests that ask for structured output (`output_config.format.type: json_schema`)
// must get JSON the caller can parse; the smallest value that satisfies the schema will do.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns a small value that satisfies common JSON schemas: the first `enum`/`const`, the
 * first `anyOf`/`oneOf` branch, objects with their required properties, empty arrays, `""`,
 * the minimum or 0 for numbers, `false` for booleans, `null` otherwise.
 */
export function sampleFromSchema(schema: unknown, depth = 0): unknown {
  if (!isRecord(schema) || depth > 8) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const branches = Array.isArray(schema.anyOf) ? schema.anyOf : schema.oneOf;
  if (Array.isArray(branches) && branches.length > 0)
    return sampleFromSchema(branches[0], depth + 1);

  const type: unknown = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = isRecord(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required : [];
      const value: Record<string, unknown> = {};
      for (const key of required) {
        if (typeof key === 'string') value[key] = sampleFromSchema(properties[key], depth + 1);
      }
      return value;
    }
    case 'array':
      return [];
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

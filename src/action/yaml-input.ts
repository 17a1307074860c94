/**
 * Parses an input that holds YAML (`reviewers`, `env`, `metadata`) with the failsafe schema:
 * every scalar is a string, so `007`, `yes` or `1.10` arrive as written and each field is
 * parsed by its own rule. Aliases are refused (an alias bomb cannot expand), and so are
 * duplicate keys, tags (`!!int`), several documents and keys that are not text. Pure.
 */
import { parseDocument } from 'yaml';

/** A YAML input's content: text, lists and maps with text keys, nothing else. */
export type YamlNode = string | readonly YamlNode[] | ReadonlyMap<string, YamlNode>;

/**
 * The content of `text`, or undefined when it holds no document (empty, or only comments).
 * `where` names the input in errors (`Input 'env'`); the text itself is never quoted, as it
 * may carry secrets, only the line and column of the problem.
 */
export function parseYamlInput(where: string, text: string): YamlNode | undefined {
  const doc = parseDocument(text, {
    schema: 'failsafe',
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
  });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    throw new Error(
      `${where} is not valid YAML: ${firstLine(problem.message)} (${lineAndColumn(text, problem.pos[0])}).`,
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 0, mapAsMap: true });
  } catch {
    throw new Error(`${where} uses a YAML alias (*name); aliases are not supported.`);
  }
  if (value === null || value === undefined) return undefined;
  return toNode(where, value);
}

function toNode(where: string, value: unknown): YamlNode {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((item: unknown) => toNode(where, item ?? ''));
  if (value instanceof Map) {
    const map = new Map<string, YamlNode>();
    for (const [key, item] of value as Map<unknown, unknown>) {
      if (typeof key !== 'string') throw new Error(`${where} has a key that is not text.`);
      map.set(key, toNode(where, item ?? ''));
    }
    return map;
  }
  // The failsafe schema makes nothing else; a scalar without a value is ''.
  return value === null ? '' : String(value);
}

/** What kind of YAML value `node` is, for errors. */
export function yamlKind(node: YamlNode): string {
  if (typeof node === 'string') return 'text';
  return node instanceof Map ? 'a map' : 'a list';
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, Math.max(0, offset)).split('\n');
  return `line ${before.length}, column ${(before.at(-1) ?? '').length + 1}`;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
}

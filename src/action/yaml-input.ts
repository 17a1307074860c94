/**
 * Parses an input that holds YAML (`reviewers`, `env`, `metadata`) with the failsafe schema:
 * every scalar is a string, so `007`, `yes` or `1.10` arrive as written and each field is
 * parsed by its own rule. Duplicate keys, tags (`!!int`), several documents and anchors
 * (`&name`, without which no alias `*name` can exist, so an alias bomb never expands) are
 * refused, and so are documents over {@link MAX_YAML_INPUT} characters and nesting too deep to
 * read. Pure.
 *
 * js-yaml rather than `yaml`: it is a third of the size in the bundle (105 kB against 288 kB),
 * and the action needs only its failsafe loader.
 */
import { FAILSAFE_SCHEMA, load, YAMLException } from 'js-yaml';

/** A YAML input's content: text, lists and maps with text keys, nothing else. */
export type YamlNode = string | readonly YamlNode[] | ReadonlyMap<string, YamlNode>;

/** A team of reviewers fits in a few kilobytes; far more is a mistake or an attack. */
export const MAX_YAML_INPUT = 64 * 1024;

/**
 * The content of `text`, or undefined when it holds no document (empty, or only comments).
 * `where` names the input in errors (`Input 'env'`); the text itself is never quoted, as it
 * may carry secrets, only the line and column of the problem.
 */
export function parseYamlInput(where: string, text: string): YamlNode | undefined {
  if (text.length > MAX_YAML_INPUT) {
    throw new Error(
      `${where} is ${text.length} characters of YAML; at most ${MAX_YAML_INPUT} are read.`,
    );
  }
  let value: unknown;
  try {
    value = load(text, { schema: FAILSAFE_SCHEMA, json: false, listener: refuseAnchors });
  } catch (e: unknown) {
    if (e instanceof AnchorError) {
      throw new Error(
        `${where} uses a YAML anchor or alias (&name, *name) at ` +
          `${lineAndColumn(text, e.position)}; they are not supported.`,
        { cause: e },
      );
    }
    if (e instanceof RangeError) {
      // js-yaml reads nested lists and maps by recursion: `[[[[...` exhausts the stack.
      // eslint-disable-next-line preserve-caught-error -- the stack overflow says nothing more
      throw new Error(`${where} is nested too deeply to read as YAML.`);
    }
    if (!(e instanceof YAMLException)) throw e;
    const at = e.mark ? ` (line ${e.mark.line + 1}, column ${e.mark.column + 1})` : '';
    // js-yaml's reason is its own text; its message and mark quote the input, which may hold
    // a secret, so neither goes on as the cause.
    // eslint-disable-next-line preserve-caught-error -- see above
    throw new Error(`${where} is not valid YAML: ${e.reason}${at}.`);
  }
  if (value === null || value === undefined) return undefined;
  return toNode(where, value);
}

class AnchorError extends Error {
  readonly position: number;
  constructor(position: number) {
    super('YAML anchor');
    this.position = position;
  }
}

/** js-yaml's node listener: a node that closes with an anchor is refused on the spot. */
function refuseAnchors(
  event: 'open' | 'close',
  state: { anchor?: unknown; position: number },
): void {
  if (event === 'close' && typeof state.anchor === 'string') throw new AnchorError(state.position);
}

function toNode(where: string, value: unknown): YamlNode {
  if (typeof value === 'string') return value;
  // The failsafe schema makes only strings, lists and maps; a scalar without a value is ''.
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return JSON.stringify(value) ?? '';
  if (Array.isArray(value)) return value.map((item: unknown) => toNode(where, item));
  const map = new Map<string, YamlNode>();
  for (const [key, item] of Object.entries(value)) map.set(key, toNode(where, item));
  return map;
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

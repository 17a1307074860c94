/**
 * The rule of each kind of input value, shared by the step-wide inputs and the fields of a
 * `reviewers` entry. Each parser takes `where`, the place the value came from as an error
 * names it (`Input 'max-turns'`, `Input 'reviewers', entry 2 ("tests"), field 'max-turns'`),
 * and throws an Error that quotes the bad value. Never given a credential. Pure.
 */
import {
  containerOwnedFlag,
  GUEST_PRESETS,
  messageOf,
  validateMachineEnv,
  validateMachineMetadata,
  type GuestPreset,
} from '../fly/index.js';
import { Input } from './constants.js';
import { ShellWordsError, splitShellWords } from './shell-words.js';
import { yamlKind, type YamlNode } from './yaml-input.js';

/** How an error names a step input. */
export function inputWhere(name: string): string {
  return `Input '${name}'`;
}

/** The error for a bad value: where it came from, the value quoted, and what was expected. */
export function invalid(where: string, value: string, expected: string): Error {
  const shown = value.length > 200 ? `${value.slice(0, 200)}…` : value;
  return new Error(`${where} is ${JSON.stringify(shown)}; expected ${expected}.`);
}

/** A YAML field that must be text (a scalar), trimmed. */
export function yamlText(where: string, node: YamlNode): string {
  if (typeof node !== 'string') throw new Error(`${where} is ${yamlKind(node)}; expected text.`);
  return node.trim();
}

export function parseWholeNumber(where: string, value: string): number {
  if (!/^\d+$/.test(value)) throw invalid(where, value, 'a whole number');
  return Number(value);
}

/**
 * The booleans of YAML 1.2's core schema, as `core.getBooleanInput` reads them (`true`,
 * `True`, `TRUE` and the same of `false`), nothing else: a typo must not silently mean either.
 */
export function parseBoolean(where: string, value: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw invalid(where, value, 'true or false');
}

/** A whole number from `min` to `max`. */
export function parseBoundedWholeNumber(
  where: string,
  value: string,
  min: number,
  max: number,
): number {
  const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw invalid(where, value, `a whole number from ${min} to ${max}`);
  return n;
}

/** Longest job GitHub runs (6 h); a longer reviewer limit could never be honoured. */
export const MAX_TIMEOUT_MINUTES = 360;

/** Minutes, at least 1 (less leaves Claude no time after boot and clone, and rounds to 0 s). */
export function parseTimeoutMinutes(where: string, value: string): number {
  const minutes = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || minutes < 1 || minutes > MAX_TIMEOUT_MINUTES) {
    throw invalid(where, value, `a number of minutes from 1 to ${MAX_TIMEOUT_MINUTES}`);
  }
  return minutes;
}

/** Fly region codes are three lowercase letters (iad, ams, syd, ...). */
const REGION = /^[a-z]{3}$/;

export function parseRegion(where: string, value: string): string {
  if (!REGION.test(value)) throw invalid(where, value, 'a Fly region code such as iad, ams or syd');
  return value;
}

/** A Fly guest preset name and its memory bounds. */
export function parseVmSize(where: string, value: string): GuestPreset {
  const preset = GUEST_PRESETS.get(value);
  if (!preset) throw invalid(where, value, `one of ${[...GUEST_PRESETS.keys()].join(', ')}`);
  return preset;
}

/**
 * Memory in MB for `preset`, or undefined when `value` is not within its bounds. The written
 * default (2048) means "at least 2048": below the minimum of the larger performance presets
 * it becomes that minimum, as the runner cannot tell a default from a value the user wrote.
 */
export function memoryFor(
  preset: GuestPreset,
  value: string,
  isDefault: boolean,
): number | undefined {
  const written = Number(value);
  const memory = isDefault ? Math.max(written, preset.minMemoryMb) : written;
  if (memory % 256 !== 0 || memory < preset.minMemoryMb || memory > preset.maxMemoryMb) {
    return undefined;
  }
  return memory;
}

/** What {@link memoryFor} accepts for `preset` and `vmSize`, for errors. */
export function memoryBounds(preset: GuestPreset, vmSize: string): string {
  return `a multiple of 256 from ${preset.minMemoryMb} to ${preset.maxMemoryMb} for ${vmSize}`;
}

/**
 * Aliases (opus), full names, [1m] context suffixes, Bedrock and Vertex ids, as the container
 * accepts them: no spaces and no leading '-', which Claude Code would read as an option.
 */
const MODEL = /^[A-Za-z0-9][A-Za-z0-9._:/@+=,[\]-]*$/;

export function parseModel(where: string, value: string): string {
  if (!MODEL.test(value))
    throw invalid(where, value, 'a model name such as opus or claude-sonnet-4-5');
  return value;
}

export function parseMaxTurns(where: string, value: string): number {
  if (!/^[1-9]\d{0,8}$/.test(value))
    throw invalid(where, value, 'a whole number of turns, at least 1');
  return Number(value);
}

/** Dollars as Claude Code's `--max-budget-usd` takes them: a plain decimal above zero. */
export function parseMaxBudgetUsd(where: string, value: string): number {
  const amount = Number(value);
  if (!/^\d{1,6}(\.\d{1,6})?$/.test(value) || !(amount > 0)) {
    throw invalid(where, value, 'an amount of US dollars above 0, such as 5 or 0.50');
  }
  return amount;
}

/**
 * A tool list: entries separated by newlines or by commas outside parentheses, so that a rule
 * such as `Bash(git log --format=%h,%s)` stays one entry. Blank entries are dropped.
 */
export function parseToolList(where: string, value: string): string[] {
  const tools: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of value) {
    if (c === '(') depth++;
    if (c === ')') depth = Math.max(0, depth - 1);
    if (c === '\n' || (c === ',' && depth === 0)) {
      tools.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  tools.push(current);
  const entries = tools.map((t) => t.trim()).filter((t) => t !== '');
  for (const tool of entries) {
    if (tool.startsWith('-') || hasControlCharacter(tool)) {
      throw invalid(
        where,
        tool,
        "tool names or rules such as Read or Bash(git diff:*), none starting with '-'",
      );
    }
  }
  return entries;
}

/** True when `text` holds a C0 control character (line breaks and tabs included) or DEL. */
export function hasControlCharacter(text: string): boolean {
  return [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

/** A tool list given in YAML: a list of names, or text as {@link parseToolList} reads it. */
export function parseYamlToolList(where: string, node: YamlNode): string[] {
  if (typeof node === 'string') return parseToolList(where, node);
  if (node instanceof Map) throw new Error(`${where} is a map; expected a list of tool names.`);
  return (node as readonly YamlNode[]).flatMap((item, i) =>
    parseToolList(`${where}[${i}]`, yamlText(`${where}[${i}]`, item)),
  );
}

/** A YAML map of text to text, as a record (own properties only, whatever the keys). */
export function yamlStringMap(where: string, node: YamlNode): Record<string, string> {
  if (!(node instanceof Map))
    throw new Error(`${where} is ${yamlKind(node)}; expected a map of names to values.`);
  return Object.fromEntries(
    [...(node as ReadonlyMap<string, YamlNode>)].map(([key, value]) => {
      if (typeof value !== 'string') {
        throw new Error(
          `${where}: the value of ${JSON.stringify(key)} is ${yamlKind(value)}; expected text.`,
        );
      }
      return [key, value];
    }),
  );
}

/** Machine environment entries: valid names, none the action's or Fly's (the key is named). */
export function parseEnv(where: string, node: YamlNode): Record<string, string> {
  const env = yamlStringMap(where, node);
  try {
    validateMachineEnv(env);
  } catch (e: unknown) {
    throw new Error(`${where}: ${messageOf(e)}.`, { cause: e });
  }
  return env;
}

/**
 * Machine metadata entries, checked as Fly's are, at most `room` of them, none of the action's
 * own `flaude_*` keys, and no value holding one of `credentials`.
 */
export function parseMetadata(
  where: string,
  node: YamlNode,
  options: { room: number; ownPrefix: string; credentials: readonly string[] },
): Record<string, string> {
  const metadata = yamlStringMap(where, node);
  const keys = Object.keys(metadata);
  const own = keys.find((key) => key.startsWith(options.ownPrefix));
  if (own !== undefined) {
    throw new Error(
      `${where}: key ${JSON.stringify(own)} is reserved (${options.ownPrefix}* keys are the action's own).`,
    );
  }
  if (keys.length > options.room) {
    throw new Error(
      `${where} has ${keys.length} entries; at most ${options.room} fit beside the action's own.`,
    );
  }
  try {
    validateMachineMetadata(metadata, options.credentials);
  } catch (e: unknown) {
    throw new Error(`${where}: ${messageOf(e)}.`, { cause: e });
  }
  return metadata;
}

/** The input that sets what a container-owned flag would set, for a helpful error. */
const FLAG_INPUTS: Readonly<Record<string, string>> = {
  '--model': Input.Model,
  '--max-turns': Input.MaxTurns,
  '--max-budget-usd': Input.MaxBudgetUsd,
  '--allowedTools': Input.AllowedTools,
  '--allowed-tools': Input.AllowedTools,
  '--disallowedTools': Input.DisallowedTools,
  '--disallowed-tools': Input.DisallowedTools,
  '--append-system-prompt': Input.AppendSystemPrompt,
};

/** Why the container keeps the flags that no input stands for. */
const FLAG_REASONS: Readonly<Record<string, string>> = {
  '--json-schema': ": every reviewer reports in the action's findings schema.",
  '--setting-sources':
    ": the checkout's (the pull request's) settings, hooks and CLAUDE.md are never loaded.",
  '--strict-mcp-config':
    ": the checkout's (the pull request's) .mcp.json servers are never started.",
};

/**
 * Further Claude Code arguments, split as a shell would split them but without a shell. The
 * first must be an option; the container's own flags are refused, the flag named.
 */
export function parseClaudeArgs(where: string, value: string): string[] {
  let args: string[];
  try {
    args = splitShellWords(value);
  } catch (e: unknown) {
    if (!(e instanceof ShellWordsError)) throw e;
    // Not quoted: a value that does not split is often a header or a config with a token in it.
    throw new Error(
      `${where} cannot be split into arguments as a shell would split them: ${e.message} ` +
        '(the value is not shown, as it may hold a secret).',
      { cause: e },
    );
  }
  for (const arg of args) {
    const flag = containerOwnedFlag(arg);
    if (flag === undefined) continue;
    const input = FLAG_INPUTS[flag];
    const instead = input ? `: use the '${input}' input.` : (FLAG_REASONS[flag] ?? '.');
    throw new Error(
      `${where} sets ${flag} (${JSON.stringify(arg)}), which the reviewer container sets itself` +
        instead,
    );
  }
  const first = args[0];
  if (first !== undefined && !first.startsWith('-')) {
    throw invalid(
      where,
      value,
      `options for Claude Code, starting with one (not ${JSON.stringify(first)})`,
    );
  }
  return args;
}

/** An http(s) base URL without credentials and without a trailing slash. */
export function parseBaseUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(inputWhere(name), value, 'an http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalid(inputWhere(name), value, 'an http(s) URL');
  if (url.username || url.password)
    throw new Error(`Input '${name}' must not carry credentials in the URL.`);
  return url.toString().replace(/\/+$/, '');
}

/**
 * The `reviewers` input: a YAML list of reviewer entries, each a name, an optional prompt and
 * optional overrides of the step-wide settings. Parsed into the team of the step, each
 * reviewer with every setting resolved, or an Error that names the entry (by position, and
 * by name once known), the field, and quotes the bad value. Pure.
 */
import { Input } from './constants.js';
import {
  inputWhere,
  invalid,
  memoryBounds,
  memoryFor,
  parseEnv,
  parseMaxBudgetUsd,
  parseMaxTurns,
  parseModel,
  parseRegion,
  parseTimeoutMinutes,
  parseVmSize,
  parseWholeNumber,
  parseYamlToolList,
  yamlText,
} from './input-values.js';
import { parseYamlInput, yamlKind, type YamlNode } from './yaml-input.js';

/** What each reviewer runs with: the step-wide inputs, unless its entry overrides them. */
export interface ReviewerSettings {
  /** Claude model; undefined lets Claude Code choose. */
  readonly model: string | undefined;
  /** Claude Code's `--max-turns`; undefined: no limit. */
  readonly maxTurns: number | undefined;
  /** Claude Code's `--max-budget-usd`; undefined: no cap. */
  readonly maxBudgetUsd: number | undefined;
  /** Claude Code's `--allowedTools`; empty: Claude Code's default. */
  readonly allowedTools: readonly string[];
  /** Claude Code's `--disallowedTools`; empty: none. */
  readonly disallowedTools: readonly string[];
  /** Claude Code's `--append-system-prompt`; undefined: none. */
  readonly appendSystemPrompt: string | undefined;
  /** Fly region code, or undefined to let Fly choose. */
  readonly region: string | undefined;
  /** Fly guest preset name, one of GUEST_PRESETS. */
  readonly vmSize: string;
  /** Machine memory in MB, a multiple of 256 within the preset's bounds. */
  readonly memoryMb: number;
  /** Wall-clock limit of the reviewer, in minutes. */
  readonly timeoutMinutes: number;
  /** Extra machine environment: the step's `env`, then the entry's on top. */
  readonly env: Readonly<Record<string, string>>;
}

/** One reviewer of the step, every setting resolved. */
export interface ReviewerInputs extends ReviewerSettings {
  /** Log section title, output `name`, part of the machine name; unique in the step. */
  readonly name: string;
  /** The prompt; undefined means "the built-in review prompt" (PR events only). */
  readonly prompt: string | undefined;
  /** Its 1-based position in `reviewers`; undefined when it comes from `name` and `prompt`. */
  readonly entry: number | undefined;
}

/** The step's `memory-mb` as written, which an entry changing `vm-size` is checked against. */
export interface StepMemory {
  readonly text: string;
  /** True when it is action.yml's default, which means "at least" (see memoryFor). */
  readonly isDefault: boolean;
}

/** Reviewer names: lowercase letters, digits and single dashes, so machine names stay apart. */
const REVIEWER_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_REVIEWER_NAME = 32;
/**
 * Reviewers in one step: each is a machine and a section of the comment, and a step is one
 * runner process polling them all. A longer list is a generator gone wrong.
 */
export const MAX_REVIEWERS = 100;

/** The keys of an entry, in the order they are read (name first, so errors can use it). */
const ENTRY_KEYS = [
  'name',
  Input.Prompt,
  Input.Model,
  Input.MaxTurns,
  Input.MaxBudgetUsd,
  Input.AllowedTools,
  Input.DisallowedTools,
  Input.AppendSystemPrompt,
  Input.VmSize,
  Input.MemoryMb,
  Input.TimeoutMinutes,
  Input.Region,
  Input.Env,
] as const;

/** How errors name entry `entry` (1-based), with its name once known. */
export function entryWhere(entry: number, name?: string): string {
  return `${inputWhere(Input.Reviewers)}, entry ${entry}${name ? ` (${JSON.stringify(name)})` : ''}`;
}

/**
 * The team the `reviewers` text describes, each reviewer with `defaults` overridden by its
 * entry, or undefined when the text holds no YAML document. Throws on anything else than a
 * non-empty list of entries with valid, known fields and unique names.
 */
export function parseReviewers(
  text: string,
  defaults: ReviewerSettings,
  stepMemory: StepMemory,
): ReviewerInputs[] | undefined {
  const where = inputWhere(Input.Reviewers);
  const node = parseYamlInput(where, text);
  if (node === undefined) return undefined;
  if (typeof node === 'string' || node instanceof Map) {
    throw new Error(
      `${where} is ${yamlKind(node)}; expected a YAML list of reviewers (- name: ...).`,
    );
  }
  const entries = node as readonly YamlNode[];
  if (entries.length === 0) {
    throw new Error(`${where} is an empty list; give at least one reviewer.`);
  }
  if (entries.length > MAX_REVIEWERS) {
    throw new Error(
      `${where} lists ${entries.length} reviewers; at most ${MAX_REVIEWERS} run in one step.`,
    );
  }
  const reviewers = entries.map((entry, i) => parseEntry(entry, i + 1, defaults, stepMemory));
  const firstEntryNamed = new Map<string, number>();
  reviewers.forEach(({ name }, i) => {
    const first = firstEntryNamed.get(name);
    if (first !== undefined) {
      throw new Error(
        `${where}: entries ${first} and ${i + 1} are both named ${JSON.stringify(name)}; names must be unique.`,
      );
    }
    firstEntryNamed.set(name, i + 1);
  });
  return reviewers;
}

function parseEntry(
  node: YamlNode,
  entry: number,
  defaults: ReviewerSettings,
  stepMemory: StepMemory,
): ReviewerInputs {
  if (!(node instanceof Map)) {
    throw new Error(
      `${entryWhere(entry)} is ${yamlKind(node)}; expected a map with at least 'name'.`,
    );
  }
  const fields = node as ReadonlyMap<string, YamlNode>;
  const nameNode = fields.get('name');
  if (nameNode === undefined) throw new Error(`${entryWhere(entry)} has no 'name'.`);
  const name = yamlText(`${entryWhere(entry)}, field 'name'`, nameNode);
  if (!REVIEWER_NAME.test(name) || name.length > MAX_REVIEWER_NAME) {
    throw invalid(
      `${entryWhere(entry)}, field 'name'`,
      name,
      `1 to ${MAX_REVIEWER_NAME} lowercase letters, digits and single dashes, starting and ending with a letter or digit`,
    );
  }
  const where = entryWhere(entry, name);
  for (const key of fields.keys()) {
    if (!(ENTRY_KEYS as readonly string[]).includes(key)) {
      throw new Error(
        `${where} has an unknown key ${JSON.stringify(key)}; allowed: ${ENTRY_KEYS.join(', ')}.`,
      );
    }
  }
  const field = (key: string): string => `${where}, field '${key}'`;
  /** The trimmed text of a field, undefined when absent; an empty value is an error. */
  const text = (key: string): string | undefined => {
    const value = fields.get(key);
    if (value === undefined) return undefined;
    const t = yamlText(field(key), value);
    if (t === '') throw new Error(`${field(key)} is empty; give a value or leave the key out.`);
    return t;
  };
  const parsed = <T>(key: string, parse: (where: string, value: string) => T): T | undefined => {
    const value = text(key);
    return value === undefined ? undefined : parse(field(key), value);
  };

  const vmText = text(Input.VmSize);
  const vmSize = vmText ?? defaults.vmSize;
  // The step's vm-size was checked already; parsing it again only looks its preset up.
  const preset = parseVmSize(
    vmText === undefined ? inputWhere(Input.VmSize) : field(Input.VmSize),
    vmSize,
  );
  const memoryText = text(Input.MemoryMb);
  let memoryMb: number | undefined;
  if (memoryText !== undefined) {
    parseWholeNumber(field(Input.MemoryMb), memoryText);
    memoryMb = memoryFor(preset, memoryText, false);
    if (memoryMb === undefined) {
      throw invalid(field(Input.MemoryMb), memoryText, memoryBounds(preset, vmSize));
    }
  } else if (vmText === undefined) {
    memoryMb = defaults.memoryMb;
  } else {
    memoryMb = memoryFor(preset, stepMemory.text, stepMemory.isDefault);
    if (memoryMb === undefined) {
      throw new Error(
        `${field(Input.VmSize)} is ${JSON.stringify(vmSize)}, but the step's '${Input.MemoryMb}' ` +
          `${JSON.stringify(stepMemory.text)} is not ${memoryBounds(preset, vmSize)}: ` +
          `set '${Input.MemoryMb}' in the entry.`,
      );
    }
  }

  const allowed = fields.get(Input.AllowedTools);
  const disallowed = fields.get(Input.DisallowedTools);
  const env = fields.get(Input.Env);
  return {
    name,
    prompt: text(Input.Prompt),
    entry,
    model: parsed(Input.Model, parseModel) ?? defaults.model,
    maxTurns: parsed(Input.MaxTurns, parseMaxTurns) ?? defaults.maxTurns,
    maxBudgetUsd: parsed(Input.MaxBudgetUsd, parseMaxBudgetUsd) ?? defaults.maxBudgetUsd,
    allowedTools:
      allowed === undefined
        ? defaults.allowedTools
        : parseYamlToolList(field(Input.AllowedTools), allowed),
    disallowedTools:
      disallowed === undefined
        ? defaults.disallowedTools
        : parseYamlToolList(field(Input.DisallowedTools), disallowed),
    appendSystemPrompt: text(Input.AppendSystemPrompt) ?? defaults.appendSystemPrompt,
    region: parsed(Input.Region, parseRegion) ?? defaults.region,
    vmSize,
    memoryMb,
    timeoutMinutes: parsed(Input.TimeoutMinutes, parseTimeoutMinutes) ?? defaults.timeoutMinutes,
    env: env === undefined ? defaults.env : { ...defaults.env, ...parseEnv(field(Input.Env), env) },
  };
}

/**
 * MachineConfig -> the exact body of Fly's create-machine call. Pure: no I/O, no clock,
 * so every request the action sends can be pinned down by a table test.
 */
import { createHash } from 'node:crypto';
import type { FlyCreateMachineRequest, FlyGuest } from './api-types.js';

/** A repository the container clones before Claude starts. */
export interface RepoSpec {
  /** Clone URL (https). */
  url: string;
  /** Branch or tag to check out. */
  ref?: string;
  /** Exact commit to check out (wins over `ref` in the container). */
  sha?: string;
  /** The PR's base branch, so the reviewer can diff against it. */
  baseRef?: string;
  /** Directory below the workspace root; relative, no `..`. */
  targetDir?: string;
  /** Shallow clone depth; omitted for a full clone. */
  depth?: number;
}

/** A Fly size preset (`shared-cpu-2x`) or the same thing spelt out. */
export type GuestSpec = string | { cpuKind: 'shared' | 'performance'; cpus: number };

/** Everything one reviewer machine needs. */
export interface MachineConfig {
  /** Image reference, e.g. `registry.fly.io/my-app:abc123`. */
  image: string;
  /** The prompt given to Claude Code (FLAUDE_PROMPT). */
  prompt: string;
  repos?: RepoSpec[];
  /** Exactly one of `claudeCodeOAuthToken` and `anthropicApiKey`. */
  claudeCodeOAuthToken?: string;
  anthropicApiKey?: string;
  /**
   * Given to the machine as both GITHUB_TOKEN and GH_TOKEN, for the clone: the container
   * removes it before Claude Code starts unless {@link MachineConfig.claudeGithubToken}.
   */
  githubToken?: string;
  /**
   * Hands `githubToken` to Claude Code as GH_TOKEN and GITHUB_TOKEN, for `gh`
   * (FLAUDE_CLAUDE_GITHUB_TOKEN=1); default false. Needs `githubToken`.
   */
  claudeGithubToken?: boolean;
  /** Extra environment; keys in {@link RESERVED_ENV_KEYS} (and any FLAUDE_* / FLY_*) are refused. */
  env?: Record<string, string>;
  /** Machine metadata, merged after `managed_by: flaude` (which cannot be overridden). */
  metadata?: Record<string, string>;
  /** Fly region code; Fly picks the one nearest the API gateway when absent. */
  region?: string;
  /** Size preset; default {@link DEFAULT_GUEST} with {@link DEFAULT_MEMORY_MB}. */
  guest?: GuestSpec;
  /** Memory in MB: a multiple of 256 within the preset's bounds; default the preset's. */
  memoryMb?: number;
  /** Hard wall-clock limit the container enforces on Claude (FLAUDE_TIMEOUT_SECONDS). */
  timeoutSeconds?: number;
  /**
   * Hard wall-clock limit the container enforces on its whole run, from the entrypoint's
   * start: clone, fetches and Claude (FLAUDE_DEADLINE_SECONDS). The machine exits at it with
   * code 124 and the exit marker, and `auto_destroy` removes it, runner or no runner.
   */
  deadlineSeconds?: number;
  model?: string;
  maxTurns?: number;
  /** Claude Code's own spending cap in US dollars, `--max-budget-usd` (FLAUDE_MAX_BUDGET_USD). */
  maxBudgetUsd?: number;
  /** Tools Claude may use, `--allowedTools` (FLAUDE_ALLOWED_TOOLS, joined with commas). */
  allowedTools?: string[];
  /** Tools Claude may not use, `--disallowedTools` (FLAUDE_DISALLOWED_TOOLS, joined with commas). */
  disallowedTools?: string[];
  /** Text added to Claude Code's system prompt, `--append-system-prompt` (FLAUDE_APPEND_SYSTEM_PROMPT). */
  appendSystemPrompt?: string;
  /**
   * Further Claude Code arguments, each one argv element (FLAUDE_CLAUDE_ARGS, a JSON array).
   * The first must be an option; the flags in {@link CONTAINER_CLAUDE_FLAGS} and `--` are refused.
   */
  claudeArgs?: string[];
  /**
   * A JSON Schema (one JSON object, as text) that Claude Code's final answer must match,
   * `--json-schema` (FLAUDE_JSON_SCHEMA): the result line then carries `structured_output`.
   */
  jsonSchema?: string;
  /** Claude Code's output format; default `stream-json` (the log pipeline parses it). */
  outputFormat?: 'stream-json' | 'json' | 'text';
}

/** A MachineConfig that cannot be sent. The message names the field; it never quotes a secret. */
export class MachineConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MachineConfigError';
  }
}

/** Environment keys the builder owns; `env` may not set them (nor any FLAUDE_* or FLY_* key). */
export const RESERVED_ENV_KEYS: readonly string[] = [
  'FLAUDE_PROMPT',
  'FLAUDE_REPOS',
  'FLAUDE_OUTPUT_FORMAT',
  'FLAUDE_MODEL',
  'FLAUDE_MAX_TURNS',
  'FLAUDE_MAX_BUDGET_USD',
  'FLAUDE_ALLOWED_TOOLS',
  'FLAUDE_DISALLOWED_TOOLS',
  'FLAUDE_APPEND_SYSTEM_PROMPT',
  'FLAUDE_CLAUDE_ARGS',
  'FLAUDE_JSON_SCHEMA',
  'FLAUDE_TIMEOUT_SECONDS',
  'FLAUDE_DEADLINE_SECONDS',
  'FLAUDE_WORKSPACE',
  'FLAUDE_USER',
  'FLAUDE_CLAUDE_GITHUB_TOKEN',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'ANTHROPIC_API_KEY',
  'GITHUB_TOKEN',
  'GH_TOKEN',
];

/** Prefixes reserved as a whole: flaude's container contract and Fly's own runtime variables. */
export const RESERVED_ENV_PREFIXES: readonly string[] = ['FLAUDE_', 'FLY_'];

/**
 * Claude Code flags the container passes itself (container/README.md): `claudeArgs` may not
 * set them, in either the `--flag value` or the `--flag=value` form. `--json-schema` is kept
 * for the container too: it changes the final result line the action reads.
 * `--setting-sources` and `--strict-mcp-config` keep the checkout's (the PR head's) settings,
 * hooks, CLAUDE.md and MCP servers out of the run; a reviewer cannot take that back.
 */
export const CONTAINER_CLAUDE_FLAGS: readonly string[] = [
  '-p',
  '--print',
  '--output-format',
  '--verbose',
  '--dangerously-skip-permissions',
  '--model',
  '--max-turns',
  '--max-budget-usd',
  '--allowedTools',
  '--allowed-tools',
  '--disallowedTools',
  '--disallowed-tools',
  '--append-system-prompt',
  '--json-schema',
  '--setting-sources',
  '--strict-mcp-config',
];

/**
 * The container-owned flag that the Claude Code argument `arg` sets, or undefined: `--` (the
 * container ends the options before the prompt), a long flag of {@link CONTAINER_CLAUDE_FLAGS}
 * alone or with `=value`, or a cluster of short flags holding `p` (`-p`, `-cp`). A value that
 * looks like such a flag must be attached to its option with `=`.
 */
export function containerOwnedFlag(arg: string): string | undefined {
  if (arg === '--') return '--';
  if (arg.startsWith('--')) {
    const flag = arg.split('=', 1)[0] ?? arg;
    return CONTAINER_CLAUDE_FLAGS.includes(flag) ? flag : undefined;
  }
  return /^-[A-Za-z]*p/.test(arg) ? '-p' : undefined;
}

/** Metadata keys the builder owns. */
export const RESERVED_METADATA_KEYS: readonly string[] = ['managed_by', 'flaude_name'];

/** Value of the `managed_by` metadata on every machine flaude creates. */
export const MANAGED_BY = 'flaude';

/** Size of a machine when the config names none: Claude Code (Node) needs more than 256 MB. */
export const DEFAULT_GUEST = 'shared-cpu-2x';
/** Memory of a machine when neither `guest` nor `memoryMb` is given. */
export const DEFAULT_MEMORY_MB = 2048;

/** One size preset: CPU kind and count, memory bounds and default. */
export interface GuestPreset {
  cpuKind: 'shared' | 'performance';
  cpus: number;
  minMemoryMb: number;
  maxMemoryMb: number;
  defaultMemoryMb: number;
}

/**
 * Fly's CPU presets (docs/fly-api.md#guest-presets-and-memory): shared 256-2048 MB per
 * vCPU, default N x 256; performance 2048-8192 MB per vCPU, default N x 2048. GPU presets
 * are not offered.
 */
export const GUEST_PRESETS: ReadonlyMap<string, GuestPreset> = new Map<string, GuestPreset>([
  ...[1, 2, 4, 6, 8].map((n) => presetEntry('shared', n, 256, 2048)),
  ...[1, 2, 4, 6, 8, 10, 12, 14, 16].map((n) => presetEntry('performance', n, 2048, 8192)),
]);

function presetEntry(
  cpuKind: 'shared' | 'performance',
  cpus: number,
  minPerCpu: number,
  maxPerCpu: number,
): [string, GuestPreset] {
  const name = cpuKind === 'shared' ? `shared-cpu-${cpus}x` : `performance-${cpus}x`;
  return [
    name,
    {
      cpuKind,
      cpus,
      minMemoryMb: minPerCpu * cpus,
      maxMemoryMb: maxPerCpu * cpus,
      defaultMemoryMb: minPerCpu * cpus,
    },
  ];
}

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Fly documents no metadata limits; these bounds are conservative (docs/fly-api.md#metadata). */
const METADATA_KEY = /^[A-Za-z0-9_.-]{1,64}$/;
const METADATA_VALUE_MAX = 256;
/** Most entries of `metadata` (besides the builder's own `managed_by` and `flaude_name`). */
export const MAX_METADATA_ENTRIES = 32;
const REGION = /^[a-z][a-z0-9]{1,7}$/;
const MAX_NAME_LENGTH = 63;

/**
 * Checks everything {@link buildCreateMachineRequest} relies on.
 * Throws {@link MachineConfigError} naming the first bad field.
 */
export function validateMachineConfig(config: MachineConfig): void {
  requireText('image', config.image);
  if (/\s/.test(config.image)) fail(`image ${quote(config.image)} contains whitespace`);
  requireText('prompt', config.prompt);

  const oauth = present(config.claudeCodeOAuthToken);
  const apiKey = present(config.anthropicApiKey);
  if (oauth === apiKey) {
    fail(
      oauth
        ? 'claudeCodeOAuthToken and anthropicApiKey are both set: give exactly one'
        : 'one of claudeCodeOAuthToken or anthropicApiKey is required',
    );
  }
  if (config.githubToken !== undefined && !present(config.githubToken)) {
    fail('githubToken is empty: omit it or give a token');
  }
  if (config.claudeGithubToken !== undefined) {
    if (typeof config.claudeGithubToken !== 'boolean') {
      fail(`claudeGithubToken ${quote(String(config.claudeGithubToken))} must be true or false`);
    }
    if (config.claudeGithubToken && config.githubToken === undefined) {
      fail('claudeGithubToken is true but githubToken is not set: there is no token to hand over');
    }
  }

  (config.repos ?? []).forEach((repo, i) => validateRepo(repo, `repos[${i}]`));
  validateMachineEnv(config.env ?? {});
  validateMachineMetadata(config.metadata ?? {}, credentialsOf(config));

  if (config.region !== undefined && !REGION.test(config.region)) {
    fail(`region ${quote(config.region)} is not a Fly region code (e.g. "iad", "fra")`);
  }
  resolveGuest(config.guest, config.memoryMb);

  if (config.timeoutSeconds !== undefined) positiveInteger('timeoutSeconds', config.timeoutSeconds);
  if (config.deadlineSeconds !== undefined) {
    positiveInteger('deadlineSeconds', config.deadlineSeconds);
  }
  if (config.maxTurns !== undefined) positiveInteger('maxTurns', config.maxTurns);
  if (config.model !== undefined) {
    requireText('model', config.model);
    if (/\s/.test(config.model)) fail(`model ${quote(config.model)} contains whitespace`);
  }
  if (config.maxBudgetUsd !== undefined) validateBudget(config.maxBudgetUsd);
  if (config.allowedTools !== undefined) validateTools('allowedTools', config.allowedTools);
  if (config.disallowedTools !== undefined) {
    validateTools('disallowedTools', config.disallowedTools);
  }
  if (config.appendSystemPrompt !== undefined) {
    requireText('appendSystemPrompt', config.appendSystemPrompt);
    if (config.appendSystemPrompt.includes('\0'))
      fail('appendSystemPrompt contains a NUL character');
  }
  if (config.claudeArgs !== undefined) validateClaudeArgs(config.claudeArgs);
  if (config.jsonSchema !== undefined) validateJsonSchema(config.jsonSchema);
  if (
    config.outputFormat !== undefined &&
    !['stream-json', 'json', 'text'].includes(config.outputFormat)
  ) {
    fail(`outputFormat ${quote(config.outputFormat)} must be one of stream-json, json, text`);
  }
}

/**
 * The body of `POST /v1/apps/{app}/machines` for `config`: a one-shot machine
 * (`restart.policy: "no"` + `auto_destroy: true`, see
 * docs/fly-api.md#restart-policy-and-auto-destroy), the container's env contract,
 * `managed_by`/`flaude_name` metadata (the name lets a create that failed ambiguously be found
 * by a metadata filter), an explicit guest size, and SIGTERM with 30 s grace on stop.
 * Validates first.
 */
export function buildCreateMachineRequest(
  config: MachineConfig,
  opts: { name: string },
): FlyCreateMachineRequest {
  validateMachineConfig(config);
  validateMachineName(opts.name);
  const metadata: Record<string, string> = {
    managed_by: MANAGED_BY,
    ...(config.metadata ?? {}),
    flaude_name: opts.name,
  };
  return {
    name: opts.name,
    ...(config.region === undefined ? {} : { region: config.region }),
    config: {
      image: config.image,
      env: buildEnv(config),
      guest: resolveGuest(config.guest, config.memoryMb),
      auto_destroy: true,
      restart: { policy: 'no' },
      // Fly reads durations as Go duration strings; a bare number means nanoseconds.
      stop_config: { signal: 'SIGTERM', timeout: '30s' },
      metadata,
    },
  };
}

/** The container's environment (container/README.md). Assumes a validated config. */
function buildEnv(config: MachineConfig): Record<string, string> {
  const env: Record<string, string> = { ...(config.env ?? {}) };
  env.FLAUDE_PROMPT = config.prompt;
  const repos = config.repos ?? [];
  if (repos.length > 0) env.FLAUDE_REPOS = JSON.stringify(repos.map(repoToJson));
  env.FLAUDE_OUTPUT_FORMAT = config.outputFormat ?? 'stream-json';
  if (config.model !== undefined) env.FLAUDE_MODEL = config.model;
  if (config.maxTurns !== undefined) env.FLAUDE_MAX_TURNS = String(config.maxTurns);
  if (config.maxBudgetUsd !== undefined) env.FLAUDE_MAX_BUDGET_USD = String(config.maxBudgetUsd);
  if (config.allowedTools?.length) env.FLAUDE_ALLOWED_TOOLS = config.allowedTools.join(',');
  if (config.disallowedTools?.length) {
    env.FLAUDE_DISALLOWED_TOOLS = config.disallowedTools.join(',');
  }
  if (config.appendSystemPrompt !== undefined) {
    env.FLAUDE_APPEND_SYSTEM_PROMPT = config.appendSystemPrompt;
  }
  if (config.claudeArgs?.length) env.FLAUDE_CLAUDE_ARGS = JSON.stringify(config.claudeArgs);
  if (config.jsonSchema !== undefined) env.FLAUDE_JSON_SCHEMA = config.jsonSchema;
  if (config.timeoutSeconds !== undefined) {
    env.FLAUDE_TIMEOUT_SECONDS = String(config.timeoutSeconds);
  }
  if (config.deadlineSeconds !== undefined) {
    env.FLAUDE_DEADLINE_SECONDS = String(config.deadlineSeconds);
  }
  if (present(config.claudeCodeOAuthToken)) {
    env.CLAUDE_CODE_OAUTH_TOKEN = config.claudeCodeOAuthToken;
  } else if (present(config.anthropicApiKey)) {
    env.ANTHROPIC_API_KEY = config.anthropicApiKey;
  }
  if (present(config.githubToken)) {
    env.GITHUB_TOKEN = config.githubToken;
    env.GH_TOKEN = config.githubToken;
    if (config.claudeGithubToken === true) env.FLAUDE_CLAUDE_GITHUB_TOKEN = '1';
  }
  return env;
}

function repoToJson(repo: RepoSpec): Record<string, string | number> {
  const out: Record<string, string | number> = { url: repo.url };
  if (present(repo.ref)) out.ref = repo.ref;
  if (present(repo.sha)) out.sha = repo.sha;
  if (present(repo.baseRef)) out.base_ref = repo.baseRef;
  if (present(repo.targetDir)) out.target_dir = repo.targetDir;
  if (repo.depth !== undefined) out.depth = repo.depth;
  return out;
}

/** Resolves a guest spec and memory to Fly's `guest` object, enforcing the preset's bounds. */
export function resolveGuest(guest: GuestSpec | undefined, memoryMb: number | undefined): FlyGuest {
  const name = guestPresetName(guest);
  const preset = GUEST_PRESETS.get(name);
  if (preset === undefined) {
    fail(
      `guest ${quote(name)} is not a Fly CPU preset; valid presets: ${[...GUEST_PRESETS.keys()].join(', ')}`,
    );
  }
  const memory = memoryMb ?? (guest === undefined ? DEFAULT_MEMORY_MB : preset.defaultMemoryMb);
  if (!Number.isInteger(memory) || memory % 256 !== 0) {
    fail(`memoryMb ${quote(String(memoryMb))} must be a multiple of 256`);
  }
  if (memory < preset.minMemoryMb || memory > preset.maxMemoryMb) {
    fail(
      `memoryMb ${quote(String(memory))} is outside ${name}'s bounds ` +
        `(${preset.minMemoryMb}-${preset.maxMemoryMb} MB)`,
    );
  }
  return { cpu_kind: preset.cpuKind, cpus: preset.cpus, memory_mb: memory };
}

function guestPresetName(guest: GuestSpec | undefined): string {
  if (guest === undefined) return DEFAULT_GUEST;
  if (typeof guest === 'string') return guest.trim().toLowerCase();
  if (guest.cpuKind !== 'shared' && guest.cpuKind !== 'performance') {
    fail(`guest.cpuKind ${quote(String(guest.cpuKind))} must be "shared" or "performance"`);
  }
  return guest.cpuKind === 'shared' ? `shared-cpu-${guest.cpus}x` : `performance-${guest.cpus}x`;
}

function validateRepo(repo: RepoSpec, field: string): void {
  requireText(`${field}.url`, repo.url);
  if (/\s/.test(repo.url)) fail(`${field}.url ${quote(repo.url)} contains whitespace`);
  for (const key of ['ref', 'sha', 'baseRef'] as const) {
    const value = repo[key];
    if (value !== undefined && /\s/.test(value)) {
      fail(`${field}.${key} ${quote(value)} contains whitespace`);
    }
  }
  if (repo.sha !== undefined && repo.sha !== '' && !/^[0-9a-f]{7,64}$/i.test(repo.sha)) {
    fail(`${field}.sha ${quote(repo.sha)} is not a commit hash`);
  }
  const dir = repo.targetDir;
  if (dir !== undefined && dir !== '') {
    // The directory is joined to the workspace root inside the container: keep it there.
    if (dir.startsWith('/') || dir.split(/[/\\]/).includes('..') || /[\0\n\r]/.test(dir)) {
      fail(`${field}.targetDir ${quote(dir)} must be a relative path without ".."`);
    }
  }
  if (repo.depth !== undefined) positiveInteger(`${field}.depth`, repo.depth);
}

/** True when `key` may not be set through `env`. Compared case-insensitively to be safe. */
export function isReservedEnvKey(key: string): boolean {
  const upper = key.toUpperCase();
  return (
    RESERVED_ENV_KEYS.includes(upper) || RESERVED_ENV_PREFIXES.some((p) => upper.startsWith(p))
  );
}

/**
 * Checks machine environment entries as {@link validateMachineConfig} does: valid variable
 * names, none reserved (the key named), string values without NUL (never quoted: user env
 * often carries secrets). Throws {@link MachineConfigError}.
 */
export function validateMachineEnv(env: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(env)) {
    if (!ENV_KEY.test(key)) fail(`env key ${quote(key)} is not a valid variable name`);
    if (isReservedEnvKey(key)) {
      fail(`env key ${quote(key)} is reserved (set by flaude; FLAUDE_* and FLY_* are reserved)`);
    }
    // Values are not quoted: user env often carries secrets.
    if (typeof value !== 'string') fail(`env.${key} must be a string`);
    if (value.includes('\0')) fail(`env.${key} contains a NUL character`);
  }
}

/**
 * Checks machine metadata as {@link validateMachineConfig} does: at most
 * {@link MAX_METADATA_ENTRIES} entries, keys of 1-64 `[A-Za-z0-9_.-]` and not reserved
 * (`managed_by`, `flaude_name`, `fly_*`), values of at most 256 characters without control
 * characters and without any of `credentials` (those of at least 4 characters). Throws
 * {@link MachineConfigError}.
 */
export function validateMachineMetadata(
  metadata: Readonly<Record<string, string>>,
  credentials: readonly string[] = [],
): void {
  // Too short to tell a secret from ordinary text ('' would be in every value).
  const secrets = credentials.filter((c) => c.trim().length >= 4);
  const entries = Object.entries(metadata);
  if (entries.length > MAX_METADATA_ENTRIES) {
    fail(`metadata has ${entries.length} entries; at most ${MAX_METADATA_ENTRIES} are allowed`);
  }
  for (const [key, value] of entries) {
    if (!METADATA_KEY.test(key)) {
      fail(`metadata key ${quote(key)} must be 1-64 characters of [A-Za-z0-9_.-]`);
    }
    if (key === 'managed_by' && value === MANAGED_BY) continue;
    if (RESERVED_METADATA_KEYS.includes(key)) fail(`metadata key ${quote(key)} is reserved`);
    if (key.startsWith('fly_')) fail(`metadata key ${quote(key)} is reserved (fly_* is Fly's)`);
    if (typeof value !== 'string') fail(`metadata.${key} must be a string`);
    // Checked before anything quotes the value: secrets never go into metadata.
    if (secrets.some((c) => value.includes(c))) {
      fail(`metadata.${key} contains a credential; secrets must not be stored in metadata`);
    }
    if (value.length > METADATA_VALUE_MAX) {
      fail(`metadata.${key} is ${value.length} characters; at most ${METADATA_VALUE_MAX}`);
    }
    if (hasControlCharacter(value)) fail(`metadata.${key} contains a control character`);
  }
}

/** `String(amount)` is what the container reads: a plain decimal, never `1e-7`. */
function validateBudget(amount: number): void {
  if (!Number.isFinite(amount) || amount <= 0 || !/^\d+(\.\d+)?$/.test(String(amount))) {
    fail(`maxBudgetUsd ${quote(String(amount))} must be a positive amount of US dollars`);
  }
}

/** Each tool is one entry of a comma-joined list that Claude Code reads as an option value. */
function validateTools(field: string, tools: readonly string[]): void {
  tools.forEach((tool, i) => {
    requireText(`${field}[${i}]`, tool);
    if (tool.trim() !== tool || tool.startsWith('-') || hasControlCharacter(tool)) {
      fail(
        `${field}[${i}] ${quote(tool)} must be a tool name without surrounding spaces, ` +
          "control characters or a leading '-'",
      );
    }
  });
}

function validateClaudeArgs(args: readonly string[]): void {
  args.forEach((arg, i) => {
    if (typeof arg !== 'string') fail(`claudeArgs[${i}] must be a string`);
    if (arg.includes('\0')) fail(`claudeArgs[${i}] contains a NUL character`);
    const owned = containerOwnedFlag(arg);
    if (owned !== undefined) {
      fail(`claudeArgs[${i}] ${quote(arg)} sets ${owned}, which the container sets itself`);
    }
  });
  // The container's tool lists come just before these arguments and take every value up to
  // the next option: a leading value would become a tool name.
  const first = args[0];
  if (first !== undefined && !first.startsWith('-')) {
    fail(`claudeArgs[0] ${quote(first)} must be an option (start with '-')`);
  }
}

/**
 * Claude Code takes the schema as one argument and refuses anything but a JSON object; the
 * container checks the same, but a config error here names the field before a machine starts.
 */
function validateJsonSchema(schema: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(schema);
  } catch {
    fail('jsonSchema is not valid JSON (expected one JSON object, a JSON Schema)');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const kind = parsed === null ? 'null' : Array.isArray(parsed) ? 'array' : typeof parsed;
    fail(`jsonSchema must be a JSON object (a JSON Schema), got a JSON ${kind}`);
  }
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function credentialsOf(config: MachineConfig): string[] {
  return [config.claudeCodeOAuthToken, config.anthropicApiKey, config.githubToken].filter(
    (c): c is string => c !== undefined,
  );
}

/** Throws unless `name` is a Fly-safe machine name (lowercase [a-z0-9-], <= 63 chars). */
export function validateMachineName(name: string): void {
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) || name.length > MAX_NAME_LENGTH) {
    fail(
      `machine name ${quote(name)} must be 1-${MAX_NAME_LENGTH} characters of [a-z0-9-], ` +
        'starting and ending with a letter or digit',
    );
  }
}

/**
 * A deterministic, Fly-safe machine name (lowercase [a-z0-9-], at most 63 characters) from
 * its parts in order `prefix-runId-attempt-job-reviewer-nonce` (prefix default `flaude`).
 * The same parts always give the same name, so a retried create finds the first machine.
 * Too-long names are cut and end in a hash of the full name, so they stay distinct.
 */
export function machineName(parts: {
  prefix?: string;
  runId?: string;
  attempt?: string;
  job?: string;
  reviewer: string;
  nonce?: string;
}): string {
  const pieces = [
    parts.prefix ?? 'flaude',
    parts.runId,
    parts.attempt,
    parts.job,
    parts.reviewer,
    parts.nonce,
  ]
    .map((p) => slug(p ?? ''))
    .filter((p) => p !== '');
  const raw = [parts.prefix, parts.runId, parts.attempt, parts.job, parts.reviewer, parts.nonce];
  const hash = createHash('sha256')
    .update(raw.map((p) => p ?? '').join('\0'))
    .digest('hex')
    .slice(0, 8);
  let full = pieces.join('-');
  if (full === '') return `flaude-${hash}`;
  // Names that start with a digit are legal here but look like ids; keep them readable.
  if (!/^[a-z]/.test(full)) full = `m-${full}`;
  if (full.length <= MAX_NAME_LENGTH) return full;
  const head = full.slice(0, MAX_NAME_LENGTH - hash.length - 1).replace(/-+$/, '');
  return `${head}-${hash}`;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function requireText(field: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim() === '') fail(`${field} is required`);
}

function positiveInteger(field: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    fail(`${field} ${quote(String(value))} must be a positive integer`);
  }
}

function quote(value: string): string {
  const short = value.length > 80 ? `${value.slice(0, 80)}...` : value;
  return JSON.stringify(short);
}

function fail(message: string): never {
  throw new MachineConfigError(message);
}

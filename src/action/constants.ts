/**
 * Every input, output and state name in one place, with the inputs' defaults.
 * action.yml uses the same kebab-case names and defaults; test/action/readme.test.ts checks both.
 */
import {
  DEFAULT_API_URL,
  DEFAULT_GUEST,
  DEFAULT_LOGS_URL,
  DEFAULT_MEMORY_MB,
  DEFAULT_ORG,
  DEFAULT_REGISTRY_URL,
} from '../fly/index.js';

export const Input = {
  FlyApiToken: 'fly-api-token',
  App: 'app',
  Org: 'org',
  ClaudeCodeOAuthToken: 'claude-code-oauth-token',
  AnthropicApiKey: 'anthropic-api-key',
  Prompt: 'prompt',
  Name: 'name',
  Image: 'image',
  Region: 'region',
  VmSize: 'vm-size',
  MemoryMb: 'memory-mb',
  TimeoutMinutes: 'timeout-minutes',
  MachineGithubToken: 'machine-github-token',
  FlyApiUrl: 'fly-api-url',
  FlyLogsUrl: 'fly-logs-url',
  FlyRegistryUrl: 'fly-registry-url',
  FailOnError: 'fail-on-error',
} as const;

/**
 * The default of each input that has one, keyed like {@link Input}: the library's own
 * defaults where it has them, so the action cannot drift from the library it drives.
 * (`machine-github-token`'s default is `${{ github.token }}`, which the runner expands.)
 */
export const InputDefault = {
  Org: DEFAULT_ORG,
  Name: 'claude',
  VmSize: DEFAULT_GUEST,
  MemoryMb: String(DEFAULT_MEMORY_MB),
  TimeoutMinutes: '30',
  FlyApiUrl: DEFAULT_API_URL,
  FlyLogsUrl: DEFAULT_LOGS_URL,
  FlyRegistryUrl: DEFAULT_REGISTRY_URL,
  FailOnError: 'true',
} as const satisfies Partial<Record<keyof typeof Input, string>>;

export const Output = {
  Results: 'results',
  MachineIds: 'machine-ids',
  Succeeded: 'succeeded',
  Failed: 'failed',
  TotalCostUsd: 'total-cost-usd',
} as const;

/** Action state shared by the main and post steps. Never holds a secret. */
export const State = {
  IsPost: 'is-post',
  App: 'app',
  MachineIds: 'machine-ids',
  /** Machine names, saved before any create: a create in flight when the step died is found by name. */
  MachineNames: 'machine-names',
} as const;

/**
 * Every input, output and state name in one place, so a rename cannot miss a use.
 * action.yml uses the same kebab-case names; test/action/readme.test.ts checks both.
 */
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
} as const;

export const Output = {
  Results: 'results',
  MachineIds: 'machine-ids',
  Succeeded: 'succeeded',
  Failed: 'failed',
} as const;

/** Action state shared by the main and post steps. Never holds a secret. */
export const State = {
  IsPost: 'is-post',
  App: 'app',
  MachineIds: 'machine-ids',
  /** Machine names, saved before any create: a create in flight when the step died is found by name. */
  MachineNames: 'machine-names',
} as const;

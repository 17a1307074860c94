/**
 * Every input, output, state and machine metadata name in one place, with the inputs' defaults.
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
  ClaudeGithubToken: 'claude-github-token',
  FlyApiUrl: 'fly-api-url',
  FlyLogsUrl: 'fly-logs-url',
  FlyRegistryUrl: 'fly-registry-url',
  Reviewers: 'reviewers',
  MaxConcurrency: 'max-concurrency',
  Model: 'model',
  MaxTurns: 'max-turns',
  MaxBudgetUsd: 'max-budget-usd',
  AllowedTools: 'allowed-tools',
  DisallowedTools: 'disallowed-tools',
  AppendSystemPrompt: 'append-system-prompt',
  Env: 'env',
  Metadata: 'metadata',
  ClaudeArgs: 'claude-args',
  FailOnError: 'fail-on-error',
  AllowForkPrs: 'allow-fork-prs',
  GithubToken: 'github-token',
  GithubApiUrl: 'github-api-url',
  Comment: 'comment',
  InlineComments: 'inline-comments',
  ReviewEvent: 'review-event',
  MaxInlineComments: 'max-inline-comments',
  FailOnSeverity: 'fail-on-severity',
  TriggerPhrase: 'trigger-phrase',
  IssueTitle: 'issue-title',
  Mode: 'mode',
  DryRun: 'dry-run',
} as const;

/**
 * The default of each input that has one, keyed like {@link Input}: the library's own
 * defaults where it has them, so the action cannot drift from the library it drives.
 * (`machine-github-token`'s and `github-token`'s default is `${{ github.token }}`, which the
 * runner expands.)
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
  MaxConcurrency: '4',
  FailOnError: 'true',
  AllowForkPrs: 'false',
  Comment: 'auto',
  InlineComments: 'true',
  ReviewEvent: 'comment',
  MaxInlineComments: '20',
  FailOnSeverity: 'none',
  ClaudeGithubToken: 'false',
  TriggerPhrase: '/review',
  Mode: 'review',
  DryRun: 'false',
} as const satisfies Partial<Record<keyof typeof Input, string>>;

export const Output = {
  Results: 'results',
  MachineIds: 'machine-ids',
  Succeeded: 'succeeded',
  Failed: 'failed',
  TranscriptsDir: 'transcripts-dir',
  TotalCostUsd: 'total-cost-usd',
  Reaped: 'reaped',
} as const;

/** Action state shared by the main and post steps. Never holds a secret. */
export const State = {
  IsPost: 'is-post',
  App: 'app',
  MachineIds: 'machine-ids',
  /** Machine names, saved before any create: a create in flight when the step died is found by name. */
  MachineNames: 'machine-names',
  /** The sticky comments still saying "reviewing": `{repository, ids: {reviewer: id}}`. */
  Comments: 'comments',
} as const;

/**
 * Metadata the action puts on every reviewer machine, after the `metadata` input's entries.
 * The input may not set any `flaude_*` key: these are the action's, and so are future ones.
 */
export const Metadata = {
  Repo: 'flaude_repo',
  RunId: 'flaude_run_id',
  RunAttempt: 'flaude_run_attempt',
  Job: 'flaude_job',
  Reviewer: 'flaude_reviewer',
  Deadline: 'flaude_deadline',
  PullRequest: 'flaude_pr',
} as const;

/** Prefix of the action's own metadata keys, which the `metadata` input cannot set. */
export const ACTION_METADATA_PREFIX = 'flaude_';

// Scripted Anthropic Messages API for the real Claude Code CLI; see README.md.

export { startAnthropicEmulator } from './server.ts';
export { REVIEW_HEADING, REVIEW_SIGNATURE, SIDE_ANSWER } from './review-text.ts';
export { SCENARIO_NAMES } from './types.ts';
export type {
  AnthropicEmulator,
  AnthropicEmulatorOptions,
  CredentialKind,
  RecordedRequest,
  RequestKind,
  ScenarioName,
  ScenarioOptions,
} from './types.ts';

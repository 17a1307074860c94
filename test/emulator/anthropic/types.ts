// Public shapes of the Anthropic emulator: options, recorded requests, the handle.

/** Scripted behaviours, chosen per conversation by `[scenario:NAME]` in the user's prompt. */
export const SCENARIO_NAMES = [
  'success',
  'api-error',
  'slow',
  'long',
  'no-tool',
  'no-structured-output',
  'bad-structured-output',
] as const;

/** One of {@link SCENARIO_NAMES}. */
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** Knobs of the scripted scenarios; every field has a default. */
export interface ScenarioOptions {
  /** Scenario of prompts without a `[scenario:...]` keyword. Default `success`. */
  defaultScenario?: ScenarioName;
  /** `slow`: pause before each chunk of the final answer. Default 200 ms. */
  slowChunkDelayMs?: number;
  /** `slow`: number of chunks the final answer is cut into. Default 15 (about 3 s). */
  slowChunkCount?: number;
  /** `long`: number of finding lines in the final answer. Default 300. */
  longLineCount?: number;
  /**
   * `api-error`: the HTTP error every Messages call gets. Default 400 `invalid_request_error`,
   * which Claude Code 2.1.330 gives up on after a few fast attempts (exit code 1); it retries
   * 401, 429, 5xx and 529 with exponential backoff for minutes instead.
   */
  apiError?: { status: number; type: string; message?: string };
}

/** Options of {@link startAnthropicEmulator}. */
export interface AnthropicEmulatorOptions {
  /** Port on 127.0.0.1. Default 0 (a free port). */
  port?: number;
  /** Scenario knobs. */
  scenarios?: ScenarioOptions;
  /** Receives one line per request the emulator does not know (and other diagnostics). */
  log?: (line: string) => void;
  /**
   * Findings documents by id: a prompt with `[findings:ID]` run with `--json-schema` gets
   * this document as its structured output, sent as it is (valid or not). More can be
   * registered later with {@link AnthropicEmulator.registerFindings}.
   */
  findings?: Readonly<Record<string, unknown>>;
}

/**
 * What a request was to the emulator: `main` = a turn of the scripted conversation (the request
 * offers the Bash tool), `side` = any other Messages call (title, summary, classifier),
 * `count_tokens`, `preflight` (`/api/hello`), `unknown` = answered 404.
 */
export type RequestKind = 'main' | 'side' | 'count_tokens' | 'preflight' | 'unknown';

/** Which credential header a request carried; the value itself is never recorded. */
export type CredentialKind = 'api-key' | 'bearer' | 'none';

/** One HTTP request the emulator received (recorded on arrival, completed as it is answered). */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/messages`. */
  path: string;
  /** Raw query string without `?` (Claude Code sends `beta=true`). */
  query: string;
  kind: RequestKind;
  /** HTTP status sent; 0 while the request body is still being read. */
  status: number;
  credential: CredentialKind;
  /** `anthropic-beta` header split on commas. */
  betas: string[];
  userAgent?: string;
  model?: string;
  stream?: boolean;
  /** Scenario that shaped the answer (main and side Messages calls). */
  scenario?: ScenarioName;
  /** `main` requests: which scripted step was answered. */
  step?: 'tool_use' | 'final' | 'error';
  /** First 200 characters of the user's own prompt (system reminders left out). */
  promptExcerpt?: string;
  /** Messages calls: the user's own prompt, whole (system reminders left out). */
  prompt?: string;
  /**
   * Messages calls: the whole request body as JSON (system prompt, reminders, tools), so a
   * test can show that something never reached the model.
   */
  bodyJson?: string;
  /** First 200 characters of the newest tool result the request carried. */
  toolResultExcerpt?: string;
  /** Names of the tools the request offered. */
  tools?: string[];
  /**
   * `main` requests answered with a `StructuredOutput` call: which document it carried, the
   * id of `[findings:ID]`, `default` or `schema-breaking`.
   */
  structuredOutput?: string;
}

/** A running emulator. */
export interface AnthropicEmulator {
  /** Base URL for `ANTHROPIC_BASE_URL`, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Every answered request, oldest first (a live array). */
  readonly requests: readonly RecordedRequest[];
  /**
   * Registers (or replaces) the findings document that `[findings:ID]` names; the next
   * request reads it, so a test can register one per reviewer before the action starts.
   */
  registerFindings(id: string, document: unknown): void;
  /** Closes the server, ending open streams. */
  stop(): Promise<void>;
}

// Decides the answer to one Messages request. Stateless on purpose: every step follows from
// the request itself (the prompt picks the scenario, a tool result means "final turn"), so
// many CLIs can share one emulator and retries get the same answer.

import { sampleFromSchema } from './json-sample.ts';
import type { MessagesRequestView, WorkspaceFacts } from './messages-request.ts';
import { SIDE_ANSWER, directReviewText, finalReviewText, toolIntroText } from './review-text.ts';
import {
  SCHEMA_BREAKING_OUTPUT,
  STRUCTURED_OUTPUT_TOOL,
  defaultReport,
  findingsIdFromPrompt,
  FindingsRegistry,
} from './structured-output.ts';
import { SCENARIO_NAMES, type ScenarioName, type ScenarioOptions } from './types.ts';

/** A content block of a scripted assistant message. */
export type AssistantBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** A scripted assistant message, before it is framed as JSON or SSE. */
export interface ScriptedMessage {
  content: AssistantBlock[];
  stopReason: 'end_turn' | 'tool_use';
}

/** How to stream text: cut into `chunkCount` pieces with `chunkDelayMs` before each. */
export interface Pacing {
  chunkCount: number;
  chunkDelayMs: number;
}

/** The planned answer to one request. */
export type ScriptedReply =
  | { kind: 'message'; message: ScriptedMessage; pacing?: Pacing }
  | { kind: 'error'; status: number; errorType: string; message: string };

/** A reply plus what the recorder needs to know about it. */
export interface PlannedReply {
  /** `main`: the request offered Bash, so it is the scripted conversation. */
  kind: 'main' | 'side';
  scenario: ScenarioName;
  step?: 'tool_use' | 'final' | 'error';
  /** The document a `StructuredOutput` call carried: a findings id, `default` or `schema-breaking`. */
  structuredOutput?: string;
  reply: ScriptedReply;
}

/** Scenario options with every default filled in. */
export type ResolvedScenarioOptions = Required<Omit<ScenarioOptions, 'apiError'>> & {
  apiError: { status: number; type: string; message: string };
};

/** Fills in the defaults documented on {@link ScenarioOptions}. */
export function resolveScenarioOptions(options: ScenarioOptions = {}): ResolvedScenarioOptions {
  return {
    defaultScenario: options.defaultScenario ?? 'success',
    slowChunkDelayMs: options.slowChunkDelayMs ?? 200,
    slowChunkCount: Math.max(1, options.slowChunkCount ?? 15),
    longLineCount: options.longLineCount ?? 300,
    apiError: {
      status: options.apiError?.status ?? 400,
      type: options.apiError?.type ?? 'invalid_request_error',
      message:
        options.apiError?.message ?? 'Emulated API error (scenario api-error): request refused.',
    },
  };
}

const KEYWORD = /\[scenario:\s*([a-z0-9_-]+)\s*\]/i;

function isScenarioName(name: string): name is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(name);
}

/**
 * The scenario a prompt asks for with `[scenario:NAME]` (case-insensitive), the fallback
 * when it names none, or `{ unknown }` for a name the emulator does not have.
 */
export function scenarioFromPrompt(
  prompt: string,
  fallback: ScenarioName,
): { scenario: ScenarioName } | { unknown: string } {
  const match = KEYWORD.exec(prompt);
  if (!match) return { scenario: fallback };
  const name = (match[1] ?? '').toLowerCase();
  return isScenarioName(name) ? { scenario: name } : { unknown: name };
}

const COMMAND_KEYWORD = /\[bash:([^\]\n]+)\]/;

/**
 * The command a prompt asks the scripted reviewer to run with `[bash:COMMAND]` (no `]` or
 * newline in it), so that a test sees what Claude's own tools can do where Claude runs.
 */
export function commandFromPrompt(prompt: string): string | undefined {
  return COMMAND_KEYWORD.exec(prompt)?.[1]?.trim() || undefined;
}

/**
 * The command the scripted reviewer runs: the diff summary when Claude Code reported
 * uncommitted changes to tracked files, recent history in a clean repository (a PR checkout
 * has its changes committed), a directory listing outside any repository.
 */
export function reviewCommand(workspace: WorkspaceFacts): string {
  if (workspace.isGitRepo === false) return 'ls -la';
  return workspace.hasTrackedChanges === true ? 'git diff --stat' : 'git log --oneline -3';
}

const BASH_TOOL = 'Bash';

function sideReply(view: MessagesRequestView): ScriptedReply {
  const text =
    view.outputSchema === undefined
      ? SIDE_ANSWER
      : JSON.stringify(sampleFromSchema(view.outputSchema));
  return {
    kind: 'message',
    message: { content: [{ type: 'text', text }], stopReason: 'end_turn' },
  };
}

function textMessage(text: string): ScriptedMessage {
  return { content: [{ type: 'text', text }], stopReason: 'end_turn' };
}

/** The structured output a final turn delivers, and the name the recorder gives it. */
interface StructuredAnswer {
  name: string;
  input: unknown;
}

/**
 * How a final turn ends when the CLI offers `StructuredOutput`: undefined for a plain text
 * answer (`no-structured-output`), else the document the tool is called with.
 */
function structuredAnswer(
  scenario: ScenarioName,
  findingsId: string | undefined,
  findings: FindingsRegistry,
  reviewText: string,
): StructuredAnswer | undefined {
  if (scenario === 'no-structured-output') return undefined;
  if (scenario === 'bad-structured-output') {
    return { name: 'schema-breaking', input: SCHEMA_BREAKING_OUTPUT };
  }
  if (findingsId !== undefined) return { name: findingsId, input: findings.get(findingsId) };
  return { name: 'default', input: defaultReport(reviewText) };
}

/**
 * The final answer: the review text, then (when the CLI asked for structured output) the
 * `StructuredOutput` call that carries the report, which ends the run once the CLI accepts it.
 */
function finalMessage(text: string, answer: StructuredAnswer | undefined, newId: () => string) {
  if (answer === undefined) return textMessage(text);
  const message: ScriptedMessage = {
    content: [
      { type: 'text', text },
      {
        type: 'tool_use',
        id: newId(),
        name: STRUCTURED_OUTPUT_TOOL,
        // The tool's input is an object in the API; anything else is sent wrapped as the CLI
        // would never see it otherwise (a test of a non-object document still breaks the schema).
        input: isPlainObject(answer.input) ? answer.input : { value: answer.input },
      },
    ],
    stopReason: 'tool_use',
  };
  return message;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Plans the answer to one Messages request. `newToolUseId` supplies ids for tool calls so
 * they stay unique across the emulator's lifetime.
 */
export function planReply(
  view: MessagesRequestView,
  options: ResolvedScenarioOptions,
  newToolUseId: () => string,
  findings: FindingsRegistry = new FindingsRegistry(),
): PlannedReply {
  const kind = view.tools.includes(BASH_TOOL) ? 'main' : 'side';
  const choice = scenarioFromPrompt(view.prompt, options.defaultScenario);
  if ('unknown' in choice) {
    // A typo in a test prompt must fail loudly, not pass as the default scenario.
    return {
      kind,
      scenario: options.defaultScenario,
      step: 'error',
      reply: {
        kind: 'error',
        status: 400,
        errorType: 'invalid_request_error',
        message: `Unknown emulator scenario "${choice.unknown}"; known: ${SCENARIO_NAMES.join(', ')}.`,
      },
    };
  }
  const { scenario } = choice;

  if (scenario === 'api-error') {
    const { status, type, message } = options.apiError;
    return {
      kind,
      scenario,
      step: 'error',
      reply: { kind: 'error', status, errorType: type, message },
    };
  }
  if (kind === 'side') return { kind, scenario, reply: sideReply(view) };

  const structured = view.tools.includes(STRUCTURED_OUTPUT_TOOL);
  const findingsId = structured ? findingsIdFromPrompt(view.prompt) : undefined;
  if (findingsId !== undefined && !findings.has(findingsId)) {
    return {
      kind,
      scenario,
      step: 'error',
      reply: {
        kind: 'error',
        status: 400,
        errorType: 'invalid_request_error',
        message:
          `Unknown emulator findings document "${findingsId}"; registered: ` +
          `${findings.ids().join(', ') || 'none'}.`,
      },
    };
  }
  const final = (text: string, pacing?: Pacing): PlannedReply => {
    const answer = structured ? structuredAnswer(scenario, findingsId, findings, text) : undefined;
    return {
      kind,
      scenario,
      step: 'final',
      ...(answer ? { structuredOutput: answer.name } : {}),
      reply: {
        kind: 'message',
        message: finalMessage(text, answer, newToolUseId),
        ...(pacing ? { pacing } : {}),
      },
    };
  };

  if (scenario === 'no-tool') return final(directReviewText(view.model, view.prompt));

  const lastResult = view.toolResults.at(-1);
  // 2.1.330 ends the run after a valid StructuredOutput call; should a CLI ask once more,
  // the report is already in, and plain text ends the turn.
  if (
    lastResult?.toolName === STRUCTURED_OUTPUT_TOOL &&
    !lastResult.isError &&
    scenario !== 'bad-structured-output'
  ) {
    return {
      kind,
      scenario,
      step: 'final',
      reply: { kind: 'message', message: textMessage('The report is delivered.') },
    };
  }
  if (lastResult === undefined) {
    const command = commandFromPrompt(view.prompt) ?? reviewCommand(view.workspace);
    const message: ScriptedMessage = {
      content: [
        { type: 'text', text: toolIntroText(command) },
        {
          type: 'tool_use',
          id: newToolUseId(),
          name: BASH_TOOL,
          input: { command, description: 'Summarize the changes under review' },
        },
      ],
      stopReason: 'tool_use',
    };
    return { kind, scenario, step: 'tool_use', reply: { kind: 'message', message } };
  }

  // After a refused StructuredOutput call the review is still about the Bash output.
  const reviewed = view.toolResults.findLast((r) => r.toolName !== STRUCTURED_OUTPUT_TOOL);
  const text = finalReviewText({
    scenario,
    model: view.model,
    command: reviewed?.command ?? reviewed?.toolName ?? 'the tool',
    toolOutput: reviewed?.text ?? '',
    toolFailed: reviewed?.isError ?? false,
    findingLines: scenario === 'long' ? options.longLineCount : 0,
  });
  const pacing =
    scenario === 'slow'
      ? { chunkCount: options.slowChunkCount, chunkDelayMs: options.slowChunkDelayMs }
      : undefined;
  return final(text, pacing);
}

import { lineCut, parseMarkerLine, type LineCut, type MarkerLine } from '../fly/index.js';

/**
 * Turns what a reviewer machine printed (entrypoint markers and Claude Code's stream-json
 * objects) into readable workflow-log lines and one-line progress notes, counts Claude's turns,
 * and extracts its final result. Pure and incremental: feed lines as they arrive.
 */

/** Claude's final `result` object, as far as the action reports it. */
export interface ClaudeResult {
  /** The `result` text ('' when the line has none, as after `error_max_turns`). */
  readonly text: string;
  /** `success`, or an error subtype (`error_max_turns`, `error_max_budget_usd`, ...). */
  readonly subtype: string | undefined;
  /** The line's own `is_error`: true after an API error even when `subtype` is `success`. */
  readonly isError: boolean;
  /** The line's `errors` (error subtypes say there what stopped Claude). */
  readonly errors: readonly string[];
  /** Why the loop ended (`completed`, `max_turns`, `api_error`, ...), when the line says. */
  readonly terminalReason: string | undefined;
  readonly apiErrorStatus: number | undefined;
  /** The session's model: the `init` line's, else the first one `modelUsage` names. */
  readonly model: string | undefined;
  readonly costUsd: number | undefined;
  readonly numTurns: number | undefined;
  readonly durationMs: number | undefined;
  /**
   * The line's `structured_output`, unchecked: what Claude Code's `--json-schema` produced
   * (readFindings checks it); undefined when the line has none.
   */
  readonly structuredOutput: unknown;
}

/** What one machine line becomes. */
export interface TranscriptLines {
  /** Readable lines for the reviewer's log section. */
  readonly rendered: readonly string[];
  /**
   * One-line notes worth showing while several reviewers run: each tool call Claude makes and
   * each error the container reports; single lines of at most {@link PROGRESS_LINE}
   * characters, control characters removed.
   */
  readonly progress: readonly string[];
}

/**
 * Whether Claude's result is a failure: `is_error`, or any subtype but `success`. Claude Code
 * can exit 0 after an API error, so this, not the exit code alone, says whether it worked.
 */
export function claudeFailed(result: ClaudeResult): boolean {
  return result.isError || (result.subtype !== undefined && result.subtype !== 'success');
}

/** At most this many lines of a tool's output are shown; the rest is summarised. */
const TOOL_OUTPUT_LINES = 12;
const MAX_LINE = 400;
/** Longest progress note, in characters (the reviewer's prefix comes on top). */
export const PROGRESS_LINE = 100;

/**
 * The argument that says what a call of each Claude Code tool does. Tools not listed (MCP
 * tools, newer ones) show the first of {@link FALLBACK_ARGUMENTS} they have.
 */
const MAIN_ARGUMENT: Readonly<Record<string, string>> = {
  Bash: 'command',
  Read: 'file_path',
  Edit: 'file_path',
  MultiEdit: 'file_path',
  Write: 'file_path',
  NotebookEdit: 'notebook_path',
  Grep: 'pattern',
  Glob: 'pattern',
  WebFetch: 'url',
  WebSearch: 'query',
  Task: 'description',
};
const FALLBACK_ARGUMENTS = [
  'command',
  'file_path',
  'path',
  'pattern',
  'url',
  'query',
  'description',
];

const NOTHING: TranscriptLines = { rendered: [], progress: [] };

/**
 * What gives away Claude Code's `result` line when only its start was kept: its `type`, or
 * `num_turns`, a field only that line has (the CLI prints `type` last, after the `result`
 * text that made the line too long).
 */
const RESULT_LINE_FIELD = /"type"\s*:\s*"result"|"num_turns"\s*:/;

export class Transcript {
  #result: ClaudeResult | undefined;
  #cutResult: LineCut | undefined;
  #model: string | undefined;
  /** The last text Claude wrote; its final result usually repeats it, shown once. */
  #lastText = '';
  /** Ids of the assistant messages seen: the CLI prints one line per content block. */
  readonly #messageIds = new Set<string>();
  #anonymousMessages = 0;

  /** Claude's final result, once the `result` line has been seen. */
  get result(): ClaudeResult | undefined {
    return this.#result;
  }

  /**
   * How much of Claude's `result` line the library cut away, when the line was over its size
   * limit (and so was never read); undefined otherwise.
   */
  get cutResult(): LineCut | undefined {
    return this.#cutResult;
  }

  /** Claude's turns so far: the assistant messages it has sent. */
  get turns(): number {
    return this.#messageIds.size + this.#anonymousMessages;
  }

  /** The model Claude Code's `init` line named, once seen (also when no result follows). */
  get model(): string | undefined {
    return this.#model;
  }

  /** Renders one machine line into zero or more readable lines. */
  render(line: string): readonly string[] {
    return this.read(line).rendered;
  }

  /** Reads one machine line: its readable lines and its progress notes. */
  read(line: string): TranscriptLines {
    const trimmed = line.trim();
    if (!trimmed) return NOTHING;
    // The library's parser: what the log shows is what the exit code is resolved from.
    const marker = parseMarkerLine(trimmed);
    if (marker) {
      const rendered = renderMarker(marker);
      return { rendered: [rendered], progress: marker.kind === 'error' ? [note(rendered)] : [] };
    }
    if (trimmed.startsWith('{')) {
      let event: unknown;
      try {
        event = JSON.parse(trimmed);
      } catch {
        return this.#readUnparsable(line, trimmed);
      }
      return this.#readEvent(asRecord(event));
    }
    return { rendered: [clip(line)], progress: [] };
  }

  /** A line that looks like JSON and is not: a cut `result` line is remembered, and said. */
  #readUnparsable(line: string, trimmed: string): TranscriptLines {
    const cut = lineCut(trimmed);
    if (!cut || !RESULT_LINE_FIELD.test(trimmed)) return { rendered: [clip(line)], progress: [] };
    this.#cutResult = cut;
    const said = `── Claude's result line was ${cut.originalBytes} bytes, over the log's line limit: cut, and not read`;
    return { rendered: [clip(line), said], progress: [note(said)] };
  }

  #readEvent(event: Record<string, unknown>): TranscriptLines {
    switch (event.type) {
      case 'system':
        if (event.subtype === 'init') {
          if (typeof event.model === 'string' && event.model) this.#model = event.model;
          return {
            rendered: [`· Claude Code started (${this.#model ?? 'unknown model'})`],
            progress: [],
          };
        }
        return NOTHING;
      case 'assistant': {
        this.#countMessage(asRecord(event.message).id);
        const blocks = contentBlocks(event);
        for (const block of blocks)
          if (block.type === 'text' && typeof block.text === 'string') this.#lastText = block.text;
        return {
          rendered: blocks.flatMap(renderAssistantBlock),
          progress: blocks.flatMap(toolCallNote),
        };
      }
      case 'user':
        return { rendered: contentBlocks(event).flatMap(renderToolResult), progress: [] };
      case 'result': {
        const result = parseResult(event, this.#model);
        this.#result = result;
        const facts = [
          result.numTurns !== undefined ? `${result.numTurns} turns` : undefined,
          result.costUsd !== undefined ? `$${result.costUsd.toFixed(4)}` : undefined,
          result.durationMs !== undefined
            ? `${(result.durationMs / 1000).toFixed(1)} s`
            : undefined,
        ].filter((f) => f !== undefined);
        const head = `── Claude ${claudeFailed(result) ? 'failed' : 'finished'} (${facts.join(', ')})`;
        const repeated = result.text.trim() === this.#lastText.trim();
        // With structured output the text is that report as JSON, already shown as the
        // StructuredOutput call; the job summary renders it.
        const rendered =
          repeated || !result.text || result.structuredOutput !== undefined
            ? [head]
            : [head, ...result.text.split('\n').map((l) => `  ${clip(l)}`)];
        return { rendered, progress: [] };
      }
      default:
        return NOTHING;
    }
  }

  #countMessage(id: unknown): void {
    if (typeof id === 'string' && id) this.#messageIds.add(id);
    else this.#anonymousMessages++;
  }
}

/** The action's view of a `result` line; `initModel` is the `init` line's model, if seen. */
function parseResult(event: Record<string, unknown>, initModel: string | undefined): ClaudeResult {
  const errors = Array.isArray(event.errors)
    ? event.errors.filter((e): e is string => typeof e === 'string')
    : [];
  return {
    text: typeof event.result === 'string' ? event.result : '',
    subtype: typeof event.subtype === 'string' ? event.subtype : undefined,
    isError: event.is_error === true,
    errors,
    terminalReason: typeof event.terminal_reason === 'string' ? event.terminal_reason : undefined,
    apiErrorStatus: num(event.api_error_status),
    model: initModel ?? Object.keys(asRecord(event.modelUsage))[0],
    costUsd: num(event.total_cost_usd),
    numTurns: num(event.num_turns),
    durationMs: num(event.duration_ms),
    structuredOutput: event.structured_output ?? undefined,
  };
}

function renderAssistantBlock(block: Record<string, unknown>): string[] {
  if (block.type === 'text' && typeof block.text === 'string') {
    return block.text.split('\n').map((l) => `  ${clip(l)}`);
  }
  const call = toolCall(block);
  if (call !== undefined) {
    const input = asRecord(block.input);
    return [`▶ ${call.name}: ${clip(call.argument ?? oneLine(JSON.stringify(input)))}`];
  }
  return [];
}

/** `▶ Bash: npm test` for a `tool_use` block, as a progress note. */
function toolCallNote(block: Record<string, unknown>): string[] {
  const call = toolCall(block);
  if (call === undefined) return [];
  return [note(call.argument ? `▶ ${call.name}: ${call.argument}` : `▶ ${call.name}`)];
}

/** A `tool_use` block's tool and main argument (one line, not clipped). */
function toolCall(
  block: Record<string, unknown>,
): { name: string; argument: string | undefined } | undefined {
  if (block.type !== 'tool_use') return undefined;
  const name = typeof block.name === 'string' && block.name ? oneLine(block.name) : 'tool';
  const input = asRecord(block.input);
  const main = MAIN_ARGUMENT[typeof block.name === 'string' ? block.name : ''];
  const key =
    main !== undefined && typeof input[main] === 'string'
      ? main
      : FALLBACK_ARGUMENTS.find((k) => typeof input[k] === 'string');
  const value = key === undefined ? undefined : input[key];
  return { name, argument: typeof value === 'string' ? oneLine(value) : undefined };
}

function renderToolResult(block: Record<string, unknown>): string[] {
  if (block.type !== 'tool_result') return [];
  const text = toolResultText(block.content);
  const lines = text.split('\n');
  const shown = lines.slice(0, TOOL_OUTPUT_LINES).map((l) => `    ${clip(l)}`);
  if (lines.length > TOOL_OUTPUT_LINES)
    shown.push(`    … ${lines.length - TOOL_OUTPUT_LINES} more lines`);
  if (block.is_error === true) shown.unshift('  ✖ tool error:');
  return shown;
}

function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => {
        const p = asRecord(part);
        return typeof p.text === 'string' ? p.text : '';
      })
      .join('\n');
  }
  return '';
}

function renderMarker(marker: MarkerLine): string {
  switch (marker.kind) {
    case 'exit':
      return `── reviewer exited with code ${marker.code}`;
    case 'manifest': {
      const { manifest } = marker;
      if (!manifest) return '· workspace manifest (unreadable)';
      // The entrypoint caps the list; its `total` says how many files there really are.
      return `· workspace ${manifest.workspace}: ${manifest.total ?? manifest.files.length} files`;
    }
    case 'error':
      return `✖ ${marker.text}`;
    case 'progress':
      return `· ${marker.text}`;
  }
}

function contentBlocks(event: Record<string, unknown>): Record<string, unknown>[] {
  const content = asRecord(event.message).content;
  return Array.isArray(content) ? content.map(asRecord) : [];
}

function clip(text: string): string {
  return text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}…` : text;
}

/**
 * Control characters, line and paragraph separators, and bidirectional overrides: a line
 * break would end the line where the runner reads commands, and the others can make a line
 * show something other than what it says.
 */
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\u202a-\u202e\u2066-\u2069]+/gu;

/** `text` as one line: unprintable characters and runs of white space become one space. */
export function oneLine(text: string): string {
  return text.replace(UNPRINTABLE, ' ').replace(/\s+/g, ' ').trim();
}

/** A progress note: one line of at most {@link PROGRESS_LINE} characters (code points). */
function note(text: string): string {
  const chars = Array.from(oneLine(text));
  return chars.length > PROGRESS_LINE
    ? `${chars.slice(0, PROGRESS_LINE - 1).join('')}…`
    : chars.join('');
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

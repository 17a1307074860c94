import { parseMarkerLine, type MarkerLine } from '../fly/index.js';

/**
 * Turns what a reviewer machine printed (entrypoint markers and Claude Code's stream-json
 * objects) into readable workflow-log lines, and extracts Claude's final result.
 * Pure and incremental: feed lines as they arrive.
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

export class Transcript {
  #result: ClaudeResult | undefined;
  #model: string | undefined;
  /** The last text Claude wrote; its final result usually repeats it, shown once. */
  #lastText = '';

  /** Claude's final result, once the `result` line has been seen. */
  get result(): ClaudeResult | undefined {
    return this.#result;
  }

  /** The model Claude Code's `init` line named, once seen (also when no result follows). */
  get model(): string | undefined {
    return this.#model;
  }

  /** Renders one machine line into zero or more readable lines. */
  render(line: string): string[] {
    const trimmed = line.trim();
    if (!trimmed) return [];
    // The library's parser: what the log shows is what the exit code is resolved from.
    const marker = parseMarkerLine(trimmed);
    if (marker) return [renderMarker(marker)];
    if (trimmed.startsWith('{')) {
      let event: unknown;
      try {
        event = JSON.parse(trimmed);
      } catch {
        return [clip(line)];
      }
      return this.#renderEvent(asRecord(event));
    }
    return [clip(line)];
  }

  #renderEvent(event: Record<string, unknown>): string[] {
    switch (event.type) {
      case 'system':
        if (event.subtype === 'init') {
          if (typeof event.model === 'string' && event.model) this.#model = event.model;
          return [`· Claude Code started (${this.#model ?? 'unknown model'})`];
        }
        return [];
      case 'assistant': {
        const blocks = contentBlocks(event);
        for (const block of blocks)
          if (block.type === 'text' && typeof block.text === 'string') this.#lastText = block.text;
        return blocks.flatMap(renderAssistantBlock);
      }
      case 'user':
        return contentBlocks(event).flatMap(renderToolResult);
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
        return repeated || !result.text
          ? [head]
          : [head, ...result.text.split('\n').map((l) => `  ${clip(l)}`)];
      }
      default:
        return [];
    }
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
  };
}

function renderAssistantBlock(block: Record<string, unknown>): string[] {
  if (block.type === 'text' && typeof block.text === 'string') {
    return block.text.split('\n').map((l) => `  ${clip(l)}`);
  }
  if (block.type === 'tool_use') {
    const name = typeof block.name === 'string' ? block.name : 'tool';
    return [`▶ ${name}: ${describeToolInput(asRecord(block.input))}`];
  }
  return [];
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

function describeToolInput(input: Record<string, unknown>): string {
  for (const key of ['command', 'file_path', 'path', 'pattern', 'url', 'description']) {
    const value = input[key];
    if (typeof value === 'string') return clip(value.replace(/\s+/g, ' '));
  }
  return clip(JSON.stringify(input));
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

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

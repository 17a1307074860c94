// Frames a scripted assistant message the way the Messages API streams it:
// message_start, ping, per block content_block_start / *_delta / content_block_stop,
// message_delta (stop_reason, output usage), message_stop.

import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AssistantBlock, Pacing, ScriptedMessage } from './scenarios.ts';

/** One server-sent event; `delayMs` is waited before it is written. */
export interface SseEvent {
  event: string;
  data: unknown;
  delayMs?: number;
}

/** The message-level fields that are not part of the script. */
export interface MessageEnvelope {
  id: string;
  model: string;
  inputTokens: number;
}

/** Characters per text delta when no pacing is asked for. */
const TEXT_CHUNK_CHARS = 80;

/** One event in the wire format: `event:` line, one `data:` line of JSON, blank line. */
export function formatSseEvent(event: SseEvent): string {
  // JSON.stringify never emits a raw newline, so one data line always suffices.
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/** Cuts text into `count` nearly equal pieces, or into pieces of at most `maxChars`. */
export function splitText(text: string, count?: number, maxChars = TEXT_CHUNK_CHARS): string[] {
  const chars = Array.from(text); // never split a surrogate pair
  if (chars.length === 0) return [''];
  const pieces = count ?? Math.ceil(chars.length / maxChars);
  const size = Math.ceil(chars.length / Math.max(1, Math.min(pieces, chars.length)));
  const out: string[] = [];
  for (let start = 0; start < chars.length; start += size) {
    out.push(chars.slice(start, start + size).join(''));
  }
  return out;
}

/** Output tokens as a rough 4-characters-per-token estimate, so the CLI can price the turn. */
export function estimateOutputTokens(message: ScriptedMessage): number {
  const chars = message.content
    .map((block) =>
      block.type === 'text' ? block.text.length : JSON.stringify(block.input).length,
    )
    .reduce((a, b) => a + b, 0);
  return Math.max(1, Math.ceil(chars / 4));
}

function usage(inputTokens: number, outputTokens: number): Record<string, unknown> {
  return {
    input_tokens: inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

/** The non-streaming response body of a scripted message. */
export function messageBody(message: ScriptedMessage, envelope: MessageEnvelope): unknown {
  return {
    id: envelope.id,
    type: 'message',
    role: 'assistant',
    model: envelope.model,
    content: message.content,
    stop_reason: message.stopReason,
    stop_sequence: null,
    usage: usage(envelope.inputTokens, estimateOutputTokens(message)),
  };
}

function blockEvents(block: AssistantBlock, index: number, pacing?: Pacing): SseEvent[] {
  if (block.type === 'text') {
    const pieces = pacing ? splitText(block.text, pacing.chunkCount) : splitText(block.text);
    return [
      {
        event: 'content_block_start',
        data: { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
      },
      ...pieces.map((text) => ({
        event: 'content_block_delta',
        data: { type: 'content_block_delta', index, delta: { type: 'text_delta', text } },
        ...(pacing ? { delayMs: pacing.chunkDelayMs } : {}),
      })),
      { event: 'content_block_stop', data: { type: 'content_block_stop', index } },
    ];
  }
  // The API opens a tool_use block with empty input, then streams the JSON in fragments
  // (the first one empty) that only parse once concatenated.
  const json = JSON.stringify(block.input);
  const fragments = ['', ...splitText(json, 3)];
  return [
    {
      event: 'content_block_start',
      data: {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      },
    },
    ...fragments.map((partial_json) => ({
      event: 'content_block_delta',
      data: {
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json },
      },
    })),
    { event: 'content_block_stop', data: { type: 'content_block_stop', index } },
  ];
}

/**
 * The full event sequence of a streamed message. With `pacing`, every text block is cut into
 * `pacing.chunkCount` deltas, each preceded by `pacing.chunkDelayMs`.
 */
export function messageStreamEvents(
  message: ScriptedMessage,
  envelope: MessageEnvelope,
  pacing?: Pacing,
): SseEvent[] {
  const start = {
    type: 'message_start',
    message: {
      id: envelope.id,
      type: 'message',
      role: 'assistant',
      model: envelope.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: usage(envelope.inputTokens, 1),
    },
  };
  return [
    { event: 'message_start', data: start },
    { event: 'ping', data: { type: 'ping' } },
    ...message.content.flatMap((block, index) => blockEvents(block, index, pacing)),
    {
      event: 'message_delta',
      data: {
        type: 'message_delta',
        delta: { stop_reason: message.stopReason, stop_sequence: null },
        usage: { output_tokens: estimateOutputTokens(message) },
      },
    },
    { event: 'message_stop', data: { type: 'message_stop' } },
  ];
}

/**
 * Writes the SSE response: headers, then each event after its delay. Stops quietly when the
 * client goes away or `signal` aborts (the emulator is stopping).
 */
export async function writeSseResponse(
  res: ServerResponse,
  events: readonly SseEvent[],
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<void> {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    ...headers,
  });
  for (const event of events) {
    if (event.delayMs !== undefined && event.delayMs > 0) {
      try {
        await sleep(event.delayMs, undefined, { signal });
      } catch {
        break; // aborted: the emulator is stopping
      }
    }
    if (res.destroyed || signal.aborted) break;
    res.write(formatSseEvent(event));
  }
  if (!res.destroyed) res.end();
}

import { describe, expect, test } from 'vitest';
import type { ScriptedMessage } from '../scenarios.ts';
import { formatSseEvent, messageBody, messageStreamEvents, splitText } from '../sse.ts';
import { accumulateMessage, parseSse } from './sse-parse.ts';

const envelope = { id: 'msg_test', model: 'claude-test', inputTokens: 1234 };

const toolTurn: ScriptedMessage = {
  content: [
    { type: 'text', text: 'Looking at the diff first.' },
    {
      type: 'tool_use',
      id: 'toolu_1',
      name: 'Bash',
      input: { command: 'git diff --stat', description: 'Summarize "changes"\nnow' },
    },
  ],
  stopReason: 'tool_use',
};

function wire(
  message: ScriptedMessage,
  pacing?: { chunkCount: number; chunkDelayMs: number },
): string {
  return messageStreamEvents(message, envelope, pacing).map(formatSseEvent).join('');
}

describe('formatSseEvent', () => {
  test.each([
    [{ event: 'ping', data: { type: 'ping' } }, 'event: ping\ndata: {"type":"ping"}\n\n'],
    [
      {
        event: 'content_block_delta',
        data: { type: 'content_block_delta', delta: { text: 'a\nb' } },
      },
      'event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"text":"a\\nb"}}\n\n',
    ],
    [
      { event: 'message_stop', data: { type: 'message_stop' }, delayMs: 50 },
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ],
  ])('%#: frames %j', (event, expected) => {
    expect(formatSseEvent(event)).toBe(expected);
  });
});

describe('splitText', () => {
  test.each<[string, number | undefined, number, string[]]>([
    ['abcdef', 3, 80, ['ab', 'cd', 'ef']],
    ['abcdefg', 3, 80, ['abc', 'def', 'g']],
    ['ab', 5, 80, ['a', 'b']],
    ['', 4, 80, ['']],
    ['abcdefghij', undefined, 4, ['abcd', 'efgh', 'ij']],
    ['x😀y😀', 2, 80, ['x😀', 'y😀']],
  ])('%#: %j into %s pieces (max %i chars)', (text, count, maxChars, expected) => {
    const pieces = splitText(text, count, maxChars);
    expect(pieces).toEqual(expected);
    expect(pieces.join('')).toBe(text);
  });
});

describe('messageStreamEvents', () => {
  test('uses the Messages API event order for a text block followed by a tool call', () => {
    const events = parseSse(wire(toolTurn));
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0]?.data.message).toMatchObject({
      id: 'msg_test',
      type: 'message',
      role: 'assistant',
      model: 'claude-test',
      content: [],
      stop_reason: null,
      usage: { input_tokens: 1234 },
    });
    expect(events[5]?.data.content_block).toEqual({
      type: 'tool_use',
      id: 'toolu_1',
      name: 'Bash',
      input: {},
    });
    expect(events[6]?.data.delta).toEqual({ type: 'input_json_delta', partial_json: '' });
  });

  test('streams content that accumulates to exactly the scripted message', () => {
    const { message, content } = accumulateMessage(parseSse(wire(toolTurn)));
    expect(content).toEqual(toolTurn.content);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 1234 });
    expect(message.usage).toHaveProperty('output_tokens', expect.any(Number));
  });

  test('cuts a paced text block into chunkCount deltas, each after the delay', () => {
    const text = 'x'.repeat(100);
    const message: ScriptedMessage = { content: [{ type: 'text', text }], stopReason: 'end_turn' };
    const events = messageStreamEvents(message, envelope, { chunkCount: 7, chunkDelayMs: 123 });
    const deltas = events.filter((e) => e.event === 'content_block_delta');
    expect(deltas).toHaveLength(7);
    expect(deltas.every((e) => e.delayMs === 123)).toBe(true);
    expect(events.filter((e) => e.delayMs !== undefined)).toHaveLength(7);
    expect(accumulateMessage(parseSse(wire(message))).content).toEqual([{ type: 'text', text }]);
  });

  test('the non-streaming body carries the same content and stop reason', () => {
    const body = messageBody(toolTurn, envelope);
    expect(body).toMatchObject({
      id: 'msg_test',
      type: 'message',
      role: 'assistant',
      model: 'claude-test',
      content: toolTurn.content,
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 1234 },
    });
    expect(body).toHaveProperty('usage.output_tokens', expect.any(Number));
  });
});

describe('parseSse (the test reader itself)', () => {
  test.each([
    ['data: {"type":"ping"}\n\n'],
    ['event: ping\ndata: {"type":"ping"}\n'],
    ['event: ping\ndata: {"type":"ping"}\ndata: {}\n\n'],
    ['event: ping\ndata: {"type":"message_stop"}\n\n'],
  ])('%#: rejects %j', (body) => {
    expect(() => parseSse(body)).toThrow();
  });
});

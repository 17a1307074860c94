// A strict reader of the SSE wire format, for tests: it rejects anything the emulator must
// not produce (missing `event:`, several data lines, data that is not JSON).

/** One parsed server-sent event. */
export interface ParsedSseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Parses a complete `text/event-stream` body; throws on malformed framing. */
export function parseSse(body: string): ParsedSseEvent[] {
  if (body !== '' && !body.endsWith('\n\n'))
    throw new Error('stream does not end with a blank line');
  return body
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      const lines = frame.split('\n');
      const [eventLine, dataLine, ...rest] = lines;
      if (!eventLine?.startsWith('event: ') || !dataLine?.startsWith('data: ') || rest.length > 0) {
        throw new Error(`malformed frame: ${JSON.stringify(frame)}`);
      }
      const data = JSON.parse(dataLine.slice('data: '.length)) as Record<string, unknown>;
      const event = eventLine.slice('event: '.length);
      if (data.type !== event)
        throw new Error(`event ${event} carries data of type ${String(data.type)}`);
      return { event, data };
    });
}

/** Rebuilds the assistant message from a parsed stream the way an SDK client accumulates it. */
export function accumulateMessage(events: readonly ParsedSseEvent[]): {
  message: Record<string, unknown>;
  content: Record<string, unknown>[];
} {
  let message: Record<string, unknown> = {};
  const content: Record<string, unknown>[] = [];
  const partialJson = new Map<number, string>();
  for (const { event, data } of events) {
    const index = typeof data.index === 'number' ? data.index : -1;
    if (event === 'message_start') message = { ...(data.message as Record<string, unknown>) };
    if (event === 'content_block_start') {
      if (index !== content.length) throw new Error(`block ${index} started out of order`);
      content.push({ ...(data.content_block as Record<string, unknown>) });
    }
    if (event === 'content_block_delta') {
      const block = content[index];
      const delta = data.delta as Record<string, unknown>;
      if (block === undefined) throw new Error(`delta for unopened block ${index}`);
      if (delta.type === 'text_delta') block.text = `${String(block.text)}${String(delta.text)}`;
      if (delta.type === 'input_json_delta') {
        partialJson.set(index, `${partialJson.get(index) ?? ''}${String(delta.partial_json)}`);
      }
    }
    if (event === 'content_block_stop' && partialJson.has(index)) {
      const block = content[index];
      if (block) block.input = JSON.parse(partialJson.get(index) ?? '{}') as unknown;
    }
    if (event === 'message_delta') {
      const delta = data.delta as Record<string, unknown>;
      message.stop_reason = delta.stop_reason;
      message.usage = { ...(message.usage as object), ...(data.usage as object) };
    }
  }
  return { message, content };
}

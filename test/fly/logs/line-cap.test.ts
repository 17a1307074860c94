import { describe, expect, test } from 'vitest';
import { capLine, lineCut, MAX_LINE_BYTES } from '../../../src/fly/logs/line-cap.ts';
import { LogCollector } from '../../../src/fly/logs/collector.ts';

describe('capLine', () => {
  test('a line up to the limit is kept whole, the limit itself included', () => {
    expect(capLine('short')).toBe('short');
    const exact = 'x'.repeat(MAX_LINE_BYTES);
    expect(capLine(exact)).toBe(exact);
    expect(lineCut(exact)).toBeUndefined();
  });

  test('a 10 MB line keeps its first MiB and says how many bytes were dropped', () => {
    const huge = 'y'.repeat(10 * 1000 * 1000);
    const cut = capLine(huge);
    expect(cut).toBe(
      `${'y'.repeat(MAX_LINE_BYTES)} [flaude: line cut: ${10_000_000 - MAX_LINE_BYTES} of 10000000 bytes dropped]`,
    );
    expect(lineCut(cut)).toEqual({
      originalBytes: 10_000_000,
      droppedBytes: 10_000_000 - MAX_LINE_BYTES,
    });
  });

  test('counts bytes of UTF-8, and never keeps half a character', () => {
    // "é" is 2 bytes, "😀" 4: a limit of 7 bytes falls inside the second emoji.
    expect(capLine('é😀😀', 7)).toBe('é😀 [flaude: line cut: 4 of 10 bytes dropped]');
    expect(capLine('ééé', 6)).toBe('ééé');
    expect(capLine('ééé', 5)).toBe('éé [flaude: line cut: 2 of 6 bytes dropped]');
  });

  test('a line that merely ends like a note is no cut line unless the note is whole', () => {
    expect(lineCut('text [flaude: line cut: 1 of x bytes dropped]')).toBeUndefined();
    expect(lineCut('[flaude: line cut: 3 of 9 bytes dropped]')).toBeUndefined();
    expect(lineCut('a [flaude: line cut: 3 of 9 bytes dropped]')).toEqual({
      originalBytes: 9,
      droppedBytes: 3,
    });
  });
});

describe('LogCollector cuts long lines', () => {
  test('whichever source pushed them; an exit marker after one still counts', async () => {
    const collector = new LogCollector();
    const stream = collector.subscribe('m');
    const long = `{"type":"result","result":"${'z'.repeat(MAX_LINE_BYTES + 10)}"}`;
    collector.push({ machineId: 'm', message: long, stream: 'stdout', timestamp: '' });
    collector.push({ machineId: 'm', message: '[flaude:exit:0]', stream: 'stdout', timestamp: '' });
    expect(collector.exitMarkerCode('m')).toBe(0);
    collector.finishAll();
    const [first, last] = await stream.collect();
    expect(Buffer.byteLength(first!)).toBeLessThan(MAX_LINE_BYTES + 100);
    expect(lineCut(first!)?.originalBytes).toBe(Buffer.byteLength(long));
    expect(last).toBe('[flaude:exit:0]');
  });
});

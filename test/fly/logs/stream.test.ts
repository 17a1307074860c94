import { describe, expect, test } from 'vitest';
import { LogStream } from '../../../src/fly/logs/stream.ts';
import { FakeClock, settle } from '../fake-clock.ts';

describe('LogStream', () => {
  test('yields pushed lines in order until end()', async () => {
    const stream = new LogStream();
    stream.push('a');
    stream.push('b');
    stream.end();
    expect(await stream.collect()).toEqual(['a', 'b']);
    expect(stream.done).toBe(true);
    expect(stream.timedOut).toBe(false);
    expect(stream.linesYielded).toBe(2);
  });

  test('an empty ended stream yields nothing', async () => {
    const stream = new LogStream();
    stream.end();
    expect(await stream.collect()).toEqual([]);
    expect(stream.done).toBe(true);
  });

  test('lines pushed while the consumer waits wake it', async () => {
    const stream = new LogStream();
    const seen: string[] = [];
    const consumer = (async () => {
      for await (const line of stream) seen.push(line);
    })();
    await settle();
    expect(seen).toEqual([]);
    stream.push('x');
    await settle();
    expect(seen).toEqual(['x']);
    stream.push('y');
    stream.end();
    await consumer;
    expect(seen).toEqual(['x', 'y']);
  });

  test('push after end() is refused and nothing more is yielded', async () => {
    const stream = new LogStream();
    stream.push('a');
    stream.end();
    expect(stream.push('late')).toBe(false);
    expect(await stream.collect()).toEqual(['a']);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  test('manual next() and Symbol.asyncIterator returning itself', async () => {
    const stream = new LogStream();
    expect(stream[Symbol.asyncIterator]()).toBe(stream);
    stream.push('one');
    expect(await stream.next()).toEqual({ done: false, value: 'one' });
    stream.end();
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  test('concurrent next() calls each get their own line', async () => {
    const stream = new LogStream();
    const first = stream.next();
    const second = stream.next();
    stream.push('1');
    stream.push('2');
    expect(await first).toEqual({ done: false, value: '1' });
    expect(await second).toEqual({ done: false, value: '2' });
  });

  test('breaking out of for-await marks it done and refuses later pushes', async () => {
    const stream = new LogStream();
    for (const l of ['a', 'b', 'c']) stream.push(l);
    const seen: string[] = [];
    for await (const line of stream) {
      seen.push(line);
      if (line === 'b') break;
    }
    expect(seen).toEqual(['a', 'b']);
    expect(stream.done).toBe(true);
    expect(stream.bufferedLines).toBe(0);
    expect(stream.push('d')).toBe(false);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  test('return() wakes a consumer blocked in next()', async () => {
    const stream = new LogStream();
    const pending = stream.next();
    await settle();
    await stream.return();
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  describe('timeouts (fake clock)', () => {
    test('item timeout ends iteration without throwing', async () => {
      const clock = new FakeClock({ autoAdvance: false });
      const stream = new LogStream({ clock, itemTimeoutMs: 1000 });
      const collected = stream.collect();
      await clock.untilSleeping();
      await clock.advanceAsync(999);
      expect(stream.done).toBe(false);
      await clock.advanceAsync(1);
      expect(await collected).toEqual([]);
      expect(stream.timedOut).toBe(true);
      expect(stream.done).toBe(true);
    });

    test('item timeout after some lines keeps those lines', async () => {
      const clock = new FakeClock({ autoAdvance: false });
      const stream = new LogStream({ clock, itemTimeoutMs: 500 });
      stream.push('a');
      stream.push('b');
      const collected = stream.collect();
      await clock.untilSleeping();
      await clock.advanceAsync(500);
      expect(await collected).toEqual(['a', 'b']);
      expect(stream.timedOut).toBe(true);
      expect(stream.push('c')).toBe(false);
    });

    test('item timeout resets with every line', async () => {
      const clock = new FakeClock({ autoAdvance: false });
      const stream = new LogStream({ clock, itemTimeoutMs: 1000 });
      const collected = stream.collect();
      for (const line of ['1', '2', '3']) {
        await clock.untilSleeping();
        await clock.advanceAsync(900);
        stream.push(line);
        await settle();
      }
      await clock.untilSleeping();
      expect(stream.done).toBe(false);
      await clock.advanceAsync(1000);
      expect(await collected).toEqual(['1', '2', '3']);
      expect(stream.timedOut).toBe(true);
    });

    test('total timeout counts from the first next(), not from construction', async () => {
      const clock = new FakeClock({ autoAdvance: false });
      const stream = new LogStream({ clock, totalTimeoutMs: 1000 });
      await clock.advanceAsync(5000);
      stream.push('early');
      const collected = stream.collect();
      await clock.untilSleeping();
      await clock.advanceAsync(999);
      expect(stream.done).toBe(false);
      await clock.advanceAsync(1);
      expect(await collected).toEqual(['early']);
      expect(stream.timedOut).toBe(true);
    });

    test('total timeout ends a slow steady feed that never trips the item timeout', async () => {
      const clock = new FakeClock({ autoAdvance: false });
      const stream = new LogStream({ clock, itemTimeoutMs: 400, totalTimeoutMs: 1000 });
      const collected = stream.collect();
      const fed: string[] = [];
      for (let i = 0; !stream.done && i < 10; i++) {
        await clock.untilSleeping();
        await clock.advanceAsync(300);
        if (stream.push(`l${i}`)) fed.push(`l${i}`);
        await settle();
      }
      const lines = await collected;
      expect(stream.timedOut).toBe(true);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.length).toBeLessThan(10);
      expect(lines).toEqual(fed.slice(0, lines.length));
    });

    test('total timeout wins when shorter than the item timeout', async () => {
      const clock = new FakeClock({ autoAdvance: false });
      const stream = new LogStream({ clock, itemTimeoutMs: 10_000, totalTimeoutMs: 2000 });
      const collected = stream.collect();
      await clock.untilSleeping();
      expect(clock.sleeps).toEqual([2000]);
      await clock.advanceAsync(2000);
      expect(await collected).toEqual([]);
      expect(stream.timedOut).toBe(true);
    });

    test('no timeout configured: waits forever and never sleeps on the clock', async () => {
      const clock = new FakeClock({ autoAdvance: false });
      const stream = new LogStream({ clock });
      const pending = stream.next();
      await clock.advanceAsync(1_000_000);
      expect(clock.sleeps).toEqual([]);
      expect(stream.done).toBe(false);
      stream.push('finally');
      expect(await pending).toEqual({ done: false, value: 'finally' });
    });
  });

  describe('memory cap', () => {
    test('drops the oldest unread lines beyond the cap and counts them; the newest survive', async () => {
      const stream = new LogStream({ maxBufferedChars: 10 });
      for (const line of ['aaaa', 'bbbb', 'cccc', '[x]']) stream.push(line);
      stream.end();
      expect(stream.droppedLines).toBe(2);
      expect(await stream.collect()).toEqual(['cccc', '[x]']);
    });

    test('a single line larger than the cap is still kept', async () => {
      const stream = new LogStream({ maxBufferedChars: 3 });
      stream.push('much longer than three');
      stream.end();
      expect(await stream.collect()).toEqual(['much longer than three']);
      expect(stream.droppedLines).toBe(0);
    });

    test('a consumer that keeps up never drops, even across many lines', async () => {
      const stream = new LogStream({ maxBufferedChars: 100 });
      const consumer = stream.collect();
      for (let i = 0; i < 5000; i++) {
        stream.push(`line-${i}`);
        if (i % 5 === 0) await settle(1);
      }
      stream.end();
      const lines = await consumer;
      expect(stream.droppedLines).toBe(0);
      expect(lines).toHaveLength(5000);
      expect(lines[4999]).toBe('line-4999');
    });

    test('a large pre-filled stream is read in order', async () => {
      const stream = new LogStream();
      for (let i = 0; i < 20_000; i++) stream.push(String(i));
      stream.end();
      const lines = await stream.collect();
      expect(lines).toHaveLength(20_000);
      expect(lines.every((l, i) => l === String(i))).toBe(true);
    });
  });
});

import { describe, expect, test } from 'vitest';
import type { LogLine, LogStreamKind } from '../../../src/fly/logs/entries.ts';
import { LogCollector } from '../../../src/fly/logs/collector.ts';
import type { Logger } from '../../../src/fly/base/logger.ts';
import { FakeClock, settle } from '../fake-clock.ts';

function line(machineId: string, message: string, stream: LogStreamKind = 'stdout'): LogLine {
  return { machineId, message, stream, timestamp: '' };
}

function recordingLogger(): Logger & { warnings: string[]; debugs: string[] } {
  const warnings: string[] = [];
  const debugs: string[] = [];
  return {
    warnings,
    debugs,
    debug: (m) => debugs.push(m),
    info: () => undefined,
    warning: (m) => warnings.push(m),
  };
}

describe('LogCollector', () => {
  test('routes lines by machine id; machines are isolated', async () => {
    const collector = new LogCollector();
    const a = collector.subscribe('a');
    const b = collector.subscribe('b');
    collector.push(line('a', 'a1'));
    collector.push(line('b', 'b1'));
    collector.push(line('a', 'a2'));
    collector.finishAll();
    expect(await a.collect()).toEqual(['a1', 'a2']);
    expect(await b.collect()).toEqual(['b1']);
  });

  test('subscribing twice returns the same stream', () => {
    const collector = new LogCollector();
    expect(collector.subscribe('m')).toBe(collector.subscribe('m'));
    expect(collector.machineIds).toEqual(['m']);
  });

  test('system lines are never delivered; stderr only when asked', async () => {
    const collector = new LogCollector();
    const plain = collector.subscribe('p');
    const withErr = collector.subscribe('e', { includeStderr: true });
    for (const id of ['p', 'e']) {
      collector.push(line(id, 'out'));
      collector.push(line(id, 'err', 'stderr'));
      collector.push(line(id, 'sys', 'system'));
    }
    collector.finishAll();
    expect(await plain.collect()).toEqual(['out']);
    expect(await withErr.collect()).toEqual(['out', 'err']);
  });

  test('lines arriving before subscribe are buffered and delivered first, in order', async () => {
    const collector = new LogCollector();
    collector.push(line('m', 'first'));
    collector.push(line('m', 'second', 'stderr'));
    collector.push(line('m', 'boot', 'system'));
    const stream = collector.subscribe('m');
    collector.push(line('m', 'third'));
    collector.finish('m');
    expect(await stream.collect()).toEqual(['first', 'third']);
  });

  test('buffered stderr reaches a subscriber that includes stderr', async () => {
    const collector = new LogCollector();
    collector.push(line('m', 'out'));
    collector.push(line('m', 'err', 'stderr'));
    const stream = collector.subscribe('m', { includeStderr: true });
    collector.finish('m');
    expect(await stream.collect()).toEqual(['out', 'err']);
  });

  test('the pre-subscribe buffer keeps the newest lines per machine and counts drops', async () => {
    const collector = new LogCollector({ maxPendingLinesPerMachine: 3 });
    for (let i = 1; i <= 5; i++) collector.push(line('m', `l${i}`));
    expect(collector.droppedPendingLines).toBe(2);
    const stream = collector.subscribe('m');
    collector.finish('m');
    expect(await stream.collect()).toEqual(['l3', 'l4', 'l5']);
  });

  test('the pre-subscribe buffer forgets the least recently heard-from machine first', async () => {
    const collector = new LogCollector({ maxPendingMachines: 2 });
    collector.push(line('old', 'o1'));
    collector.push(line('mid', 'm1'));
    collector.push(line('old', 'o2')); // old is now the most recent
    collector.push(line('new', 'n1')); // evicts mid
    expect(collector.droppedPendingLines).toBe(1);
    const streams = ['old', 'mid', 'new'].map((id) => collector.subscribe(id));
    collector.finishAll();
    const [old, mid, fresh] = await Promise.all(streams.map((s) => s.collect()));
    expect(old).toEqual(['o1', 'o2']);
    expect(mid).toEqual([]);
    expect(fresh).toEqual(['n1']);
  });

  test('finish ends the stream after what was pushed; late lines are dropped and counted', async () => {
    const collector = new LogCollector();
    const stream = collector.subscribe('m');
    collector.push(line('m', 'a'));
    collector.finish('m');
    collector.push(line('m', 'late 1'));
    collector.push(line('m', 'late 2'));
    collector.push(line('m', 'late sys', 'system'));
    expect(await stream.collect()).toEqual(['a']);
    expect(collector.lateLines).toBe(2);
    expect(collector.isFinished('m')).toBe(true);
    expect(collector.machineIds).toEqual([]);
  });

  test('finish of an unknown machine is harmless; a later subscribe gets an ended stream', async () => {
    const collector = new LogCollector();
    collector.push(line('m', 'kept'));
    collector.finish('m');
    collector.finish('m');
    const stream = collector.subscribe('m');
    expect(stream.ended).toBe(true);
    expect(await stream.collect()).toEqual(['kept']);
  });

  test('finishAll ends every open stream', async () => {
    const collector = new LogCollector();
    const streams = ['a', 'b', 'c'].map((id) => collector.subscribe(id));
    collector.finishAll();
    for (const s of streams) expect(await s.collect()).toEqual([]);
    expect(collector.machineIds).toEqual([]);
  });

  test('records the last exit marker seen on stdout only', () => {
    const collector = new LogCollector();
    collector.push(line('m', '[flaude:exit:1]'));
    collector.push(line('m', '[flaude:exit:0]'));
    collector.push(line('m', '[flaude:exit:9]', 'stderr'));
    collector.push(line('m', 'say [flaude:exit:5]'));
    collector.push(line('n', '[flaude:exit:3]', 'system'));
    expect(collector.exitMarkerCode('m')).toBe(0);
    expect(collector.exitMarkerCode('n')).toBeUndefined();
  });

  test('warns once when a stream is not read and lines are dropped', () => {
    const logger = recordingLogger();
    const collector = new LogCollector({ logger, maxBufferedChars: 4 });
    collector.subscribe('m');
    for (let i = 0; i < 5; i++) collector.push(line('m', 'xxx'));
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toContain('m');
  });

  describe('finishAfterExitMarker', () => {
    test('marker already seen: finishes at once', async () => {
      const clock = new FakeClock({ autoAdvance: false });
      const collector = new LogCollector({ clock });
      const stream = collector.subscribe('m');
      collector.push(line('m', 'last words'));
      collector.push(line('m', '[flaude:exit:0]'));
      await collector.finishAfterExitMarker('m', { exitMarkerGraceMs: 10_000 });
      expect(clock.sleeps).toEqual([]);
      expect(await stream.collect()).toEqual(['last words', '[flaude:exit:0]']);
    });

    test('keeps the stream open for trailing lines until the marker arrives', async () => {
      const clock = new FakeClock({ autoAdvance: false });
      const collector = new LogCollector({ clock });
      const stream = collector.subscribe('m');
      let finished = false;
      const exited = collector
        .finishAfterExitMarker('m', { exitMarkerGraceMs: 10_000 })
        .then(() => {
          finished = true;
        });
      await clock.untilSleeping();
      collector.push(line('m', 'trailing 1'));
      await clock.advanceAsync(5000);
      collector.push(line('m', 'trailing 2'));
      expect(finished).toBe(false);
      collector.push(line('m', '[flaude:exit:2]'));
      await exited;
      collector.push(line('m', 'after the end'));
      expect(await stream.collect()).toEqual(['trailing 1', 'trailing 2', '[flaude:exit:2]']);
      expect(collector.lateLines).toBe(1);
    });

    test('a marker followed by more output is not the end: the stream waits for the last one', async () => {
      // A tool can write a fake marker to the entrypoint's stdout mid-run.
      const clock = new FakeClock({ autoAdvance: false });
      const collector = new LogCollector({ clock });
      const stream = collector.subscribe('m');
      collector.push(line('m', '[flaude:exit:0]'));
      collector.push(line('m', 'Claude keeps going'));
      let finished = false;
      const exited = collector
        .finishAfterExitMarker('m', { exitMarkerGraceMs: 10_000 })
        .then(() => {
          finished = true;
        });
      await clock.untilSleeping();
      expect(finished).toBe(false);
      collector.push(line('m', '[flaude:exit:1]'));
      await exited;
      expect(await stream.collect()).toEqual([
        '[flaude:exit:0]',
        'Claude keeps going',
        '[flaude:exit:1]',
      ]);
      expect(collector.exitMarkerCode('m')).toBe(1);
    });

    test('the grace period ends a stream whose marker never comes', async () => {
      const clock = new FakeClock({ autoAdvance: false });
      const logger = recordingLogger();
      const collector = new LogCollector({ clock, logger });
      const stream = collector.subscribe('m');
      const exited = collector.finishAfterExitMarker('m', { exitMarkerGraceMs: 3000 });
      collector.push(line('m', 'only line'));
      await clock.untilSleeping();
      await clock.advanceAsync(2999);
      expect(stream.ended).toBe(false);
      await clock.advanceAsync(1);
      await exited;
      expect(stream.ended).toBe(true);
      expect(await stream.collect()).toEqual(['only line']);
      expect(logger.debugs.join('\n')).toContain('No exit marker');
    });

    test('a stream still receiving lines past the grace after the exit is not ended', async () => {
      // A long log is still being paged through when the exit is seen: its tail comes last.
      const clock = new FakeClock({ autoAdvance: false });
      const collector = new LogCollector({ clock });
      const stream = collector.subscribe('m');
      const exited = collector.finishAfterExitMarker('m', { exitMarkerGraceMs: 15_000 });
      await clock.untilSleeping();
      for (let second = 1; second <= 40; second++) {
        await clock.advanceAsync(1000);
        collector.push(line('m', `page ${second}`));
      }
      expect(stream.ended).toBe(false);
      collector.push(line('m', '[flaude:exit:0]'));
      await exited;
      const lines = await stream.collect();
      expect(lines).toHaveLength(41);
      expect(lines.at(-1)).toBe('[flaude:exit:0]');
    });

    test('a stream that goes silent is ended the grace after its last line', async () => {
      const clock = new FakeClock({ autoAdvance: false });
      const logger = recordingLogger();
      const collector = new LogCollector({ clock, logger });
      const stream = collector.subscribe('m');
      const exitedAt = clock.now();
      const exited = collector.finishAfterExitMarker('m', { exitMarkerGraceMs: 15_000 });
      await clock.untilSleeping();
      await clock.advanceAsync(10_000);
      collector.push(line('m', 'late line'));
      await clock.advanceAsync(14_999);
      expect(stream.ended).toBe(false);
      await clock.advanceAsync(1);
      await exited;
      expect(stream.ended).toBe(true);
      expect(clock.now() - exitedAt).toBe(25_000);
      expect(await stream.collect()).toEqual(['late line']);
      expect(logger.debugs.join('\n')).toContain('no line within 15000 ms');
    });

    test('maxWaitMs ends a stream whose lines never stop', async () => {
      const clock = new FakeClock({ autoAdvance: false });
      const logger = recordingLogger();
      const collector = new LogCollector({ clock, logger });
      const stream = collector.subscribe('m');
      const exited = collector.finishAfterExitMarker('m', {
        exitMarkerGraceMs: 15_000,
        maxWaitMs: 60_000,
      });
      await clock.untilSleeping();
      let pushed = 0;
      while (!stream.ended && pushed < 100) {
        await clock.advanceAsync(1000);
        collector.push(line('m', `line ${++pushed}`));
      }
      await exited;
      expect(stream.ended).toBe(true);
      // Lines 1-59 came before the cap at 60 s; line 60 at the cap itself is already late.
      expect(pushed).toBe(60);
      expect(collector.lateLines).toBe(1);
      expect(await stream.collect()).toHaveLength(59);
      expect(logger.debugs.join('\n')).toContain(
        'within 60000 ms of its exit, its lines still coming',
      );
    });

    test('an abort signal ends the wait at once', async () => {
      const clock = new FakeClock({ autoAdvance: false });
      const collector = new LogCollector({ clock });
      const stream = collector.subscribe('m');
      const abort = new AbortController();
      const exited = collector.finishAfterExitMarker('m', {
        exitMarkerGraceMs: 60_000,
        signal: abort.signal,
      });
      await clock.untilSleeping();
      abort.abort();
      await exited;
      expect(stream.ended).toBe(true);
      expect(clock.pending).toBe(0);
    });

    test('finish() by someone else also releases the wait', async () => {
      const clock = new FakeClock({ autoAdvance: false });
      const collector = new LogCollector({ clock });
      collector.subscribe('m');
      const exited = collector.finishAfterExitMarker('m', { exitMarkerGraceMs: 60_000 });
      await clock.untilSleeping();
      collector.finishAll();
      await exited;
      await settle();
      expect(clock.pending).toBe(0);
    });

    test('works when the marker arrived before anyone subscribed', async () => {
      const clock = new FakeClock({ autoAdvance: false });
      const collector = new LogCollector({ clock });
      collector.push(line('m', 'x'));
      collector.push(line('m', '[flaude:exit:0]'));
      const stream = collector.subscribe('m');
      await collector.finishAfterExitMarker('m', { exitMarkerGraceMs: 1000 });
      expect(await stream.collect()).toEqual(['x', '[flaude:exit:0]']);
    });
  });
});

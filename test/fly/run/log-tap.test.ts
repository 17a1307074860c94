import { describe, expect, test } from 'vitest';
import { DEFAULT_KEPT_LOG_LINES, LogTap } from '../../../src/fly/run/log-tap.ts';
import type { Logger } from '../../../src/fly/base/logger.ts';
import { LogStream } from '../../../src/fly/logs/stream.ts';
import { FakeClock } from '../fake-clock.ts';

const redact = (line: string): string => line.replaceAll('s3cret', '***');

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    debug: () => undefined,
    info: () => undefined,
    warning: (m) => warnings.push(m),
    warnings,
  };
}

/** Lets the tap's background reader run until it has nothing left to read. */
async function drain(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('LogTap', () => {
  test('keeps every line redacted and in order, and a throwing onLine only warns', async () => {
    const logs = new LogStream();
    const logger = recordingLogger();
    const seen: string[] = [];
    const tap = new LogTap(
      logs,
      redact,
      (line) => {
        seen.push(line);
        if (line === 'boom') throw new Error('handler broke');
      },
      logger,
    );
    for (const line of ['[flaude] token s3cret', 'boom', '[flaude:exit:0]']) logs.push(line);
    logs.end();
    await drain();
    expect(tap.lines).toEqual(['[flaude] token ***', 'boom', '[flaude:exit:0]']);
    expect(seen).toEqual(tap.lines);
    expect(logger.warnings).toEqual(['A log line handler failed: handler broke']);
  });

  test('keeps a bounded tail of a long log, with its count, manifest and last exit marker', async () => {
    const logs = new LogStream();
    const seen: string[] = [];
    const tap = new LogTap(logs, redact, (line) => seen.push(line), recordingLogger(), 100);
    logs.push('[flaude:manifest:{"workspace":"/w","files":["a.ts"]}]');
    // A tool may print a marker mid-run; the last one counts.
    logs.push('[flaude:exit:7]');
    for (let i = 1; i <= 10_000; i++) {
      logs.push(`line ${i}`);
      if (i % 500 === 0) await drain();
    }
    logs.push('[flaude:exit:0]');
    logs.end();
    await drain();
    // Every line is handed on; only the latest 100 are kept.
    expect(seen).toHaveLength(10_003);
    expect(tap.lineCount).toBe(10_003);
    expect(tap.lines).toHaveLength(100);
    expect(tap.lines.at(0)).toBe('line 9902');
    expect(tap.lines.at(-1)).toBe('[flaude:exit:0]');
    expect(tap.manifest).toEqual({ workspace: '/w', files: ['a.ts'] });
    expect(tap.lastExitMarker).toBe('[flaude:exit:0]');
  });

  test('the kept tail defaults to DEFAULT_KEPT_LOG_LINES and must be a positive count', async () => {
    const logs = new LogStream();
    const tap = new LogTap(logs, redact, undefined, recordingLogger());
    for (let i = 1; i <= DEFAULT_KEPT_LOG_LINES * 3 + 5; i++) {
      logs.push(`line ${i}`);
      if (i % 500 === 0) await drain();
    }
    logs.end();
    await drain();
    expect(tap.lineCount).toBe(DEFAULT_KEPT_LOG_LINES * 3 + 5);
    expect(tap.lines).toHaveLength(DEFAULT_KEPT_LOG_LINES);
    expect(tap.lines.at(-1)).toBe(`line ${DEFAULT_KEPT_LOG_LINES * 3 + 5}`);
    expect(() => new LogTap(new LogStream(), redact, undefined, recordingLogger(), 0)).toThrow(
      'keep must be a positive integer, got 0',
    );
  });

  test('settle returns when the exit marker arrives, before the grace period ends', async () => {
    const clock = new FakeClock({ autoAdvance: false });
    const logs = new LogStream();
    const tap = new LogTap(logs, redact, undefined, recordingLogger());
    logs.push('[flaude] working');
    const until = clock.now() + 30_000;
    let settled = false;
    const settling = tap
      .settle(clock, { graceMs: 30_000, capAtMs: until }, undefined)
      .then(() => (settled = true));
    await drain();
    expect(settled).toBe(false);
    logs.push('[flaude:exit:3]');
    await settling;
    expect(clock.now()).toBeLessThan(until);
    expect(tap.lines).toEqual(['[flaude] working', '[flaude:exit:3]']);
  });

  test('settle gives up at the end of the grace period without a marker or an end', async () => {
    const clock = new FakeClock({ autoAdvance: false });
    const logs = new LogStream();
    const tap = new LogTap(logs, redact, undefined, recordingLogger());
    logs.push('[flaude] still going');
    let settled = false;
    const settling = tap
      .settle(clock, { graceMs: 30_000, capAtMs: clock.now() + 300_000 }, undefined)
      .then(() => (settled = true));
    await drain();
    clock.advance(29_999);
    await drain();
    expect(settled).toBe(false);
    clock.advance(1);
    await settling;
    expect(tap.lines).toEqual(['[flaude] still going']);
  });

  test('settle keeps reading while lines still come past the grace, until they stop', async () => {
    // A long log is still being paged through after the exit: its tail, the result, comes last.
    const clock = new FakeClock({ autoAdvance: false });
    const logs = new LogStream();
    const tap = new LogTap(logs, redact, undefined, recordingLogger());
    const startedAt = clock.now();
    let settled = false;
    const settling = tap
      .settle(clock, { graceMs: 15_000, capAtMs: startedAt + 300_000 }, undefined)
      .then(() => (settled = true));
    await drain();
    for (let second = 1; second <= 40; second++) {
      clock.advance(1000);
      logs.push(`page ${second}`);
      await drain();
    }
    expect(settled).toBe(false);
    clock.advance(14_999);
    await drain();
    expect(settled).toBe(false);
    clock.advance(1);
    await settling;
    expect(clock.now() - startedAt).toBe(55_000);
    expect(tap.lines).toHaveLength(40);
  });

  test('settle stops at capAtMs however the lines keep coming', async () => {
    const clock = new FakeClock({ autoAdvance: false });
    const logs = new LogStream();
    const tap = new LogTap(logs, redact, undefined, recordingLogger());
    const startedAt = clock.now();
    let settled = false;
    const settling = tap
      .settle(clock, { graceMs: 15_000, capAtMs: startedAt + 60_000 }, undefined)
      .then(() => (settled = true));
    await drain();
    let pushed = 0;
    while (!settled && pushed < 100) {
      clock.advance(1000);
      logs.push(`line ${++pushed}`);
      await drain();
    }
    await settling;
    expect(pushed).toBe(60);
    expect(clock.now() - startedAt).toBe(60_000);
  });

  test('settle rethrows the abort reason of its signal', async () => {
    const clock = new FakeClock({ autoAdvance: false });
    const tap = new LogTap(new LogStream(), redact, undefined, recordingLogger());
    const controller = new AbortController();
    const settling = tap.settle(
      clock,
      { graceMs: 30_000, capAtMs: clock.now() + 300_000 },
      controller.signal,
    );
    const reason = new Error('cancelled');
    controller.abort(reason);
    await expect(settling).rejects.toBe(reason);
  });

  test('after abandon, later lines are dropped and the stream is left', async () => {
    const clock = new FakeClock({ autoAdvance: false });
    const logs = new LogStream();
    const tap = new LogTap(logs, redact, undefined, recordingLogger());
    logs.push('first');
    await drain();
    tap.abandon();
    await drain();
    expect(logs.push('second')).toBe(false);
    await tap.settle(clock, { graceMs: 30_000, capAtMs: clock.now() + 300_000 }, undefined);
    expect(tap.lines).toEqual(['first']);
  });
});

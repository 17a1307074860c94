import { describe, expect, test } from 'vitest';
import type { FlyLogEntry } from '../../../src/fly/api/api-types.ts';
import type { Logger } from '../../../src/fly/base/logger.ts';
import { LogCollector } from '../../../src/fly/logs/collector.ts';
import {
  FlyLogPoller,
  parseLogsPage,
  type FetchLogPage,
  type LogPage,
} from '../../../src/fly/logs/poller.ts';
import { FakeClock, settle } from '../fake-clock.ts';

class HttpError extends Error {
  readonly statusCode: number;
  readonly retryAfterMs: number | undefined;
  constructor(statusCode: number, retryAfterMs?: number) {
    super(`HTTP ${statusCode}`);
    this.statusCode = statusCode;
    this.retryAfterMs = retryAfterMs;
  }
}

const HANG = Symbol('hang');
type Step = LogPage | Error | typeof HANG;

/** A fetchPage that plays a script, then answers empty pages forever. */
class ScriptedFetch {
  readonly tokens: string[] = [];
  readonly #steps: Step[];
  constructor(steps: Step[] = []) {
    this.#steps = steps;
  }
  add(...steps: Step[]): void {
    this.#steps.push(...steps);
  }
  get calls(): number {
    return this.tokens.length;
  }
  readonly fetch: FetchLogPage = async (token, signal) => {
    this.tokens.push(token);
    const step = this.#steps.shift();
    if (step === undefined) return { entries: [], nextToken: '' };
    if (step === HANG) {
      return new Promise<LogPage>((_resolve, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
      );
    }
    if (step instanceof Error) throw step;
    return step;
  };
}

let nextId = 0;
function entry(
  instance: string,
  message: string,
  opts: { id?: string; provider?: string } = {},
): FlyLogEntry {
  return {
    id: opts.id ?? `e${++nextId}`,
    attributes: {
      timestamp: '2026-01-01T00:00:00Z',
      message,
      level: 'info',
      instance,
      region: 'iad',
      meta: { instance, region: 'iad', event: { provider: opts.provider ?? 'app' } },
    },
  };
}

function page(nextToken: string, ...entries: FlyLogEntry[]): LogPage {
  return { entries, nextToken };
}

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warning: (m) => warnings.push(m),
  };
}

function setup(
  steps: Step[],
  opts: { maxConsecutiveErrors?: number; exitMarkerGraceMs?: number; clockSkewMs?: number } = {},
) {
  const clock = new FakeClock({ autoAdvance: false });
  const logger = recordingLogger();
  const collector = new LogCollector({ clock, logger });
  const fetch = new ScriptedFetch(steps);
  const poller = new FlyLogPoller({
    fetchPage: fetch.fetch,
    collector,
    clock,
    logger,
    minDelayMs: 250,
    maxDelayMs: 4000,
    ...opts,
  });
  return { clock, logger, collector, fetch, poller };
}

describe('FlyLogPoller', () => {
  test('routes entries to machines by instance id and drops system entries', async () => {
    const { clock, collector, fetch, poller } = setup([
      page('t1', entry('a', 'a1'), entry('b', 'b1'), entry('a', 'booting', { provider: 'runner' })),
      page('t2', entry('a', 'a2'), entry('b', 'proxy says hi', { provider: 'proxy' })),
    ]);
    const a = collector.subscribe('a');
    const b = collector.subscribe('b');
    poller.start();
    await clock.untilSleeping();
    await poller.stop();
    expect(await a.collect()).toEqual(['a1', 'a2']);
    expect(await b.collect()).toEqual(['b1']);
    expect(poller.entriesRouted).toBe(5);
    expect(fetch.tokens[0]).toBe('');
  });

  test('polls again at once while pages bring data, waits minDelay after an empty page', async () => {
    const { clock, fetch, poller } = setup([
      page('t1', entry('m', '1')),
      page('t2', entry('m', '2')),
      page('t3', entry('m', '3')),
    ]);
    poller.start();
    await clock.untilSleeping();
    // three data pages back to back, then the empty fourth page causes the first wait
    expect(fetch.calls).toBe(4);
    expect(clock.sleeps).toEqual([250]);
    await clock.advanceAsync(250);
    await clock.untilSleeping();
    expect(fetch.calls).toBe(5);
    expect(clock.sleeps).toEqual([250, 250]);
    await poller.stop();
  });

  test('sends next_token from non-empty pages only; empty pages keep the old one, a tokenless page of entries moves to its newest entry', async () => {
    const { clock, fetch, poller } = setup([
      page('t1', entry('m', '1')),
      page('', entry('m', '2')), // non-empty page without a token: its entry's time (G)
      page('t-empty'), // empty page with a token: not adopted
      page('t3', entry('m', '3')),
    ]);
    poller.start();
    await clock.untilSleeping();
    await clock.advanceAsync(250);
    await clock.untilSleeping();
    await poller.stop();
    const entryTime = String(BigInt(Date.parse('2026-01-01T00:00:00Z')) * 1_000_000n);
    expect(fetch.tokens).toEqual(['', 't1', entryTime, entryTime, 't3']);
  });

  test('an endpoint that never sends next_token: each page continues from its newest entry, so later lines arrive', async () => {
    const clock = new FakeClock({ autoAdvance: false });
    const logger = recordingLogger();
    const collector = new LogCollector({ clock, logger });
    // Five lines in time order; each page holds at most two, from the token's time on, and
    // never carries a next_token.
    const times = [
      '2026-01-01T00:00:01.000000001Z',
      '2026-01-01T00:00:01.000000002Z',
      '2026-01-01T00:00:02.5Z',
      '2026-01-01T00:00:03Z',
      '2026-01-01T00:00:03.999999999Z',
    ];
    const lines = times.map((timestamp, i) => {
      const e = entry('m', `line ${i + 1}`, { id: `n${i + 1}` });
      return { ...e, attributes: { ...e.attributes, timestamp } };
    });
    const nanos = (t: string): bigint => {
      const [whole = '', fraction = ''] = t.replace('Z', '').split('.');
      return BigInt(Date.parse(`${whole}Z`)) * 1_000_000n + BigInt(fraction.padEnd(9, '0'));
    };
    const tokens: string[] = [];
    const poller = new FlyLogPoller({
      fetchPage: (token) => {
        tokens.push(token);
        const from = token === '' ? 0n : BigInt(token);
        const entries = lines.filter((l) => nanos(l.attributes.timestamp) >= from).slice(0, 2);
        return Promise.resolve({ entries, nextToken: '' });
      },
      collector,
      clock,
      logger,
      minDelayMs: 250,
    });
    const stream = collector.subscribe('m');
    poller.start();
    for (let i = 0; i < 6; i++) {
      await clock.untilSleeping();
      await clock.advanceAsync(250);
    }
    await poller.stop();
    expect(await stream.collect()).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
    expect(tokens.slice(0, 5)).toEqual([
      '',
      String(nanos(times[1] ?? '')),
      String(nanos(times[2] ?? '')),
      String(nanos(times[3] ?? '')),
      String(nanos(times[4] ?? '')),
    ]);
    expect(tokens[1]).toBe('1767225601000000002');
  });

  test('when the first page leaves no token, pages from the start time minus the clock skew', async () => {
    const { clock, fetch, poller } = setup([page('ignored-empty-page-token')], {
      clockSkewMs: 5000,
    });
    const startNs = BigInt(clock.now() - 5000) * 1_000_000n;
    poller.start();
    await clock.untilSleeping();
    await clock.advanceAsync(250);
    await clock.untilSleeping();
    fetch.add(page('t9', entry('m', 'x')));
    await clock.advanceAsync(250);
    await clock.untilSleeping();
    await poller.stop();
    expect(fetch.tokens).toEqual(['', String(startNs), String(startNs), 't9']);
  });

  test('deduplicates entries by id across overlapping pages; a page of duplicates counts as empty', async () => {
    const e1 = entry('m', 'one', { id: 'x1' });
    const e2 = entry('m', 'two', { id: 'x2' });
    const e3 = entry('m', 'three', { id: 'x3' });
    const { clock, collector, fetch, poller } = setup([
      page('t1', e1, e2),
      page('t2', e2, e3),
      page('t2', e3),
    ]);
    const stream = collector.subscribe('m');
    poller.start();
    await clock.untilSleeping();
    // the third page brought nothing new, so the poller waited right after it
    expect(fetch.calls).toBe(3);
    expect(clock.sleeps).toEqual([250]);
    await poller.stop();
    expect(await stream.collect()).toEqual(['one', 'two', 'three']);
    expect(poller.duplicateEntries).toBe(2);
  });

  test('entries without ids are deduplicated by content', async () => {
    const bare = (m: string): FlyLogEntry => ({ ...entry('m', m), id: '' });
    const { clock, collector, poller } = setup([
      page('t1', bare('a'), bare('b')),
      page('t2', bare('b'), bare('c')),
    ]);
    const stream = collector.subscribe('m');
    poller.start();
    await clock.untilSleeping();
    await poller.stop();
    expect(await stream.collect()).toEqual(['a', 'b', 'c']);
  });

  test('lines that arrive before subscribe are delivered on subscribe', async () => {
    const { clock, collector, poller } = setup([
      page('t1', entry('m', 'early 1'), entry('m', 'early 2')),
    ]);
    poller.start();
    await clock.untilSleeping();
    const stream = collector.subscribe('m');
    await poller.stop();
    expect(await stream.collect()).toEqual(['early 1', 'early 2']);
  });

  test('errors back off doubling from minDelay, capped at maxDelay, and reset after a success', async () => {
    const errors = Array.from({ length: 6 }, () => new HttpError(503));
    const { clock, fetch, poller } = setup(
      [...errors, page('t1', entry('m', 'ok')), new HttpError(502)],
      {
        maxConsecutiveErrors: 10,
      },
    );
    poller.start();
    for (let i = 0; i < 6; i++) {
      await clock.untilSleeping();
      await clock.advanceAsync(clock.sleeps.at(-1) ?? 0);
    }
    await clock.untilSleeping();
    // the data page is followed at once by the next fetch (a 502), whose backoff starts over
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000, 4000, 4000, 500]);
    expect(poller.failure).toBeUndefined();
    expect(poller.consecutiveErrors).toBe(1);
    expect(fetch.calls).toBe(8);
    await poller.stop();
  });

  test('honours a Retry-After the error carries', async () => {
    const { clock, poller } = setup([new HttpError(429, 9000)]);
    poller.start();
    await clock.untilSleeping();
    expect(clock.sleeps).toEqual([9000]);
    await poller.stop();
  });

  test.each([401, 403, 404])(
    'stops on %i with a clear failure, ends streams, does not throw',
    async (status) => {
      const { clock, collector, fetch, logger, poller } = setup([
        page('t1', entry('m', 'before')),
        new HttpError(status),
      ]);
      const stream = collector.subscribe('m');
      poller.start();
      expect(await stream.collect()).toEqual(['before']);
      expect(poller.failure?.message).toContain(String(status));
      expect(poller.running).toBe(false);
      expect(logger.warnings).toHaveLength(1);
      await clock.advanceAsync(60_000);
      expect(fetch.calls).toBe(2);
      await expect(poller.stop()).resolves.toBeUndefined();
      // Stopping a poller that gave up keeps its reason and does not warn again.
      expect(poller.failure?.message).toContain(String(status));
      expect(logger.warnings).toHaveLength(1);
    },
  );

  test('gives up after maxConsecutiveErrors failures without throwing, warning once and ending all streams', async () => {
    const { clock, collector, fetch, logger, poller } = setup(
      Array.from({ length: 20 }, () => new HttpError(500)),
      { maxConsecutiveErrors: 4 },
    );
    const a = collector.subscribe('a');
    const b = collector.subscribe('b');
    poller.start();
    for (let i = 0; i < 3; i++) {
      await clock.untilSleeping();
      expect(poller.failure).toBeUndefined();
      await clock.advanceAsync(clock.sleeps.at(-1) ?? 0);
    }
    await settle();
    expect(poller.failure?.message).toMatch(/gave up after 4 consecutive errors/);
    expect(fetch.calls).toBe(4);
    expect(logger.warnings).toEqual([poller.failure?.message]);
    expect(await a.collect()).toEqual([]);
    expect(await b.collect()).toEqual([]);
    expect(a.timedOut).toBe(false);
    await clock.advanceAsync(60_000);
    expect(fetch.calls).toBe(4);
    await poller.stop();
  });

  test('machineExited keeps the stream open for trailing lines until the exit marker', async () => {
    const { clock, collector, fetch, poller } = setup([page('t1', entry('m', 'working'))], {
      exitMarkerGraceMs: 15_000,
    });
    const stream = collector.subscribe('m');
    poller.start();
    await clock.untilSleeping();
    let ended = false;
    const exited = poller.machineExited('m').then(() => (ended = true));
    // Fly delivers the last lines seconds after the API reported the exit
    fetch.add(page('t2', entry('m', '[flaude] Claude Code exited with 3')));
    await clock.advanceAsync(250);
    await clock.untilSleeping(2);
    expect(ended).toBe(false);
    fetch.add(page('t3', entry('m', '[flaude:exit:3]'), entry('m', 'stray after marker')));
    await clock.advanceAsync(250);
    await exited;
    expect(await stream.collect()).toEqual([
      'working',
      '[flaude] Claude Code exited with 3',
      '[flaude:exit:3]',
    ]);
    expect(collector.exitMarkerCode('m')).toBe(3);
    expect(collector.lateLines).toBe(1);
    await poller.stop();
  });

  test('machineExited after the marker was already routed ends the stream at once', async () => {
    const { clock, collector, poller } = setup([
      page('t1', entry('m', 'x'), entry('m', '[flaude:exit:0]')),
    ]);
    const stream = collector.subscribe('m');
    poller.start();
    await clock.untilSleeping();
    await poller.machineExited('m');
    expect(stream.ended).toBe(true);
    expect(await stream.collect()).toEqual(['x', '[flaude:exit:0]']);
    await poller.stop();
  });

  test('the grace period ends a stream whose marker never comes; other machines keep streaming', async () => {
    const { clock, collector, fetch, poller } = setup(
      [page('t1', entry('m', 'last'), entry('n', 'n1'))],
      {
        exitMarkerGraceMs: 2000,
      },
    );
    const m = collector.subscribe('m');
    const n = collector.subscribe('n');
    poller.start();
    await clock.untilSleeping();
    const exited = poller.machineExited('m');
    for (let t = 0; t < 2000; t += 250) await clock.advanceAsync(250);
    await exited;
    expect(m.ended).toBe(true);
    expect(await m.collect()).toEqual(['last']);
    fetch.add(page('t2', entry('n', 'n2')));
    await clock.advanceAsync(250);
    await clock.untilSleeping();
    expect(n.ended).toBe(false);
    await poller.stop();
    expect(await n.collect()).toEqual(['n1', 'n2']);
  });

  test('stop() aborts a fetch in flight, ends open streams and releases machineExited waits', async () => {
    const { clock, collector, fetch, poller } = setup([HANG]);
    const stream = collector.subscribe('m');
    poller.start();
    await settle();
    expect(fetch.calls).toBe(1);
    const exited = poller.machineExited('m');
    await clock.untilSleeping();
    await poller.stop();
    await exited;
    expect(stream.ended).toBe(true);
    expect(poller.failure).toBeUndefined();
    expect(poller.running).toBe(false);
    // after stop, machineExited ends a stream at once
    const late = collector.subscribe('late');
    await poller.machineExited('late');
    expect(late.ended).toBe(true);
  });

  test('start() twice runs one loop', async () => {
    const { clock, fetch, poller } = setup([]);
    poller.start();
    poller.start();
    await clock.untilSleeping();
    expect(fetch.calls).toBe(1);
    expect(clock.pending).toBe(1);
    await poller.stop();
  });
});

describe('parseLogsPage', () => {
  const good = {
    id: '01J',
    attributes: {
      timestamp: '2026-01-01T00:00:00Z',
      message: 'hello',
      level: 'info',
      instance: 'm1',
      region: 'iad',
      meta: { instance: 'm1', region: 'iad', event: { provider: 'app' } },
    },
  };
  test.each<[string, unknown, { n: number; token: string }]>([
    ['a well-formed page', { data: [good], meta: { next_token: '1700' } }, { n: 1, token: '1700' }],
    ['numeric token', { data: [], meta: { next_token: 1700 } }, { n: 0, token: '1700' }],
    ['no meta', { data: [good] }, { n: 1, token: '' }],
    ['no data', { meta: { next_token: 'x' } }, { n: 0, token: 'x' }],
    ['data not an array', { data: {}, meta: {} }, { n: 0, token: '' }],
    [
      'entries without attributes skipped',
      { data: [good, { id: 'z' }, null, 'x'] },
      { n: 1, token: '' },
    ],
    ['empty body', undefined, { n: 0, token: '' }],
    ['array body', [good], { n: 0, token: '' }],
  ])('%s', (_name, body, expected) => {
    const parsed = parseLogsPage(body);
    expect(parsed.entries).toHaveLength(expected.n);
    expect(parsed.nextToken).toBe(expected.token);
  });

  test('keeps the fields classification needs and fills missing ones', () => {
    const parsed = parseLogsPage({
      data: [
        {
          id: 7,
          attributes: { message: 42, instance: 'm2', meta: { event: { provider: 'runner' } } },
        },
        good,
      ],
    });
    expect(parsed.entries[0]).toMatchObject({
      id: '7',
      attributes: {
        message: '42',
        instance: 'm2',
        timestamp: '',
        meta: { event: { provider: 'runner' } },
      },
    });
    expect(parsed.entries[1]).toEqual(good);
  });
});

import { describe, expect, test } from 'vitest';
import type { Figure } from '../../bench/figure.ts';
import { judge, parseTargets, ratioToFloor } from '../../bench/targets.ts';

const figure = (over: Partial<Figure>): Figure => ({
  id: 'x.ms',
  scenario: '1 test',
  label: 'a figure',
  unit: 'ms',
  ours: 100,
  baseline: null,
  floor: 80,
  ...over,
});

const targets = (json: unknown) => parseTargets(JSON.stringify({ targets: json }), 'targets.json');

describe('parseTargets', () => {
  test('reads every kind of bound', () => {
    const parsed = targets({
      a: { maxRatio: 1.05, basis: 'issue' },
      b: { maxOverFloor: 150, basis: 'issue' },
      c: { max: 0, basis: 'never' },
      d: { min: 10, basis: 'throughput' },
    });
    expect([...parsed.keys()]).toEqual(['a', 'b', 'c', 'd']);
    expect(parsed.get('a')?.maxRatio).toBe(1.05);
  });

  test.each([
    ['no bound', { basis: 'why' }],
    ['no basis', { max: 1 }],
    ['a bound that is not a number', { max: '1', basis: 'why' }],
  ])('refuses a target with %s, naming it', (_, raw) => {
    expect(() => targets({ 'some.figure': raw })).toThrow(/targets\.json: target some\.figure/);
  });
});

describe('ratioToFloor', () => {
  test('ours over the floor', () => {
    expect(ratioToFloor(figure({ ours: 105, floor: 100 }))).toBeCloseTo(1.05);
  });

  test('none without a positive floor', () => {
    expect(ratioToFloor(figure({ floor: null }))).toBeNull();
    expect(ratioToFloor(figure({ floor: 0 }))).toBeNull();
  });
});

describe('judge', () => {
  test('a ratio within its bound holds; above it misses by how much', () => {
    const bound = targets({ 'x.ms': { maxRatio: 1.1, basis: 'b' } });
    expect(judge([figure({ ours: 88, floor: 80 })], bound)[0]).toMatchObject({ ok: true });
    const [miss] = judge([figure({ ours: 100, floor: 80 })], bound);
    expect(miss?.ok).toBe(false);
    expect(miss?.miss).toBe('x.ms: ours/floor = 1.25, above 1.1 (12 ms over)');
  });

  test('a margin over the floor', () => {
    const bound = targets({ 'x.ms': { maxOverFloor: 150, basis: 'b' } });
    expect(judge([figure({ ours: 490, floor: 340 })], bound)[0]?.ok).toBe(true);
    expect(judge([figure({ ours: 561, floor: 340 })], bound)[0]?.miss).toBe(
      'x.ms: 561 ms is floor 340 + 221, above floor + 150 (71 ms over)',
    );
  });

  test('absolute bounds, both ways', () => {
    const bound = targets({ 'x.ms': { max: 0, basis: 'b' }, 'y.n': { min: 10, basis: 'b' } });
    const [over, under] = judge(
      [figure({ ours: 2 }), figure({ id: 'y.n', unit: 'lines/s', ours: 9 })],
      bound,
    );
    expect(over?.miss).toBe('x.ms = 2 ms, above its target of at most 0 (2 over)');
    expect(under?.miss).toBe('y.n = 9 lines/s, below its target of at least 10');
  });

  test('a figure without a target, or not measured, misses', () => {
    expect(judge([figure({ id: 'new.figure' })], targets({}))[0]?.miss).toBe(
      'new.figure has no target in targets.json',
    );
    const bound = targets({ 'x.ms': { max: 5, basis: 'b' } });
    expect(judge([figure({ ours: Number.NaN })], bound)[0]?.miss).toBe(
      'x.ms was not measured (NaN)',
    );
  });

  test('a ratio target on a figure without a floor misses rather than passes', () => {
    const bound = targets({ 'x.ms': { maxRatio: 2, basis: 'b' } });
    expect(judge([figure({ floor: null })], bound)[0]?.ok).toBe(false);
  });
});

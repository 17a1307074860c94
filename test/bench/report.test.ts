import { describe, expect, test } from 'vitest';
import type { Figure } from '../../bench/figure.ts';
import {
  costGrowthLines,
  formatMarkdownTable,
  formatNumber,
  formatTable,
  tableRows,
} from '../../bench/report.ts';
import { judge, parseTargets } from '../../bench/targets.ts';

/** `figure` without its series: a figure measured at one size only. */
const unscaled = ({ series: _, ...figure }: Figure): Figure => figure;

const fanOut = (n: number, ours: number, baseline: number | null, floor: number): Figure => ({
  id: `fanout.step_end_ms.n${n}`,
  scenario: '2 fan-out',
  label: `N=${n}: step end`,
  unit: 'ms',
  ours,
  baseline,
  floor,
  series: { name: 'fan-out, step end', n },
});

const targets = parseTargets(
  JSON.stringify({
    targets: {
      'fanout.step_end_ms.n1': { maxRatio: 1.25, basis: 'b' },
      'fanout.step_end_ms.n5': { maxRatio: 1.1, basis: 'b' },
      'logs.lost': { max: 0, basis: 'b' },
    },
  }),
  'targets.json',
);

describe('the table', () => {
  const verdicts = judge(
    [
      fanOut(1, 4_000, 5_200, 3_500),
      fanOut(5, 6_000, 5_900, 5_000),
      {
        id: 'logs.lost',
        scenario: '3 log latency',
        label: 'lines lost',
        unit: 'lines',
        ours: 0,
        baseline: 3,
        floor: 0,
      },
    ],
    targets,
  );

  test('one row per figure: scenario, figure, ours, baseline, floor, ours/floor, target, ok', () => {
    expect(tableRows(verdicts)).toEqual([
      [
        '2 fan-out',
        'N=1: step end',
        '4,000 ms',
        '5,200 ms',
        '3,500 ms',
        '1.14',
        '≤ 1.25× floor',
        'ok',
      ],
      [
        '2 fan-out',
        'N=5: step end',
        '6,000 ms',
        '5,900 ms',
        '5,000 ms',
        '1.20',
        '≤ 1.1× floor',
        'MISSED',
      ],
      ['3 log latency', 'lines lost', '0 lines', '3 lines', '0 lines', '–', '≤ 0', 'ok'],
    ]);
  });

  test('the text table aligns its columns under the header', () => {
    const lines = formatTable(verdicts).split('\n');
    expect(lines[0]).toMatch(
      /^scenario\s+figure\s+ours\s+baseline\s+floor\s+ours\/floor\s+target\s+ok$/,
    );
    expect(lines).toHaveLength(2 + verdicts.length);
    // Numbers are right-aligned: each ratio ends where the header's `ours/floor` ends.
    const end = (lines[0] ?? '').indexOf('ours/floor') + 'ours/floor'.length;
    expect(lines[2]?.slice(end - 4, end)).toBe('1.14');
    expect(lines[3]?.slice(end - 4, end)).toBe('1.20');
    expect(lines[4]?.slice(end - 1, end)).toBe('–');
  });

  test('the Markdown table right-aligns the numbers', () => {
    const lines = formatMarkdownTable(verdicts).split('\n');
    expect(lines[0]).toBe(
      '| scenario | figure | ours | baseline | floor | ours/floor | target | ok |',
    );
    expect(lines[1]).toBe('| --- | --- | ---: | ---: | ---: | ---: | --- | --- |');
    expect(lines[3]).toContain('| MISSED |');
  });

  test('a figure without a baseline or floor shows a dash', () => {
    const rows = tableRows(judge([{ ...unscaled(fanOut(1, 10, null, 0)), floor: null }], targets));
    expect(rows[0]?.slice(3, 6)).toEqual(['–', '–', '–']);
  });
});

describe('costGrowthLines', () => {
  test('one line per series, in the order of N, whatever the input order', () => {
    expect(
      costGrowthLines([
        fanOut(20, 21_000, 9_000, 20_500),
        fanOut(1, 4_000, 5_200, 3_500),
        fanOut(5, 6_000, 5_900, 5_000),
      ]),
    ).toEqual([
      'fan-out, step end (ms), N = 1 → 5 → 20: ours 4,000 → 6,000 → 21,000; baseline 5,200 → 5,900 → 9,000; floor 3,500 → 5,000 → 20,500',
    ]);
  });

  test('figures outside a series make no line; columns nobody has are left out', () => {
    const plain = unscaled(fanOut(1, 1, null, 1));
    expect(costGrowthLines([plain])).toEqual([]);
    const noBaseline = [1, 50].map((n) => ({ ...fanOut(n, n * 2, null, 0), floor: null }));
    expect(costGrowthLines(noBaseline)).toEqual([
      'fan-out, step end (ms), N = 1 → 50: ours 2 → 100',
    ]);
  });
});

test('formatNumber: thousands separators, one decimal, a dash for nothing', () => {
  expect(formatNumber(12_345.67)).toBe('12,345.7');
  expect(formatNumber(null)).toBe('–');
  expect(formatNumber(Number.NaN)).toBe('NaN');
});

/** The bench's output: the table, the cost-growth lines, and results/latest.json. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Figure } from './figure.ts';
import type { Target, Verdict } from './targets.ts';

/** A scenario that did not finish or could not run, and why. */
export interface ScenarioNote {
  readonly scenario: string;
  readonly message: string;
}

const HEADER = ['scenario', 'figure', 'ours', 'baseline', 'floor', 'ours/floor', 'target', 'ok'];
/** Columns of numbers, right-aligned. */
const NUMERIC = new Set([2, 3, 4, 5]);

/** The rows of the table: one per figure, cells as text. */
export function tableRows(verdicts: readonly Verdict[]): string[][] {
  return verdicts.map((v) => {
    const f = v.figure;
    return [
      f.scenario,
      f.label,
      withUnit(f.ours, f.unit),
      f.baseline === null ? '–' : withUnit(f.baseline, f.unit),
      f.floor === null ? '–' : withUnit(f.floor, f.unit),
      v.ratio === null ? '–' : v.ratio.toFixed(2),
      formatTarget(v.target),
      v.ok ? 'ok' : 'MISSED',
    ];
  });
}

/** The table as aligned plain text, for the terminal. */
export function formatTable(verdicts: readonly Verdict[]): string {
  const rows = tableRows(verdicts);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) =>
        NUMERIC.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The table as Markdown, for the README's Performance section. */
export function formatMarkdownTable(verdicts: readonly Verdict[]): string {
  const escape = (cell: string): string => cell.replace(/\|/g, '\\|');
  const line = (cells: readonly string[]): string => `| ${cells.map(escape).join(' | ')} |`;
  const rule = `| ${HEADER.map((_, i) => (NUMERIC.has(i) ? '---:' : '---')).join(' | ')} |`;
  return [line(HEADER), rule, ...tableRows(verdicts).map(line)].join('\n');
}

/**
 * One line per series of scaled figures (the same figure at N = 1, 5, 20, 50): each column's
 * values in the order of N, so a reader sees how the cost grows, not one point.
 */
export function costGrowthLines(figures: readonly Figure[]): string[] {
  const series = new Map<string, Figure[]>();
  for (const f of figures) {
    if (f.series === undefined) continue;
    series.set(f.series.name, [...(series.get(f.series.name) ?? []), f]);
  }
  return [...series].map(([name, members]) => {
    const sorted = [...members].sort((a, b) => (a.series?.n ?? 0) - (b.series?.n ?? 0));
    const unit = sorted[0]?.unit ?? '';
    const ns = sorted.map((f) => f.series?.n ?? 0).join(' → ');
    const column = (pick: (f: Figure) => number | null): string =>
      sorted.map((f) => formatNumber(pick(f))).join(' → ');
    const parts = [`ours ${column((f) => f.ours)}`];
    if (sorted.some((f) => f.baseline !== null))
      parts.push(`baseline ${column((f) => f.baseline)}`);
    if (sorted.some((f) => f.floor !== null)) parts.push(`floor ${column((f) => f.floor)}`);
    return `${name} (${unit}), N = ${ns}: ${parts.join('; ')}`;
  });
}

function formatTarget(target: Target | undefined): string {
  if (target === undefined) return 'none';
  const bounds: string[] = [];
  if (target.maxRatio !== undefined) bounds.push(`≤ ${target.maxRatio}× floor`);
  if (target.maxOverFloor !== undefined)
    bounds.push(`≤ floor + ${formatNumber(target.maxOverFloor)}`);
  if (target.min !== undefined) bounds.push(`≥ ${formatNumber(target.min)}`);
  if (target.max !== undefined) bounds.push(`≤ ${formatNumber(target.max)}`);
  return bounds.join(', ');
}

function withUnit(value: number, unit: string): string {
  return `${formatNumber(value)} ${unit}`;
}

/** Thousands separators, at most one decimal; `–` for a missing value. */
export function formatNumber(value: number | null): string {
  if (value === null) return '–';
  return Number.isFinite(value)
    ? value.toLocaleString('en-US', { maximumFractionDigits: 1 })
    : String(value);
}

/** Writes `data` as JSON to `path` through a temporary file, so a reader never sees half. */
export function writeResults(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(temporary, path);
}

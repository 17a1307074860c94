/** The bench's output: a table on stdout and results/latest.json. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Verdict } from './targets.ts';

/** A stage that did not finish, and why. */
export interface StageError {
  readonly stage: string;
  readonly message: string;
}

/** The table of every metric, its target and whether it held. */
export function formatTable(verdicts: readonly Verdict[]): string {
  const rows = verdicts.map((v) => [
    v.metric.label,
    `${formatNumber(v.metric.value)} ${v.metric.unit}`,
    formatTarget(v),
    v.ok ? 'ok' : 'MISSED',
  ]);
  const header = ['metric', 'measured', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) =>
        i === 1 || i === 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function formatTarget(v: Verdict): string {
  if (v.target === undefined) return 'none';
  const bounds: string[] = [];
  if (v.target.min !== undefined) bounds.push(`>= ${formatNumber(v.target.min)}`);
  if (v.target.max !== undefined) bounds.push(`<= ${formatNumber(v.target.max)}`);
  return bounds.join(', ');
}

function formatNumber(value: number): string {
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

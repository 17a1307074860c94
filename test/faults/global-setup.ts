/**
 * Global setup of the `faults` project: gives the workers a directory for their fault rows
 * and, when every fault file has run, prints the rows as one Markdown table (the table the
 * closing note of a change quotes) and writes it to `fault-table.md` in that directory.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { FaultRow } from './fault-table.ts';

interface RecordedRow extends FaultRow {
  readonly file: string;
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'flaude-faults-'));
  project.provide('faultTableDir', dir);
  return () => {
    const rows = readRows(dir);
    if (rows.length > 0) {
      const table = faultTable(rows, project.config.root);
      process.stdout.write(`\n${table}\n`);
      const kept = process.env.FLAUDE_FAULT_TABLE;
      if (kept) writeFileSync(kept, `${table}\n`);
    }
    rmSync(dir, { recursive: true, force: true });
  };
}

function readRows(dir: string): RecordedRow[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) =>
      readFileSync(join(dir, name), 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as RecordedRow),
    )
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** The rows as a Markdown table with a closing count line. */
export function faultTable(rows: readonly RecordedRow[], root: string): string {
  const cell = (text: string | number): string =>
    String(text).replaceAll('|', '\\|').replaceAll('\n', ' ');
  const lines = [
    '| # | fault | expected | observed | machines left | comments "reviewing" | file |',
    '| - | ----- | -------- | -------- | ------------- | -------------------- | ---- |',
    ...rows.map((row, i) =>
      [
        i + 1,
        row.fault,
        row.expected,
        row.observed,
        row.machinesLeft,
        row.commentsReviewing,
        relative(root, row.file),
      ]
        .map(cell)
        .join(' | ')
        .replace(/^/, '| ')
        .replace(/$/, ' |'),
    ),
  ];
  const leaks = rows.filter((row) => row.machinesLeft > 0).length;
  const stuck = rows.filter((row) => row.commentsReviewing > 0).length;
  lines.push(
    '',
    `${rows.length} faults; ${leaks} left a machine; ${stuck} left a comment saying "reviewing".`,
  );
  return lines.join('\n');
}

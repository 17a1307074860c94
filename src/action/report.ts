/**
 * What the step reports: its outputs and the job summary. Building them is pure
 * (`buildOutputs`, `buildSummary`); `publishReport` hands them to the sink (@actions/core).
 * Reporting never fails a step: the review's outcome decides it, so an output or a summary
 * that cannot be written is a warning.
 */
import * as core from '@actions/core';
import { messageOf } from '../fly/index.js';
import { Output } from './constants.js';
import type { Redactor } from './redact.js';

/**
 * What the summary may take: GitHub refuses a step summary over 1 MiB (and shows an error in
 * its place), so it is kept below that with room to spare.
 */
export const SUMMARY_MAX_BYTES = 1024 * 1024 - 16 * 1024;

/** One reviewer's outcome; the `results` output holds these in snake_case. */
export interface ReviewerOutcome {
  readonly name: string;
  readonly machineId: string | undefined;
  readonly region: string | undefined;
  readonly exitCode: number | null;
  readonly state: string | undefined;
  readonly success: boolean;
  readonly durationSeconds: number | undefined;
  /** Claude's final text. */
  readonly result: string | undefined;
  readonly costUsd: number | undefined;
  readonly numTurns: number | undefined;
  /** Why it failed, without the log tail. */
  readonly error: string | undefined;
}

/** Where the report goes. */
export interface ReportSink {
  setOutput(name: string, value: string): void;
  writeSummary(markdown: string): Promise<void>;
  /** Says that part of the report could not be written. */
  warning(message: string): void;
}

/** The runner's outputs, job summary and warnings, through @actions/core. */
export const coreReportSink: ReportSink = {
  setOutput: (name, value) => core.setOutput(name, value),
  writeSummary: async (markdown) => {
    await core.summary.addRaw(markdown, true).write();
  },
  warning: (message) => core.warning(message),
};

/** The step's outputs, by output name. Every text is redacted. */
export function buildOutputs(
  outcomes: readonly ReviewerOutcome[],
  redact: Redactor,
): Record<string, string> {
  const results = outcomes.map((o) => ({
    name: o.name,
    machine_id: o.machineId ?? null,
    region: o.region ?? null,
    exit_code: o.exitCode,
    state: o.state ?? null,
    success: o.success,
    duration_seconds: o.durationSeconds ?? null,
    result: o.result === undefined ? null : redact(o.result),
    cost_usd: o.costUsd ?? null,
    num_turns: o.numTurns ?? null,
    error: o.error === undefined ? null : redact(o.error),
  }));
  return {
    [Output.Results]: JSON.stringify(results),
    [Output.MachineIds]: outcomes.flatMap((o) => (o.machineId ? [o.machineId] : [])).join(','),
    [Output.Succeeded]: String(outcomes.filter((o) => o.success).length),
    [Output.Failed]: String(outcomes.filter((o) => !o.success).length),
  };
}

/**
 * The job summary: a table of reviewers, then each reviewer's result in a collapsible block.
 * It stays within `maxBytes` (UTF-8; default {@link SUMMARY_MAX_BYTES}): when the results do
 * not fit, the longest are cut to a fair share of the room, each with a note saying so.
 */
export function buildSummary(
  outcomes: readonly ReviewerOutcome[],
  redact: Redactor,
  maxBytes: number = SUMMARY_MAX_BYTES,
): string {
  const rows = outcomes.map((o) =>
    [
      cell(o.name),
      o.success ? '✅ passed' : '❌ failed',
      o.exitCode === null ? '—' : String(o.exitCode),
      o.durationSeconds === undefined ? '—' : `${o.durationSeconds.toFixed(0)} s`,
      o.numTurns === undefined ? '—' : String(o.numTurns),
      o.costUsd === undefined ? '—' : `$${o.costUsd.toFixed(4)}`,
      o.machineId ? `\`${o.machineId}\`` : '—',
    ].join(' | '),
  );
  const table = [
    '## flaude reviewers',
    '',
    '| reviewer | outcome | exit code | duration | turns | cost | machine |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r} |`),
    '',
  ];
  const bodies = outcomes.map((o) =>
    o.result?.trim()
      ? redact(o.result.trim())
      : o.error
        ? `**Error:** ${redact(o.error)}`
        : '_No result._',
  );
  const render = (texts: readonly string[]): string => {
    const parts = [...table];
    outcomes.forEach((o, i) => {
      parts.push(
        `<details${o.success ? ' open' : ''}><summary>${escapeHtml(o.name)}</summary>`,
        '',
        texts[i] ?? '',
        '',
        '</details>',
        '',
      );
    });
    return parts.join('\n');
  };
  const full = render(bodies);
  if (byteLength(full) <= maxBytes) return full;

  const room = maxBytes - byteLength(render(bodies.map(() => ''))) - outcomes.length * NOTE_BYTES;
  const shares = fairShares(bodies.map(byteLength), Math.max(0, room));
  const fitted = render(
    bodies.map((body, i) => {
      const share = shares[i] ?? 0;
      return byteLength(body) <= share ? body : cutWithNote(body, share);
    }),
  );
  // Only a table too long by itself (thousands of reviewers) is left to cut here.
  return byteLength(fitted) <= maxBytes ? fitted : cutWithNote(fitted, maxBytes - NOTE_BYTES);
}

/**
 * Sets every output, then writes the summary. A failure of either (no GITHUB_OUTPUT or
 * GITHUB_STEP_SUMMARY file, a file that cannot be written) becomes a warning.
 */
export async function publishReport(
  outcomes: readonly ReviewerOutcome[],
  redact: Redactor,
  sink: ReportSink,
): Promise<void> {
  for (const [name, value] of Object.entries(buildOutputs(outcomes, redact))) {
    try {
      sink.setOutput(name, value);
    } catch (e: unknown) {
      sink.warning(`Could not set the output '${name}': ${redact(messageOf(e))}`);
    }
  }
  try {
    await sink.writeSummary(buildSummary(outcomes, redact));
  } catch (e: unknown) {
    sink.warning(`Could not write the job summary: ${redact(messageOf(e))}`);
  }
}

/** Room kept for the note of a cut text (and a closing code fence). */
const NOTE_BYTES = 200;

/** UTF-8 length, the unit of GitHub's summary limit. */
function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Splits `room` between texts of the given sizes: each gets what it needs, or an equal share
 * of what the shorter ones left, whichever is less.
 */
function fairShares(sizes: readonly number[], room: number): number[] {
  const shares = sizes.map(() => 0);
  let left = room;
  const order = sizes.map((size, i) => ({ size, i })).sort((a, b) => a.size - b.size);
  order.forEach(({ size, i }, k) => {
    const share = Math.min(size, Math.floor(left / (order.length - k)));
    shares[i] = share;
    left -= share;
  });
  return shares;
}

/**
 * The first `bytes` bytes of `text` (never half a character), a code fence closed when the cut
 * left one open, and a note saying that the rest is in the `results` output.
 */
function cutWithNote(text: string, bytes: number): string {
  const encoded = Buffer.from(text, 'utf8');
  let end = Math.max(0, Math.min(bytes, encoded.length));
  // Back up to the first byte of a character (continuation bytes are 10xxxxxx).
  while (end > 0 && ((encoded[end] ?? 0) & 0xc0) === 0x80) end--;
  let kept = encoded.subarray(0, end).toString('utf8');
  const fence = openFence(kept);
  if (fence !== undefined) kept += `\n${fence}`;
  const rest = Math.ceil((encoded.length - end) / 1024);
  return (
    `${kept}\n\n_(Cut to keep the job summary under GitHub's 1 MiB limit: ` +
    `${rest} KiB more in the step's \`results\` output.)_`
  );
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The code fence (```` ``` ````, `~~~`, longer ones) that `markdown` leaves open, if any. */
function openFence(markdown: string): string | undefined {
  let open: string | undefined;
  for (const m of markdown.matchAll(/^ {0,3}(`{3,}|~{3,})/gm)) {
    const marker = m[1] ?? '';
    if (open === undefined) open = marker;
    else if (marker[0] === open[0] && marker.length >= open.length) open = undefined;
  }
  return open;
}

/**
 * What the step reports: its outputs and the job summary. Building them is pure
 * (`buildOutputs`, `buildSummary`); `publishReport` hands them to the sink (@actions/core).
 * Reporting never fails a step: the review's outcome decides it, so an output or a summary
 * that cannot be written is a warning.
 */
import * as core from '@actions/core';
import { messageOf } from '../fly/index.js';
import { Output } from './constants.js';
import { SEVERITIES, redactFindings, type Finding, type Findings } from './findings.js';
import type { Redactor } from './redact.js';
import { closeFences, fenceClosingBytes, safeMarkdown, tableCell } from './untrusted-markdown.js';

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
  /** False when any cause of failure applies (outcomes.ts), whatever the exit code. */
  readonly success: boolean;
  readonly durationSeconds: number | undefined;
  /** The model Claude Code ran with, as its own output names it. */
  readonly model: string | undefined;
  /** The `subtype` of Claude's `result` line (`success`, `error_max_turns`, ...). */
  readonly subtype: string | undefined;
  /** The `is_error` of Claude's `result` line. */
  readonly isError: boolean | undefined;
  /** Claude's final text. */
  readonly result: string | undefined;
  /** Claude's cost, as Claude Code estimates it. */
  readonly costUsd: number | undefined;
  /** The machine's cost, estimated from Fly's list prices for its size and seconds started. */
  readonly flyCostUsd: number | undefined;
  readonly numTurns: number | undefined;
  /** Where the reviewer's raw transcript was written, when it was. */
  readonly transcriptPath: string | undefined;
  /** Why it failed, in one sentence, without the log tail. */
  readonly error: string | undefined;
  /** The reviewer's report (its checked structured output); undefined when it has none. */
  readonly findings: Findings | undefined;
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
  const text = (value: string | undefined): string | null =>
    value === undefined ? null : redact(value);
  const results = outcomes.map((o) => ({
    name: o.name,
    machine_id: o.machineId ?? null,
    region: o.region ?? null,
    exit_code: o.exitCode,
    state: o.state ?? null,
    success: o.success,
    duration_seconds: o.durationSeconds ?? null,
    model: text(o.model),
    subtype: text(o.subtype),
    is_error: o.isError ?? null,
    num_turns: o.numTurns ?? null,
    cost_usd: o.costUsd ?? null,
    fly_cost_usd: o.flyCostUsd === undefined ? null : roundUsd(o.flyCostUsd),
    result: text(o.result),
    error: text(o.error),
    transcript_path: o.transcriptPath ?? null,
    verdict: o.findings?.verdict ?? null,
    summary: text(o.findings?.summary),
    findings: o.findings === undefined ? null : redactFindings(o.findings, redact).findings,
  }));
  return {
    [Output.Results]: JSON.stringify(results),
    [Output.MachineIds]: outcomes.flatMap((o) => (o.machineId ? [o.machineId] : [])).join(','),
    [Output.Succeeded]: String(outcomes.filter((o) => o.success).length),
    [Output.Failed]: String(outcomes.filter((o) => !o.success).length),
    [Output.TotalCostUsd]: String(roundUsd(totalCost(outcomes).total)),
  };
}

/** What the reviewers cost: Claude's estimates and the machines' (unknown ones count 0). */
function totalCost(outcomes: readonly ReviewerOutcome[]): {
  claude: number;
  fly: number;
  total: number;
} {
  const claude = outcomes.reduce((sum, o) => sum + (o.costUsd ?? 0), 0);
  const fly = outcomes.reduce((sum, o) => sum + (o.flyCostUsd ?? 0), 0);
  return { claude, fly, total: claude + fly };
}

/** Dollars to the micro-dollar: a second of the smallest machine costs less than a cent. */
function roundUsd(amount: number): number {
  return Number(amount.toFixed(6));
}

/**
 * The job summary: a table of reviewers, then each reviewer's result in a collapsible block.
 * Claude's text and the reasons are untrusted: they are redacted, their HTML made inert and
 * their code fences closed (untrusted-markdown.ts), so nothing in them can break the layout.
 * The summary stays within `maxBytes` (UTF-8; default {@link SUMMARY_MAX_BYTES}): when the
 * results do not fit, the longest are cut to a fair share of the room, each with a note saying
 * where the whole text is. `notes` (the step's own Markdown: why it fails on a severity, what
 * did not reach GitHub) follow the table.
 */
export function buildSummary(
  outcomes: readonly ReviewerOutcome[],
  redact: Redactor,
  maxBytes: number = SUMMARY_MAX_BYTES,
  notes: readonly string[] = [],
): string {
  const usd = (value: number | undefined): string => {
    if (value === undefined) return '—';
    return value > 0 && value < 0.0001 ? '<$0.0001' : `$${value.toFixed(4)}`;
  };
  const rows = outcomes.map((o) =>
    [
      tableCell(o.name),
      o.success ? '✅ passed' : '❌ failed',
      o.error === undefined ? '—' : tableCell(redact(o.error)),
      o.exitCode === null ? '—' : String(o.exitCode),
      o.durationSeconds === undefined ? '—' : `${o.durationSeconds.toFixed(0)} s`,
      o.numTurns === undefined ? '—' : String(o.numTurns),
      usd(o.costUsd),
      usd(o.flyCostUsd),
      o.machineId ? `\`${tableCell(o.machineId).replace(/`/g, '')}\`` : '—',
      o.region ? tableCell(o.region) : '—',
    ].join(' | '),
  );
  const cost = totalCost(outcomes);
  const table = [
    '## flaude reviewers',
    '',
    '| reviewer | status | reason | exit code | duration | turns | Claude cost | Fly cost (est.) | machine | region |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r} |`),
    '',
    `Total cost: ${usd(cost.total)} (Claude ${usd(cost.claude)}, Fly ${usd(cost.fly)} estimated ` +
      "from Fly's list prices).",
    '',
    ...notes.flatMap((note) => [note, '']),
  ];
  const blocks = outcomes.map((o) => {
    // A report replaces the result text, which is then that report as JSON.
    const result = o.findings
      ? reportMarkdown(o.findings, redact)
      : o.result?.trim()
        ? safeMarkdown(redact(o.result.trim()))
        : undefined;
    const error = o.error === undefined ? undefined : `**Error:** ${safeMarkdown(redact(o.error))}`;
    const body = [error, result].filter((p) => p !== undefined).join('\n\n') || '_No result._';
    return { outcome: o, body, note: cutNote(o.transcriptPath) };
  });
  const render = (texts: readonly { outcome: ReviewerOutcome; text: string }[]): string => {
    const parts = [...table];
    for (const { outcome, text } of texts) {
      parts.push(
        `<details${outcome.success ? ' open' : ''}><summary>${escapeHtml(outcome.name)}</summary>`,
        '',
        text,
        '',
        '</details>',
        '',
      );
    }
    return parts.join('\n');
  };
  const full = render(blocks.map((b) => ({ outcome: b.outcome, text: b.body })));
  if (byteLength(full) <= maxBytes) return full;

  const skeleton = byteLength(render(blocks.map((b) => ({ outcome: b.outcome, text: '' }))));
  const reserved = blocks.reduce((sum, b) => sum + cutReserve(b.body, b.note), 0);
  const shares = fairShares(
    blocks.map((b) => byteLength(b.body)),
    Math.max(0, maxBytes - skeleton - reserved),
  );
  const fitted = render(
    blocks.map((b, i) => {
      const share = shares[i] ?? 0;
      const fits = byteLength(b.body) <= share;
      const text = fits ? b.body : cutWithNote(b.body, share + cutReserve(b.body, b.note), b.note);
      return { outcome: b.outcome, text };
    }),
  );
  // Only a table too long by itself (thousands of reviewers) is left to cut here.
  return byteLength(fitted) <= maxBytes
    ? fitted
    : cutWithNote(fitted, maxBytes, cutNote(undefined));
}

const VERDICT_WORDS: Readonly<Record<Findings['verdict'], string>> = {
  approve: 'approve',
  comment: 'comment',
  request_changes: 'request changes',
};

/**
 * A reviewer's report in the summary: verdict, summary, then the findings grouped by severity
 * (most severe first), one line each with `path:line` and title. All of it is Claude's, so
 * untrusted: paths go into code spans without backticks, titles onto one line, texts inert.
 */
function reportMarkdown(report: Findings, redact: Redactor): string {
  const parts = [
    `**Verdict:** ${VERDICT_WORDS[report.verdict]}`,
    safeMarkdown(redact(report.summary.trim())),
  ];
  const groups = SEVERITIES.map((severity) => ({
    severity,
    items: report.findings.filter((f) => f.severity === severity),
  })).filter((g) => g.items.length > 0);
  if (groups.length === 0) {
    parts.push('_No findings._');
    return parts.join('\n\n');
  }
  const count = report.findings.length;
  parts.push(`**Findings** (${count}):`);
  for (const { severity, items } of groups) {
    parts.push(
      [`*${severity}* (${items.length})`, '', ...items.map((f) => findingLine(f, redact))].join(
        '\n',
      ),
    );
  }
  return parts.join('\n\n');
}

function findingLine(finding: Finding, redact: Redactor): string {
  const lines =
    finding.start_line === undefined || finding.start_line === finding.line
      ? String(finding.line)
      : `${finding.start_line}-${finding.line}`;
  const where = `${redact(finding.path).replace(/[`\r\n]/g, '')}:${lines}`;
  const title = safeMarkdown(redact(finding.title).replace(/\s+/g, ' ').trim());
  return `- \`${where}\` ${title}`;
}

/**
 * Sets every output, then writes the summary. A failure of either (no GITHUB_OUTPUT or
 * GITHUB_STEP_SUMMARY file, a file that cannot be written) becomes a warning.
 */
export async function publishReport(
  outcomes: readonly ReviewerOutcome[],
  redact: Redactor,
  sink: ReportSink,
  notes: readonly string[] = [],
): Promise<void> {
  for (const [name, value] of Object.entries(buildOutputs(outcomes, redact))) {
    try {
      sink.setOutput(name, value);
    } catch (e: unknown) {
      sink.warning(`Could not set the output '${name}': ${redact(messageOf(e))}`);
    }
  }
  try {
    await sink.writeSummary(buildSummary(outcomes, redact, SUMMARY_MAX_BYTES, notes));
  } catch (e: unknown) {
    sink.warning(`Could not write the job summary: ${redact(messageOf(e))}`);
  }
}

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

/** The note after a cut text: how much is missing, and where the whole text is. */
function cutNote(transcriptPath: string | undefined): (restKiB: number) => string {
  const path = transcriptPath?.replace(/[`\r\n]/g, '');
  const transcript = path ? ` and in the transcript \`${path}\`` : '';
  return (restKiB) =>
    `_(Cut to keep the job summary under GitHub's 1 MiB limit: ` +
    `${restKiB} KiB more in the step's \`results\` output${transcript}.)_`;
}

/** Bytes a cut of `text` may add: its note (with the most KiB) and a closing code fence. */
function cutReserve(text: string, note: (restKiB: number) => string): number {
  return byteLength(note(Math.ceil(byteLength(text) / 1024))) + fenceClosingBytes(text) + 2;
}

/**
 * `text` cut to fit `maxBytes` with its note: its first bytes (never half a character), the
 * code fences they leave open closed, then the note.
 */
function cutWithNote(text: string, maxBytes: number, note: (restKiB: number) => string): string {
  const encoded = Buffer.from(text, 'utf8');
  let end = Math.max(0, Math.min(maxBytes - cutReserve(text, note), encoded.length));
  // Back up to the first byte of a character (continuation bytes are 10xxxxxx).
  while (end > 0 && ((encoded[end] ?? 0) & 0xc0) === 0x80) end--;
  const kept = closeFences(encoded.subarray(0, end).toString('utf8'));
  return `${kept}\n\n${note(Math.ceil((encoded.length - end) / 1024))}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

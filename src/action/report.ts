/**
 * What the step reports: its outputs and the job summary. Building them is pure
 * (`buildOutputs`, `buildSummary`); `publishReport` hands them to the sink (@actions/core).
 */
import { Output } from './constants.js';
import type { Redactor } from './redact.js';

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

export interface ReportSink {
  setOutput(name: string, value: string): void;
  writeSummary(markdown: string): Promise<void>;
}

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

/** The job summary: a table of reviewers, then each reviewer's result in a collapsible block. */
export function buildSummary(outcomes: readonly ReviewerOutcome[], redact: Redactor): string {
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
  const parts = [
    '## flaude reviewers',
    '',
    '| reviewer | outcome | exit code | duration | turns | cost | machine |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r} |`),
    '',
  ];
  for (const o of outcomes) {
    const body = o.result?.trim()
      ? redact(o.result.trim())
      : o.error
        ? `**Error:** ${redact(o.error)}`
        : '_No result._';
    parts.push(
      `<details${o.success ? ' open' : ''}><summary>${escapeHtml(o.name)}</summary>`,
      '',
      body,
      '',
      '</details>',
      '',
    );
  }
  return parts.join('\n');
}

/** Sets every output and writes the summary. */
export async function publishReport(
  outcomes: readonly ReviewerOutcome[],
  redact: Redactor,
  sink: ReportSink,
): Promise<void> {
  for (const [name, value] of Object.entries(buildOutputs(outcomes, redact)))
    sink.setOutput(name, value);
  await sink.writeSummary(buildSummary(outcomes, redact));
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

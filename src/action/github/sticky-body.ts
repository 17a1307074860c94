/**
 * The bodies of a reviewer's sticky comment: while it runs ("reviewing `abc1234`…", with a
 * link to the run), when it ends (verdict, summary, findings by severity, the findings that
 * could not go inline with their `path:line` and body, the reviewed SHA, turns, duration and
 * costs, why it failed, why the step fails), and "cancelled". Reviewer text is untrusted
 * Markdown (redacted, HTML inert, fences closed: untrusted-markdown.ts). A body never exceeds
 * GitHub's 65,536 characters: the findings are cut, with a note, and the marker stays. Pure.
 */
import type { Finding, Verdict } from '../findings.js';
import type { Redactor } from '../redact.js';
import { closeFences, safeMarkdown, tableCell } from '../untrusted-markdown.js';
import { fencedBlock, severityLabel } from './inline-comment.js';
import { REVIEWING_MARKER } from './markers.js';
import type { NotInlineReason } from './review-plan.js';
import { bySeverity } from './review-plan.js';
import type { ReviewerReport } from './reviewer-report.js';

/** GitHub refuses a comment body over 65,536 characters. */
export const COMMENT_MAX_CHARS = 65_536;

/** Where a finding ended up. */
export type Placement = 'inline' | 'inline-earlier' | NotInlineReason;

export interface PlacedFinding {
  readonly finding: Finding;
  readonly placement: Placement;
}

/** What the final body shows besides the report itself. */
export interface FinalBodyInput {
  /** The sticky marker; absent for a body that is not the sticky comment (a review's). */
  readonly marker?: string | undefined;
  readonly report: ReviewerReport;
  readonly headSha: string;
  readonly runUrl: string;
  readonly placed: readonly PlacedFinding[];
  readonly maxInline: number;
  readonly redact: Redactor;
  /** Longest body, in UTF-16 units (at least as many as characters); default GitHub's limit. */
  readonly maxChars?: number;
}

const VERDICTS: Readonly<Record<Verdict, string>> = {
  approve: '✅ Approve',
  comment: '💬 Comment',
  request_changes: '🛑 Changes requested',
};

/** `text` as an inline code span that no backtick inside can end. */
export function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

function shortSha(sha: string): string {
  return codeSpan(sha.slice(0, 7));
}

function title(reviewer: string, redact: Redactor): string {
  return `flaude · ${tableCell(redact(reviewer))}`;
}

/** The comment while the reviewer runs. */
export function reviewingBody(
  marker: string,
  reviewer: string,
  headSha: string,
  runUrl: string,
  redact: Redactor,
): string {
  return [
    marker,
    REVIEWING_MARKER,
    `### ⏳ ${title(reviewer, redact)}`,
    '',
    `Reviewing ${shortSha(headSha)}… ([workflow run](${runUrl}))`,
  ].join('\n');
}

/** The comment of a reviewer whose job was cancelled (or whose main step was killed). */
export function cancelledBody(
  marker: string,
  reviewer: string,
  runUrl: string | undefined,
  redact: Redactor,
): string {
  const run = runUrl ? ` ([workflow run](${runUrl}))` : '';
  return [
    marker,
    `### 🚫 ${title(reviewer, redact)}`,
    '',
    `Cancelled before the review was finished${run}.`,
  ].join('\n');
}

/**
 * The comment of a reviewer that ended while GitHub failed the main step's update: the post
 * step writes it, knowing only that the review is in the job summary and the outputs.
 */
export function endedBody(
  marker: string,
  reviewer: string,
  runUrl: string | undefined,
  redact: Redactor,
): string {
  const run = runUrl ? `the [workflow run](${runUrl})` : 'the workflow run';
  return [
    marker,
    `### 📋 ${title(reviewer, redact)}`,
    '',
    'The reviewer ended, but GitHub failed the update of this comment: its verdict and ' +
      `findings are in the job summary and the outputs of ${run}.`,
  ].join('\n');
}

function where(finding: Finding): string {
  const lines =
    finding.start_line !== undefined && finding.start_line < finding.line
      ? `${finding.start_line}-${finding.line}`
      : String(finding.line);
  return codeSpan(`${finding.path}:${lines}`);
}

function placementWords(placement: Placement, maxInline: number): string {
  switch (placement) {
    case 'inline':
      return 'inline';
    case 'inline-earlier':
      return 'inline since an earlier push';
    case 'outside-diff':
      return 'not on a line of the diff';
    case 'over-limit':
      return `over the limit of ${maxInline} inline comments`;
    case 'refused':
      return 'refused inline by GitHub';
    case 'inline-off':
      return 'inline comments are off';
  }
}

function duration(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s`;
}

function usd(value: number): string {
  return value > 0 && value < 0.0001 ? '<$0.0001' : `$${value.toFixed(4)}`;
}

function footer(input: FinalBodyInput): string {
  const r = input.report;
  const facts = [`Reviewed ${shortSha(input.headSha)}`];
  if (r.numTurns !== undefined) facts.push(`${r.numTurns} turns`);
  if (r.durationSeconds !== undefined) facts.push(duration(r.durationSeconds));
  if (r.costUsd !== undefined) facts.push(`Claude ${usd(r.costUsd)}`);
  if (r.flyCostUsd !== undefined) facts.push(`Fly ${usd(r.flyCostUsd)} (est.)`);
  facts.push(`[workflow run](${input.runUrl})`);
  return `<sub>${facts.join(' · ')}</sub>`;
}

/** The body once the reviewer has ended. */
export function finalBody(input: FinalBodyInput): string {
  const { report, redact } = input;
  const maxChars = input.maxChars ?? COMMENT_MAX_CHARS;
  const findings = report.success ? report.findings : undefined;
  const status = !report.success ? '❌ Failed' : findings ? VERDICTS[findings.verdict] : '✅ Done';
  const head: string[] = [];
  if (input.marker) head.push(input.marker);
  head.push(`### ${status} · ${title(report.name, redact)}`, '');
  if (!report.success) {
    head.push(
      `**The reviewer failed:** ${safeMarkdown(redact(report.error ?? 'no reason given.'))}`,
      '',
    );
  }
  if (report.severityFailure) {
    head.push(`**The step fails:** ${safeMarkdown(redact(report.severityFailure))}`, '');
  }
  // A blank line first: `---` right under text would make it a heading, and under `</details>`
  // part of that HTML block.
  const foot = ['', '', '---', footer(input)].join('\n');

  const placed = bySeverity(input.placed.map((p) => ({ ...p, severity: p.finding.severity })));
  const listItems = placed.map(
    (p) =>
      `- ${severityLabel(p.finding.severity)} **${tableCell(redact(p.finding.title))}** ` +
      `${where(p.finding)} · ${placementWords(p.placement, input.maxInline)}`,
  );
  const elsewhere = placed.filter(
    (p) => p.placement !== 'inline' && p.placement !== 'inline-earlier',
  );
  const details = elsewhere.map((p) => {
    const parts = [
      `<details><summary>${severityLabel(p.finding.severity)} ` +
        `${escapeHtml(redact(p.finding.title).replace(/\s+/g, ' '))}</summary>`,
      '',
      `${where(p.finding)}`,
      '',
    ];
    if (p.finding.body.trim() !== '') parts.push(safeMarkdown(redact(p.finding.body.trim())), '');
    if (p.finding.suggestion !== undefined) {
      parts.push('Suggested change:', '', fencedBlock(redact(p.finding.suggestion)), '');
    }
    parts.push('</details>');
    return parts.join('\n');
  });

  const note = (omitted: number): string =>
    `\n\n_${omitted} more finding${omitted === 1 ? '' : 's'} not shown: GitHub takes at most ` +
    `${COMMENT_MAX_CHARS.toLocaleString('en-US')} characters in a comment. Every finding is in ` +
    "the step's outputs and its job summary._";
  const headText = head.join('\n').trimEnd();
  let budget =
    maxChars - headText.length - foot.length - note(listItems.length + details.length).length - 64;

  const sections: string[] = [];
  const summary = findings?.summary.trim() ? safeMarkdown(redact(findings.summary.trim())) : '';
  if (summary !== '') {
    const room = Math.max(0, Math.floor(budget / 2));
    const text =
      summary.length <= room ? summary : `${closeFences(cutAt(summary, room))}\n\n_(summary cut)_`;
    sections.push(text);
    budget -= text.length + 2;
  }
  let omitted = 0;
  const take = (items: readonly string[], heading: string, separator: string): void => {
    if (items.length === 0) return;
    const kept: string[] = [];
    let used = heading.length + 2;
    for (const item of items) {
      if (omitted === 0 && used + item.length + separator.length <= budget) {
        kept.push(item);
        used += item.length + separator.length;
      } else {
        omitted++;
      }
    }
    if (kept.length > 0) {
      sections.push(`${heading}\n\n${kept.join(separator)}`);
      budget -= used + 2;
    }
  };
  if (findings) {
    if (findings.findings.length === 0) sections.push('No findings.');
    take(listItems, `#### Findings (${listItems.length})`, '\n');
    take(details, `#### Not inline (${details.length})`, '\n\n');
  }
  const body = [headText, sections.join('\n\n'), omitted > 0 ? note(omitted).trim() : '']
    .filter((p) => p !== '')
    .join('\n\n');
  return body + foot;
}

/** The first `length` UTF-16 units of `text`, never half a surrogate pair. */
function cutAt(text: string, length: number): string {
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

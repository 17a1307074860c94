/**
 * The text of one inline review comment: the finding's severity, title and body, its
 * suggestion as a GitHub suggestion block, and its hidden fingerprint; and the edit that says
 * a finding is no longer reported (and undoes it, should the finding come back). The finding
 * is untrusted Markdown (it follows the pull request's content): redacted, HTML made inert,
 * fences closed. Pure.
 */
import type { Finding, Severity } from '../findings.js';
import type { Redactor } from '../redact.js';
import { safeMarkdown, tableCell } from '../untrusted-markdown.js';
import { NO_LONGER_REPORTED_MARKER } from './markers.js';

export const SEVERITY_ICONS: Readonly<Record<Severity, string>> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '🔵',
  info: '⚪',
};

/** `high` -> `🟠 High`. */
export function severityLabel(severity: Severity): string {
  return `${SEVERITY_ICONS[severity]} ${severity.charAt(0).toUpperCase()}${severity.slice(1)}`;
}

/**
 * `text` as a fenced code block with `info`: a fence longer than any backtick run inside it,
 * so the text cannot close it early. The text is code: only line breaks are normalised.
 */
export function fencedBlock(text: string, info = ''): string {
  const code = text.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${code}\n${fence}`;
}

/**
 * A GitHub suggestion block: what the lines would read once the suggestion is applied, so
 * never changed beyond redaction (done by the caller).
 */
export function suggestionBlock(text: string): string {
  return fencedBlock(text, 'suggestion');
}

/** The body of an inline comment for `finding`, ending with its `marker`. */
export function inlineCommentBody(finding: Finding, marker: string, redact: Redactor): string {
  const parts = [`**${severityLabel(finding.severity)}: ${tableCell(redact(finding.title))}**`];
  const body = finding.body.trim();
  if (body !== '') parts.push(safeMarkdown(redact(body)));
  if (finding.suggestion !== undefined) parts.push(suggestionBlock(redact(finding.suggestion)));
  parts.push(marker);
  return parts.join('\n\n');
}

/** Whether an inline comment already says its finding is no longer reported. */
export function isMarkedNoLongerReported(body: string): boolean {
  return body.split('\n').some((l) => l.trim() === NO_LONGER_REPORTED_MARKER);
}

/** `body` with a first line saying the finding is no longer reported at `sha`. */
export function markNoLongerReported(body: string, sha: string): string {
  return (
    `${NO_LONGER_REPORTED_MARKER}\n> **No longer reported** at \`${sha.slice(0, 7)}\`.\n\n` + body
  );
}

/** `body` without the note {@link markNoLongerReported} added: the finding is back. */
export function unmarkNoLongerReported(body: string): string {
  return body.replace(
    new RegExp(
      `^${escapeRegExp(NO_LONGER_REPORTED_MARKER)}\\n> \\*\\*No longer reported\\*\\*[^\\n]*\\n\\n`,
    ),
    '',
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

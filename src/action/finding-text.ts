/**
 * A finding as one line of inert Markdown, the same wherever a list of findings is shown (the
 * report issue's checklist, the summary's annotations that did not fit). Claude wrote the
 * title and path after reading untrusted code, so they are flattened to one line and their
 * HTML made inert. Pure.
 */
import type { Finding } from './findings.js';
import { neutralizeHtml } from './untrusted-markdown.js';

/** `path:line`, or `path:start-line` for a finding over several lines. */
export function findingLocation(finding: Finding): string {
  const { start_line: start, line } = finding;
  const lines = start !== undefined && start < line ? `${start}-${line}` : `${line}`;
  return `${oneLine(finding.path)}:${lines}`;
}

/** `**high** \`src/app.ts:42\` title`. */
export function findingListItem(finding: Finding): string {
  const where = findingLocation(finding).replace(/`/g, "'");
  return `**${finding.severity}** \`${where}\` ${neutralizeHtml(oneLine(finding.title))}`;
}

/** Text on one line: line breaks and the blanks around them become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

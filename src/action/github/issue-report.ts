/**
 * The team's report on a run without a pull request (a weekly maintenance workflow): one issue
 * titled `issue-title`, created once and updated in place on every run, with each reviewer's
 * summary and its findings as a checklist.
 *
 * The issue is found by a hidden marker keyed by workflow and title, among the open issues that
 * carry {@link REPORT_LABEL}: listing issues reads GitHub's database, so an issue created a
 * second ago is there, where the search API answers from an index that lags behind (two runs
 * close together would each miss the other's issue and open two). The label keeps the list
 * short, and only someone with triage access can label an issue, so an outsider's issue that
 * quotes the marker is not taken for ours. A closed report issue is left closed: closing it is
 * how a maintainer says "dealt with", and the next run opens a new one.
 */
import { findingListItem, oneLine } from '../finding-text.js';
import type { Findings, Severity } from '../findings.js';
import { SEVERITIES } from '../findings.js';
import { neutralizeHtml, safeMarkdown } from '../untrusted-markdown.js';
import type { GitHubClient } from './client.js';
import { repositoryParams } from './repository-name.js';
import { requestFailure } from './request-failure.js';

/** The label every report issue carries, by which the next run lists it. */
export const REPORT_LABEL = 'flaude-report';

/**
 * GitHub's documented limit for an issue body ("Body is too long (maximum is 65536
 * characters)"). JavaScript counts UTF-16 units, never fewer than GitHub's characters, and
 * 65,536 of them are at most 196,608 UTF-8 bytes, within what GitHub stores.
 */
export const MAX_ISSUE_BODY_CHARS = 65_536;

/** What makes a report issue this workflow's: one issue per workflow and title. */
export interface IssueReportKey {
  /** The workflow's name (`GITHUB_WORKFLOW`). */
  readonly workflow: string;
  /** The `issue-title` input. */
  readonly title: string;
}

/** One reviewer's part of the report. */
export interface ReportedReviewer {
  readonly name: string;
  /** Its findings; undefined when it failed before reporting any. */
  readonly findings: Findings | undefined;
  /** Why it failed, when it did. */
  readonly error?: string;
}

/** The run the report comes from. */
export interface ReportRun {
  /** Link to the workflow run. */
  readonly url: string;
  /** The commit the team reviewed. */
  readonly sha: string;
}

/** Where the report says what went wrong. */
export interface IssueReportLog {
  info(message: string): void;
  warning(message: string): void;
}

/** The issue the report went to. */
export interface PublishedIssue {
  readonly number: number;
  readonly url: string;
  /** True when this run opened it, false when it updated the existing one. */
  readonly created: boolean;
}

/**
 * The hidden line that identifies the report issue. Workflow and title are percent-encoded,
 * so neither can end the HTML comment (`-->`) or make two keys read alike. Pure.
 */
export function reportMarker(key: IssueReportKey): string {
  return (
    `<!-- flaude:issue-report workflow=${encodeURIComponent(key.workflow)} ` +
    `title=${encodeURIComponent(key.title)} -->`
  );
}

/** Options of {@link renderIssueReport}. */
export interface RenderOptions {
  /** The issue's body as it is, whose ticked checklist items stay ticked. */
  readonly previousBody?: string;
  readonly maxChars?: number;
}

/**
 * The issue's body: the marker (first, so no cut can lose it), the run, then per reviewer its
 * summary and findings as a checklist, most severe first:
 * `- [ ] **high** \`src/app.ts:42\` title`. An item ticked in `previousBody` stays ticked
 * while the finding is still reported. Within `maxChars`: past it, long summaries are clipped
 * first, then each reviewer keeps only its most severe findings, with a count of the rest.
 * Claude's text is untrusted: its HTML is made inert and its fences closed. Pure.
 */
export function renderIssueReport(
  key: IssueReportKey,
  reviewers: readonly ReportedReviewer[],
  run: ReportRun,
  options: RenderOptions = {},
): string {
  const maxChars = options.maxChars ?? MAX_ISSUE_BODY_CHARS;
  const ticked = tickedItems(options.previousBody ?? '');
  const sorted = reviewers.map((r) => ({ ...r, items: checklist(r.findings, ticked) }));
  const most = Math.max(0, ...sorted.map((r) => r.items.length));
  const render = (summaryChars: number, findings: number): string =>
    [
      reportMarker(key),
      `Report of [this run](${run.url}) at \`${run.sha.slice(0, 12)}\`.`,
      ...sorted.map((r) => section(r, r.items, summaryChars, findings)),
    ].join('\n\n') + '\n';

  let body = render(Infinity, most);
  if (body.length <= maxChars) return body;
  const summaryChars = Math.floor(maxChars / (2 * Math.max(1, reviewers.length)));
  body = render(summaryChars, most);
  if (body.length <= maxChars) return body;
  // The most findings each reviewer can keep: the body only shrinks as the count does.
  let low = 0;
  let high = most;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (render(summaryChars, mid).length <= maxChars) low = mid;
    else high = mid - 1;
  }
  body = render(summaryChars, low);
  if (body.length <= maxChars) return body;
  const cut = '\n\n…(cut: the report is longer than GitHub takes; the run has all of it)\n';
  return body.slice(0, maxChars - cut.length) + cut;
}

function section(
  reviewer: ReportedReviewer,
  items: readonly string[],
  summaryChars: number,
  findings: number,
): string {
  const parts = [`## ${neutralizeHtml(oneLine(reviewer.name))}`];
  if (reviewer.error !== undefined)
    parts.push(`**Failed:** ${neutralizeHtml(oneLine(reviewer.error))}`);
  if (reviewer.findings) {
    parts.push(safeMarkdown(clip(reviewer.findings.summary, summaryChars)));
    if (items.length === 0) {
      parts.push('No findings.');
    } else {
      const shown = items.slice(0, findings);
      const rest = items.length - shown.length;
      parts.push(
        [
          ...shown,
          ...(rest > 0
            ? [`- …and ${rest} more finding${rest === 1 ? '' : 's'}, in the run's summary`]
            : []),
        ].join('\n'),
      );
    }
  }
  return parts.join('\n\n');
}

/** The findings as checklist items, most severe first, in the order given within a severity. */
function checklist(findings: Findings | undefined, ticked: ReadonlySet<string>): string[] {
  if (!findings) return [];
  const rank = (s: Severity): number => SEVERITIES.indexOf(s);
  return [...findings.findings]
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f.severity) - rank(b.f.severity) || a.i - b.i)
    .map(({ f }) => {
      const item = findingListItem(f);
      return `- [${ticked.has(item) ? 'x' : ' '}] ${item}`;
    });
}

/** The item texts ticked (`- [x] ...`) in a body. */
function tickedItems(body: string): Set<string> {
  const ticked = new Set<string>();
  for (const line of body.split(/\r?\n/)) {
    const match = /^- \[[xX]\] (.+)$/.exec(line);
    if (match?.[1]) ticked.add(match[1]);
  }
  return ticked;
}

/** At most `max` characters, cut at a line break when one is near, marked with `…`. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - 1);
  const lineEnd = text.lastIndexOf('\n', room);
  return `${text.slice(0, lineEnd > room / 2 ? lineEnd : room)}…`;
}

/** What {@link publishIssueReport} needs. */
export interface IssueReportRequest {
  /** `owner/name`. */
  readonly repository: string;
  readonly key: IssueReportKey;
  readonly reviewers: readonly ReportedReviewer[];
  readonly run: ReportRun;
}

/**
 * Puts the report in its issue: updates the open issue this workflow made for `key.title`,
 * or opens it (labelled {@link REPORT_LABEL}). Never throws: a report GitHub does not take is
 * a warning (naming `issues: write` on a 403), and the review stays in outputs and summary.
 * Returns the issue, or undefined when there is none.
 */
export async function publishIssueReport(
  client: GitHubClient,
  request: IssueReportRequest,
  log: IssueReportLog,
): Promise<PublishedIssue | undefined> {
  const { key, reviewers, run } = request;
  const what = `the report to issue "${oneLine(key.title)}"`;
  try {
    const params = repositoryParams(request.repository);
    const existing = await findReportIssue(client, request.repository, key);
    if (existing) {
      const body = renderIssueReport(key, reviewers, run, { previousBody: existing.body ?? '' });
      const { data } = await client.rest.issues.update({
        ...params,
        issue_number: existing.number,
        body,
      });
      log.info(`Updated the report in issue #${data.number}: ${data.html_url}`);
      return { number: data.number, url: data.html_url, created: false };
    }
    const { data } = await client.rest.issues.create({
      ...params,
      title: key.title,
      body: renderIssueReport(key, reviewers, run),
      labels: [REPORT_LABEL],
    });
    log.info(`Opened issue #${data.number} with the report: ${data.html_url}`);
    const labelled = data.labels.some((l) => (typeof l === 'string' ? l : l.name) === REPORT_LABEL);
    if (!labelled) {
      // GitHub drops a label the token may not create, silently: without it the next run
      // cannot find this issue and opens another.
      log.warning(
        `Issue #${data.number} has no '${REPORT_LABEL}' label (GitHub dropped it): create that ` +
          'label in the repository, or the next run opens another issue.',
      );
    }
    return { number: data.number, url: data.html_url, created: true };
  } catch (e: unknown) {
    log.warning(requestFailure(`write ${what}`, e, 'issues: write'));
    return undefined;
  }
}

/** The oldest open issue with the label and `key`'s marker, across every page. */
async function findReportIssue(
  client: GitHubClient,
  repository: string,
  key: IssueReportKey,
): Promise<{ number: number; body?: string | null } | undefined> {
  const marker = reportMarker(key);
  const issues = await client.paginate(client.rest.issues.listForRepo, {
    ...repositoryParams(repository),
    labels: REPORT_LABEL,
    state: 'open',
    sort: 'created',
    direction: 'asc',
    per_page: 100,
  });
  return issues.find((issue) => !issue.pull_request && (issue.body ?? '').includes(marker));
}

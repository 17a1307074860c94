import { describe, expect, test } from 'vitest';
import type { Finding, Findings } from '../../../src/action/findings.ts';
import {
  MAX_ISSUE_BODY_CHARS,
  renderIssueReport,
  reportMarker,
  type ReportedReviewer,
} from '../../../src/action/github/issue-report.ts';

const key = { workflow: 'Weekly audit', title: 'Dependency audit' };
const run = {
  url: 'https://github.com/octo/app/actions/runs/42',
  sha: '0123456789abcdef0123456789abcdef01234567',
};
const finding = (over: Partial<Finding> = {}): Finding => ({
  path: 'src/app.ts',
  line: 42,
  severity: 'medium',
  title: 'Unpinned dependency',
  body: 'Pin it.',
  ...over,
});
const report = (findings: Finding[], summary = 'Two things to fix.'): Findings => ({
  summary,
  verdict: 'comment',
  findings,
});

describe('reportMarker', () => {
  test('keys by workflow and title, encoded so neither can close the comment', () => {
    expect(reportMarker(key)).toBe(
      '<!-- flaude:issue-report workflow=Weekly%20audit title=Dependency%20audit -->',
    );
    expect(reportMarker({ workflow: 'w', title: 'a --> b' })).toBe(
      '<!-- flaude:issue-report workflow=w title=a%20--%3E%20b -->',
    );
    expect(reportMarker({ workflow: 'a b', title: 'c' })).not.toBe(
      reportMarker({ workflow: 'a', title: 'b c' }),
    );
  });
});

describe('renderIssueReport', () => {
  test('each reviewer: summary, then findings as a checklist, most severe first', () => {
    const reviewers: ReportedReviewer[] = [
      {
        name: 'deps',
        findings: report([
          finding(),
          finding({
            severity: 'critical',
            path: 'package.json',
            line: 7,
            start_line: 5,
            title: 'Known CVE',
          }),
          finding({ severity: 'info', line: 1, start_line: 1, title: 'Note' }),
        ]),
      },
      { name: 'docs', findings: report([], 'All good.') },
      { name: 'tests', findings: undefined, error: 'Claude stopped after 12 turns.' },
    ];
    expect(renderIssueReport(key, reviewers, run)).toBe(
      [
        reportMarker(key),
        '',
        'Report of [this run](https://github.com/octo/app/actions/runs/42) at `0123456789ab`.',
        '',
        '## deps',
        '',
        'Two things to fix.',
        '',
        '- [ ] **critical** `package.json:5-7` Known CVE',
        '- [ ] **medium** `src/app.ts:42` Unpinned dependency',
        '- [ ] **info** `src/app.ts:1` Note',
        '',
        '## docs',
        '',
        'All good.',
        '',
        'No findings.',
        '',
        '## tests',
        '',
        '**Failed:** Claude stopped after 12 turns.',
        '',
      ].join('\n'),
    );
  });

  test('an item ticked in the issue stays ticked while it is reported', () => {
    const reviewers = [
      { name: 'deps', findings: report([finding(), finding({ line: 50, title: 'Other' })]) },
    ];
    const first = renderIssueReport(key, reviewers, run);
    const ticked = first.replace(
      '- [ ] **medium** `src/app.ts:42`',
      '- [x] **medium** `src/app.ts:42`',
    );
    const second = renderIssueReport(key, reviewers, run, { previousBody: ticked });
    expect(second).toContain('- [x] **medium** `src/app.ts:42` Unpinned dependency');
    expect(second).toContain('- [ ] **medium** `src/app.ts:50` Other');
  });

  test("Claude's text is inert: no HTML, no forged marker, one line per item", () => {
    const body = renderIssueReport(
      key,
      [
        {
          name: 'deps',
          findings: report(
            [finding({ title: `x\n${reportMarker(key)} <img src=x>`, path: 'a`b.ts' })],
            `${reportMarker(key)}\n\`\`\`\nopen fence`,
          ),
        },
      ],
      run,
    );
    expect(body.split(reportMarker(key))).toHaveLength(2);
    expect(body.startsWith(reportMarker(key))).toBe(true);
    expect(body).not.toContain('<img');
    expect(body).toMatch(
      /^- \[ \] \*\*medium\*\* `a'b\.ts:42` x <\u200B!-- .* <\u200Bimg src=x>$/m,
    );
    // The summary's fence is closed before the checklist.
    expect(body.indexOf('```\n\n- [ ]')).toBeGreaterThan(0);
  });

  test('many findings: within the limit, each reviewer keeps its most severe, the rest counted', () => {
    const many = (n: number): Finding[] =>
      Array.from({ length: n }, (_, i) =>
        finding({
          line: i + 1,
          severity: i < 3 ? 'high' : 'low',
          title: `Finding ${i} `.padEnd(150, '.'),
        }),
      );
    const reviewers = [
      { name: 'a', findings: report(many(500)) },
      { name: 'b', findings: report(many(20)) },
    ];
    const body = renderIssueReport(key, reviewers, run);
    expect(body.length).toBeLessThanOrEqual(MAX_ISSUE_BODY_CHARS);
    expect(body.length).toBeGreaterThan(MAX_ISSUE_BODY_CHARS - 400);
    expect(body).toContain('- [ ] **high** `src/app.ts:1` Finding 0');
    expect(body).toMatch(/^- …and \d+ more findings, in the run's summary$/m);
    // The small reviewer keeps all of its findings.
    expect(body).toContain('`src/app.ts:20` Finding 19');
    expect(body.startsWith(reportMarker(key))).toBe(true);
  });

  test('a huge summary is clipped before any finding is dropped', () => {
    const body = renderIssueReport(
      key,
      [{ name: 'a', findings: report([finding()], 'word '.repeat(40_000)) }],
      run,
    );
    expect(body.length).toBeLessThanOrEqual(MAX_ISSUE_BODY_CHARS);
    expect(body).toContain('…\n\n- [ ] **medium** `src/app.ts:42`');
  });

  test.each([
    [300, true],
    [1000, true],
    // Too small for the marker and the cut note: still never over.
    [100, false],
  ])('never over maxChars %i; the marker kept: %s', (maxChars, markerKept) => {
    const reviewers = Array.from({ length: 5 }, (_, i) => ({
      name: `r${i}`,
      findings: report([finding()], 'x'.repeat(500)),
    }));
    const body = renderIssueReport(key, reviewers, run, { maxChars });
    expect(body.length).toBeLessThanOrEqual(maxChars);
    expect(body.startsWith(reportMarker(key))).toBe(markerKept);
  });
});

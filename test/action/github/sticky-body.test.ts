import { Parser } from 'commonmark';
import { describe, expect, test } from 'vitest';
import { REVIEWING_MARKER } from '../../../src/action/github/markers.ts';
import {
  cancelledBody,
  codeSpan,
  COMMENT_MAX_CHARS,
  endedBody,
  finalBody,
  reviewingBody,
  type FinalBodyInput,
  type PlacedFinding,
} from '../../../src/action/github/sticky-body.ts';
import type { Finding } from '../../../src/action/findings.ts';
import { createRedactor } from '../../../src/action/redact.ts';

const MARKER = '<!-- flaude:comment workflow=w job=j reviewer=r -->';
const SHA = '0123456789abcdef0123456789abcdef01234567';
const RUN = 'https://github.com/o/r/actions/runs/1';
const redact = createRedactor(['hunter2-secret']);
const f = (line: number, severity: Finding['severity'], title = `t${line}`): Finding => ({
  path: 'src/a.ts',
  line,
  severity,
  title,
  body: `body ${line}`,
});
const input = (over: Partial<FinalBodyInput> = {}): FinalBodyInput => ({
  marker: MARKER,
  report: {
    name: 'security',
    success: true,
    durationSeconds: 125,
    numTurns: 9,
    costUsd: 0.5,
    flyCostUsd: 0.002,
    findings: { summary: 'All in all fine.', verdict: 'approve', findings: [f(1, 'low')] },
  },
  headSha: SHA,
  runUrl: RUN,
  placed: [{ finding: f(1, 'low'), placement: 'inline' }],
  maxInline: 20,
  redact,
  ...over,
});

describe('the reviewing and cancelled bodies', () => {
  test('reviewing: marker, state, short SHA and the run', () => {
    expect(reviewingBody(MARKER, 'security', SHA, RUN, redact)).toBe(
      [
        MARKER,
        REVIEWING_MARKER,
        '### ⏳ flaude · security',
        '',
        `Reviewing \`0123456\`… ([workflow run](${RUN}))`,
      ].join('\n'),
    );
  });

  test('cancelled: the marker stays, the reviewing state goes', () => {
    const body = cancelledBody(MARKER, 'security', RUN, redact);
    expect(body.split('\n')[0]).toBe(MARKER);
    expect(body).not.toContain(REVIEWING_MARKER);
    expect(body).toContain('Cancelled before the review was finished');
  });

  test('ended, its update failed: the marker stays, the reviewing state goes, the run is linked', () => {
    const body = endedBody(MARKER, 'hunter2-secret', RUN, redact);
    expect(body.split('\n')[0]).toBe(MARKER);
    expect(body).not.toContain(REVIEWING_MARKER);
    expect(body).not.toContain('hunter2-secret');
    expect(body).toContain(`job summary and the outputs of the [workflow run](${RUN})`);
    expect(endedBody(MARKER, 'security', undefined, redact)).toContain('of the workflow run.');
  });
});

describe('the final body', () => {
  test('verdict, summary, findings by severity with their place, the rest with path:line and body, then the facts', () => {
    const placed: PlacedFinding[] = [
      { finding: f(1, 'low'), placement: 'inline' },
      { finding: f(7, 'critical'), placement: 'outside-diff' },
      { finding: f(3, 'medium'), placement: 'inline-earlier' },
      { finding: f(4, 'high'), placement: 'refused' },
    ];
    const body = finalBody(input({ placed }));
    expect(
      body.startsWith(`${MARKER}\n### ✅ Approve · flaude · security\n\nAll in all fine.`),
    ).toBe(true);
    expect(body).toContain(
      [
        '#### Findings (4)',
        '',
        '- 🔴 Critical **t7** `src/a.ts:7` · not on a line of the diff',
        '- 🟠 High **t4** `src/a.ts:4` · refused inline by GitHub',
        '- 🟡 Medium **t3** `src/a.ts:3` · inline since an earlier push',
        '- 🔵 Low **t1** `src/a.ts:1` · inline',
      ].join('\n'),
    );
    expect(body).toContain('#### Not inline (2)');
    expect(body).toContain('body 7');
    expect(body).toContain('body 4');
    expect(body).not.toContain('body 1');
    expect(
      body.endsWith(
        `\n\n---\n<sub>Reviewed \`0123456\` · 9 turns · 2 m 05 s · Claude $0.5000 · Fly $0.0020 (est.) · [workflow run](${RUN})</sub>`,
      ),
    ).toBe(true);
  });

  test('a failed reviewer says why; the severity gate says why the step fails', () => {
    const failed = finalBody(
      input({
        report: {
          name: 'security',
          success: false,
          error: 'Claude hit the max turns (hunter2-secret).',
        },
        placed: [],
      }),
    );
    expect(failed).toContain('### ❌ Failed · flaude · security');
    expect(failed).toContain('**The reviewer failed:** Claude hit the max turns (***).');
    const gated = finalBody(
      input({ report: { ...input().report, severityFailure: '1 finding at or above high.' } }),
    );
    expect(gated).toContain('**The step fails:** 1 finding at or above high.');
  });

  test('untrusted text cannot break the layout: HTML inert, fences closed, one-line titles', () => {
    const evil: Finding = {
      path: 'a`b.ts',
      line: 2,
      severity: 'high',
      title: 'x</details><script>\nnext',
      body: '<details>\n```\nnever closed',
    };
    const body = finalBody(
      input({
        report: {
          name: 'r<b>',
          success: true,
          findings: { summary: '<!-- swallow\n```', verdict: 'comment', findings: [evil] },
        },
        placed: [{ finding: evil, placement: 'outside-diff' }],
      }),
    );
    // Parsed as CommonMark, the footer is still a paragraph of its own at the top level.
    const doc = new Parser().parse(body);
    const last = doc.lastChild;
    expect(last?.type).toBe('paragraph');
    // Only the action's own block is HTML: one <details>, one </details>, no <script>, no <b>.
    expect(body.match(/<details>/g)).toHaveLength(1);
    expect(body.match(/<\/details>/g)).toHaveLength(1);
    expect(body).not.toMatch(/<script|<b>/);
    expect(body).toContain('``a`b.ts:2``');
  });

  test('never over 65,536 characters: findings cut with a note, the marker and the footer kept', () => {
    const many = Array.from({ length: 600 }, (_, i) => ({
      ...f(i + 1, 'medium'),
      body: 'long '.repeat(60),
    }));
    const body = finalBody(
      input({
        report: {
          name: 'security',
          success: true,
          findings: { summary: 'S'.repeat(100_000), verdict: 'comment', findings: many },
        },
        placed: many.map((finding) => ({ finding, placement: 'outside-diff' as const })),
      }),
    );
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toContain('_(summary cut)_');
    expect(body).toMatch(/_\d+ more findings not shown: GitHub takes at most 65,536 characters/);
    expect(body).toContain('Reviewed `0123456`');
  });

  test.each([
    ['plain', '`plain`'],
    ['one`tick', '``one`tick``'],
    ['`edge', '`` `edge ``'],
    ['two\nlines', '`two lines`'],
  ])('codeSpan(%j)', (text, span) => {
    expect(codeSpan(text)).toBe(span);
  });
});

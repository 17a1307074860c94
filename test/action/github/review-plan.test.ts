import { describe, expect, test } from 'vitest';
import { pullDiffOf } from '../../../src/action/github/diff-lines.ts';
import { findingFingerprint } from '../../../src/action/github/markers.ts';
import { planReview, type ReviewPlanInput } from '../../../src/action/github/review-plan.ts';
import type { Finding } from '../../../src/action/findings.ts';

const key = { workflow: 'w', job: 'j', reviewer: 'r' };
// a.ts: one hunk showing lines 1-4 (line 2 added); b.bin: no patch.
const diff = pullDiffOf([
  { filename: 'a.ts', patch: '@@ -1,3 +1,4 @@\n one\n+two\n three\n four' },
  { filename: 'b.bin' },
]);
const f = (
  line: number,
  severity: Finding['severity'],
  title = `t${line}`,
  extra = {},
): Finding => ({
  path: 'a.ts',
  line,
  severity,
  title,
  body: 'b',
  ...extra,
});
const input = (findings: Finding[], over: Partial<ReviewPlanInput> = {}): ReviewPlanInput => ({
  key,
  findings,
  diff,
  maxInline: 20,
  posted: new Set(),
  redact: (s) => s,
  ...over,
});

describe('planReview', () => {
  test('most severe first; off-diff and patch-less files go to the comment', () => {
    const plan = planReview(
      input([f(1, 'low'), f(9, 'high'), { ...f(1, 'info'), path: 'b.bin' }, f(2, 'critical')]),
    );
    expect(plan.inline.map((p) => [p.finding.line, p.finding.severity])).toEqual([
      [2, 'critical'],
      [1, 'low'],
    ]);
    expect(plan.notInline.map((n) => [n.finding.path, n.finding.line, n.reason])).toEqual([
      ['a.ts', 9, 'outside-diff'],
      ['b.bin', 1, 'outside-diff'],
    ]);
  });

  test('at most maxInline inline; the rest are over the limit', () => {
    const plan = planReview(input([f(1, 'low'), f(2, 'low'), f(3, 'high')], { maxInline: 2 }));
    expect(plan.inline.map((p) => p.finding.line)).toEqual([3, 1]);
    expect(plan.notInline).toMatchObject([{ finding: { line: 2 }, reason: 'over-limit' }]);
    expect(plan.reported.size).toBe(3);
  });

  test('a finding already on the pull request is repeated, not posted; a duplicate in the run likewise', () => {
    const fp = findingFingerprint(key, f(2, 'high'), 'two');
    const plan = planReview(
      input([f(2, 'high'), f(3, 'low'), f(3, 'low')], { posted: new Set([fp]) }),
    );
    expect(plan.inline.map((p) => p.finding.line)).toEqual([3]);
    expect(plan.repeated.map((p) => p.finding.line)).toEqual([2, 3]);
    expect(plan.repeated[0]?.fingerprint).toBe(fp);
  });

  test('the request: right side, a range only when it starts before its line, the body with the marker', () => {
    const plan = planReview(
      input([f(3, 'low', 'range', { start_line: 1 }), f(4, 'low', 'flat', { start_line: 4 })]),
    );
    expect(plan.inline.map((p) => ({ ...p.request, body: undefined }))).toEqual([
      { path: 'a.ts', line: 3, side: 'RIGHT', start_line: 1, start_side: 'RIGHT', body: undefined },
      { path: 'a.ts', line: 4, side: 'RIGHT', body: undefined },
    ]);
    expect(plan.inline[0]?.request.body).toContain(
      `fingerprint=${plan.inline[0]?.fingerprint} -->`,
    );
  });

  test('no diff (it could not be read): everything goes to the comment', () => {
    const plan = planReview(input([f(2, 'high')], { diff: undefined }));
    expect(plan.inline).toEqual([]);
    expect(plan.notInline).toMatchObject([{ reason: 'outside-diff' }]);
  });
});

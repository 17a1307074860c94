import { describe, expect, test } from 'vitest';
import type { Finding } from '../../../src/action/findings.ts';
import { severityFailure, type SeverityThreshold } from '../../../src/action/severity-gate.ts';

const f = (severity: Finding['severity']): Finding => ({
  path: 'a',
  line: 1,
  severity,
  title: 't',
  body: '',
});
const team = [
  { reviewer: 'security', findings: [f('high'), f('low')] },
  { reviewer: 'style', findings: [f('medium'), f('info'), f('high')] },
  { reviewer: 'docs', findings: [] },
];

describe('severityFailure', () => {
  test.each<[SeverityThreshold, string | undefined]>([
    ['none', undefined],
    ['critical', undefined],
    [
      'high',
      '2 findings at or above high severity (fail-on-severity: high): 2 high, reported by security, style.',
    ],
    [
      'medium',
      '3 findings at or above medium severity (fail-on-severity: medium): 2 high, 1 medium, reported by security, style.',
    ],
    [
      'low',
      '4 findings at or above low severity (fail-on-severity: low): 2 high, 1 medium, 1 low, reported by security, style.',
    ],
  ])('%s', (threshold, reason) => {
    expect(severityFailure(team, threshold)).toBe(reason);
  });

  test('one finding is singular; info never counts', () => {
    expect(severityFailure([{ reviewer: 'r', findings: [f('critical'), f('info')] }], 'low')).toBe(
      '1 finding at or above low severity (fail-on-severity: low): 1 critical, reported by r.',
    );
  });
});

/**
 * `fail-on-severity`: whether the findings of all reviewers hold one at or above the
 * threshold, which fails the step although every reviewer succeeded. Pure.
 */
import { SEVERITIES, type Finding, type Severity } from './findings.js';

export const SEVERITY_THRESHOLDS = ['none', 'critical', 'high', 'medium', 'low'] as const;
export type SeverityThreshold = (typeof SEVERITY_THRESHOLDS)[number];

/** One reviewer's findings, for the gate. */
export interface ReviewerFindings {
  readonly reviewer: string;
  readonly findings: readonly Finding[];
}

/** Whether `severity` is `threshold` or more severe. */
export function meetsThreshold(severity: Severity, threshold: SeverityThreshold): boolean {
  if (threshold === 'none') return false;
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

/**
 * Why the step fails under `fail-on-severity: threshold`, or `undefined` when it does not: the
 * count of findings at or above it, by severity, and the reviewers that reported them.
 */
export function severityFailure(
  reviewers: readonly ReviewerFindings[],
  threshold: SeverityThreshold,
): string | undefined {
  const counts = new Map<Severity, number>();
  const names: string[] = [];
  for (const { reviewer, findings } of reviewers) {
    const hits = findings.filter((f) => meetsThreshold(f.severity, threshold));
    if (hits.length > 0 && !names.includes(reviewer)) names.push(reviewer);
    for (const f of hits) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  const bySeverity = SEVERITIES.filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}`)
    .join(', ');
  return (
    `${total} finding${total === 1 ? '' : 's'} at or above ${threshold} severity ` +
    `(fail-on-severity: ${threshold}): ${bySeverity}, reported by ${names.join(', ')}.`
  );
}

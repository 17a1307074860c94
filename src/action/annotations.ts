/**
 * Findings as workflow annotations, on runs without a pull request to comment on: each shows
 * on its file and lines in the run's summary and the commit. GitHub shows at most 10 error,
 * 10 warning and 10 notice annotations per step and drops the rest silently, so the plan
 * keeps the most severe findings within that and hands back the others for the job summary.
 * Planning is pure; emitting goes through a sink (core, behind the StepLog, in main.ts).
 */
import { findingListItem, oneLine } from './finding-text.js';
import { SEVERITIES, type Finding, type Findings, type Severity } from './findings.js';

export type AnnotationKind = 'error' | 'warning' | 'notice';

/** GitHub's per-step limit for each kind of annotation. */
export const MAX_ANNOTATIONS_PER_KIND = 10;

/** critical and high are errors, medium and low warnings, info a notice. */
export function annotationKind(severity: Severity): AnnotationKind {
  switch (severity) {
    case 'critical':
    case 'high':
      return 'error';
    case 'medium':
    case 'low':
      return 'warning';
    case 'info':
      return 'notice';
  }
}

/** What core.error/warning/notice take as properties (its `AnnotationProperties`). */
export interface FindingAnnotationProperties {
  /** `reviewer: finding title`. */
  readonly title: string;
  readonly file: string;
  readonly startLine: number;
  readonly endLine: number;
}

/** One annotation to emit. */
export interface FindingAnnotation {
  readonly kind: AnnotationKind;
  readonly message: string;
  readonly properties: FindingAnnotationProperties;
}

/** A finding that did not fit in the annotations, with the reviewer that reported it. */
export interface OverflowFinding {
  readonly reviewer: string;
  readonly finding: Finding;
}

export interface AnnotationPlan {
  /** Errors, then warnings, then notices; most severe first within each. */
  readonly annotations: readonly FindingAnnotation[];
  /** The findings left out, in the same order: the summary lists them. */
  readonly overflow: readonly OverflowFinding[];
}

/** One reviewer's findings; undefined when it reported none (it failed). */
export interface AnnotatedReviewer {
  readonly name: string;
  readonly findings: Findings | undefined;
}

export interface AnnotationPlanOptions {
  /** Annotations of each kind the step makes besides these (an error per failed reviewer). */
  readonly used?: Partial<Record<AnnotationKind, number>>;
  readonly perKind?: number;
}

/**
 * The annotations for the reviewers' findings, at most `perKind` (10) of each kind less what
 * `used` says the step already makes, the most severe first (then by reviewer, then in the
 * order reported), and the findings left over. Pure.
 */
export function planAnnotations(
  reviewers: readonly AnnotatedReviewer[],
  options: AnnotationPlanOptions = {},
): AnnotationPlan {
  const perKind = options.perKind ?? MAX_ANNOTATIONS_PER_KIND;
  const all = reviewers
    .flatMap((r) => (r.findings?.findings ?? []).map((finding) => ({ reviewer: r.name, finding })))
    .map((entry, order) => ({ ...entry, order }));
  const rank = (s: Severity): number => SEVERITIES.indexOf(s);
  all.sort((a, b) => rank(a.finding.severity) - rank(b.finding.severity) || a.order - b.order);

  const annotations: FindingAnnotation[] = [];
  const overflow: OverflowFinding[] = [];
  const room: Record<AnnotationKind, number> = {
    error: Math.max(0, perKind - (options.used?.error ?? 0)),
    warning: Math.max(0, perKind - (options.used?.warning ?? 0)),
    notice: Math.max(0, perKind - (options.used?.notice ?? 0)),
  };
  for (const { reviewer, finding } of all) {
    const kind = annotationKind(finding.severity);
    if (room[kind] > 0) {
      room[kind] -= 1;
      annotations.push(annotationOf(reviewer, finding));
    } else {
      overflow.push({ reviewer, finding });
    }
  }
  // Severity order already groups the kinds: errors, warnings, notices.
  return { annotations, overflow };
}

function annotationOf(reviewer: string, finding: Finding): FindingAnnotation {
  const start = finding.start_line ?? finding.line;
  return {
    kind: annotationKind(finding.severity),
    message: finding.body.trim() || finding.title,
    properties: {
      title: oneLine(`${reviewer}: ${finding.title}`),
      file: finding.path,
      startLine: Math.min(start, finding.line),
      endLine: finding.line,
    },
  };
}

/** Where annotations go: `@actions/core` has this shape. */
export type AnnotationSink = Record<
  AnnotationKind,
  (message: string, properties: FindingAnnotationProperties) => void
>;

/** Emits the plan's annotations, in order, through `sink`. */
export function emitAnnotations(plan: AnnotationPlan, sink: AnnotationSink): void {
  for (const { kind, message, properties } of plan.annotations) sink[kind](message, properties);
}

/**
 * The overflow as Markdown list items for the job summary:
 * `- **low** \`src/app.ts:42\` title (reviewer)`. Empty when everything was annotated.
 */
export function overflowLines(overflow: readonly OverflowFinding[]): string[] {
  return overflow.map(
    ({ reviewer, finding }) => `- ${findingListItem(finding)} (${oneLine(reviewer)})`,
  );
}

import * as core from '@actions/core';
import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  annotationKind,
  emitAnnotations,
  overflowLines,
  planAnnotations,
  type AnnotationSink,
} from '../../src/action/annotations.ts';
import type { Finding, Findings, Severity } from '../../src/action/findings.ts';

const finding = (severity: Severity, line: number, over: Partial<Finding> = {}): Finding => ({
  path: 'src/app.ts',
  line,
  severity,
  title: `${severity} at ${line}`,
  body: `Body of ${line}.`,
  ...over,
});
const report = (findings: Finding[]): Findings => ({ summary: 's', verdict: 'comment', findings });

describe('annotationKind', () => {
  test.each([
    ['critical', 'error'],
    ['high', 'error'],
    ['medium', 'warning'],
    ['low', 'warning'],
    ['info', 'notice'],
  ] as const)('%s is a %s', (severity, kind) => {
    expect(annotationKind(severity)).toBe(kind);
  });
});

describe('planAnnotations', () => {
  test('one finding: file, lines, title with the reviewer, the body as message', () => {
    const plan = planAnnotations([
      {
        name: 'security',
        findings: report([finding('high', 12, { start_line: 10, title: 'SQL\ninjection' })]),
      },
    ]);
    expect(plan).toEqual({
      annotations: [
        {
          kind: 'error',
          message: 'Body of 12.',
          properties: {
            title: 'security: SQL injection',
            file: 'src/app.ts',
            startLine: 10,
            endLine: 12,
          },
        },
      ],
      overflow: [],
    });
  });

  test('a finding without a body is annotated with its title; a single line starts and ends there', () => {
    const [annotation] = planAnnotations([
      { name: 'r', findings: report([finding('info', 3, { body: '  ' })]) },
    ]).annotations;
    expect(annotation).toMatchObject({
      kind: 'notice',
      message: 'info at 3',
      properties: { startLine: 3, endLine: 3 },
    });
  });

  test('at most 10 of each kind, the most severe first; the rest overflow in the same order', () => {
    const a = report([
      ...Array.from({ length: 8 }, (_, i) => finding('high', i + 1)),
      ...Array.from({ length: 12 }, (_, i) => finding('low', 100 + i)),
      finding('info', 500),
    ]);
    const b = report([
      finding('critical', 900),
      finding('high', 901),
      finding('high', 902),
      finding('medium', 903),
    ]);
    const plan = planAnnotations([
      { name: 'a', findings: a },
      { name: 'b', findings: b },
      { name: 'failed', findings: undefined },
    ]);
    const shown = plan.annotations.map((x) => `${x.kind} ${x.properties.title}`);
    expect(shown).toEqual([
      'error b: critical at 900',
      ...Array.from({ length: 8 }, (_, i) => `error a: high at ${i + 1}`),
      'error b: high at 901',
      'warning b: medium at 903',
      ...Array.from({ length: 9 }, (_, i) => `warning a: low at ${100 + i}`),
      'notice a: info at 500',
    ]);
    expect(plan.overflow.map((o) => `${o.reviewer} ${o.finding.title}`)).toEqual([
      'b high at 902',
      'a low at 109',
      'a low at 110',
      'a low at 111',
    ]);
  });

  test('room the step already uses (an error per failed reviewer) is left free', () => {
    const findings = report(Array.from({ length: 10 }, (_, i) => finding('high', i + 1)));
    const plan = planAnnotations([{ name: 'a', findings }], { used: { error: 3 } });
    expect(plan.annotations).toHaveLength(7);
    expect(plan.overflow.map((o) => o.finding.line)).toEqual([8, 9, 10]);
    expect(planAnnotations([{ name: 'a', findings }], { used: { error: 12 } }).annotations).toEqual(
      [],
    );
  });
});

describe('emitAnnotations', () => {
  test('sends each annotation to its kind, in order', () => {
    const calls: string[] = [];
    const sink: AnnotationSink = {
      error: (m, p) => calls.push(`error ${p.title} ${m}`),
      warning: (m, p) => calls.push(`warning ${p.title} ${m}`),
      notice: (m, p) => calls.push(`notice ${p.title} ${m}`),
    };
    emitAnnotations(
      planAnnotations([
        { name: 'r', findings: report([finding('low', 2), finding('critical', 1)]) },
      ]),
      sink,
    );
    expect(calls).toEqual(['error r: critical at 1 Body of 1.', 'warning r: low at 2 Body of 2.']);
  });

  test('@actions/core is a sink', () => {
    expectTypeOf({
      error: core.error,
      warning: core.warning,
      notice: core.notice,
    }).toExtend<AnnotationSink>();
  });
});

test('overflowLines lists the findings left out for the summary, inert', () => {
  expect(
    overflowLines([
      { reviewer: 'a', finding: finding('low', 7, { start_line: 5, title: 'Use <b>const</b>' }) },
    ]),
  ).toEqual(['- **low** `src/app.ts:5-7` Use <\u200Bb>const<\u200B/b> (a)']);
  expect(overflowLines([])).toEqual([]);
});

import { describe, expect, test } from 'vitest';
import {
  FINDINGS_SCHEMA,
  FINDINGS_SCHEMA_JSON,
  readFindings,
  SEVERITIES,
  VERDICTS,
} from '../../src/action/findings.ts';

const finding = {
  path: 'src/app.ts',
  line: 42,
  severity: 'high',
  title: 'Off by one',
  body: 'The loop stops one early.',
};
const report = { summary: 'One problem.', verdict: 'request_changes', findings: [finding] };

describe('readFindings accepts', () => {
  test.each<[number, unknown]>([
    [1, { summary: 'Nothing to say.', verdict: 'approve', findings: [] }],
    [2, report],
    [3, { ...report, findings: [{ ...finding, start_line: 40, suggestion: 'for (;;) {}' }] }],
    [4, { ...report, findings: [{ ...finding, start_line: 42 }] }],
    [5, { ...report, findings: [{ ...finding, body: '', suggestion: '' }] }],
    [6, { ...report, findings: SEVERITIES.map((severity) => ({ ...finding, severity })) }],
    ...VERDICTS.map((verdict, i): [number, unknown] => [7 + i, { ...report, verdict }]),
  ])('#%i', (_n, document) => {
    expect(readFindings(document)).toEqual({ ok: true, findings: document });
  });
});

describe('readFindings refuses, with a reason naming the field', () => {
  test.each<[number, unknown, string]>([
    [
      1,
      undefined,
      "Claude's result has no structured output (the findings the --json-schema asks for).",
    ],
    [
      2,
      null,
      "Claude's result has no structured output (the findings the --json-schema asks for).",
    ],
    [
      3,
      'a prose review',
      'Claude\'s findings do not match the schema: the output: Instance type "string" is invalid. Expected "object".',
    ],
    [
      4,
      { verdict: 'comment', findings: [] },
      'Claude\'s findings do not match the schema: the output: Instance does not have required property "summary".',
    ],
    [
      5,
      { ...report, summary: '' },
      "Claude's findings do not match the schema: summary: String is too short (0 < 1).",
    ],
    [
      6,
      { ...report, verdict: 'maybe' },
      "Claude's findings do not match the schema: verdict: Instance does not match any of " +
        '["approve","comment","request_changes"].',
    ],
    [
      7,
      { ...report, findings: 'none' },
      'Claude\'s findings do not match the schema: findings: Instance type "string" is invalid. Expected "array".',
    ],
    [
      8,
      { ...report, findings: [{ ...finding, line: 0 }] },
      "Claude's findings do not match the schema: findings[0].line: 0 is less than 1.",
    ],
    [
      9,
      { ...report, findings: [{ ...finding, line: 4.5 }] },
      'Claude\'s findings do not match the schema: findings[0].line: Instance type "number" is invalid. Expected "integer".',
    ],
    [
      10,
      { ...report, findings: [finding, { ...finding, severity: 'blocker' }] },
      "Claude's findings do not match the schema: findings[1].severity: Instance does not match any of " +
        '["critical","high","medium","low","info"].',
    ],
    [
      11,
      { ...report, findings: [{ ...finding, title: 't'.repeat(201) }] },
      "Claude's findings do not match the schema: findings[0].title: String is too long (201 > 200).",
    ],
    [
      12,
      { ...report, confidence: 'high' },
      "Claude's findings do not match the schema: confidence: is not a field of the schema.",
    ],
    [
      13,
      { ...report, findings: [{ ...finding, column: 3 }] },
      "Claude's findings do not match the schema: findings[0].column: is not a field of the schema.",
    ],
    [
      14,
      { ...report, findings: [{ ...finding, start_line: 43 }] },
      "Claude's findings do not match the schema: findings[0] starts at line 43 after its last line 42.",
    ],
    [
      15,
      { summary: 1, verdict: 2, findings: 3, extra: 4, more: 5 },
      'Claude\'s findings do not match the schema: summary: Instance type "number" is invalid. Expected "string"; ' +
        'verdict: Instance type "number" is invalid. Expected "string"; ' +
        'verdict: Instance does not match any of ["approve","comment","request_changes"]; and 3 more.',
    ],
  ])('#%i', (_n, document, reason) => {
    expect(readFindings(document)).toEqual({ ok: false, reason });
  });
});

describe('FINDINGS_SCHEMA', () => {
  test('has the exact field names of the report, and goes to --json-schema as one line', () => {
    expect(FINDINGS_SCHEMA.required).toEqual(['summary', 'verdict', 'findings']);
    expect(Object.keys(FINDINGS_SCHEMA.properties.findings.items.properties)).toEqual([
      'path',
      'line',
      'start_line',
      'severity',
      'title',
      'body',
      'suggestion',
    ]);
    expect(FINDINGS_SCHEMA.properties.findings.items.required).toEqual([
      'path',
      'line',
      'severity',
      'title',
      'body',
    ]);
    expect(FINDINGS_SCHEMA_JSON).not.toContain('\n');
    expect(JSON.parse(FINDINGS_SCHEMA_JSON)).toEqual(FINDINGS_SCHEMA);
  });
});

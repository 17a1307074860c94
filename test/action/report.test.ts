import { describe, expect, test } from 'vitest';
import { buildOutputs, buildSummary, type ReviewerOutcome } from '../../src/action/report.ts';
import { createRedactor } from '../../src/action/redact.ts';

const passed: ReviewerOutcome = {
  name: 'claude',
  machineId: 'm1',
  region: 'iad',
  exitCode: 0,
  state: 'destroyed',
  success: true,
  durationSeconds: 42.4,
  result: '## Review\nAll good; token sk-ant-oat01-leakedsecret',
  costUsd: 0.01,
  numTurns: 2,
  error: undefined,
};
const failed: ReviewerOutcome = {
  ...passed,
  name: 'security',
  machineId: 'm2',
  exitCode: 1,
  success: false,
  result: undefined,
  error: 'exit code 1',
};
const redact = createRedactor([]);

describe('buildOutputs', () => {
  test('gives one snake_case object per reviewer and the counts', () => {
    const outputs = buildOutputs([passed, failed], redact);
    expect(JSON.parse(outputs.results ?? '')).toEqual([
      {
        name: 'claude',
        machine_id: 'm1',
        region: 'iad',
        exit_code: 0,
        state: 'destroyed',
        success: true,
        duration_seconds: 42.4,
        result: '## Review\nAll good; token ***',
        cost_usd: 0.01,
        num_turns: 2,
        error: null,
      },
      expect.objectContaining({
        name: 'security',
        exit_code: 1,
        success: false,
        result: null,
        error: 'exit code 1',
      }),
    ]);
    expect(outputs['machine-ids']).toBe('m1,m2');
    expect(outputs.succeeded).toBe('1');
    expect(outputs.failed).toBe('1');
  });
});

describe('buildSummary', () => {
  test('tabulates reviewers and shows results, redacted', () => {
    const summary = buildSummary([passed, failed], redact);
    expect(summary).toContain('| claude | ✅ passed | 0 | 42 s | 2 | $0.0100 | `m1` |');
    expect(summary).toContain('| security | ❌ failed | 1 |');
    expect(summary).toContain('**Error:** exit code 1');
    expect(summary).not.toContain('leakedsecret');
  });
});

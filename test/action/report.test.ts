import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser } from 'commonmark';
import * as core from '@actions/core';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  buildOutputs,
  buildSummary,
  coreReportSink,
  publishReport,
  SUMMARY_MAX_BYTES,
  type ReportSink,
  type ReviewerOutcome,
} from '../../src/action/report.ts';
import { parseFileCommands } from '../harness/action-run.ts';
import { createRedactor } from '../../src/action/redact.ts';

const passed: ReviewerOutcome = {
  name: 'claude',
  machineId: 'm1',
  region: 'iad',
  exitCode: 0,
  state: 'destroyed',
  success: true,
  durationSeconds: 42.4,
  model: 'claude-sonnet-5-5',
  subtype: 'success',
  isError: false,
  result: '## Review\nAll good; token sk-ant-oat01-leakedsecret',
  costUsd: 0.01,
  flyCostUsd: 0.000186354,
  numTurns: 2,
  transcriptPath: '/runner/_temp/flaude/claude.jsonl',
  error: undefined,
  findings: undefined,
};
const failed: ReviewerOutcome = {
  ...passed,
  name: 'security',
  machineId: 'm2',
  exitCode: 1,
  success: false,
  subtype: undefined,
  isError: undefined,
  result: undefined,
  costUsd: undefined,
  transcriptPath: undefined,
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
        model: 'claude-sonnet-5-5',
        subtype: 'success',
        is_error: false,
        result: '## Review\nAll good; token ***',
        cost_usd: 0.01,
        fly_cost_usd: 0.000186,
        num_turns: 2,
        error: null,
        transcript_path: '/runner/_temp/flaude/claude.jsonl',
        verdict: null,
        summary: null,
        findings: null,
      },
      expect.objectContaining({
        name: 'security',
        exit_code: 1,
        success: false,
        subtype: null,
        is_error: null,
        result: null,
        cost_usd: null,
        error: 'exit code 1',
        transcript_path: null,
      }),
    ]);
    expect(outputs['machine-ids']).toBe('m1,m2');
    expect(outputs.succeeded).toBe('1');
    expect(outputs.failed).toBe('1');
    // Claude's $0.01 plus both machines' estimates, to the micro-dollar.
    expect(outputs['total-cost-usd']).toBe('0.010373');
  });

  test('the new fields are null when unknown, and the total counts what is known', () => {
    const unknown: ReviewerOutcome = {
      ...failed,
      machineId: undefined,
      region: undefined,
      state: undefined,
      exitCode: null,
      durationSeconds: undefined,
      model: undefined,
      flyCostUsd: undefined,
      numTurns: undefined,
      error: 'Fly API POST /v1/apps/a/machines failed: 422',
    };
    const outputs = buildOutputs([unknown], redact);
    expect(JSON.parse(outputs.results ?? '')).toEqual([
      {
        name: 'security',
        machine_id: null,
        region: null,
        exit_code: null,
        state: null,
        success: false,
        duration_seconds: null,
        model: null,
        subtype: null,
        is_error: null,
        num_turns: null,
        cost_usd: null,
        fly_cost_usd: null,
        result: null,
        error: 'Fly API POST /v1/apps/a/machines failed: 422',
        transcript_path: null,
        verdict: null,
        summary: null,
        findings: null,
      },
    ]);
    expect(outputs['total-cost-usd']).toBe('0');
  });
});

const reviewed: ReviewerOutcome = {
  ...passed,
  name: 'findings',
  result: '{"summary":"json text"}',
  findings: {
    summary: 'Two problems; key sk-ant-oat01-leakedsecret.',
    verdict: 'request_changes',
    findings: [
      { path: 'src/a.ts', line: 9, severity: 'low', title: 'Naming', body: 'b' },
      {
        path: 'src/`x`.ts',
        line: 42,
        start_line: 40,
        severity: 'critical',
        title: 'Injection <script>alert(1)</script>\nsecond line',
        body: 'Uses sk-ant-oat01-leakedsecret',
        suggestion: 'safe(sk-ant-oat01-leakedsecret)',
      },
      { path: 'src/b.ts', line: 3, start_line: 3, severity: 'low', title: 'Typo', body: 'b' },
    ],
  },
};
const secretRedact = createRedactor(['sk-ant-oat01-leakedsecret']);

describe('a reviewer with a report', () => {
  test('results carry its verdict, summary and findings with the schema field names, redacted', () => {
    const [entry] = JSON.parse(buildOutputs([reviewed], secretRedact).results ?? '') as Record<
      string,
      unknown
    >[];
    expect(entry).toMatchObject({
      verdict: 'request_changes',
      summary: 'Two problems; key ***.',
      result: '{"summary":"json text"}',
      findings: [
        { path: 'src/a.ts', line: 9, severity: 'low', title: 'Naming', body: 'b' },
        {
          path: 'src/`x`.ts',
          line: 42,
          start_line: 40,
          severity: 'critical',
          body: 'Uses ***',
          suggestion: 'safe(***)',
        },
        { path: 'src/b.ts', line: 3, start_line: 3 },
      ],
    });
    expect(JSON.stringify(entry)).not.toContain('leakedsecret');
  });

  test('the summary shows the verdict, the summary and the findings by severity, inert', () => {
    const summary = buildSummary([reviewed], secretRedact);
    const block = summary.slice(summary.indexOf('<details'));
    expect(block).toContain('**Verdict:** request changes\n\nTwo problems; key ***.');
    expect(block).toContain('**Findings** (3):');
    // Most severe first; a range as start-end; a path cannot leave its code span.
    const critical = block.indexOf('*critical* (1)');
    const low = block.indexOf('*low* (2)');
    expect(critical).toBeGreaterThan(0);
    expect(low).toBeGreaterThan(critical);
    expect(block).toContain(
      '- `src/x.ts:40-42` Injection <\u200Bscript>alert(1)<\u200B/script> second line',
    );
    expect(block).toContain('- `src/a.ts:9` Naming\n- `src/b.ts:3` Typo');
    expect(block).not.toContain('json text');
    expect(summary).not.toContain('leakedsecret');
    expect(summary).not.toContain('<script>');
    expect(block).toContain('second line');
  });

  test('a report without findings says so', () => {
    const clean: ReviewerOutcome = {
      ...passed,
      findings: { summary: 'Fine.', verdict: 'approve', findings: [] },
    };
    expect(buildSummary([clean], redact)).toContain(
      '**Verdict:** approve\n\nFine.\n\n_No findings._',
    );
  });

  test('a long report is cut to the summary cap like any result', () => {
    const long: ReviewerOutcome = {
      ...reviewed,
      findings: {
        summary: 's',
        verdict: 'comment',
        findings: Array.from({ length: 3000 }, (_, i) => ({
          path: `src/file-${i}.ts`,
          line: i + 1,
          severity: 'medium' as const,
          title: 'a finding with a title long enough to matter '.repeat(2),
          body: 'b',
        })),
      },
    };
    const max = 64 * 1024;
    const summary = buildSummary([long], redact, max);
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(max);
    expect(summary).toContain('Cut to keep');
    expect(summary).toContain('`src/file-0.ts:1`');
  });
});

describe('buildSummary', () => {
  test('tabulates reviewers and shows results, redacted', () => {
    const summary = buildSummary([passed, failed], redact);
    expect(summary).toContain(
      '| reviewer | status | reason | exit code | duration | turns | Claude cost | Fly cost (est.) | machine | region |',
    );
    expect(summary).toContain(
      '| claude | ✅ passed | — | 0 | 42 s | 2 | $0.0100 | $0.0002 | `m1` | iad |',
    );
    expect(summary).toContain(
      '| security | ❌ failed | exit code 1 | 1 | 42 s | 2 | — | $0.0002 | `m2` | iad |',
    );
    expect(summary).toContain('Total cost: $0.0104 (Claude $0.0100, Fly $0.0004 estimated');
    expect(summary).toContain('**Error:** exit code 1');
    expect(summary).not.toContain('leakedsecret');
  });

  test("one collapsible block per reviewer, open when it passed, with Claude's text or the error", () => {
    const withText = { ...failed, name: 'tests', result: 'Partial findings.' };
    const summary = buildSummary([passed, failed, withText], redact);
    const blocks = [
      ...summary.matchAll(
        /<details( open)?><summary>(\w+)<\/summary>\n\n([\s\S]*?)\n\n<\/details>/g,
      ),
    ];
    expect(blocks.map((m) => [m[2], m[1] === ' open'])).toEqual([
      ['claude', true],
      ['security', false],
      ['tests', false],
    ]);
    expect(blocks.map((m) => m[3])).toEqual([
      '## Review\nAll good; token ***',
      '**Error:** exit code 1',
      '**Error:** exit code 1\n\nPartial findings.',
    ]);
  });

  test('a reason with a pipe, line breaks or HTML stays in its cell', () => {
    const odd = {
      ...failed,
      error: 'Claude reported an error: a | b\nsecond line <details><summary>x',
    };
    const row = buildSummary([odd], redact)
      .split('\n')
      .find((l) => l.startsWith('| security |'));
    expect(row).toBe(
      '| security | ❌ failed | Claude reported an error: a \\| b second line <\u200Bdetails><\u200Bsummary>x | 1 | 42 s | 2 | — | $0.0002 | `m2` | iad |',
    );
    // Ten columns: the escaped pipe is not a cell boundary.
    expect(row?.split(/(?<!\\)\|/).length).toBe(12);
  });

  test("Claude's HTML cannot break the blocks: every reviewer's block closes", () => {
    const hostile = {
      ...passed,
      name: 'hostile',
      result:
        'Done.\n</details>\n<details open><summary>forged</summary>\n\n<!-- hide the rest\n```\nunclosed fence',
    };
    const summary = buildSummary([hostile, passed], redact);
    const doc = new Parser().parse(summary);
    const html: string[] = [];
    const walker = doc.walker();
    for (let e = walker.next(); e; e = walker.next()) {
      if (e.entering && (e.node.type === 'html_block' || e.node.type === 'html_inline'))
        html.push((e.node.literal ?? '').trim());
    }
    expect(html).toEqual([
      '<details open><summary>hostile</summary>',
      '</details>',
      '<details open><summary>claude</summary>',
      '</details>',
    ]);
  });
});

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

describe("buildSummary within GitHub's 1 MiB", () => {
  test('a summary that fits is not touched', () => {
    const summary = buildSummary([passed, failed], redact);
    expect(summary).not.toContain('Cut to keep');
    expect(buildSummary([passed, failed], redact, bytes(summary))).toBe(summary);
  });

  test('a huge result is cut with a note; the table and a short result stay whole', () => {
    const huge = { ...passed, name: 'verbose', result: `# Findings\n${'x'.repeat(3_000_000)}` };
    const summary = buildSummary([huge, passed, failed], redact);
    expect(bytes(summary)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(SUMMARY_MAX_BYTES).toBeLessThan(1024 * 1024);
    expect(summary).toContain(
      '| verbose | ✅ passed | — | 0 | 42 s | 2 | $0.0100 | $0.0002 | `m1` | iad |',
    );
    expect(summary).toContain('## Review\nAll good; token ***');
    expect(summary).toContain('**Error:** exit code 1');
    expect(summary).toMatch(
      /x\n\n_\(Cut to keep the job summary under GitHub's 1 MiB limit: \d+ KiB more in the step's `results` output and in the transcript `\/runner\/_temp\/flaude\/claude\.jsonl`\.\)_/,
    );
    expect(summary.match(/Cut to keep/g)).toHaveLength(1);
    expect(summary.endsWith('</details>\n')).toBe(true);
  });

  test('two long results share the room fairly', () => {
    const a = { ...passed, name: 'a', result: 'a'.repeat(600_000) };
    const b = { ...passed, name: 'b', result: 'b'.repeat(900_000) };
    const summary = buildSummary([a, b], redact);
    expect(bytes(summary)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    const kept = (ch: string): number =>
      (summary.match(new RegExp(`${ch}{1000,}`)) ?? [''])[0].length;
    expect(Math.abs(kept('a') - kept('b'))).toBeLessThan(10);
    expect(kept('a')).toBeGreaterThan(450_000);
  });

  test('a short result next to a long one keeps all of it; the long one gets the rest', () => {
    const long = { ...passed, name: 'long', result: 'l'.repeat(50_000) };
    const short = { ...passed, name: 'short', result: 's'.repeat(5_000) };
    const max = 30_000;
    const summary = buildSummary([long, short], redact, max);
    expect(bytes(summary)).toBeLessThanOrEqual(max);
    expect(summary).toContain('s'.repeat(5_000));
    expect((summary.match(/l{1000,}/) ?? [''])[0].length).toBeGreaterThan(max - 5_000 - 1_000);
  });

  test('the cut never splits a character and closes a code fence it leaves open', () => {
    const text = `Findings:\n\n~~~~diff\n${'é€😀'.repeat(200_000)}\n~~~~\n`;
    const summary = buildSummary([{ ...passed, result: text }], redact, 50_000);
    expect(bytes(summary)).toBeLessThanOrEqual(50_000);
    expect(summary).not.toContain('\uFFFD');
    expect(summary).toMatch(/(é|€|😀)\n~~~~\n\n_\(Cut to keep/u);
  });

  test('secrets are redacted before the cut, so no part of one is left', () => {
    const secret = 'sk-ant-oat01-' + 'q'.repeat(40);
    const summary = buildSummary(
      [{ ...passed, result: `${secret} `.repeat(50_000) }],
      createRedactor([secret]),
      20_000,
    );
    expect(summary).not.toContain('qqqqqqqq');
    expect(summary).toContain('***');
  });

  test('cut results that leave long fences open still fit, and every block still closes', () => {
    const fence = '`'.repeat(3_000);
    const reviewers = ['a', 'b', 'c'].map((name) => ({
      ...passed,
      name,
      transcriptPath: `/runner/_temp/flaude/${'deep/'.repeat(100)}${name}.jsonl`,
      result: `1. finding\n   ${fence}\n${'   code <div>\n'.repeat(20_000)}`,
    }));
    const max = 60_000;
    const summary = buildSummary(reviewers, redact, max);
    expect(bytes(summary)).toBeLessThanOrEqual(max);
    expect(summary.match(/Cut to keep/g)).toHaveLength(3);
    const closed = new Parser().parse(summary).walker();
    const html: string[] = [];
    for (let e = closed.next(); e; e = closed.next()) {
      if (e.entering && e.node.type === 'html_block') html.push((e.node.literal ?? '').trim());
    }
    expect(html.filter((h) => h === '</details>')).toHaveLength(3);
  });

  test('a table too long by itself is cut too', () => {
    const many = Array.from({ length: 2_000 }, (_, i) => ({ ...passed, name: `r${i}`.repeat(20) }));
    const summary = buildSummary(many, redact, 100_000);
    expect(bytes(summary)).toBeLessThanOrEqual(100_000);
    expect(summary).toContain('Cut to keep');
  });
});

describe('publishReport', () => {
  function recordingSink(overrides: Partial<ReportSink> = {}): ReportSink & { log: string[] } {
    const log: string[] = [];
    return {
      log,
      setOutput: (name) => log.push(`output ${name}`),
      writeSummary: () => {
        log.push('summary');
        return Promise.resolve();
      },
      warning: (message) => log.push(`warning ${message}`),
      ...overrides,
    };
  }

  test('sets every output, then writes the summary', async () => {
    const sink = recordingSink();
    await publishReport([passed], redact, sink);
    expect(sink.log).toEqual([
      'output results',
      'output machine-ids',
      'output succeeded',
      'output failed',
      'output total-cost-usd',
      'summary',
    ]);
  });

  test('a summary that cannot be written is a warning, after the outputs', async () => {
    const sink = recordingSink({
      writeSummary: () =>
        Promise.reject(new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY.')),
    });
    await expect(publishReport([passed], redact, sink)).resolves.toBeUndefined();
    expect(sink.log.slice(0, 5)).toEqual([
      'output results',
      'output machine-ids',
      'output succeeded',
      'output failed',
      'output total-cost-usd',
    ]);
    expect(sink.log[5]).toBe(
      'warning Could not write the job summary: Unable to find environment variable for $GITHUB_STEP_SUMMARY.',
    );
  });

  test('an output that cannot be set is a warning; the others and the summary still go out', async () => {
    const sink = recordingSink();
    const setOutput = sink.setOutput.bind(sink);
    sink.setOutput = (name, value) => {
      if (name === 'machine-ids') throw new Error('disk full');
      setOutput(name, value);
    };
    await publishReport([passed], redact, sink);
    expect(sink.log).toEqual([
      'output results',
      "warning Could not set the output 'machine-ids': disk full",
      'output succeeded',
      'output failed',
      'output total-cost-usd',
      'summary',
    ]);
  });

  test('a warning never quotes a secret', async () => {
    const secret = 'fo1_reportSecretToken';
    const sink = recordingSink({
      writeSummary: () => Promise.reject(new Error(`refused for ${secret}`)),
    });
    await publishReport([passed], createRedactor([secret]), sink);
    expect(sink.log.join('\n')).not.toContain(secret);
  });
});

describe('coreReportSink', () => {
  const dirs: string[] = [];
  // core.summary keeps the path of its first successful write for the rest of the process (its
  // private `_filePath`), and unit test files share workers: forget it, so each test reads
  // GITHUB_STEP_SUMMARY afresh whatever ran before it.
  beforeEach(() => {
    (core.summary as unknown as { _filePath?: string | undefined })._filePath = undefined;
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function stepFiles(): { output: string; summary: string } {
    const dir = mkdtempSync(join(tmpdir(), 'flaude-report-test-'));
    dirs.push(dir);
    const files = { output: join(dir, 'output'), summary: join(dir, 'summary.md') };
    writeFileSync(files.output, '');
    writeFileSync(files.summary, '');
    vi.stubEnv('GITHUB_OUTPUT', files.output);
    return files;
  }

  test('without GITHUB_STEP_SUMMARY: outputs written, a ::warning:: and no throw', async () => {
    const files = stepFiles();
    vi.stubEnv('GITHUB_STEP_SUMMARY', undefined);
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    await publishReport([passed], redact, coreReportSink);
    expect(parseFileCommands(readFileSync(files.output, 'utf8')).succeeded).toBe('1');
    expect(written.join('')).toMatch(
      /^::warning::Could not write the job summary: Unable to find environment variable for \$GITHUB_STEP_SUMMARY/m,
    );
  });

  test('writes the outputs and the summary to the runner files', async () => {
    const files = stepFiles();
    vi.stubEnv('GITHUB_STEP_SUMMARY', files.summary);
    await publishReport([passed], redact, coreReportSink);
    expect(parseFileCommands(readFileSync(files.output, 'utf8'))).toMatchObject({
      succeeded: '1',
      failed: '0',
      'machine-ids': 'm1',
    });
    expect(readFileSync(files.summary, 'utf8')).toContain('| claude | ✅ passed |');
  });
});

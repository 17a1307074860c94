// The real Claude Code CLI against the emulator, one run per scenario.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  REVIEW_HEADING,
  REVIEW_SIGNATURE,
  startAnthropicEmulator,
  type AnthropicEmulator,
} from '../index.ts';
import {
  cleanupTempDirs,
  gitOutput,
  makeCleanRepoWithBranch,
  makePlainDir,
  makeRepoWithChange,
  runClaude,
  type ClaudeRun,
  type Credential,
} from './claude-run.ts';

let emulator: AnthropicEmulator;

beforeAll(async () => {
  // Short pauses keep the slow scenario quick while still streaming in separate chunks.
  emulator = await startAnthropicEmulator({
    scenarios: { slowChunkDelayMs: 30, slowChunkCount: 6 },
  });
});

afterAll(async () => {
  await emulator.stop();
  cleanupTempDirs();
});

function resultText(run: ClaudeRun): string {
  expect(run.result, `no result line; stderr: ${run.stderr}`).toBeDefined();
  return String(run.result?.result);
}

/** The tool results the CLI itself reported in its stream-json `user` lines. */
function toolResultsInTranscript(run: ClaudeRun): string[] {
  return run.events
    .filter((event) => event.type === 'user')
    .flatMap((event) => {
      const message = event.message as { content?: unknown };
      return Array.isArray(message.content) ? (message.content as Record<string, unknown>[]) : [];
    })
    .filter((block) => block.type === 'tool_result')
    .map((block) => String(block.content));
}

function requestsFor(marker: string): AnthropicEmulator['requests'] {
  return emulator.requests.filter((request) => request.promptExcerpt?.includes(marker));
}

// Every test filters the emulator's records by a marker unique to its prompt. The runs stay
// sequential: each CLI start costs about a CPU-second, so overlapping them gains nothing.
describe('Claude Code CLI against the emulator', () => {
  describe('success scenario', () => {
    test.each<[Credential, 'api-key' | 'bearer']>([
      ['api-key', 'api-key'],
      ['oauth-token', 'bearer'],
    ])(
      'with %s: runs git diff --stat through Bash and quotes its output',
      async (credential, header) => {
        const { dir, changedFile } = makeRepoWithChange();
        const marker = `review ${changedFile}`;
        const run = await runClaude({
          baseUrl: emulator.url,
          cwd: dir,
          prompt: marker,
          credential,
        });

        expect(run.exitCode, run.stderr).toBe(0);
        const text = resultText(run);
        expect(text.startsWith(REVIEW_HEADING)).toBe(true);
        expect(text).toContain(REVIEW_SIGNATURE);
        expect(text).toContain('scenario: success');
        // The stat line and summary exist only in real `git diff --stat` output.
        const expectedStat = gitOutput(dir, 'diff', '--stat').trimEnd();
        expect(expectedStat).toContain('3 insertions(+)');
        expect(text).toContain(expectedStat);
        expect(toolResultsInTranscript(run).join('\n')).toContain(expectedStat);
        expect(run.result).toMatchObject({ is_error: false, num_turns: 2, subtype: 'success' });
        expect(run.result?.total_cost_usd).toEqual(expect.any(Number));
        expect(Number(run.result?.total_cost_usd)).toBeGreaterThan(0);

        const requests = requestsFor(marker);
        expect(requests.map((request) => request.step)).toEqual(['tool_use', 'final']);
        for (const request of requests) {
          expect(request).toMatchObject({
            path: '/v1/messages',
            stream: true,
            kind: 'main',
            credential: header,
          });
          expect(request.tools).toContain('Bash');
        }
        expect(requests[1]?.toolResultExcerpt).toContain(changedFile);
      },
    );

    test('in a clean checkout it runs git log --oneline -3 instead', async () => {
      const { dir, subject } = makeCleanRepoWithBranch();
      const run = await runClaude({ baseUrl: emulator.url, cwd: dir, prompt: `review ${subject}` });

      expect(run.exitCode, run.stderr).toBe(0);
      const text = resultText(run);
      expect(text).toContain('Output of `git log --oneline -3`');
      expect(text).toContain(gitOutput(dir, 'log', '--oneline', '-3').trimEnd());
      expect(toolResultsInTranscript(run).join('\n')).toContain(subject);
    });

    test('outside a git repository it lists the directory', async () => {
      const { dir, fileName } = makePlainDir();
      const run = await runClaude({
        baseUrl: emulator.url,
        cwd: dir,
        prompt: `review ${fileName}`,
      });

      expect(run.exitCode, run.stderr).toBe(0);
      expect(resultText(run)).toContain('Output of `ls -la`');
      expect(toolResultsInTranscript(run).join('\n')).toContain(fileName);
    });

    test('passes --model through and stops at --max-turns 1 before the final answer', async () => {
      const { dir, changedFile } = makeRepoWithChange();
      const marker = `max-turns ${changedFile}`;
      const run = await runClaude({
        baseUrl: emulator.url,
        cwd: dir,
        prompt: marker,
        model: 'claude-emulated-test-model',
        maxTurns: 1,
      });

      expect(run.exitCode).not.toBe(0);
      expect(run.result).toMatchObject({ is_error: true, subtype: 'error_max_turns' });
      expect(requestsFor(marker).map((request) => [request.model, request.step])).toEqual([
        ['claude-emulated-test-model', 'tool_use'],
      ]);
    });
  });

  test('no-tool answers directly in one turn', async () => {
    const { dir, changedFile } = makeRepoWithChange();
    const marker = `[scenario:no-tool] ${changedFile}`;
    const run = await runClaude({ baseUrl: emulator.url, cwd: dir, prompt: marker });

    expect(run.exitCode, run.stderr).toBe(0);
    expect(resultText(run)).toContain('scenario: no-tool');
    expect(run.result).toMatchObject({ is_error: false, num_turns: 1 });
    expect(toolResultsInTranscript(run)).toEqual([]);
    expect(requestsFor(marker).map((request) => request.step)).toEqual(['final']);
  });

  test('long ends with 300 finding lines after the quoted tool output', async () => {
    const { dir, changedFile } = makeRepoWithChange();
    const run = await runClaude({
      baseUrl: emulator.url,
      cwd: dir,
      prompt: `[scenario:long] ${changedFile}`,
    });

    expect(run.exitCode, run.stderr).toBe(0);
    const text = resultText(run);
    expect(text).toContain(gitOutput(dir, 'diff', '--stat').trimEnd());
    const findings = text.split('\n').filter((line) => line.startsWith('- Finding '));
    expect(findings).toHaveLength(300);
    expect(findings.at(-1)).toContain('Finding 300');
  });

  test('slow streams the final answer in the configured number of chunks', async () => {
    const { dir, changedFile } = makeRepoWithChange();
    const marker = `[scenario:slow] ${changedFile}`;
    const run = await runClaude({ baseUrl: emulator.url, cwd: dir, prompt: marker });

    expect(run.exitCode, run.stderr).toBe(0);
    expect(resultText(run)).toContain(gitOutput(dir, 'diff', '--stat').trimEnd());
    expect(requestsFor(marker).map((request) => [request.scenario, request.step])).toEqual([
      ['slow', 'tool_use'],
      ['slow', 'final'],
    ]);
  });

  test('api-error makes the CLI exit non-zero with the API error as result', async () => {
    const { dir, changedFile } = makeRepoWithChange();
    const marker = `[scenario:api-error] ${changedFile}`;
    const run = await runClaude({ baseUrl: emulator.url, cwd: dir, prompt: marker });

    expect(run.exitCode).not.toBe(0);
    expect(run.exitCode).not.toBeNull();
    expect(run.result).toMatchObject({ is_error: true, api_error_status: 400 });
    expect(resultText(run)).toContain('Emulated API error');
    const requests = requestsFor(marker);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((request) => request.status === 400 && request.step === 'error')).toBe(
      true,
    );
  });

  test.each<Credential>(['api-key', 'oauth-token'])(
    'with %s the CLI asks nothing but POST /v1/messages?beta=true',
    async (credential) => {
      const own = await startAnthropicEmulator();
      try {
        const { dir } = makeRepoWithChange();
        const run = await runClaude({ baseUrl: own.url, cwd: dir, prompt: 'review', credential });
        expect(run.exitCode, run.stderr).toBe(0);
        expect(own.requests.map((r) => `${r.method} ${r.path}?${r.query} ${r.kind}`)).toEqual([
          'POST /v1/messages?beta=true main',
          'POST /v1/messages?beta=true main',
        ]);
      } finally {
        await own.stop();
      }
    },
  );

  describe('with --json-schema', () => {
    // The shape of the action's findings schema, written out here: the emulator and its
    // tests stand apart from src/.
    const schema = JSON.stringify({
      type: 'object',
      additionalProperties: false,
      required: ['summary', 'verdict', 'findings'],
      properties: {
        summary: { type: 'string', minLength: 1 },
        verdict: { type: 'string', enum: ['approve', 'comment', 'request_changes'] },
        findings: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'line', 'severity', 'title', 'body'],
            properties: {
              path: { type: 'string' },
              line: { type: 'integer', minimum: 1 },
              start_line: { type: 'integer', minimum: 1 },
              severity: { type: 'string', enum: ['critical', 'high', 'medium', 'low', 'info'] },
              title: { type: 'string' },
              body: { type: 'string' },
              suggestion: { type: 'string' },
            },
          },
        },
      },
    });

    function structuredRequests(marker: string): [string | undefined, string | undefined][] {
      return requestsFor(marker).map((r) => [r.step, r.structuredOutput]);
    }

    test('by default the review ends in a StructuredOutput call: summary, comment, no findings', async () => {
      const { dir, changedFile } = makeRepoWithChange();
      const marker = `review ${changedFile}`;
      const run = await runClaude({
        baseUrl: emulator.url,
        cwd: dir,
        prompt: marker,
        jsonSchema: schema,
      });

      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.result).toMatchObject({ subtype: 'success', is_error: false, num_turns: 3 });
      const output = run.result?.structured_output as Record<string, unknown>;
      expect(output).toMatchObject({ verdict: 'comment', findings: [] });
      expect(String(output.summary).startsWith(REVIEW_HEADING)).toBe(true);
      expect(String(output.summary)).toContain(changedFile);
      // The CLI answers the call and stops: no request follows it.
      expect(structuredRequests(marker)).toEqual([
        ['tool_use', undefined],
        ['final', 'default'],
      ]);
      expect(requestsFor(marker)[0]?.tools).toContain('StructuredOutput');
      expect(toolResultsInTranscript(run)).toContain('Structured output provided successfully');
    });

    test('[findings:ID] delivers the registered document as it is', async () => {
      const findings = {
        summary: 'One problem.',
        verdict: 'request_changes',
        findings: [
          {
            path: 'src/app.ts',
            line: 42,
            start_line: 40,
            severity: 'high',
            title: 'Off by one',
            body: 'The loop ends one early.',
            suggestion: 'for (;;) {}',
          },
        ],
      };
      emulator.registerFindings('cli-one-problem', findings);
      const { dir, changedFile } = makeRepoWithChange();
      const marker = `review ${changedFile} [findings:cli-one-problem]`;
      const run = await runClaude({
        baseUrl: emulator.url,
        cwd: dir,
        prompt: marker,
        jsonSchema: schema,
      });

      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.result?.structured_output).toEqual(findings);
      expect(structuredRequests(marker)).toEqual([
        ['tool_use', undefined],
        ['final', 'cli-one-problem'],
      ]);
    });

    test('an unregistered findings id fails the run loudly', async () => {
      const { dir } = makeRepoWithChange();
      const marker = `review [findings:never-registered-${Math.random().toString(36).slice(2, 8)}]`;
      const run = await runClaude({
        baseUrl: emulator.url,
        cwd: dir,
        prompt: marker,
        jsonSchema: schema,
      });

      expect(run.exitCode).not.toBe(0);
      expect(resultText(run)).toContain('Unknown emulator findings document');
    });

    test('no-structured-output: one nudge from the CLI, then success without structured_output', async () => {
      const { dir, changedFile } = makeRepoWithChange();
      const marker = `[scenario:no-structured-output] ${changedFile}`;
      const run = await runClaude({
        baseUrl: emulator.url,
        cwd: dir,
        prompt: marker,
        jsonSchema: schema,
      });

      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.result).toMatchObject({ subtype: 'success', is_error: false });
      expect(run.result).not.toHaveProperty('structured_output');
      expect(resultText(run)).toContain(REVIEW_SIGNATURE);
      // Bash, the prose answer, and the answer to the CLI's "[structured-output-enforce]" nudge.
      expect(structuredRequests(marker)).toEqual([
        ['tool_use', undefined],
        ['final', undefined],
        ['final', undefined],
      ]);
    });

    test('bad-structured-output: the CLI refuses five calls and ends with error_max_structured_output_retries', async () => {
      const { dir, changedFile } = makeRepoWithChange();
      const marker = `[scenario:bad-structured-output] ${changedFile}`;
      const run = await runClaude({
        baseUrl: emulator.url,
        cwd: dir,
        prompt: marker,
        jsonSchema: schema,
      });

      expect(run.exitCode).toBe(1);
      expect(run.result).toMatchObject({
        subtype: 'error_max_structured_output_retries',
        is_error: true,
        terminal_reason: 'structured_output_retry_exhausted',
      });
      expect(String((run.result?.errors as string[] | undefined)?.[0])).toContain(
        'Failed to provide valid structured output after 5 attempts',
      );
      expect(structuredRequests(marker)).toEqual([
        ['tool_use', undefined],
        ...Array.from({ length: 5 }, () => ['final', 'schema-breaking']),
      ]);
      expect(
        toolResultsInTranscript(run).filter((r) =>
          r.startsWith('Output does not match required schema'),
        ),
      ).toHaveLength(5);
    });
  });
});

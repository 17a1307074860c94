import { describe, expect, test } from 'vitest';
import { claudeFailed, Transcript } from '../../src/action/transcript.ts';
import { capLine, MAX_LINE_BYTES } from '../../src/fly/logs/line-cap.ts';
import {
  apiErrorResult,
  initLine,
  maxBudgetResult,
  maxTurnsResult,
  successResult,
} from './claude-frames.ts';

const lines = {
  init: JSON.stringify({
    type: 'system',
    subtype: 'init',
    model: 'claude-sonnet-4-5',
    tools: ['Bash'],
  }),
  toolUse: JSON.stringify({
    type: 'assistant',
    message: {
      content: [
        { type: 'text', text: 'Let me look.' },
        { type: 'tool_use', name: 'Bash', input: { command: 'git diff --stat' } },
      ],
    },
  }),
  toolResult: JSON.stringify({
    type: 'user',
    message: { content: [{ type: 'tool_result', content: ' README.md | 2 +-\n 1 file changed' }] },
  }),
  result: JSON.stringify({
    type: 'result',
    subtype: 'success',
    is_error: false,
    result: '## Review\nLooks good.',
    total_cost_usd: 0.0123,
    num_turns: 2,
    duration_ms: 4500,
  }),
};

describe('Transcript', () => {
  test.each([
    [1, '[flaude] Cloning Codertocat/Hello-World', ['· Cloning Codertocat/Hello-World']],
    [2, '[flaude:error] FLAUDE_PROMPT is empty', ['✖ FLAUDE_PROMPT is empty']],
    [
      3,
      '[flaude:manifest:{"workspace":"/workspace/x","files":["a","b"]}]',
      ['· workspace /workspace/x: 2 files'],
    ],
    [4, '[flaude:manifest:{broken', ['· workspace manifest (unreadable)']],
    [5, lines.init, ['· Claude Code started (claude-sonnet-4-5)']],
    [6, lines.toolUse, ['  Let me look.', '▶ Bash: git diff --stat']],
    [7, lines.toolResult, ['     README.md | 2 +-', '     1 file changed']],
    [8, '{not json', ['{not json']],
    [9, 'plain text', ['plain text']],
    [10, '   ', []],
    [11, '[flaude:exit:3]', ['── reviewer exited with code 3']],
    // Not a marker for the library (codes are 0-255), so not one for the log either.
    [13, '[flaude:exit:999]', ['[flaude:exit:999]']],
    [
      14,
      '[flaude:manifest:{"workspace":"/w","files":["a"],"truncated":true,"total":4000}]',
      ['· workspace /w: 4000 files'],
    ],
    [12, JSON.stringify({ type: 'stream_event' }), []],
  ])('#%i renders %s', (_n, line, expected) => {
    expect(new Transcript().render(line)).toEqual(expected);
  });

  test('extracts the final result', () => {
    const t = new Transcript();
    for (const line of [
      lines.init,
      '[flaude:error] something odd',
      lines.toolUse,
      lines.toolResult,
      lines.result,
      '[flaude:exit:0]',
    ]) {
      t.render(line);
    }
    expect(t.result).toEqual({
      text: '## Review\nLooks good.',
      subtype: 'success',
      isError: false,
      errors: [],
      terminalReason: undefined,
      apiErrorStatus: undefined,
      model: 'claude-sonnet-4-5',
      costUsd: 0.0123,
      numTurns: 2,
      durationMs: 4500,
    });
  });

  test('renders the result with its facts', () => {
    expect(new Transcript().render(lines.result)).toEqual([
      '── Claude finished (2 turns, $0.0123, 4.5 s)',
      '  ## Review',
      '  Looks good.',
    ]);
  });

  test('does not repeat a result that Claude just wrote', () => {
    const t = new Transcript();
    t.render(
      JSON.stringify({
        type: 'assistant',
        message: { content: [{ type: 'text', text: '## Review\nLooks good.' }] },
      }),
    );
    expect(t.render(lines.result)).toEqual(['── Claude finished (2 turns, $0.0123, 4.5 s)']);
  });

  test('marks an error result', () => {
    const t = new Transcript();
    t.render(
      JSON.stringify({ type: 'result', subtype: 'error_max_turns', is_error: true, num_turns: 5 }),
    );
    expect(t.result?.isError).toBe(true);
  });

  // The lines Claude Code 2.1.330 really printed (claude-frames.ts), after its init line.
  test.each([
    [
      1,
      successResult,
      { subtype: 'success', isError: false, errors: [], terminalReason: 'completed', numTurns: 2 },
      false,
    ],
    [
      2,
      apiErrorResult,
      {
        subtype: 'success',
        isError: true,
        terminalReason: 'api_error',
        apiErrorStatus: 400,
        text: 'API Error: 400 Emulated API error (scenario api-error): request refused.',
      },
      true,
    ],
    [
      3,
      maxTurnsResult,
      {
        subtype: 'error_max_turns',
        isError: true,
        errors: ['Reached maximum number of turns (1)'],
        terminalReason: 'max_turns',
        text: '',
      },
      true,
    ],
    [
      4,
      maxBudgetResult,
      {
        subtype: 'error_max_budget_usd',
        errors: ['Reached maximum budget ($0.01)'],
        terminalReason: 'budget_exhausted',
      },
      true,
    ],
  ])('#%i a real result line: its facts, and whether it failed', (_n, line, facts, failed) => {
    const t = new Transcript();
    t.render(initLine);
    t.render(line);
    expect(t.result).toMatchObject({ ...facts, model: 'claude-sonnet-5-5' });
    expect(claudeFailed(t.result!)).toBe(failed);
    expect(t.render(line)[0]).toMatch(failed ? /^── Claude failed/ : /^── Claude finished/);
  });

  test("the model: the init line's, kept without a result; else the result's modelUsage", () => {
    const t = new Transcript();
    expect(t.model).toBeUndefined();
    t.render(initLine);
    expect(t.model).toBe('claude-sonnet-5-5');
    expect(t.result).toBeUndefined();

    const withoutInit = new Transcript();
    withoutInit.render(maxTurnsResult);
    expect(withoutInit.result?.model).toBe('claude-sonnet-5-5');
    withoutInit.render(apiErrorResult); // modelUsage is empty after an API error
    expect(withoutInit.result?.model).toBeUndefined();
  });

  test.each([
    [1, { subtype: 'success', is_error: false }, false],
    [2, { subtype: 'success', is_error: true }, true],
    [3, { subtype: 'error_during_execution', is_error: false }, true],
    [4, { subtype: 'error_some_future_kind' }, true],
    [5, { is_error: false }, false],
  ])('#%i claudeFailed %j', (_n, fields, failed) => {
    const t = new Transcript();
    t.render(JSON.stringify({ type: 'result', ...fields }));
    expect(claudeFailed(t.result!)).toBe(failed);
  });

  test('a cut result line is not read, and says so with its size', () => {
    const t = new Transcript();
    const cut = capLine(JSON.stringify({ type: 'result', result: 'r'.repeat(2 * MAX_LINE_BYTES) }));
    const read = t.read(cut);
    expect(t.result).toBeUndefined();
    expect(t.cutResult?.originalBytes).toBe(2 * MAX_LINE_BYTES + 29);
    expect(read.rendered.at(-1)).toBe(
      `── Claude's result line was ${2 * MAX_LINE_BYTES + 29} bytes, over the log's line limit: cut, and not read`,
    );
    expect(read.progress).toHaveLength(1);
    // As the CLI prints it: `type` last, behind the text that was cut away.
    const real = new Transcript();
    real.read(
      capLine(
        `{"num_turns":3,"subtype":"success","result":"${'r'.repeat(MAX_LINE_BYTES)}","type":"result"}`,
      ),
    );
    expect(real.cutResult).toBeDefined();
    // Any other cut line is only shown, shortened.
    const other = new Transcript();
    expect(
      other.read(capLine(`{"type":"assistant","x":"${'a'.repeat(MAX_LINE_BYTES)}"}`)).rendered,
    ).toHaveLength(1);
    expect(other.cutResult).toBeUndefined();
  });

  test('shortens long tool output', () => {
    const output = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
    const rendered = new Transcript().render(
      JSON.stringify({
        type: 'user',
        message: { content: [{ type: 'tool_result', content: [{ type: 'text', text: output }] }] },
      }),
    );
    expect(rendered).toHaveLength(13);
    expect(rendered.at(-1)).toBe('    … 18 more lines');
  });
});

/** An assistant line as Claude Code 2.1 prints it: one content block per line. */
function assistant(id: string, block: Record<string, unknown>): string {
  return JSON.stringify({
    type: 'assistant',
    message: { id, type: 'message', role: 'assistant', model: 'claude-opus-5-5', content: [block] },
    parent_tool_use_id: null,
    session_id: 's-1',
  });
}

function toolUse(name: string, input: Record<string, unknown>): string {
  return assistant('msg_1', { type: 'tool_use', id: 'toolu_1', name, input });
}

describe('Transcript progress notes', () => {
  test.each([
    [1, 'Bash', { command: 'npm test', description: 'Run the tests' }, '▶ Bash: npm test'],
    [
      2,
      'Read',
      { file_path: '/workspace/repo/src/a.ts', limit: 20 },
      '▶ Read: /workspace/repo/src/a.ts',
    ],
    [3, 'Edit', { file_path: 'b.ts', old_string: 'x', new_string: 'y' }, '▶ Edit: b.ts'],
    [4, 'Write', { file_path: 'c.md', content: '# c\n' }, '▶ Write: c.md'],
    [5, 'Grep', { pattern: 'TODO|FIXME', path: 'src' }, '▶ Grep: TODO|FIXME'],
    [6, 'Glob', { pattern: '**/*.test.ts' }, '▶ Glob: **/*.test.ts'],
    [
      7,
      'WebFetch',
      { url: 'https://example.com/x', prompt: 'summarise' },
      '▶ WebFetch: https://example.com/x',
    ],
    [8, 'WebSearch', { query: 'CVE-2026-1234' }, '▶ WebSearch: CVE-2026-1234'],
    [9, 'mcp__github__get_file', { path: 'README.md' }, '▶ mcp__github__get_file: README.md'],
    [10, 'TodoWrite', { todos: [{ content: 'x' }] }, '▶ TodoWrite'],
    [11, 'Bash', { command: 'git diff \\\n  --stat\tHEAD~1' }, '▶ Bash: git diff \\ --stat HEAD~1'],
    // A line break in an argument would start a line the runner reads commands from.
    [
      12,
      'Bash',
      { command: 'echo a\n::warning::forged\r::error::x' },
      '▶ Bash: echo a ::warning::forged ::error::x',
    ],
    [
      13,
      'Bash',
      { command: 'printf "\u001b[31mred\u2028\u202eevil"' },
      '▶ Bash: printf " [31mred evil"',
    ],
  ])('#%i %s', (_n, name, input, expected) => {
    expect(new Transcript().read(toolUse(name, input)).progress).toEqual([expected]);
  });

  test('a long argument is clipped to 100 characters', () => {
    const [note] = new Transcript().read(
      toolUse('Bash', { command: `echo ${'x'.repeat(300)}` }),
    ).progress;
    expect(note).toHaveLength(100);
    expect(note).toMatch(/^▶ Bash: echo x+…$/);
  });

  test('the section still shows the whole argument, up to 400 characters', () => {
    const command = `echo ${'y'.repeat(200)}`;
    expect(new Transcript().render(toolUse('Bash', { command }))).toEqual([`▶ Bash: ${command}`]);
    expect(new Transcript().render(toolUse('TodoWrite', { todos: [] }))).toEqual([
      '▶ TodoWrite: {"todos":[]}',
    ]);
  });

  test.each([
    [1, '[flaude] Cloning Codertocat/Hello-World', []],
    [2, '[flaude:error] clone failed', ['✖ clone failed']],
    [3, '[flaude:exit:0]', []],
    [4, lines.init, []],
    [5, lines.toolResult, []],
    [6, lines.result, []],
    [7, assistant('msg_1', { type: 'text', text: 'Let me look.' }), []],
    [8, 'plain text', []],
  ])('#%i %s', (_n, line, expected) => {
    expect(new Transcript().read(line).progress).toEqual(expected);
  });

  test('turns count assistant messages, not the lines each of their blocks comes in', () => {
    const t = new Transcript();
    expect(t.turns).toBe(0);
    t.read(assistant('msg_1', { type: 'text', text: 'Looking.' }));
    t.read(assistant('msg_1', { type: 'tool_use', name: 'Bash', input: { command: 'ls' } }));
    t.read(lines.toolResult);
    expect(t.turns).toBe(1);
    t.read(assistant('msg_2', { type: 'text', text: '## Review' }));
    expect(t.turns).toBe(2);
    // An older CLI without message ids: every assistant line is a turn.
    t.read(lines.toolUse);
    expect(t.turns).toBe(3);
  });
});

import { describe, expect, test } from 'vitest';
import { sampleFromSchema } from '../json-sample.ts';
import { readMessagesRequest, workspaceFacts } from '../messages-request.ts';
import { SIDE_ANSWER, quoteToolOutput } from '../review-text.ts';
import {
  commandFromPrompt,
  planReply,
  resolveScenarioOptions,
  reviewCommand,
  scenarioFromPrompt,
} from '../scenarios.ts';
import { FindingsRegistry, findingsIdFromPrompt } from '../structured-output.ts';

// Shaped like Claude Code 2.1.330's first request (texts shortened): reminders first, the
// user's prompt last, environment facts in a `system` role message.
function gitStatusReminder(
  status: string,
  commits = 'abc1234 [scenario:long] sneaky subject',
): string {
  return (
    "<system-reminder>\nAs you answer the user's questions, you can use the following context:\n" +
    '# gitStatus\nThis is the git status at the start of the conversation.\n\nCurrent branch: main\n\n' +
    `Status:\n${status}\n\nRecent commits:\n${commits}\n\nClaude Code attached this context automatically.\n</system-reminder>`
  );
}

function cliRequest(
  prompt: string,
  options: { status?: string; gitRepo?: boolean; tools?: string[]; extra?: unknown[] } = {},
): Record<string, unknown> {
  return {
    model: 'claude-opus-5-5',
    stream: true,
    system: [
      { type: 'text', text: "You are a Claude agent, built on Anthropic's Claude Agent SDK." },
    ],
    tools: (options.tools ?? ['Agent', 'Bash', 'Read']).map((name) => ({ name, input_schema: {} })),
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: gitStatusReminder(options.status ?? ' M src/a.ts') },
          {
            type: 'text',
            text: '<system-reminder>\nAttribution for git commits\n</system-reminder>\n',
          },
          { type: 'text', text: prompt },
        ],
      },
      {
        role: 'system',
        content: [
          {
            type: 'text',
            text: `# Environment\n - Primary working directory: /w\n - Is a git repository: ${String(options.gitRepo ?? true)}\n`,
          },
        ],
      },
      ...(options.extra ?? []),
    ],
  };
}

const toolExchange = [
  {
    role: 'assistant',
    content: [
      { type: 'text', text: 'Looking.' },
      { type: 'tool_use', id: 'toolu_9', name: 'Bash', input: { command: 'git diff --stat' } },
    ],
  },
  {
    role: 'user',
    content: [
      {
        type: 'tool_result',
        tool_use_id: 'toolu_9',
        content: ' src/a.ts | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)',
        is_error: false,
      },
    ],
  },
];

describe('readMessagesRequest', () => {
  test("takes the prompt from the user's own text, not from system reminders", () => {
    const view = readMessagesRequest(cliRequest('please review [scenario:no-tool]'));
    expect(view.prompt).toBe('please review [scenario:no-tool]');
    expect(view).toMatchObject({
      model: 'claude-opus-5-5',
      stream: true,
      tools: ['Agent', 'Bash', 'Read'],
    });
  });

  test('accepts string content and a missing body', () => {
    expect(readMessagesRequest({ messages: [{ role: 'user', content: 'plain' }] }).prompt).toBe(
      'plain',
    );
    expect(readMessagesRequest(undefined)).toMatchObject({
      prompt: '',
      tools: [],
      toolResults: [],
      stream: false,
    });
  });

  test('pairs each tool result with the command of its tool_use', () => {
    const view = readMessagesRequest(cliRequest('review', { extra: toolExchange }));
    expect(view.toolResults).toEqual([
      {
        toolUseId: 'toolu_9',
        toolName: 'Bash',
        command: 'git diff --stat',
        text: ' src/a.ts | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)',
        isError: false,
      },
    ]);
  });

  test('flattens block-array tool results and keeps is_error', () => {
    const view = readMessagesRequest({
      messages: [
        { role: 'user', content: 'x' },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'unknown',
              is_error: true,
              content: [
                { type: 'text', text: 'line 1' },
                { type: 'text', text: 'line 2' },
              ],
            },
          ],
        },
      ],
    });
    expect(view.toolResults).toEqual([
      { toolUseId: 'unknown', text: 'line 1\nline 2', isError: true },
    ]);
  });

  test('reads a structured-output schema', () => {
    const schema = {
      type: 'object',
      properties: { title: { type: 'string' } },
      required: ['title'],
    };
    const view = readMessagesRequest({
      output_config: { format: { type: 'json_schema', schema } },
    });
    expect(view.outputSchema).toEqual(schema);
  });
});

describe('workspaceFacts', () => {
  test.each<[string, string[], ReturnType<typeof workspaceFacts>]>([
    [
      'modified file',
      [gitStatusReminder(' M a.txt'), 'Is a git repository: true'],
      { isGitRepo: true, hasTrackedChanges: true },
    ],
    [
      'clean',
      [gitStatusReminder('(clean)'), 'Is a git repository: true'],
      { isGitRepo: true, hasTrackedChanges: false },
    ],
    ['only untracked', [gitStatusReminder('?? new.txt')], { hasTrackedChanges: false }],
    ['staged and untracked', [gitStatusReminder('A  x.ts\n?? y.ts')], { hasTrackedChanges: true }],
    ['not a repository', ['Is a git repository: false'], { isGitRepo: false }],
    ['nothing said', ['hello'], {}],
  ])('%s', (_name, texts, expected) => {
    expect(workspaceFacts(texts)).toEqual(expected);
  });
});

describe('scenarioFromPrompt', () => {
  test.each([
    ['review this', { scenario: 'success' }],
    ['[scenario:api-error] review', { scenario: 'api-error' }],
    ['x [Scenario: SLOW] y', { scenario: 'slow' }],
    ['[scenario:long]', { scenario: 'long' }],
    ['[scenario:no-tool]', { scenario: 'no-tool' }],
    ['[scenario:success]', { scenario: 'success' }],
    ['[scenario:nope]', { unknown: 'nope' }],
    ['scenario:slow without brackets', { scenario: 'success' }],
  ])('%#: %j', (prompt, expected) => {
    expect(scenarioFromPrompt(prompt, 'success')).toEqual(expected);
  });

  test('falls back to the configured default', () => {
    expect(scenarioFromPrompt('plain', 'no-tool')).toEqual({ scenario: 'no-tool' });
  });
});

describe('reviewCommand', () => {
  test.each([
    [{ isGitRepo: true, hasTrackedChanges: true }, 'git diff --stat'],
    [{ isGitRepo: true, hasTrackedChanges: false }, 'git log --oneline -3'],
    [{ isGitRepo: true }, 'git log --oneline -3'],
    [{}, 'git log --oneline -3'],
    [{ isGitRepo: false, hasTrackedChanges: true }, 'ls -la'],
  ])('%#: %j -> %s', (facts, command) => {
    expect(reviewCommand(facts)).toBe(command);
  });
});

describe('commandFromPrompt', () => {
  test.each([
    ['Review it. [bash:id -un; touch /etc/x]', 'id -un; touch /etc/x'],
    ['[bash:  ls -la  ] [scenario:slow]', 'ls -la'],
    ['Review it.', undefined],
    ['[bash:]', undefined],
    ['[bash:echo\nx]', undefined],
  ])('%#: %j -> %s', (prompt, command) => {
    expect(commandFromPrompt(prompt)).toBe(command);
  });
});

describe('planReply', () => {
  const options = resolveScenarioOptions({
    slowChunkCount: 4,
    slowChunkDelayMs: 10,
    longLineCount: 5,
  });
  let ids = 0;
  const newId = (): string => `toolu_test_${++ids}`;

  test('success turn 1 calls Bash with the review command; a commit subject cannot pick a scenario', () => {
    const planned = planReply(readMessagesRequest(cliRequest('review')), options, newId);
    expect(planned).toMatchObject({ kind: 'main', scenario: 'success', step: 'tool_use' });
    expect(planned.reply).toMatchObject({
      kind: 'message',
      message: {
        stopReason: 'tool_use',
        content: [
          { type: 'text' },
          { type: 'tool_use', name: 'Bash', input: { command: 'git diff --stat' } },
        ],
      },
    });
  });

  test('tool call ids are fresh for every request', () => {
    const view = readMessagesRequest(cliRequest('review'));
    const idOf = (p: ReturnType<typeof planReply>): unknown =>
      p.reply.kind === 'message' ? p.reply.message.content[1] : undefined;
    expect(idOf(planReply(view, options, newId))).not.toEqual(
      idOf(planReply(view, options, newId)),
    );
  });

  test.each([
    ['review', 'success', undefined, 0],
    ['[scenario:slow]', 'slow', { chunkCount: 4, chunkDelayMs: 10 }, 0],
    ['[scenario:long]', 'long', undefined, 5],
  ])('%s final turn quotes the tool output', (prompt, scenario, pacing, findings) => {
    const planned = planReply(
      readMessagesRequest(cliRequest(prompt, { extra: toolExchange })),
      options,
      newId,
    );
    expect(planned).toMatchObject({ kind: 'main', scenario, step: 'final' });
    if (planned.reply.kind !== 'message') throw new Error('expected a message');
    expect(planned.reply.pacing).toEqual(pacing);
    const block = planned.reply.message.content[0];
    const text = block?.type === 'text' ? block.text : '';
    expect(planned.reply.message.stopReason).toBe('end_turn');
    expect(text).toContain('Output of `git diff --stat`');
    expect(text).toContain(' 1 file changed, 1 insertion(+), 1 deletion(-)');
    expect(text.split('\n').filter((line) => line.startsWith('- Finding '))).toHaveLength(findings);
  });

  test('no-tool answers with text at once', () => {
    const planned = planReply(
      readMessagesRequest(cliRequest('[scenario:no-tool]')),
      options,
      newId,
    );
    expect(planned).toMatchObject({
      step: 'final',
      reply: { message: { stopReason: 'end_turn' } },
    });
  });

  test('api-error and unknown scenarios answer HTTP errors', () => {
    expect(
      planReply(readMessagesRequest(cliRequest('[scenario:api-error]')), options, newId),
    ).toMatchObject({
      step: 'error',
      reply: { kind: 'error', status: 400, errorType: 'invalid_request_error' },
    });
    const custom = resolveScenarioOptions({ apiError: { status: 403, type: 'permission_error' } });
    expect(
      planReply(readMessagesRequest(cliRequest('[scenario:api-error]')), custom, newId).reply,
    ).toMatchObject({
      kind: 'error',
      status: 403,
      errorType: 'permission_error',
    });
    const typo = planReply(
      readMessagesRequest(cliRequest('[scenario:typo]')),
      options,
      newId,
    ).reply;
    expect(typo).toMatchObject({ kind: 'error', status: 400 });
    expect(typo).toHaveProperty('message', expect.stringContaining('"typo"'));
  });

  test('requests without the Bash tool are side requests with a short answer', () => {
    const planned = planReply(
      readMessagesRequest(cliRequest('Generate a title', { tools: [] })),
      options,
      newId,
    );
    expect(planned).toMatchObject({
      kind: 'side',
      reply: {
        kind: 'message',
        message: { content: [{ type: 'text', text: SIDE_ANSWER }], stopReason: 'end_turn' },
      },
    });
  });

  test('side requests with a JSON schema get JSON that follows it', () => {
    const body = {
      ...cliRequest('classify', { tools: [] }),
      output_config: {
        format: {
          type: 'json_schema',
          schema: {
            type: 'object',
            properties: { isNewTopic: { type: 'boolean' } },
            required: ['isNewTopic'],
          },
        },
      },
    };
    const planned = planReply(readMessagesRequest(body), options, newId);
    if (planned.reply.kind !== 'message') throw new Error('expected a message');
    const block = planned.reply.message.content[0];
    expect(JSON.parse(block?.type === 'text' ? block.text : '')).toEqual({ isNewTopic: false });
  });
});

describe('planReply with StructuredOutput offered (--json-schema)', () => {
  const options = resolveScenarioOptions();
  let ids = 0;
  const newId = (): string => `toolu_so_${++ids}`;
  const tools = ['Bash', 'Read', 'StructuredOutput'];
  const report = { summary: 'S', verdict: 'approve', findings: [] };
  const registry = new FindingsRegistry({ clean: report });

  function finalBlocks(prompt: string, extra: unknown[] = toolExchange) {
    const planned = planReply(
      readMessagesRequest(cliRequest(prompt, { tools, extra })),
      options,
      newId,
      registry,
    );
    if (planned.reply.kind !== 'message') throw new Error(`expected a message: ${prompt}`);
    return { planned, message: planned.reply.message };
  }

  test.each([
    ['review', 'default', { verdict: 'comment', findings: [] }],
    ['review [findings:clean]', 'clean', report],
    ['[scenario:bad-structured-output]', 'schema-breaking', { summary: 42, verdict: 'maybe' }],
  ])('%s: the final turn calls StructuredOutput with the %s document', (prompt, name, input) => {
    const { planned, message } = finalBlocks(prompt);
    expect(planned).toMatchObject({ step: 'final', structuredOutput: name });
    expect(message.stopReason).toBe('tool_use');
    expect(message.content.map((b) => b.type)).toEqual(['text', 'tool_use']);
    expect(message.content[1]).toMatchObject({ name: 'StructuredOutput', input });
  });

  test('the default summary is the scripted review, quoting the tool output', () => {
    const block = finalBlocks('review').message.content[1];
    const input = block?.type === 'tool_use' ? block.input : {};
    expect(String(input.summary)).toContain('1 file changed, 1 insertion(+), 1 deletion(-)');
  });

  test('no-structured-output answers in text only, also after the CLI nudges', () => {
    const nudge = {
      role: 'user',
      content: [{ type: 'text', text: '[structured-output-enforce] You MUST call the tool.' }],
    };
    for (const extra of [
      toolExchange,
      [...toolExchange, { role: 'assistant', content: 'x' }, nudge],
    ]) {
      const { planned, message } = finalBlocks('[scenario:no-structured-output]', extra);
      expect(planned).not.toHaveProperty('structuredOutput');
      expect(message).toMatchObject({ stopReason: 'end_turn', content: [{ type: 'text' }] });
    }
  });

  test('after a refused call bad-structured-output calls again; after an accepted one the turn ends', () => {
    const answered = (isError: boolean) => [
      ...toolExchange,
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'toolu_s', name: 'StructuredOutput', input: {} }],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'toolu_s', content: 'x', is_error: isError }],
      },
    ];
    expect(finalBlocks('[scenario:bad-structured-output]', answered(true)).planned).toMatchObject({
      structuredOutput: 'schema-breaking',
    });
    const after = finalBlocks('review', answered(false));
    expect(after.planned).not.toHaveProperty('structuredOutput');
    expect(after.message.stopReason).toBe('end_turn');
  });

  test('no-tool calls StructuredOutput in its single turn', () => {
    const { planned } = finalBlocks('[scenario:no-tool] [findings:clean]', []);
    expect(planned).toMatchObject({ step: 'final', structuredOutput: 'clean' });
  });

  test('an unregistered findings id is an HTTP 400 naming it and the registered ones', () => {
    const planned = planReply(
      readMessagesRequest(cliRequest('review [findings:nope]', { tools })),
      options,
      newId,
      registry,
    );
    expect(planned.reply).toMatchObject({ kind: 'error', status: 400 });
    expect(planned.reply).toHaveProperty(
      'message',
      'Unknown emulator findings document "nope"; registered: clean.',
    );
  });

  test('without StructuredOutput a findings keyword changes nothing', () => {
    const planned = planReply(
      readMessagesRequest(cliRequest('review [findings:nope]', { extra: toolExchange })),
      options,
      newId,
      registry,
    );
    expect(planned).toMatchObject({
      step: 'final',
      reply: { message: { stopReason: 'end_turn' } },
    });
  });
});

describe('FindingsRegistry', () => {
  test('keeps a copy of each document and refuses an id the keyword cannot name', () => {
    const registry = new FindingsRegistry();
    const document = { summary: 'a', verdict: 'comment', findings: [] as unknown[] };
    registry.register('r-1.x_y', document);
    document.findings.push('changed later');
    expect(registry.get('r-1.x_y')).toEqual({ summary: 'a', verdict: 'comment', findings: [] });
    expect(() => registry.register('has space', {})).toThrow(/Findings id "has space"/);
    expect(findingsIdFromPrompt('Review. [findings: r-1.x_y ]')).toBe('r-1.x_y');
    expect(findingsIdFromPrompt('Review.')).toBeUndefined();
  });
});

describe('sampleFromSchema', () => {
  test.each<[unknown, unknown]>([
    [{ type: 'string' }, ''],
    [{ type: 'integer', minimum: 3 }, 3],
    [{ type: 'number' }, 0],
    [{ type: 'boolean' }, false],
    [{ type: 'array', items: { type: 'string' } }, []],
    [{ enum: ['a', 'b'] }, 'a'],
    [{ const: 7 }, 7],
    [{ anyOf: [{ type: 'string' }, { type: 'null' }] }, ''],
    [{ type: ['null', 'string'] }, null],
    [
      {
        type: 'object',
        properties: {
          a: { type: 'string' },
          b: { type: 'object', properties: { c: { type: 'boolean' } }, required: ['c'] },
          d: {},
        },
        required: ['a', 'b'],
      },
      { a: '', b: { c: false } },
    ],
    [undefined, null],
  ])('%#: %j', (schema, expected) => {
    expect(sampleFromSchema(schema)).toEqual(expected);
  });
});

describe('quoteToolOutput', () => {
  test.each([
    ['', '(no output)'],
    ['  \n', '(no output)'],
    ['one\ntwo\n', 'one\ntwo'],
    [
      Array.from({ length: 25 }, (_, i) => `l${i}`).join('\n'),
      `${Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n')}\n[... output truncated]`,
    ],
  ])('%#', (output, expected) => {
    expect(quoteToolOutput(output)).toBe(expected);
  });
});

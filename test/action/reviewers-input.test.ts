// The `reviewers` input: a team in one step, each entry overriding the step-wide settings.
import { describe, expect, test } from 'vitest';
import { readInputs, type InputSource } from '../../src/action/inputs.ts';
import type { ReviewerInputs } from '../../src/action/reviewer-entries.ts';

const valid: Record<string, string> = {
  'fly-api-token': 'fly-secret-token',
  app: 'my-reviewers',
  'claude-code-oauth-token': 'sk-ant-oat01-secret',
  image: 'registry.fly.io/my-reviewers:flaude-1',
  'machine-github-token': 'ghs_machinetoken',
  // What the runner passes for the inputs with a default in action.yml.
  name: 'claude',
  'memory-mb': '2048',
  'vm-size': 'shared-cpu-2x',
};

function source(overrides: Record<string, string>): InputSource {
  const values = { ...valid, ...overrides };
  return { get: (name) => values[name] ?? '', setSecret: () => {} };
}

const team = (yaml: string, step: Record<string, string> = {}): readonly ReviewerInputs[] =>
  readInputs(source({ reviewers: yaml, ...step }), 'linux').reviewers;

const ISSUE_EXAMPLE = `
- name: security
  prompt: Review this pull request for security problems only.
  model: opus
- name: tests
  prompt: Check that every behaviour change in this pull request has a test.
  max-turns: 30
`;

const stepDefaults = {
  model: undefined,
  maxTurns: undefined,
  maxBudgetUsd: undefined,
  allowedTools: [],
  disallowedTools: [],
  appendSystemPrompt: undefined,
  region: undefined,
  vmSize: 'shared-cpu-2x',
  memoryMb: 2048,
  timeoutMinutes: 30,
  env: {},
};

describe('reviewers', () => {
  test("the issue's example: two reviewers, each with the step's defaults and its overrides", () => {
    expect(team(ISSUE_EXAMPLE)).toEqual([
      {
        ...stepDefaults,
        name: 'security',
        prompt: 'Review this pull request for security problems only.',
        entry: 1,
        model: 'opus',
      },
      {
        ...stepDefaults,
        name: 'tests',
        prompt: 'Check that every behaviour change in this pull request has a test.',
        entry: 2,
        maxTurns: 30,
      },
    ]);
  });

  test.each<[string, string, Record<string, string>, Partial<ReviewerInputs>]>([
    ['no prompt: the built-in one', '- name: a', {}, { prompt: undefined }],
    [
      'model',
      '- name: a\n  model: claude-opus-4-1',
      { model: 'sonnet' },
      { model: 'claude-opus-4-1' },
    ],
    ['model from the step', '- name: a', { model: 'sonnet' }, { model: 'sonnet' }],
    ['max-turns', '- name: a\n  max-turns: 5', { 'max-turns': '9' }, { maxTurns: 5 }],
    ['max-budget-usd', '- name: a\n  max-budget-usd: 0.75', {}, { maxBudgetUsd: 0.75 }],
    [
      'allowed-tools as text',
      '- name: a\n  allowed-tools: Read, Grep',
      {},
      { allowedTools: ['Read', 'Grep'] },
    ],
    [
      'allowed-tools as a list, replacing the step',
      '- name: a\n  allowed-tools: [Read, "Bash(git diff:*)"]',
      { 'allowed-tools': 'Edit' },
      { allowedTools: ['Read', 'Bash(git diff:*)'] },
    ],
    [
      'allowed-tools: [] clears the step',
      '- name: a\n  allowed-tools: []',
      { 'allowed-tools': 'Edit' },
      { allowedTools: [] },
    ],
    [
      'disallowed-tools',
      '- name: a\n  disallowed-tools:\n    - WebFetch',
      {},
      { disallowedTools: ['WebFetch'] },
    ],
    [
      'append-system-prompt',
      '- name: a\n  append-system-prompt: |\n    Be brief.\n    Cite lines.',
      {},
      { appendSystemPrompt: 'Be brief.\nCite lines.' },
    ],
    [
      'vm-size with the default memory',
      '- name: a\n  vm-size: performance-2x',
      {},
      { vmSize: 'performance-2x', memoryMb: 4096 },
    ],
    [
      'vm-size with the step memory',
      '- name: a\n  vm-size: shared-cpu-4x',
      { 'memory-mb': '4096' },
      { vmSize: 'shared-cpu-4x', memoryMb: 4096 },
    ],
    ['memory-mb', '- name: a\n  memory-mb: 1024', {}, { memoryMb: 1024 }],
    ['timeout-minutes', '- name: a\n  timeout-minutes: 7.5', {}, { timeoutMinutes: 7.5 }],
    ['region', '- name: a\n  region: syd', { region: 'ams' }, { region: 'syd' }],
    ['region from the step', '- name: a', { region: 'ams' }, { region: 'ams' }],
    [
      'env merged over the step',
      '- name: a\n  env:\n    LEVEL: high\n    EXTRA: "1"',
      { env: 'LEVEL: low\nSHARED: yes' },
      { env: { LEVEL: 'high', SHARED: 'yes', EXTRA: '1' } },
    ],
    ['name with digits and dashes', '- name: a1-b2-c3', {}, { name: 'a1-b2-c3' }],
    ['name of 32 characters', `- name: ${'a'.repeat(32)}`, {}, { name: 'a'.repeat(32) }],
    ['name that YAML would read as a number', '- name: 007', {}, { name: '007' }],
  ])('%s', (_title, yaml, step, expected) => {
    const [reviewer] = team(yaml, step);
    expect(reviewer).toMatchObject(expected);
  });

  test('an empty reviewers input falls back to name and prompt', () => {
    for (const empty of ['', '  \n', '# nobody yet\n']) {
      expect(team(empty, { name: 'solo', prompt: 'Go.' })).toEqual([
        { ...stepDefaults, name: 'solo', prompt: 'Go.', entry: undefined },
      ]);
    }
  });

  test.each<[string, string, Record<string, string>, RegExp]>([
    [
      'prompt beside reviewers',
      ISSUE_EXAMPLE,
      { prompt: 'Review.' },
      /^Inputs 'reviewers' and 'prompt' are both set: give each reviewer's prompt in its 'reviewers' entry instead\.$/,
    ],
    [
      'a name of its own beside reviewers',
      ISSUE_EXAMPLE,
      { name: 'lead' },
      /^Inputs 'reviewers' and 'name' are both set \('name' is "lead"\): give each reviewer's name in its 'reviewers' entry instead\.$/,
    ],
    ['not a list', 'name: a', {}, /^Input 'reviewers' is a map; expected a YAML list of reviewers/],
    ['text', 'security', {}, /^Input 'reviewers' is text; expected a YAML list/],
    [
      'an empty list',
      '[]',
      {},
      /^Input 'reviewers' is an empty list; give at least one reviewer\.$/,
    ],
    [
      'more reviewers than a step runs',
      Array.from({ length: 101 }, (_, i) => `- name: r${i}`).join('\n'),
      {},
      /^Input 'reviewers' lists 101 reviewers; at most 100 run in one step\.$/,
    ],
    [
      'an entry that is text',
      '- security',
      {},
      /^Input 'reviewers', entry 1 is text; expected a map with at least 'name'\.$/,
    ],
    ['no name', '- name: a\n- prompt: x', {}, /^Input 'reviewers', entry 2 has no 'name'\.$/],
    [
      'a name that is a list',
      '- name: [a]',
      {},
      /^Input 'reviewers', entry 1, field 'name' is a list; expected text\.$/,
    ],
    [
      'an upper-case name',
      '- name: Security',
      {},
      /^Input 'reviewers', entry 1, field 'name' is "Security"; expected 1 to 32 lowercase/,
    ],
    ['a name with a space', '- name: my bot', {}, /field 'name' is "my bot"/],
    ['a name with double dashes', '- name: a--b', {}, /field 'name' is "a--b"/],
    ['a name ending in a dash', '- name: a-', {}, /field 'name' is "a-"/],
    ['a name of 33 characters', `- name: ${'a'.repeat(33)}`, {}, /field 'name' is "a{33}"/],
    ['an empty name', '- name: ""', {}, /field 'name' is ""/],
    [
      'two entries with one name',
      '- name: a\n- name: b\n- name: a',
      {},
      /^Input 'reviewers': entries 1 and 3 are both named "a"; names must be unique\.$/,
    ],
    [
      'an unknown key',
      '- name: tests\n  promt: typo',
      {},
      /^Input 'reviewers', entry 1 \("tests"\) has an unknown key "promt"; allowed: name, prompt, model, max-turns, max-budget-usd, allowed-tools, disallowed-tools, append-system-prompt, vm-size, memory-mb, timeout-minutes, region, env\.$/,
    ],
    ['a step-only key', '- name: a\n  claude-args: --bare', {}, /has an unknown key "claude-args"/],
    [
      'an empty prompt',
      '- name: a\n  prompt:',
      {},
      /^Input 'reviewers', entry 1 \("a"\), field 'prompt' is empty; give a value or leave the key out\.$/,
    ],
    [
      'a prompt that is a map',
      '- name: a\n  prompt: {x: y}',
      {},
      /field 'prompt' is a map; expected text/,
    ],
    [
      'a bad model',
      '- name: a\n- name: b\n  model: opus 4',
      {},
      /^Input 'reviewers', entry 2 \("b"\), field 'model' is "opus 4"; expected a model name/,
    ],
    [
      'a bad max-turns',
      '- name: a\n  max-turns: lots',
      {},
      /^Input 'reviewers', entry 1 \("a"\), field 'max-turns' is "lots"/,
    ],
    [
      'a bad max-budget-usd',
      '- name: a\n  max-budget-usd: -1',
      {},
      /field 'max-budget-usd' is "-1"/,
    ],
    [
      'a bad allowed-tools',
      '- name: a\n  allowed-tools: [Read, -x]',
      {},
      /field 'allowed-tools'\[1\] is "-x"/,
    ],
    [
      'allowed-tools as a map',
      '- name: a\n  allowed-tools: {Read: yes}',
      {},
      /field 'allowed-tools' is a map; expected a list of tool names/,
    ],
    [
      'a bad disallowed-tools',
      '- name: a\n  disallowed-tools: "--verbose"',
      {},
      /field 'disallowed-tools' is "--verbose"/,
    ],
    [
      'an empty append-system-prompt',
      '- name: a\n  append-system-prompt: "  "',
      {},
      /field 'append-system-prompt' is empty/,
    ],
    [
      'a bad vm-size',
      '- name: a\n  vm-size: huge',
      {},
      /^Input 'reviewers', entry 1 \("a"\), field 'vm-size' is "huge"; expected one of shared-cpu-1x/,
    ],
    [
      'a bad memory-mb',
      '- name: a\n  memory-mb: 1000',
      {},
      /field 'memory-mb' is "1000"; expected a multiple of 256 from 512 to 4096 for shared-cpu-2x/,
    ],
    [
      'memory-mb beyond its own vm-size',
      '- name: a\n  vm-size: shared-cpu-1x\n  memory-mb: 4096',
      {},
      /field 'memory-mb' is "4096"; expected a multiple of 256 from 256 to 2048 for shared-cpu-1x/,
    ],
    [
      'memory-mb that is a word',
      '- name: a\n  memory-mb: big',
      {},
      /field 'memory-mb' is "big"; expected a whole number/,
    ],
    [
      "a vm-size the step's memory-mb does not fit",
      '- name: a\n  vm-size: performance-2x',
      { 'memory-mb': '1024' },
      /^Input 'reviewers', entry 1 \("a"\), field 'vm-size' is "performance-2x", but the step's 'memory-mb' "1024" is not a multiple of 256 from 4096 to 16384 for performance-2x: set 'memory-mb' in the entry\.$/,
    ],
    [
      'a bad timeout-minutes',
      '- name: a\n  timeout-minutes: 0',
      {},
      /field 'timeout-minutes' is "0"; expected a number of minutes from 1 to 360/,
    ],
    [
      'a bad region',
      '- name: a\n  region: Sydney',
      {},
      /field 'region' is "Sydney"; expected a Fly region code/,
    ],
    [
      'a reserved env key',
      '- name: a\n  env:\n    ANTHROPIC_API_KEY: x',
      {},
      /^Input 'reviewers', entry 1 \("a"\), field 'env': env key "ANTHROPIC_API_KEY" is reserved/,
    ],
    [
      'env that is text',
      '- name: a\n  env: A=b',
      {},
      /field 'env' is text; expected a map of names to values/,
    ],
    [
      'duplicate keys',
      '- name: a\n  name: b',
      {},
      /^Input 'reviewers' is not valid YAML: duplicated mapping key \(line 2, column 3\)\.$/,
    ],
    ['an alias', '- &x {name: a}\n- *x', {}, /^Input 'reviewers' uses a YAML anchor or alias/],
    ['broken YAML', '- name: a\n prompt: b', {}, /^Input 'reviewers' is not valid YAML/],
  ])('refuses %s', (_title, yaml, step, message) => {
    expect(() => team(yaml, step)).toThrow(message);
  });
});

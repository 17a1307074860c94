import { describe, expect, test } from 'vitest';
import { readFlyConnectionInputs, readInputs, type InputSource } from '../../src/action/inputs.ts';
import { secretForms } from '../../src/fly/index.ts';

const valid: Record<string, string> = {
  'fly-api-token': 'fly-secret-token',
  app: 'my-reviewers',
  'claude-code-oauth-token': 'sk-ant-oat01-secret',
  image: 'registry.fly.io/my-reviewers:flaude-1',
  'machine-github-token': 'ghs_machinetoken',
};

function source(
  overrides: Record<string, string | undefined>,
): InputSource & { secrets: string[] } {
  const values: Record<string, string | undefined> = { ...valid, ...overrides };
  const secrets: string[] = [];
  return {
    get: (name) => values[name] ?? '',
    setSecret: (value) => secrets.push(value),
    secrets,
  };
}

describe('readInputs', () => {
  test('applies the documented defaults', () => {
    const inputs = readInputs(source({}));
    expect(inputs).toEqual({
      flyApiToken: 'fly-secret-token',
      app: 'my-reviewers',
      org: 'personal',
      claudeCredential: { kind: 'oauth-token', value: 'sk-ant-oat01-secret' },
      prompt: undefined,
      reviewerName: 'claude',
      image: 'registry.fly.io/my-reviewers:flaude-1',
      region: undefined,
      vmSize: 'shared-cpu-2x',
      memoryMb: 2048,
      timeoutMinutes: 30,
      model: undefined,
      maxTurns: undefined,
      maxBudgetUsd: undefined,
      allowedTools: [],
      disallowedTools: [],
      appendSystemPrompt: undefined,
      env: {},
      metadata: {},
      claudeArgs: [],
      reviewers: [
        {
          name: 'claude',
          prompt: undefined,
          entry: undefined,
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
        },
      ],
      maxConcurrency: 4,
      failOnError: true,
      allowForkPrs: false,
      triggerPhrase: '/review',
      issueTitle: undefined,
      machineGithubToken: 'ghs_machinetoken',
      claudeGithubToken: false,
      flyApiUrl: 'https://api.machines.dev',
      flyLogsUrl: 'https://api.fly.io',
      flyRegistryUrl: 'https://registry.fly.io',
      posting: {
        githubToken: undefined,
        githubApiUrl: 'https://api.github.com',
        comment: 'auto',
        inlineComments: true,
        reviewEvent: 'comment',
        maxInlineComments: 20,
        failOnSeverity: 'none',
      },
    });
  });

  test('masks every credential, in its plain and encoded forms, as soon as it is read', () => {
    const s = source({ 'claude-code-oauth-token': '', 'anthropic-api-key': 'sk-ant-api03-key' });
    readInputs(s);
    expect(s.secrets.sort()).toEqual(
      ['fly-secret-token', 'ghs_machinetoken', 'sk-ant-api03-key'].flatMap(secretForms).sort(),
    );
  });

  test.each([
    [
      1,
      { 'anthropic-api-key': 'sk-ant-api03-key', 'claude-code-oauth-token': '' },
      { claudeCredential: { kind: 'api-key', value: 'sk-ant-api03-key' } },
    ],
    [2, { 'machine-github-token': '' }, { machineGithubToken: undefined }],
    [
      3,
      { 'vm-size': 'performance-2x', 'memory-mb': '8192' },
      { vmSize: 'performance-2x', memoryMb: 8192 },
    ],
    [4, { 'timeout-minutes': '7.5' }, { timeoutMinutes: 7.5 }],
    [
      5,
      { region: 'ams', org: 'acme', name: 'security' },
      { region: 'ams', org: 'acme', reviewerName: 'security' },
    ],
    [6, { 'fly-api-url': 'http://127.0.0.1:4280/' }, { flyApiUrl: 'http://127.0.0.1:4280' }],
    [7, { prompt: '  Summarise the repository  ' }, { prompt: 'Summarise the repository' }],
    [8, { image: '' }, { image: undefined }],
    [10, { 'vm-size': 'performance-2x' }, { memoryMb: 4096 }],
    [11, { 'vm-size': 'performance-2x', 'memory-mb': '2048' }, { memoryMb: 4096 }],
    [12, { 'timeout-minutes': '1' }, { timeoutMinutes: 1 }],
    [13, { 'fail-on-error': 'false' }, { failOnError: false }],
    [14, { 'fail-on-error': 'FALSE' }, { failOnError: false }],
    [15, { 'fail-on-error': ' True ' }, { failOnError: true }],
    [16, { 'fail-on-error': '' }, { failOnError: true }],
    [
      9,
      { 'fly-registry-url': 'http://127.0.0.1:5000' },
      { flyRegistryUrl: 'http://127.0.0.1:5000' },
    ],
  ])('#%i parses %o', (_n, overrides, expected) => {
    expect(readInputs(source(overrides), 'linux')).toMatchObject(expected);
  });

  test.each([
    [1, { model: 'opus' }, { model: 'opus' }],
    [2, { model: 'claude-sonnet-4-5[1m]' }, { model: 'claude-sonnet-4-5[1m]' }],
    [3, { 'max-turns': '30' }, { maxTurns: 30 }],
    [4, { 'max-budget-usd': '2.50' }, { maxBudgetUsd: 2.5 }],
    [5, { 'max-budget-usd': ' 5 ' }, { maxBudgetUsd: 5 }],
    [
      6,
      { 'allowed-tools': 'Read, Grep,\nBash(git log --format=%h,%s)\n\n' },
      { allowedTools: ['Read', 'Grep', 'Bash(git log --format=%h,%s)'] },
    ],
    [
      7,
      { 'disallowed-tools': 'WebFetch\nWebSearch' },
      { disallowedTools: ['WebFetch', 'WebSearch'] },
    ],
    [
      8,
      { 'append-system-prompt': '  Answer in English.\n' },
      { appendSystemPrompt: 'Answer in English.' },
    ],
    [
      9,
      { env: 'REVIEW_STYLE: terse\nLEVEL: 007' },
      { env: { REVIEW_STYLE: 'terse', LEVEL: '007' } },
    ],
    [10, { env: '{}' }, { env: {} }],
    [
      11,
      { metadata: 'team: core\ncost-center: "42"' },
      { metadata: { team: 'core', 'cost-center': '42' } },
    ],
    [
      12,
      { 'claude-args': `--fallback-model sonnet --add-dir 'design notes' --system-prompt="a b"` },
      {
        claudeArgs: [
          '--fallback-model',
          'sonnet',
          '--add-dir',
          'design notes',
          '--system-prompt=a b',
        ],
      },
    ],
    [13, { 'max-concurrency': '1' }, { maxConcurrency: 1 }],
    [14, { 'max-concurrency': '50' }, { maxConcurrency: 50 }],
    [15, { 'fail-on-error': 'false' }, { failOnError: false }],
    [16, { 'fail-on-error': 'true' }, { failOnError: true }],
    [17, { 'allow-fork-prs': 'true' }, { allowForkPrs: true }],
    [18, { 'allow-fork-prs': '' }, { allowForkPrs: false }],
    [19, { 'claude-github-token': 'true' }, { claudeGithubToken: true }],
    [20, { 'claude-github-token': ' TRUE ' }, { claudeGithubToken: true }],
    [21, { 'claude-github-token': 'false' }, { claudeGithubToken: false }],
    [22, { 'claude-github-token': '' }, { claudeGithubToken: false }],
  ])('#%i parses the Claude Code and team input %o', (_n, overrides, expected) => {
    const inputs = readInputs(source(overrides), 'linux');
    expect(inputs).toMatchObject(expected);
  });

  test('the step-wide settings become the one reviewer without reviewers', () => {
    const inputs = readInputs(
      source({
        name: 'security',
        prompt: 'Look for injections.',
        model: 'opus',
        'max-turns': '12',
        'max-budget-usd': '1',
        'allowed-tools': 'Read',
        'disallowed-tools': 'Bash',
        'append-system-prompt': 'Be brief.',
        region: 'ams',
        'vm-size': 'performance-2x',
        'timeout-minutes': '10',
        env: 'A: b',
      }),
      'linux',
    );
    expect(inputs.reviewers).toEqual([
      {
        name: 'security',
        prompt: 'Look for injections.',
        entry: undefined,
        model: 'opus',
        maxTurns: 12,
        maxBudgetUsd: 1,
        allowedTools: ['Read'],
        disallowedTools: ['Bash'],
        appendSystemPrompt: 'Be brief.',
        region: 'ams',
        vmSize: 'performance-2x',
        memoryMb: 4096,
        timeoutMinutes: 10,
        env: { A: 'b' },
      },
    ]);
  });

  test.each<[NodeJS.Platform, string]>([
    ['darwin', ''],
    ['win32', ''],
    ['darwin', '   '],
  ])('without an image, %s needs one: the build needs a Linux runner', (platform, image) => {
    expect(() => readInputs(source({ image }), platform)).toThrow(
      `Input 'image' is required on ${platform} runners: building the reviewer image (linux/amd64) needs a Linux runner with docker, buildah or podman.`,
    );
  });

  test('an image is enough on any runner; Linux builds without one', () => {
    expect(readInputs(source({}), 'darwin').image).toBe('registry.fly.io/my-reviewers:flaude-1');
    expect(readInputs(source({ image: '' }), 'linux').image).toBeUndefined();
  });

  test.each([
    [1, { 'fly-api-token': '' }, /Input 'fly-api-token' is required/],
    [2, { app: '' }, /Input 'app' is required/],
    [3, { app: 'My_App' }, /Input 'app' is "My_App"; expected lowercase/],
    [
      4,
      { 'vm-size': 'huge-cpu-9x' },
      /Input 'vm-size' is "huge-cpu-9x"; expected one of shared-cpu-1x/,
    ],
    [5, { 'timeout-minutes': 'ten' }, /Input 'timeout-minutes' is "ten"; expected a number/],
    [6, { 'timeout-minutes': '0' }, /Input 'timeout-minutes' is "0"/],
    [7, { 'timeout-minutes': '1000' }, /Input 'timeout-minutes' is "1000"/],
    [
      18,
      { 'timeout-minutes': '0.001' },
      /Input 'timeout-minutes' is "0.001"; expected a number of minutes from 1 to 360/,
    ],
    [
      19,
      { 'vm-size': 'performance-2x', 'memory-mb': '3072' },
      /Input 'memory-mb' is "3072"; expected a multiple of 256 from 4096/,
    ],
    [
      8,
      { 'anthropic-api-key': 'sk-ant-api03-key' },
      /'claude-code-oauth-token' and 'anthropic-api-key' are both set/,
    ],
    [
      9,
      { 'claude-code-oauth-token': '' },
      /Neither 'claude-code-oauth-token' nor 'anthropic-api-key' is set/,
    ],
    [10, { 'memory-mb': 'lots' }, /Input 'memory-mb' is "lots"; expected a whole number/],
    [
      11,
      { 'memory-mb': '1000' },
      /Input 'memory-mb' is "1000"; expected a multiple of 256 from 512 to 4096 for shared-cpu-2x/,
    ],
    [12, { 'memory-mb': '8192' }, /Input 'memory-mb' is "8192"/],
    [13, { image: 'registry.fly.io/a b' }, /Input 'image' is "registry.fly.io\/a b"/],
    [14, { region: 'Frankfurt' }, /Input 'region' is "Frankfurt"/],
    [15, { name: 'a b' }, /Input 'name' is "a b"/],
    [16, { 'fly-api-url': 'ftp://example' }, /Input 'fly-api-url' is "ftp:\/\/example"/],
    [17, { 'fly-logs-url': 'not a url' }, /Input 'fly-logs-url' is "not a url"/],
    [20, { 'fail-on-error': 'no' }, /Input 'fail-on-error' is "no"; expected true or false/],
    [21, { 'fail-on-error': '0' }, /Input 'fail-on-error' is "0"; expected true or false/],
  ])('#%i rejects %o', (_n, overrides, message) => {
    expect(() => readInputs(source(overrides), 'linux')).toThrow(message);
  });

  test.each([
    ['fly-api-token', 'FlyV1 fm2_one\nfm2_two-secret-half'],
    ['claude-code-oauth-token', 'sk-ant-oat01-one\u0007two-secret-half'],
    ['machine-github-token', 'ghs_one\r\nghs_two-secret-half'],
    ['github-token', 'ghs_one\tghs_two-secret-half'],
  ])('refuses a %s with a control character inside, masked and never quoted', (name, value) => {
    const from = source({ [name]: value });
    let message = '';
    try {
      readInputs(from, 'linux');
    } catch (e: unknown) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      `Input '${name}' holds a control character (a line break?) inside its value ` +
        '(not shown, as it is a secret): give one credential on one line.',
    );
    expect(from.secrets).toContain(value);
  });

  test('a Fly token with a space inside (FlyV1 ...) is read as it is', () => {
    expect(readInputs(source({ 'fly-api-token': 'FlyV1 fm2_abc,fm2_def' })).flyApiToken).toBe(
      'FlyV1 fm2_abc,fm2_def',
    );
  });

  test.each([
    [1, { model: 'opus --verbose' }, /^Input 'model' is "opus --verbose"; expected a model name/],
    [2, { model: '--help' }, /^Input 'model' is "--help"; expected a model name/],
    [3, { 'max-turns': '0' }, /^Input 'max-turns' is "0"; expected a whole number of turns/],
    [4, { 'max-turns': '2.5' }, /^Input 'max-turns' is "2.5"/],
    [
      5,
      { 'max-budget-usd': '0' },
      /^Input 'max-budget-usd' is "0"; expected an amount of US dollars above 0/,
    ],
    [6, { 'max-budget-usd': '$5' }, /^Input 'max-budget-usd' is "\$5"/],
    [7, { 'max-budget-usd': '1e3' }, /^Input 'max-budget-usd' is "1e3"/],
    [
      8,
      { 'allowed-tools': 'Read, --dangerously-skip-permissions' },
      /^Input 'allowed-tools' is "--dangerously-skip-permissions"; expected tool names/,
    ],
    [9, { 'disallowed-tools': '-Bash' }, /^Input 'disallowed-tools' is "-Bash"/],
    [10, { env: 'GITHUB_TOKEN: mine' }, /^Input 'env': env key "GITHUB_TOKEN" is reserved/],
    [11, { env: 'FLAUDE_PROMPT: x' }, /^Input 'env': env key "FLAUDE_PROMPT" is reserved/],
    [12, { env: 'fly_app_name: x' }, /^Input 'env': env key "fly_app_name" is reserved/],
    [13, { env: '1BAD: x' }, /^Input 'env': env key "1BAD" is not a valid variable name/],
    [14, { env: '- A=b' }, /^Input 'env' is a list; expected a map of names to values\.$/],
    [15, { env: 'A: [1, 2]' }, /^Input 'env': the value of "A" is a list; expected text\.$/],
    [16, { env: 'A: 1\nA: 2' }, /^Input 'env' is not valid YAML: duplicated mapping key/],
    [17, { env: 'A: &x 1\nB: *x' }, /^Input 'env' uses a YAML anchor or alias/],
    [
      18,
      { metadata: 'flaude_reviewer: me' },
      /^Input 'metadata': key "flaude_reviewer" is reserved \(flaude_\* keys are the action's own\)\.$/,
    ],
    [
      19,
      { metadata: 'flaude_anything: x' },
      /^Input 'metadata': key "flaude_anything" is reserved/,
    ],
    [
      20,
      { metadata: 'managed_by: me' },
      /^Input 'metadata': metadata key "managed_by" is reserved/,
    ],
    [
      21,
      { metadata: 'fly_process_group: x' },
      /^Input 'metadata': metadata key "fly_process_group" is reserved/,
    ],
    [22, { metadata: '"a b": x' }, /^Input 'metadata': metadata key "a b" must be 1-64 characters/],
    [
      23,
      { metadata: `long: ${'x'.repeat(257)}` },
      /^Input 'metadata': metadata.long is 257 characters/,
    ],
    [
      24,
      { metadata: Array.from({ length: 26 }, (_, i) => `k${i}: v`).join('\n') },
      /^Input 'metadata' has 26 entries; at most 25 fit beside the action's own\.$/,
    ],
    [
      25,
      { metadata: 'note: "tab\there"' },
      /^Input 'metadata': metadata.note contains a control character/,
    ],
    [
      26,
      { 'claude-args': '--bare --model opus' },
      /^Input 'claude-args' sets --model \("--model"\), which the reviewer container sets itself: use the 'model' input\.$/,
    ],
    [
      27,
      { 'claude-args': '--max-turns=3' },
      /sets --max-turns \("--max-turns=3"\).*use the 'max-turns' input/,
    ],
    [
      28,
      { 'claude-args': '-p' },
      /^Input 'claude-args' sets -p \("-p"\), which the reviewer container sets itself\.$/,
    ],
    [29, { 'claude-args': '--print' }, /sets --print/],
    [30, { 'claude-args': '--output-format=json' }, /sets --output-format/],
    [31, { 'claude-args': '--verbose' }, /sets --verbose/],
    [
      32,
      { 'claude-args': '--dangerously-skip-permissions' },
      /sets --dangerously-skip-permissions/,
    ],
    [33, { 'claude-args': '--allowedTools Bash' }, /sets --allowedTools.*'allowed-tools'/],
    [34, { 'claude-args': '--allowed-tools=Bash' }, /sets --allowed-tools.*'allowed-tools'/],
    [35, { 'claude-args': '--disallowedTools Bash' }, /sets --disallowedTools.*'disallowed-tools'/],
    [36, { 'claude-args': '--disallowed-tools=Bash' }, /sets --disallowed-tools/],
    [
      37,
      { 'claude-args': '--append-system-prompt hi' },
      /sets --append-system-prompt.*'append-system-prompt'/,
    ],
    [38, { 'claude-args': '--max-budget-usd 3' }, /sets --max-budget-usd.*'max-budget-usd'/],
    [
      39,
      { 'claude-args': "--json-schema '{}'" },
      /sets --json-schema .*: every reviewer reports in the action's findings schema\.$/,
    ],
    [40, { 'claude-args': '--bare -- more' }, /sets -- \("--"\)/],
    [41, { 'claude-args': '-cp' }, /sets -p \("-cp"\)/],
    [
      42,
      { 'claude-args': `--add-dir 'open` },
      /^Input 'claude-args' cannot be split into arguments as a shell would split them: the single quote at character 11 is never closed \(the value is not shown, as it may hold a secret\)\.$/,
    ],
    [
      43,
      { 'claude-args': 'sonnet --bare' },
      /^Input 'claude-args' is "sonnet --bare"; expected options for Claude Code, starting with one \(not "sonnet"\)\.$/,
    ],
    [
      44,
      { 'max-concurrency': '0' },
      /^Input 'max-concurrency' is "0"; expected a whole number from 1 to 50\.$/,
    ],
    [45, { 'max-concurrency': '51' }, /^Input 'max-concurrency' is "51"/],
    [46, { 'max-concurrency': 'all' }, /^Input 'max-concurrency' is "all"/],
    [47, { 'fail-on-error': 'yes' }, /^Input 'fail-on-error' is "yes"; expected true or false\.$/],
    [
      48,
      { 'fail-on-error': 'tRUE' },
      /^Input 'fail-on-error' is "tRUE"; expected true or false\.$/,
    ],
    [49, { 'allow-fork-prs': '1' }, /^Input 'allow-fork-prs' is "1"; expected true or false\.$/],
    [50, { 'max-turns': '-1' }, /^Input 'max-turns' is "-1"/],
    [
      51,
      { 'claude-github-token': 'yes' },
      /^Input 'claude-github-token' is "yes"; expected true or false\.$/,
    ],
    [
      52,
      { 'claude-github-token': '1' },
      /^Input 'claude-github-token' is "1"; expected true or false\.$/,
    ],
  ])('#%i rejects the Claude Code and team input %o', (_n, overrides, message) => {
    expect(() => readInputs(source(overrides), 'linux')).toThrow(message);
  });

  // They keep the pull request head's settings, hooks, CLAUDE.md and MCP servers out.
  test.each([
    [
      '--setting-sources user,project',
      /^Input 'claude-args' sets --setting-sources \("--setting-sources"\), which the reviewer container sets itself: the checkout's \(the pull request's\) settings, hooks and CLAUDE\.md are never loaded\.$/,
    ],
    ['--setting-sources=project', /sets --setting-sources \("--setting-sources=project"\)/],
    [
      '--bare --strict-mcp-config',
      /sets --strict-mcp-config .*: the checkout's \(the pull request's\) \.mcp\.json servers are never started\.$/,
    ],
  ])('claude-args %j is refused: the container owns it', (args, message) => {
    expect(() => readInputs(source({ 'claude-args': args }), 'linux')).toThrow(message);
  });

  test('metadata without a machine token: an empty credential is in no value', () => {
    const s = source({ metadata: 'team: core', 'machine-github-token': '' });
    expect(readInputs(s, 'linux').metadata).toEqual({ team: 'core' });
  });

  test('never quotes a credential found in metadata', () => {
    const s = source({ metadata: 'note: "key sk-ant-oat01-secret"' });
    expect(() => readInputs(s, 'linux')).toThrow(/metadata.note contains a credential/);
    expect(() => readInputs(s, 'linux')).not.toThrow(/sk-ant-oat01-secret/);
  });

  test('never quotes a credential in an error', () => {
    const errors: string[] = [];
    for (const overrides of [
      { 'anthropic-api-key': 'sk-ant-api03-key' },
      { app: '' },
      { 'vm-size': 'x' },
    ]) {
      try {
        readInputs(source(overrides));
      } catch (e: unknown) {
        errors.push((e as Error).message);
      }
    }
    expect(errors).toHaveLength(3);
    for (const message of errors) {
      for (const secret of [
        'fly-secret-token',
        'sk-ant-oat01-secret',
        'sk-ant-api03-key',
        'ghs_machinetoken',
      ]) {
        expect(message).not.toContain(secret);
      }
    }
  });
});

describe('readInputs: the comment trigger and the report issue', () => {
  test.each([
    [1, { 'trigger-phrase': '' }, { triggerPhrase: '/review', issueTitle: undefined }],
    [2, { 'trigger-phrase': '  @flaude review ' }, { triggerPhrase: '@flaude review' }],
    [3, { 'issue-title': ' Weekly dependency audit ' }, { issueTitle: 'Weekly dependency audit' }],
    [4, { 'issue-title': 'x'.repeat(256) }, { issueTitle: 'x'.repeat(256) }],
  ])('#%i reads %o', (_n, overrides, expected) => {
    expect(readInputs(source(overrides), 'linux')).toMatchObject(expected);
  });

  test.each([
    [
      1,
      { 'trigger-phrase': '/review\nplease' },
      /^Input 'trigger-phrase' is "\/review\\nplease"; expected one line of at most 100 characters\.$/,
    ],
    [
      2,
      { 'trigger-phrase': '/'.repeat(101) },
      /^Input 'trigger-phrase' is "\/{101}"; expected one line/,
    ],
    [
      3,
      { 'issue-title': 'Audit\r\nweekly' },
      /^Input 'issue-title' is "Audit\\r\\nweekly"; expected one line of at most 256 characters\.$/,
    ],
    [4, { 'issue-title': 'x'.repeat(257) }, /^Input 'issue-title' is "x{200}…"; expected one line/],
  ])('#%i refuses %o, naming the input and the value', (_n, overrides, message) => {
    expect(() => readInputs(source(overrides), 'linux')).toThrow(message);
  });
});

describe('readFlyConnectionInputs', () => {
  test('needs only the token and the URLs, even when other inputs are bad', () => {
    expect(
      readFlyConnectionInputs(source({ 'vm-size': 'nonsense', 'claude-code-oauth-token': '' })),
    ).toEqual({
      flyApiToken: 'fly-secret-token',
      flyApiUrl: 'https://api.machines.dev',
      flyLogsUrl: 'https://api.fly.io',
    });
  });

  test('requires the token', () => {
    expect(() => readFlyConnectionInputs(source({ 'fly-api-token': '' }))).toThrow(/fly-api-token/);
  });

  test('parses the URLs as the main step does, and masks the token', () => {
    const s = source({ 'fly-api-url': 'http://127.0.0.1:4280/', 'fly-logs-url': 'ftp://x' });
    expect(() => readFlyConnectionInputs(s)).toThrow(/Input 'fly-logs-url' is "ftp:\/\/x"/);
    expect(() => readInputs(s, 'linux')).toThrow(/Input 'fly-logs-url' is "ftp:\/\/x"/);
    const ok = source({ 'fly-api-url': 'http://127.0.0.1:4280/' });
    expect(readFlyConnectionInputs(ok).flyApiUrl).toBe('http://127.0.0.1:4280');
    expect(ok.secrets).toEqual(secretForms('fly-secret-token'));
  });
});

import { describe, expect, test } from 'vitest';
import type { FlyMachineConfig } from '../../../src/fly/api/api-types.ts';
import {
  buildCreateMachineRequest,
  CONTAINER_CLAUDE_FLAGS,
  containerOwnedFlag,
  GUEST_PRESETS,
  isReservedEnvKey,
  MachineConfigError,
  machineName,
  RESERVED_ENV_KEYS,
  resolveGuest,
  validateMachineConfig,
  validateMachineEnv,
  validateMachineMetadata,
  type MachineConfig,
} from '../../../src/fly/api/machine-config.ts';

const OAUTH = 'sk-ant-oat01-secret-oauth-token';
const API_KEY = 'sk-ant-api03-secret-api-key';
const GH = 'ghs_secretgithubtoken123';

const base: MachineConfig = {
  image: 'registry.fly.io/flaude:abc',
  prompt: 'Review this PR',
  claudeCodeOAuthToken: OAUTH,
};
const { claudeCodeOAuthToken: _oauth, ...withoutCredential } = base;

describe('buildCreateMachineRequest', () => {
  test.each<[string, MachineConfig, string, unknown]>([
    [
      '1 minimal config: defaults for guest, output format, one-shot policy',
      base,
      'flaude-r1',
      {
        name: 'flaude-r1',
        config: {
          image: 'registry.fly.io/flaude:abc',
          env: {
            FLAUDE_PROMPT: 'Review this PR',
            FLAUDE_OUTPUT_FORMAT: 'stream-json',
            CLAUDE_CODE_OAUTH_TOKEN: OAUTH,
          },
          guest: { cpu_kind: 'shared', cpus: 2, memory_mb: 2048 },
          auto_destroy: true,
          restart: { policy: 'no' },
          stop_config: { signal: 'SIGTERM', timeout: '30s' },
          metadata: { managed_by: 'flaude', flaude_name: 'flaude-r1' },
        },
      },
    ],
    [
      '2 everything set',
      {
        ...withoutCredential,
        anthropicApiKey: API_KEY,
        githubToken: GH,
        repos: [
          {
            url: 'https://github.com/o/r.git',
            ref: 'feature',
            sha: 'a'.repeat(40),
            baseRef: 'main',
            targetDir: 'r',
            depth: 50,
          },
          { url: 'https://github.com/o/lib.git', ref: '', targetDir: '' },
        ],
        env: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9', DEBUG: '1' },
        metadata: { repo: 'o/r', pr: '12', run_id: '99' },
        region: 'fra',
        guest: 'performance-2x',
        memoryMb: 8192,
        timeoutSeconds: 900,
        deadlineSeconds: 1140,
        model: 'claude-sonnet-4-5',
        maxTurns: 30,
        outputFormat: 'json',
      },
      'flaude-99-1-review-security',
      {
        name: 'flaude-99-1-review-security',
        region: 'fra',
        config: {
          image: 'registry.fly.io/flaude:abc',
          env: {
            ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
            DEBUG: '1',
            FLAUDE_PROMPT: 'Review this PR',
            FLAUDE_REPOS: JSON.stringify([
              {
                url: 'https://github.com/o/r.git',
                ref: 'feature',
                sha: 'a'.repeat(40),
                base_ref: 'main',
                target_dir: 'r',
                depth: 50,
              },
              { url: 'https://github.com/o/lib.git' },
            ]),
            FLAUDE_OUTPUT_FORMAT: 'json',
            FLAUDE_MODEL: 'claude-sonnet-4-5',
            FLAUDE_MAX_TURNS: '30',
            FLAUDE_TIMEOUT_SECONDS: '900',
            FLAUDE_DEADLINE_SECONDS: '1140',
            ANTHROPIC_API_KEY: API_KEY,
            GITHUB_TOKEN: GH,
            GH_TOKEN: GH,
          },
          guest: { cpu_kind: 'performance', cpus: 2, memory_mb: 8192 },
          auto_destroy: true,
          restart: { policy: 'no' },
          stop_config: { signal: 'SIGTERM', timeout: '30s' },
          metadata: {
            managed_by: 'flaude',
            repo: 'o/r',
            pr: '12',
            run_id: '99',
            flaude_name: 'flaude-99-1-review-security',
          },
        },
      },
    ],
  ])('%s', (_title, config, name, expected) => {
    expect(buildCreateMachineRequest(config, { name })).toEqual(expected);
  });

  test.each<[string, MachineConfig, Partial<FlyMachineConfig>]>([
    [
      '3 preset without memory uses the preset default; object guest spec',
      { ...base, guest: { cpuKind: 'shared', cpus: 4 } },
      { guest: { cpu_kind: 'shared', cpus: 4, memory_mb: 1024 } },
    ],
    [
      '4 memory without guest keeps the default preset',
      { ...base, memoryMb: 4096 },
      { guest: { cpu_kind: 'shared', cpus: 2, memory_mb: 4096 } },
    ],
    [
      '5 managed_by: flaude in user metadata is accepted and stays flaude',
      { ...base, metadata: { managed_by: 'flaude' } },
      { metadata: { managed_by: 'flaude', flaude_name: 'n' } },
    ],
  ])('%s', (_title, config, expected) => {
    // Only these fields of the machine config: rows 1 and 2 show the whole request.
    expect(buildCreateMachineRequest(config, { name: 'n' }).config).toEqual(
      expect.objectContaining(expected),
    );
  });

  test('the Claude Code settings become their FLAUDE_* variables', () => {
    const hostile = `--verbose "quoted" 'single' $(id -u) \\ back\nslash`;
    const env =
      buildCreateMachineRequest(
        {
          ...base,
          maxBudgetUsd: 0.5,
          allowedTools: ['Read', 'Bash(git diff:*)'],
          disallowedTools: ['WebFetch'],
          appendSystemPrompt: hostile,
          claudeArgs: ['--fallback-model', 'sonnet', '--system-prompt', hostile],
        },
        { name: 'x' },
      ).config.env ?? {};
    expect(env).toMatchObject({
      FLAUDE_MAX_BUDGET_USD: '0.5',
      FLAUDE_ALLOWED_TOOLS: 'Read,Bash(git diff:*)',
      FLAUDE_DISALLOWED_TOOLS: 'WebFetch',
      FLAUDE_APPEND_SYSTEM_PROMPT: hostile,
    });
    expect(JSON.parse(env.FLAUDE_CLAUDE_ARGS ?? '')).toEqual([
      '--fallback-model',
      'sonnet',
      '--system-prompt',
      hostile,
    ]);
  });

  test('the JSON schema becomes FLAUDE_JSON_SCHEMA, exactly as given', () => {
    const schema = '{ "type": "object",\n  "required": ["summary"] }';
    const env =
      buildCreateMachineRequest({ ...base, jsonSchema: schema }, { name: 'x' }).config.env ?? {};
    expect(env.FLAUDE_JSON_SCHEMA).toBe(schema);
    const without = buildCreateMachineRequest(base, { name: 'x' }).config.env ?? {};
    expect(without).not.toHaveProperty('FLAUDE_JSON_SCHEMA');
  });

  test('empty tool and argument lists set no variable', () => {
    const env =
      buildCreateMachineRequest(
        { ...base, allowedTools: [], disallowedTools: [], claudeArgs: [] },
        { name: 'x' },
      ).config.env ?? {};
    for (const key of ['FLAUDE_ALLOWED_TOOLS', 'FLAUDE_DISALLOWED_TOOLS', 'FLAUDE_CLAUDE_ARGS']) {
      expect(env).not.toHaveProperty(key);
    }
  });

  test('claudeGithubToken sets FLAUDE_CLAUDE_GITHUB_TOKEN=1; false or absent sets nothing', () => {
    const envOf = (config: MachineConfig): Record<string, string> =>
      buildCreateMachineRequest(config, { name: 'x' }).config.env ?? {};
    expect(envOf({ ...base, githubToken: GH, claudeGithubToken: true })).toMatchObject({
      GITHUB_TOKEN: GH,
      GH_TOKEN: GH,
      FLAUDE_CLAUDE_GITHUB_TOKEN: '1',
    });
    for (const config of [
      { ...base, githubToken: GH, claudeGithubToken: false },
      { ...base, githubToken: GH },
      { ...base, claudeGithubToken: false },
    ]) {
      expect(envOf(config)).not.toHaveProperty('FLAUDE_CLAUDE_GITHUB_TOKEN');
    }
  });

  test('region is omitted when not given', () => {
    expect(buildCreateMachineRequest(base, { name: 'x' })).not.toHaveProperty('region');
  });

  test('FLAUDE_REPOS is omitted when there are no repos', () => {
    const env = buildCreateMachineRequest({ ...base, repos: [] }, { name: 'x' }).config.env ?? {};
    expect(env).not.toHaveProperty('FLAUDE_REPOS');
  });

  test('refuses a machine name that is not Fly-safe', () => {
    expect(() => buildCreateMachineRequest(base, { name: 'Bad Name' })).toThrow(
      /machine name "Bad Name"/,
    );
  });
});

describe('validateMachineConfig errors', () => {
  test.each<[string, MachineConfig, RegExp]>([
    ['1 no image', { ...base, image: '' }, /^image is required$/],
    ['2 image with spaces', { ...base, image: 'a b' }, /image "a b" contains whitespace/],
    ['3 no prompt', { ...base, prompt: '  ' }, /^prompt is required$/],
    [
      '4 no credential',
      withoutCredential,
      /one of claudeCodeOAuthToken or anthropicApiKey is required/,
    ],
    ['5 both credentials', { ...base, anthropicApiKey: API_KEY }, /both set: give exactly one/],
    ['6 empty github token', { ...base, githubToken: '' }, /githubToken is empty/],
    [
      '6b GitHub token hand-over without a token',
      { ...base, claudeGithubToken: true },
      /claudeGithubToken is true but githubToken is not set/,
    ],
    [
      '6c GitHub token hand-over not a boolean',
      { ...base, githubToken: GH, claudeGithubToken: 'yes' as unknown as boolean },
      /claudeGithubToken "yes" must be true or false/,
    ],
    [
      '7 reserved env FLAUDE_PROMPT',
      { ...base, env: { FLAUDE_PROMPT: 'x' } },
      /env key "FLAUDE_PROMPT" is reserved/,
    ],
    [
      '8 reserved env prefix FLAUDE_',
      { ...base, env: { FLAUDE_ANYTHING: 'x' } },
      /env key "FLAUDE_ANYTHING" is reserved/,
    ],
    [
      '9 reserved env FLY_',
      { ...base, env: { FLY_API_TOKEN: 'x' } },
      /env key "FLY_API_TOKEN" is reserved/,
    ],
    [
      '10 reserved env GH_TOKEN',
      { ...base, env: { GH_TOKEN: 'x' } },
      /env key "GH_TOKEN" is reserved/,
    ],
    [
      '11 reserved env lower case',
      { ...base, env: { anthropic_api_key: 'x' } },
      /env key "anthropic_api_key" is reserved/,
    ],
    [
      '12 bad env name',
      { ...base, env: { '1X': 'x' } },
      /env key "1X" is not a valid variable name/,
    ],
    [
      '13 metadata overrides managed_by',
      { ...base, metadata: { managed_by: 'me' } },
      /metadata key "managed_by" is reserved/,
    ],
    [
      '14 metadata flaude_name',
      { ...base, metadata: { flaude_name: 'x' } },
      /metadata key "flaude_name" is reserved/,
    ],
    [
      '15 metadata fly_ key',
      { ...base, metadata: { fly_process_group: 'x' } },
      /metadata key "fly_process_group" is reserved/,
    ],
    [
      '16 metadata bad key',
      { ...base, metadata: { 'a b': 'x' } },
      /metadata key "a b" must be 1-64 characters/,
    ],
    [
      '17 metadata long value',
      { ...base, metadata: { a: 'x'.repeat(257) } },
      /metadata.a is 257 characters; at most 256/,
    ],
    [
      '18 metadata holds the oauth token',
      { ...base, metadata: { note: `token=${OAUTH}` } },
      /metadata.note contains a credential/,
    ],
    [
      '19 metadata holds the github token',
      { ...base, githubToken: GH, metadata: { t: GH } },
      /metadata.t contains a credential/,
    ],
    [
      '20 bad region',
      { ...base, region: 'Frankfurt' },
      /region "Frankfurt" is not a Fly region code/,
    ],
    [
      '21 unknown preset lists the valid ones',
      { ...base, guest: 'shared-cpu-3x' },
      /guest "shared-cpu-3x" is not a Fly CPU preset; valid presets: shared-cpu-1x, shared-cpu-2x, shared-cpu-4x, shared-cpu-6x, shared-cpu-8x, performance-1x, .*performance-16x$/,
    ],
    [
      '22 object guest with invalid cpus',
      { ...base, guest: { cpuKind: 'performance', cpus: 3 } },
      /guest "performance-3x" is not a Fly CPU preset/,
    ],
    [
      '23 memory not a multiple of 256',
      { ...base, memoryMb: 1000 },
      /memoryMb "1000" must be a multiple of 256/,
    ],
    [
      '24 memory above the preset',
      { ...base, guest: 'shared-cpu-1x', memoryMb: 4096 },
      /memoryMb "4096" is outside shared-cpu-1x's bounds \(256-2048 MB\)/,
    ],
    [
      '25 memory below the preset',
      { ...base, guest: 'performance-1x', memoryMb: 1024 },
      /memoryMb "1024" is outside performance-1x's bounds \(2048-8192 MB\)/,
    ],
    [
      '26 timeout not an integer',
      { ...base, timeoutSeconds: 1.5 },
      /timeoutSeconds "1.5" must be a positive integer/,
    ],
    [
      '26b deadline zero',
      { ...base, deadlineSeconds: 0 },
      /deadlineSeconds "0" must be a positive integer/,
    ],
    ['27 max turns zero', { ...base, maxTurns: 0 }, /maxTurns "0" must be a positive integer/],
    ['28 repo without url', { ...base, repos: [{ url: '' }] }, /repos\[0\].url is required/],
    [
      '29 repo target dir escapes',
      { ...base, repos: [{ url: 'https://x/y', targetDir: '../etc' }] },
      /repos\[0\].targetDir "..\/etc" must be a relative path/,
    ],
    [
      '30 repo absolute target dir',
      { ...base, repos: [{ url: 'https://x/y', targetDir: '/etc' }] },
      /repos\[0\].targetDir "\/etc" must be a relative path/,
    ],
    [
      '31 repo bad sha',
      { ...base, repos: [{ url: 'https://x/y', sha: 'main' }] },
      /repos\[0\].sha "main" is not a commit hash/,
    ],
    [
      '32 repo depth',
      { ...base, repos: [{ url: 'https://x/y', depth: -1 }] },
      /repos\[0\].depth "-1" must be a positive integer/,
    ],
    [
      '33 output format',
      { ...base, outputFormat: 'xml' as 'json' },
      /outputFormat "xml" must be one of stream-json, json, text/,
    ],
    ['34 budget zero', { ...base, maxBudgetUsd: 0 }, /maxBudgetUsd "0" must be a positive amount/],
    [
      '35 budget in exponent notation',
      { ...base, maxBudgetUsd: 1e-7 },
      /maxBudgetUsd "1e-7" must be a positive amount/,
    ],
    ['36 empty tool', { ...base, allowedTools: ['Read', ' '] }, /^allowedTools\[1\] is required$/],
    [
      '37 tool that is an option',
      { ...base, disallowedTools: ['--verbose'] },
      /disallowedTools\[0\] "--verbose" must be a tool name/,
    ],
    [
      '38 tool with a newline',
      { ...base, allowedTools: ['Read\nEdit'] },
      /allowedTools\[0\] "Read\\nEdit" must be a tool name/,
    ],
    [
      '39 blank system prompt addition',
      { ...base, appendSystemPrompt: ' ' },
      /^appendSystemPrompt is required$/,
    ],
    [
      '40 claude args setting the model',
      { ...base, claudeArgs: ['--model=opus'] },
      /claudeArgs\[0\] "--model=opus" sets --model, which the container sets itself/,
    ],
    [
      '41 claude args ending the options',
      { ...base, claudeArgs: ['--bare', '--', 'x'] },
      /claudeArgs\[1\] "--" sets --/,
    ],
    [
      '42 claude args starting with a value',
      { ...base, claudeArgs: ['sonnet', '--bare'] },
      /claudeArgs\[0\] "sonnet" must be an option/,
    ],
    [
      '43 JSON schema that is not JSON',
      { ...base, jsonSchema: '{type: object}' },
      /^jsonSchema is not valid JSON \(expected one JSON object, a JSON Schema\)$/,
    ],
    [
      '44 JSON schema that is a list',
      { ...base, jsonSchema: '[{"type":"object"}]' },
      /^jsonSchema must be a JSON object \(a JSON Schema\), got a JSON array$/,
    ],
    [
      '45 JSON schema that is a string',
      { ...base, jsonSchema: '"object"' },
      /^jsonSchema must be a JSON object \(a JSON Schema\), got a JSON string$/,
    ],
  ])('%s', (_title, config, message) => {
    let caught: unknown;
    try {
      validateMachineConfig(config);
    } catch (e: unknown) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MachineConfigError);
    const text = (caught as Error).message;
    expect(text).toMatch(message);
    for (const secret of [OAUTH, API_KEY, GH]) expect(text).not.toContain(secret);
  });

  test('a valid config passes', () => {
    expect(() => validateMachineConfig(base)).not.toThrow();
  });
});

describe('containerOwnedFlag', () => {
  test.each(CONTAINER_CLAUDE_FLAGS.filter((f) => f.startsWith('--')).map((f) => [f]))(
    '%s is refused alone and with =value',
    (flag) => {
      expect(containerOwnedFlag(flag)).toBe(flag);
      expect(containerOwnedFlag(`${flag}=x`)).toBe(flag);
    },
  );

  test.each<[string, string | undefined]>([
    ['-p', '-p'],
    ['-cp', '-p'],
    ['--', '--'],
    ['--print=true', '--print'],
    ['--model-x', undefined],
    ['--fallback-model', undefined],
    ['--system-prompt=--model', undefined],
    ['-c', undefined],
    ['-d', undefined],
    ['sonnet', undefined],
  ])('%s -> %s', (arg, owned) => {
    expect(containerOwnedFlag(arg)).toBe(owned);
  });
});

describe('validateMachineEnv and validateMachineMetadata', () => {
  test('apply the rules of a config', () => {
    expect(() => validateMachineEnv({ DEBUG: '1' })).not.toThrow();
    expect(() => validateMachineEnv({ FLAUDE_MODEL: 'x' })).toThrow(
      /env key "FLAUDE_MODEL" is reserved/,
    );
    expect(() => validateMachineMetadata({ team: 'core' })).not.toThrow();
    expect(() => validateMachineMetadata({ flaude_name: 'x' })).toThrow(
      /metadata key "flaude_name" is reserved/,
    );
    expect(() => validateMachineMetadata({ t: `x${GH}` }, [GH])).toThrow(
      /metadata.t contains a credential/,
    );
  });
});

describe('presets', () => {
  test.each<[string, number, number, number]>([
    ['shared-cpu-1x', 256, 2048, 256],
    ['shared-cpu-8x', 2048, 16384, 2048],
    ['performance-1x', 2048, 8192, 2048],
    ['performance-16x', 32768, 131072, 32768],
  ])('%s bounds', (name, min, max, def) => {
    expect(GUEST_PRESETS.get(name)).toMatchObject({
      minMemoryMb: min,
      maxMemoryMb: max,
      defaultMemoryMb: def,
    });
  });

  test('14 presets, no GPUs', () => {
    expect(GUEST_PRESETS.size).toBe(14);
    expect(GUEST_PRESETS.has('a100-40gb')).toBe(false);
  });

  test('preset names are case-insensitive', () => {
    expect(resolveGuest('Shared-CPU-1x', undefined)).toEqual({
      cpu_kind: 'shared',
      cpus: 1,
      memory_mb: 256,
    });
  });
});

describe('reserved env keys', () => {
  test.each(RESERVED_ENV_KEYS.map((k) => [k]))('%s is reserved', (key) => {
    expect(isReservedEnvKey(key)).toBe(true);
  });
  test.each([['ANTHROPIC_BASE_URL'], ['HOME'], ['NODE_OPTIONS']])('%s is allowed', (key) => {
    expect(isReservedEnvKey(key)).toBe(false);
  });
});

describe('machineName', () => {
  test.each<[string, Parameters<typeof machineName>[0], string]>([
    ['1 reviewer only', { reviewer: 'security' }, 'flaude-security'],
    [
      '2 all parts, sanitized',
      {
        prefix: 'Flaude',
        runId: '12345',
        attempt: '2',
        job: 'Review (matrix)',
        reviewer: 'Sec_Review!',
        nonce: 'AB',
      },
      'flaude-12345-2-review-matrix-sec-review-ab',
    ],
    ['3 empty prefix, digit start', { prefix: '', runId: '9', reviewer: 'x' }, 'm-9-x'],
  ])('%s', (_title, parts, expected) => {
    expect(machineName(parts)).toBe(expected);
  });

  test('is deterministic and at most 63 Fly-safe characters, distinct when cut', () => {
    const long = { runId: '1'.repeat(20), job: 'j'.repeat(40), reviewer: 'alpha' };
    const a = machineName(long);
    expect(machineName({ ...long })).toBe(a);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
    const b = machineName({ ...long, reviewer: 'beta' });
    expect(b).not.toBe(a);
    expect(b.length).toBeLessThanOrEqual(63);
  });

  test('unicode-only parts still give a valid name', () => {
    expect(machineName({ prefix: '', reviewer: 'ü' })).toMatch(/^flaude-[0-9a-f]{8}$/);
  });
});

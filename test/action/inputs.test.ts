import { describe, expect, test } from 'vitest';
import { readFlyConnectionInputs, readInputs, type InputSource } from '../../src/action/inputs.ts';

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
      machineGithubToken: 'ghs_machinetoken',
      flyApiUrl: 'https://api.machines.dev',
      flyLogsUrl: 'https://api.fly.io',
      flyRegistryUrl: 'https://registry.fly.io',
      failOnError: true,
    });
  });

  test('masks every credential as soon as it is read', () => {
    const s = source({ 'claude-code-oauth-token': '', 'anthropic-api-key': 'sk-ant-api03-key' });
    readInputs(s);
    expect(s.secrets.sort()).toEqual(
      ['fly-secret-token', 'ghs_machinetoken', 'sk-ant-api03-key'].sort(),
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
    expect(ok.secrets).toEqual(['fly-secret-token']);
  });
});

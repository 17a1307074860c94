import { expect, test } from 'vitest';
import { createRedactor, stepSecrets } from '../../src/action/redact.ts';
import { readInputs } from '../../src/action/inputs.ts';

test.each([
  [1, 'token fly-secret-value here', 'token *** here'],
  [2, 'gh ghp_abcdefghijklmnopqrstuvwxyz0123 x', 'gh *** x'],
  [3, 'pat github_pat_11ABCDEFG0123456789_abcdefghij', 'pat ***'],
  [4, 'key sk-ant-api03-abcdefghijklmnop', 'key ***'],
  [5, 'Authorization: FlyV1 fm2_lJPECAAAAAAAAabc,fm2_xyz', 'Authorization: ***'],
  [6, 'nothing secret', 'nothing secret'],
])('#%i redacts %s', (_n, input, expected) => {
  expect(createRedactor(['fly-secret-value', undefined, ''])(input)).toBe(expected);
});

test('replaces the longest known secret first', () => {
  expect(createRedactor(['abcd', 'abcdefgh'])('x abcdefgh y abcd')).toBe('x *** y ***');
});

test("the step's secrets: its credentials and every reviewer's env values", () => {
  const values: Record<string, string> = {
    'fly-api-token': 'fly-token-value',
    app: 'reviewers',
    'anthropic-api-key': 'sk-ant-api03-key-value',
    'machine-github-token': 'ghs_machinetokenvalue',
    env: 'NPM_TOKEN: npm_secret_value',
    reviewers: '- name: security\n  prompt: p\n  env:\n    EXTRA: per-reviewer-secret',
  };
  const inputs = readInputs({ get: (name) => values[name] ?? '', setSecret: () => {} }, 'linux');
  const redact = createRedactor(stepSecrets(inputs));
  const echoed =
    'npm_secret_value and per-reviewer-secret and fly-token-value and ghs_machinetokenvalue';
  expect(redact(echoed)).toBe('*** and *** and *** and ***');
});

test('a credential or env value echoed base64- or URL-encoded is redacted too', () => {
  const key = 'sk-ant-api03-encoded-key-value';
  const envValue = 'npm/secret+value';
  const redact = createRedactor([key, envValue]);
  const line = [
    Buffer.from(`${key}\n`).toString('base64'),
    Buffer.from(`x${key}`).toString('base64url'),
    encodeURIComponent(envValue),
  ].join(' ');
  const redacted = redact(line);
  expect(redacted.split(' ').every((word) => word.includes('***'))).toBe(true);
  expect(redacted).not.toContain(Buffer.from(key).toString('base64').slice(0, 12));
});

test('a credential input is masked in the log in its plain and encoded forms', () => {
  const key = 'sk-ant-api03-masked-key-value';
  const masked: string[] = [];
  const values: Record<string, string> = {
    'fly-api-token': 'fly-token-value',
    app: 'reviewers',
    'anthropic-api-key': key,
    prompt: 'p',
  };
  readInputs({ get: (name) => values[name] ?? '', setSecret: (v) => masked.push(v) }, 'linux');
  expect(masked).toContain(key);
  expect(masked).toContain(Buffer.from(key).toString('base64').replace(/=+$/, '').slice(0, -1));
  expect(masked).toContain(Buffer.from(`ab${key}`).toString('base64url').slice(3, -1));
});

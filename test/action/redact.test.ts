import { expect, test } from 'vitest';
import { createRedactor } from '../../src/action/redact.ts';

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

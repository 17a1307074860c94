import { describe, expect, test } from 'vitest';
import { DEFAULT_NONCE_CHARS, randomNonce } from '../../../src/fly/base/nonce.ts';

describe('randomNonce', () => {
  test('eight lowercase hex characters by default', () => {
    expect(DEFAULT_NONCE_CHARS).toBe(8);
    expect(randomNonce()).toMatch(/^[0-9a-f]{8}$/);
  });

  test.each([1, 7, 8, 32, 33])('%i characters when asked', (chars) => {
    expect(randomNonce(chars)).toMatch(new RegExp(`^[0-9a-f]{${chars}}$`));
  });

  test('fresh on every call', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => randomNonce(32)));
    expect(nonces.size).toBe(100);
  });

  test.each([0, -1, 2.5, Number.NaN])('rejects a length of %s', (chars) => {
    expect(() => randomNonce(chars)).toThrow(RangeError);
  });
});

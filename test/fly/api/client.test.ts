import { describe, expect, test } from 'vitest';
import { FlyClient, parseRetryAfter } from '../../../src/fly/api/client.ts';

const START = 1_700_000_000_000;

describe('construction', () => {
  test('refuses an empty token', () => {
    expect(() => new FlyClient({ token: '  ' })).toThrow(/token is empty/);
  });
});

describe('parseRetryAfter', () => {
  test.each<[string | undefined, number | undefined]>([
    [undefined, undefined],
    ['0', 0],
    ['12', 12_000],
    [' 5 ', 5000],
    [new Date(START + 2000).toUTCString(), 2000],
    [new Date(START - 2000).toUTCString(), 0],
    ['soon', undefined],
  ])('%s -> %s', (value, expected) => {
    expect(parseRetryAfter(value, START)).toBe(expected);
  });
});

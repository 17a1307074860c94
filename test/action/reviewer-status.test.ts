import { describe, expect, test } from 'vitest';
import {
  describeState,
  formatDuration,
  statusLine,
  type ReviewerState,
} from '../../src/action/reviewer-status.ts';

describe('formatDuration', () => {
  test.each([
    [1, 0, '0s'],
    [2, 999, '0s'],
    [3, 42_000, '42s'],
    [4, 59_999, '59s'],
    [5, 60_000, '1m00s'],
    [6, 62_000, '1m02s'],
    [7, 130_000, '2m10s'],
    [8, 3_599_000, '59m59s'],
    [9, 3_900_000, '1h05m00s'],
    [10, -5, '0s'],
  ])('#%i %i ms is %s', (_n, ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('describeState', () => {
  test.each<[number, ReviewerState, string]>([
    [1, { kind: 'waiting' }, 'waiting'],
    [2, { kind: 'running', elapsedMs: 5_000, turns: 0 }, 'running 5s'],
    [3, { kind: 'running', elapsedMs: 70_000, turns: 1 }, 'running 1m10s, 1 turn'],
    [4, { kind: 'running', elapsedMs: 130_000, turns: 7 }, 'running 2m10s, 7 turns'],
    [5, { kind: 'finished', passed: true, durationMs: 62_000 }, 'passed in 1m02s'],
    [6, { kind: 'finished', passed: false, durationMs: 3_000 }, 'failed in 3s'],
    [7, { kind: 'finished', passed: false, durationMs: undefined }, 'failed'],
  ])('#%i', (_n, state, expected) => {
    expect(describeState(state)).toBe(expected);
  });
});

test('statusLine joins every reviewer in the order given', () => {
  expect(
    statusLine([
      ['security', { kind: 'running', elapsedMs: 130_000, turns: 7 }],
      ['tests', { kind: 'finished', passed: true, durationMs: 62_000 }],
      ['docs', { kind: 'waiting' }],
    ]),
  ).toBe('security: running 2m10s, 7 turns · tests: passed in 1m02s · docs: waiting');
});

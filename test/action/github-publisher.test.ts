// The sticky comments the main step leaves to the post step, as the state holds them.
import { describe, expect, test } from 'vitest';
import { parseSavedComments } from '../../src/action/github-publisher.ts';

describe('parseSavedComments', () => {
  test('the ids, and the reviewers that ended though their comment was not updated', () => {
    const text = JSON.stringify({ repository: 'o/r', ids: { a: 1, b: 2 }, ended: ['b'] });
    expect(parseSavedComments(text)).toEqual({
      repository: 'o/r',
      ids: { a: 1, b: 2 },
      ended: ['b'],
    });
  });

  test('state from before `ended`, or with names that are not text: none ended', () => {
    expect(parseSavedComments(JSON.stringify({ repository: 'o/r', ids: { a: 1 } }))).toEqual({
      repository: 'o/r',
      ids: { a: 1 },
    });
    expect(
      parseSavedComments(JSON.stringify({ repository: 'o/r', ids: { a: 1 }, ended: [3, null] })),
    ).toEqual({ repository: 'o/r', ids: { a: 1 } });
  });

  test('nothing to mark: no ids, or not its JSON', () => {
    expect(parseSavedComments(JSON.stringify({ repository: 'o/r', ids: {}, ended: ['a'] }))).toBe(
      undefined,
    );
    expect(parseSavedComments('{not json')).toBe(undefined);
    expect(parseSavedComments('')).toBe(undefined);
  });
});

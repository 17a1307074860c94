import { describe, expect, test } from 'vitest';
import {
  isCommentable,
  lineText,
  pullDiffOf,
  rightSideHunks,
} from '../../../src/action/github/diff-lines.ts';

// Two hunks of one file: line 3 replaced (lines 1-6 shown), line 30 deleted and 35 followed
// by an inserted line (lines 27-38 on the right).
const PATCH = [
  '@@ -1,6 +1,6 @@',
  ' line 1',
  ' line 2',
  '-line 3',
  '+line 3 changed',
  ' line 4',
  ' line 5',
  ' line 6',
  '@@ -27,11 +27,12 @@ function f() {',
  ' line 27',
  ' line 28',
  ' line 29',
  '-line 30',
  '+line 30 changed',
  ' line 31',
  '\\ No newline at end of file',
].join('\n');

describe('rightSideHunks', () => {
  test('added and context lines by their new number, grouped by hunk; deletions and the no-newline note left out', () => {
    const hunks = rightSideHunks(PATCH);
    expect(hunks.map((h) => [...h.lines])).toEqual([
      [
        [1, 'line 1'],
        [2, 'line 2'],
        [3, 'line 3 changed'],
        [4, 'line 4'],
        [5, 'line 5'],
        [6, 'line 6'],
      ],
      [
        [27, 'line 27'],
        [28, 'line 28'],
        [29, 'line 29'],
        [30, 'line 30 changed'],
        [31, 'line 31'],
      ],
    ]);
  });

  test.each([[undefined], ['']])('a file without a patch (%j) has no lines', (patch) => {
    expect(rightSideHunks(patch)).toEqual([]);
  });
});

describe('what a comment may sit on', () => {
  const diff = pullDiffOf([{ filename: 'long.txt', patch: PATCH }, { filename: 'big.bin' }]);

  test.each([
    ['an added line', 'long.txt', 3, undefined, true],
    ['a context line', 'long.txt', 5, undefined, true],
    ['a line between hunks', 'long.txt', 20, undefined, false],
    ['a range within one hunk', 'long.txt', 31, 28, true],
    ['a range across hunks', 'long.txt', 30, 3, false],
    ['a range starting on its line', 'long.txt', 30, 30, true],
    ['a file without a patch', 'big.bin', 1, undefined, false],
    ['a file the pull request does not touch', 'other.txt', 1, undefined, false],
  ])('%s', (_what, path, line, start, expected) => {
    expect(isCommentable(diff, path, line, start)).toBe(expected);
  });

  test('the text of a right-side line', () => {
    expect(lineText(diff, 'long.txt', 30)).toBe('line 30 changed');
    expect(lineText(diff, 'long.txt', 20)).toBeUndefined();
  });
});

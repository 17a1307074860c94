// The GitHub emulator's pure parts: hunks and comment anchors, pages and Link headers, the
// search query language, Rails' to_sentence.
import { describe, expect, test } from 'vitest';
import {
  anchorComment,
  HUNK_BLANK,
  LINE_NOT_IN_DIFF,
  parseHunks,
  PATH_INVALID,
  START_AFTER_END,
  START_NOT_IN_HUNK,
  type AnchorRequest,
} from '../diff-hunks.ts';
import { toSentence } from '../errors.ts';
import { paginate } from '../paging.ts';
import { matchesIssueQuery, parseIssueQuery, type SearchDocument } from '../search-query.ts';

// Two hunks: old 1-4 / new 1-4 (line 2 replaced); old 10-12 / new 10-13 (new line 11 added,
// so old 11 and 12 are new 12 and 13).
const PATCH = [
  '@@ -1,4 +1,4 @@ function a() {',
  ' one',
  '-two',
  '+TWO',
  ' three',
  ' four',
  '@@ -10,3 +10,4 @@ function b() {',
  ' ten',
  '+ten and a half',
  ' eleven',
  ' twelve',
  '\\ No newline at end of file',
].join('\n');

describe('parseHunks', () => {
  test('numbers old and new lines and diff positions across hunks', () => {
    const hunks = parseHunks(PATCH);
    expect(hunks.map((h) => h.header)).toEqual([
      '@@ -1,4 +1,4 @@ function a() {',
      '@@ -10,3 +10,4 @@ function b() {',
    ]);
    expect(hunks[0]?.lines.map((l) => [l.kind, l.oldLine, l.newLine, l.position])).toEqual([
      [' ', 1, 1, 1],
      ['-', 2, null, 2],
      ['+', null, 2, 3],
      [' ', 3, 3, 4],
      [' ', 4, 4, 5],
    ]);
    // The second header takes position 6.
    expect(hunks[1]?.lines.map((l) => l.position)).toEqual([7, 8, 9, 10, 11]);
    expect(hunks[1]?.lines.at(-1)?.kind).toBe('\\');
  });

  test('nothing before the first @@ and a trailing newline are ignored', () => {
    expect(parseHunks('')).toEqual([]);
    expect(parseHunks(`${PATCH}\n`)).toEqual(parseHunks(PATCH));
  });
});

describe('anchorComment', () => {
  const hunks = parseHunks(PATCH);
  test.each<[string, AnchorRequest, Record<string, unknown>]>([
    ['an added line', { line: 2 }, { line: 2, side: 'RIGHT', position: 3, startLine: null }],
    ['a context line on the right', { line: 12, side: 'RIGHT' }, { line: 12, side: 'RIGHT' }],
    [
      'a deleted line on the left',
      { line: 2, side: 'LEFT' },
      { line: 2, side: 'LEFT', position: 2 },
    ],
    ['a context line on the left', { line: 11, side: 'LEFT' }, { line: 11, side: 'LEFT' }],
    [
      'a range by startLine',
      { startLine: 10, line: 12 },
      { startLine: 10, startSide: 'RIGHT', line: 12 },
    ],
    [
      'a range from the left into the right',
      { startLine: 2, startSide: 'LEFT', line: 3 },
      { startLine: 2, startSide: 'LEFT', line: 3, side: 'RIGHT' },
    ],
    ['a position', { position: 8 }, { line: 11, side: 'RIGHT' }],
  ])('%s is accepted', (_what, request, expected) => {
    const result = anchorComment(hunks, request);
    if (!result.ok) throw new Error(result.messages.join('; '));
    expect(result.anchor).toMatchObject(expected);
  });

  test('the diff hunk runs from the header down to the commented line', () => {
    const result = anchorComment(hunks, { line: 12 });
    expect(result.ok && result.anchor.diffHunk).toBe(
      ['@@ -10,3 +10,4 @@ function b() {', ' ten', '+ten and a half', ' eleven'].join('\n'),
    );
  });

  test.each<[string, AnchorRequest | undefined, string[]]>([
    ['a path outside the pull request', undefined, [PATH_INVALID, HUNK_BLANK]],
    ['a line between hunks', { line: 7 }, [LINE_NOT_IN_DIFF, HUNK_BLANK]],
    [
      'a line past the old file on the left',
      { line: 13, side: 'LEFT' },
      [LINE_NOT_IN_DIFF, HUNK_BLANK],
    ],
    ['an unknown side', { line: 2, side: 'MIDDLE' }, [LINE_NOT_IN_DIFF, HUNK_BLANK]],
    ['a range across hunks', { startLine: 2, line: 11 }, [START_NOT_IN_HUNK]],
    ['a range starting at its end', { startLine: 11, line: 11 }, [START_AFTER_END]],
    ['a range ending before its start', { startLine: 12, line: 11 }, [START_AFTER_END]],
    [
      'a range wholly outside',
      { startLine: 6, line: 7 },
      [LINE_NOT_IN_DIFF, START_NOT_IN_HUNK, HUNK_BLANK],
    ],
    ['a position on a hunk header', { position: 6 }, [LINE_NOT_IN_DIFF, HUNK_BLANK]],
    ['a position past the end', { position: 12 }, [LINE_NOT_IN_DIFF, HUNK_BLANK]],
    ['neither line nor position', {}, [LINE_NOT_IN_DIFF, HUNK_BLANK]],
  ])('%s is refused with GitHub messages', (_what, request, messages) => {
    const result = anchorComment(request === undefined ? undefined : hunks, request ?? {});
    expect(result).toEqual({ ok: false, messages });
  });
});

describe('toSentence', () => {
  test.each([
    [[], ''],
    [['a'], 'a'],
    [['a', 'b'], 'a and b'],
    [['a', 'b', 'c'], 'a, b, and c'],
  ])('%j -> %j', (parts, sentence) => {
    expect(toSentence(parts)).toBe(sentence);
  });
});

describe('paginate', () => {
  const items = Array.from({ length: 65 }, (_, i) => i);
  const url = (query: string) => new URL(`http://127.0.0.1:1/things${query}`);
  test.each<[string, Record<string, unknown>, number[], string | undefined]>([
    [
      'page 1 of 3',
      {},
      [0, 29],
      '<http://127.0.0.1:1/things?page=2>; rel="next", <http://127.0.0.1:1/things?page=3>; rel="last"',
    ],
    [
      'a page past the end',
      { page: 9 },
      [],
      '<http://127.0.0.1:1/things?page=3>; rel="prev", <http://127.0.0.1:1/things?page=1>; rel="first"',
    ],
    ['per_page 100 holds everything', { per_page: 100 }, [0, 64], undefined],
    ['page 0 reads as page 1', { page: 0, per_page: 65 }, [0, 64], undefined],
  ])('%s', (_what, query, range, link) => {
    const page = paginate(items, query, url(''));
    expect(page.items.length === 0 ? [] : [page.items[0], page.items.at(-1)]).toEqual(range);
    expect(page.headers['link']).toBe(link);
  });

  test('links keep the rest of the query and the cut per_page', () => {
    const page = paginate(items, { per_page: 500 }, url('?per_page=500&labels=a,b'));
    expect(page.headers).toEqual({});
    const small = paginate(items, { per_page: 20, page: 2 }, url('?labels=x&per_page=20&page=2'));
    expect(small.headers['link']).toBe(
      [
        '<http://127.0.0.1:1/things?labels=x&per_page=20&page=1>; rel="prev"',
        '<http://127.0.0.1:1/things?labels=x&per_page=20&page=3>; rel="next"',
        '<http://127.0.0.1:1/things?labels=x&per_page=20&page=4>; rel="last"',
        '<http://127.0.0.1:1/things?labels=x&per_page=20&page=1>; rel="first"',
      ].join(', '),
    );
  });
});

describe('issue search', () => {
  const doc: SearchDocument = {
    repo: 'Octo/Repo',
    owner: 'Octo',
    isPull: false,
    state: 'open',
    title: 'Weekly maintenance report',
    body: 'Findings\n\n<!-- flaude:report weekly -->',
    comments: ['a comment about caching'],
    labels: ['Flaude', 'needs review'],
    author: 'github-actions[bot]',
  };
  test.each<[string, boolean]>([
    ['repo:octo/repo', true],
    ['repo:octo/other', false],
    ['user:octo is:issue is:open', true],
    ['is:pr', false],
    ['is:closed', false],
    ['"flaude:report weekly"', true],
    ['"report weekly flaude"', false],
    ['in:title "flaude:report weekly"', false],
    ['in:body "<!-- flaude:report weekly -->"', true],
    ['caching', true],
    ['in:title,body caching', false],
    ['label:flaude author:github-actions[bot]', true],
    ['label:other', false],
    ['label:"needs review" label:flaude', true],
    ['label:"needs more"', false],
    ['weekly MAINTENANCE', true],
    ['unknown:qualifier', false],
  ])('%s -> %s', (q, expected) => {
    expect(matchesIssueQuery(parseIssueQuery(q), doc)).toBe(expected);
  });

  test.each(['created:>2020-01-01', 'a OR b', '-label:x', 'is:draft', 'in:name'])(
    '%s is refused as unsupported, not silently unmatched',
    (q) => {
      expect(() => parseIssueQuery(q)).toThrow(/the emulator does not implement/);
    },
  );
});

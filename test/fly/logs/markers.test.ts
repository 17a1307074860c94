import { describe, expect, test } from 'vitest';
import {
  findExitCode,
  findManifest,
  parseExitMarker,
  parseManifest,
  parseMarkerLine,
  type MarkerLine,
  type WorkspaceManifest,
} from '../../../src/fly/logs/markers.ts';

describe('parseExitMarker', () => {
  test.each([
    ['[flaude:exit:0]', 0],
    ['[flaude:exit:1]', 1],
    ['[flaude:exit:42]', 42],
    ['[flaude:exit:137]', 137],
    ['[flaude:exit:255]', 255],
    ['  [flaude:exit:3]  ', 3],
    ['[flaude:exit:7]\r', 7],
    ['\t[flaude:exit:0]\n', 0],
  ])('%#: %j -> %j', (line, code) => {
    expect(parseExitMarker(line)).toBe(code);
  });

  test.each([
    [''],
    ['[flaude:exit:]'],
    ['[flaude:exit:-1]'],
    ['[flaude:exit:256]'],
    ['[flaude:exit:1000]'],
    ['[flaude:exit:1.5]'],
    ['[flaude:exit: 1]'],
    ['[flaude:exit:abc]'],
    ['[flaude:exit:0'],
    ['flaude:exit:0]'],
    ['[FLAUDE:EXIT:0]'],
    ['[flaude:exits:0]'],
    ['[flaude] exit:0'],
    ['echo [flaude:exit:0]'],
    ['[flaude:exit:0] trailing'],
    ['prefix [flaude:exit:0]'],
    ['{"type":"assistant","text":"[flaude:exit:0]"}'],
    ['[flaude:exit:0][flaude:exit:1]'],
  ])('%#: near miss %j is not a marker', (line) => {
    expect(parseExitMarker(line)).toBeUndefined();
  });
});

describe('findExitCode', () => {
  test.each<[string, string[], number | undefined]>([
    ['empty logs', [], undefined],
    ['no marker', ['[flaude] starting', '{"type":"result"}'], undefined],
    ['zero', ['[flaude] done', '[flaude:exit:0]'], 0],
    ['non-zero', ['[flaude:error] boom', '[flaude:exit:2]'], 2],
    ['last marker wins', ['[flaude:exit:1]', 'x', '[flaude:exit:0]'], 0],
    ['last marker wins, other order', ['[flaude:exit:0]', '[flaude:exit:137]'], 137],
    ['near miss after a real one is ignored', ['[flaude:exit:3]', 'say [flaude:exit:0]'], 3],
    [
      'marker among stream-json lines',
      ['{"type":"system"}', '{"type":"result","is_error":false}', '[flaude:exit:0]'],
      0,
    ],
  ])('%s', (_name, lines, code) => {
    expect(findExitCode(lines)).toBe(code);
  });
});

describe('parseManifest', () => {
  test.each<[string, string, WorkspaceManifest | undefined]>([
    [
      'well formed',
      '[flaude:manifest:{"workspace":"/workspace/repo","files":["a.ts","src/b.ts"]}]',
      { workspace: '/workspace/repo', files: ['a.ts', 'src/b.ts'] },
    ],
    [
      'empty file list',
      '[flaude:manifest:{"workspace":"/w","files":[]}]',
      { workspace: '/w', files: [] },
    ],
    [
      'surrounding whitespace',
      '  [flaude:manifest:{"workspace":"/w","files":["x"]}]\r',
      { workspace: '/w', files: ['x'] },
    ],
    [
      'extra fields ignored',
      '[flaude:manifest:{"workspace":"/w","files":["x"],"n":1}]',
      { workspace: '/w', files: ['x'] },
    ],
    [
      'a "]" inside a file name',
      '[flaude:manifest:{"workspace":"/w","files":["a]"]}]',
      { workspace: '/w', files: ['a]'] },
    ],
    [
      'the total of a capped list',
      '[flaude:manifest:{"workspace":"/w","files":["a"],"truncated":true,"total":4000}]',
      { workspace: '/w', files: ['a'], total: 4000 },
    ],
    [
      'a total that is no count is left out',
      '[flaude:manifest:{"workspace":"/w","files":["a"],"total":"many"}]',
      { workspace: '/w', files: ['a'] },
    ],
    [
      'a negative total is left out',
      '[flaude:manifest:{"workspace":"/w","files":["a"],"total":-1}]',
      { workspace: '/w', files: ['a'] },
    ],
    ['malformed JSON', '[flaude:manifest:{"workspace":"/w","files":[}]', undefined],
    ['truncated line', '[flaude:manifest:{"workspace":"/w","files":["a"', undefined],
    ['missing files', '[flaude:manifest:{"workspace":"/w"}]', undefined],
    ['missing workspace', '[flaude:manifest:{"files":[]}]', undefined],
    ['files not strings', '[flaude:manifest:{"workspace":"/w","files":[1]}]', undefined],
    ['array instead of object', '[flaude:manifest:[1,2]]', undefined],
    ['null', '[flaude:manifest:null]', undefined],
    ['not a manifest', '[flaude] manifest', undefined],
    ['embedded in text', 'x [flaude:manifest:{"workspace":"/w","files":[]}]', undefined],
  ])('%s', (_name, line, expected) => {
    expect(parseManifest(line)).toEqual(expected);
  });
});

describe('findManifest', () => {
  test('first well-formed manifest wins, malformed ones are skipped', () => {
    const lines = [
      '[flaude] start',
      '[flaude:manifest:{broken',
      '[flaude:manifest:{"workspace":"/a","files":["1"]}]',
      '[flaude:manifest:{"workspace":"/b","files":["2"]}]',
      '[flaude:exit:0]',
    ];
    expect(findManifest(lines)).toEqual({ workspace: '/a', files: ['1'] });
  });

  test('none present', () => {
    expect(findManifest(['[flaude:exit:0]'])).toBeUndefined();
  });
});

describe('parseMarkerLine', () => {
  test.each<[string, string, MarkerLine | undefined]>([
    ['exit marker', '[flaude:exit:3]', { kind: 'exit', code: 3 }],
    ['exit marker with whitespace', '  [flaude:exit:0]\r', { kind: 'exit', code: 0 }],
    [
      'manifest with its total',
      '[flaude:manifest:{"workspace":"/w","files":["a"],"truncated":true,"total":9}]',
      { kind: 'manifest', manifest: { workspace: '/w', files: ['a'], total: 9 } },
    ],
    [
      'manifest cut short',
      '[flaude:manifest:{"workspace":"/w"',
      { kind: 'manifest', manifest: undefined },
    ],
    [
      'error',
      '[flaude:error] FLAUDE_PROMPT is empty',
      { kind: 'error', text: 'FLAUDE_PROMPT is empty' },
    ],
    ['progress', '[flaude] Cloning a/b', { kind: 'progress', text: 'Cloning a/b' }],
    ['progress without text', '[flaude]', { kind: 'progress', text: '' }],
    ['exit code out of range is no marker', '[flaude:exit:999]', undefined],
    ['an unknown marker kind', '[flaude:other] x', undefined],
    ['stream-json quoting a marker', '{"text":"[flaude:exit:0]"}', undefined],
    ['plain text', 'hello', undefined],
    ['marker later in the line', 'x [flaude] y', undefined],
  ])('%s', (_name, line, expected) => {
    expect(parseMarkerLine(line)).toEqual(expected);
  });
});

import { describe, expect, test } from 'vitest';
import { ShellWordsError, splitShellWords } from '../../src/action/shell-words.ts';

describe('splitShellWords', () => {
  test.each<[string, string[]]>([
    ['', []],
    ['   \n\t ', []],
    ['--bare', ['--bare']],
    ['  --fallback-model   sonnet  ', ['--fallback-model', 'sonnet']],
    ['--a\n--b\r\n--c\td', ['--a', '--b', '--c', 'd']],
    [`--add-dir 'two words'`, ['--add-dir', 'two words']],
    [`--add-dir "two words"`, ['--add-dir', 'two words']],
    [`'it''s'`, ['its']],
    [`"it's"`, [`it's`]],
    [`'say "hi"'`, ['say "hi"']],
    [`a'b'"c"d`, ['abcd']],
    [`'' ""`, ['', '']],
    [`--x=''`, ['--x=']],
    [String.raw`two\ words`, ['two words']],
    [String.raw`\"quoted\"`, ['"quoted"']],
    [String.raw`\\`, ['\\']],
    ['--a \\\n--b', ['--a', '--b']],
    ['--a\\\n--b', ['--a--b']],
    // In single quotes a backslash is a backslash.
    [String.raw`'a\nb'`, [String.raw`a\nb`]],
    // In double quotes it escapes only $ ` " \ and a newline.
    [String.raw`"a\"b\\c\$d\`e"`, ['a"b\\c$d`e']],
    [String.raw`"a\nb\x"`, [String.raw`a\nb\x`]],
    ['"line\\\ncontinued"', ['linecontinued']],
    ['"multi\nline"', ['multi\nline']],
    // Nothing is expanded or run: no shell ever sees the text.
    ['$HOME ${PATH} $(id -u) `id`', ['$HOME', '${PATH}', '$(id', '-u)', '`id`']],
    ['* ? [a-z] ~ ~/x', ['*', '?', '[a-z]', '~', '~/x']],
    ['a;b | c && d > e # f', ['a;b', '|', 'c', '&&', 'd', '>', 'e', '#', 'f']],
    ['ünïcödé ✓', ['ünïcödé', '✓']],
  ])('%j -> %j', (text, words) => {
    expect(splitShellWords(text)).toEqual(words);
  });

  test.each<[string, RegExp, number]>([
    [`--a 'open`, /single quote at character 5 is never closed/, 4],
    [`--a "open`, /double quote at character 5 is never closed/, 4],
    [String.raw`--a "ends \"`, /double quote at character 5 is never closed/, 4],
    ['--a \\', /backslash at character 5 escapes nothing/, 4],
  ])('%j is refused', (text, message, position) => {
    let caught: unknown;
    try {
      splitShellWords(text);
    } catch (e: unknown) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ShellWordsError);
    expect((caught as ShellWordsError).message).toMatch(message);
    expect((caught as ShellWordsError).position).toBe(position);
  });
});

import { describe, expect, test } from 'vitest';
import { MAX_YAML_INPUT, parseYamlInput, type YamlNode } from '../../src/action/yaml-input.ts';

const where = "Input 'env'";

describe('parseYamlInput', () => {
  test.each<[string, YamlNode | undefined]>([
    ['', undefined],
    ['   \n', undefined],
    ['# only a comment\n', undefined],
    ['A: 1', new Map([['A', '1']])],
    // The failsafe schema: every scalar as written, nothing turned into a number or a boolean.
    [
      'a: 007\nb: yes\nc: 1.10\nd: ~\ne: null\nf:\ng: true',
      new Map([
        ['a', '007'],
        ['b', 'yes'],
        ['c', '1.10'],
        ['d', '~'],
        ['e', 'null'],
        ['f', ''],
        ['g', 'true'],
      ]),
    ],
    ['- a\n- \n- [b, c]', ['a', '', ['b', 'c']]],
    ['{a: {b: c}}', new Map([['a', new Map([['b', 'c']])]])],
    ['__proto__: x', new Map([['__proto__', 'x']])],
    ['s: "a: b # not a comment"', new Map([['s', 'a: b # not a comment']])],
  ])('%j', (text, expected) => {
    expect(parseYamlInput(where, text)).toEqual(expected);
  });

  test.each<[string, RegExp]>([
    [
      'a: 1\na: 2',
      /^Input 'env' is not valid YAML: duplicated mapping key \(line 2, column 1\)\.$/,
    ],
    [
      'a: "open',
      /^Input 'env' is not valid YAML: unexpected end of the stream within a double quoted scalar \(line 2, column 1\)\.$/,
    ],
    ['a: !!int 3', /^Input 'env' is not valid YAML: unknown tag !<tag:yaml.org,2002:int>/],
    ['a: !secret x', /^Input 'env' is not valid YAML: unknown tag !<!secret>/],
    ['- a\n---\n- b', /^Input 'env' is not valid YAML: expected a single document in the stream/],
    ['a:\n  - b\n c: d', /^Input 'env' is not valid YAML: .* \(line 3, column 2\)\.$/],
    [
      'a: &x 1\nb: *x',
      /^Input 'env' uses a YAML anchor or alias \(&name, \*name\) at line 1, column 8; they are not supported\.$/,
    ],
  ])('%j is refused', (text, message) => {
    expect(() => parseYamlInput(where, text)).toThrow(message);
  });

  test('a complex key becomes its text, which the field rules then judge', () => {
    // js-yaml turns `? [k]` into the key 'k'; an env or metadata key is checked by its own
    // pattern and a reviewer key must be a known field, so no structure gets through.
    expect(parseYamlInput(where, '? [k]\n: v')).toEqual(new Map([['k', 'v']]));
  });

  test('an alias bomb is refused at its first alias, before anything expands', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    expect(() => parseYamlInput(where, levels.join('\n'))).toThrow(/uses a YAML anchor or alias/);
  });

  test('refuses a document over 64 KiB before parsing it', () => {
    const text = `A: ${'x'.repeat(MAX_YAML_INPUT)}`;
    expect(() => parseYamlInput(where, text)).toThrow(
      new Error(`Input 'env' is ${text.length} characters of YAML; at most 65536 are read.`),
    );
    expect(parseYamlInput(where, `A: ${'x'.repeat(MAX_YAML_INPUT - 3)}`)).toBeInstanceOf(Map);
  });

  test('refuses nesting too deep to read, naming the input', () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    expect(() => parseYamlInput(where, deep)).toThrow(
      new Error("Input 'env' is nested too deeply to read as YAML."),
    );
  });

  test('never quotes the text of a bad document, which may hold a secret', () => {
    const secret = 'sk-ant-api03-a-secret-value';
    for (const text of [`TOKEN: "${secret}`, `TOKEN: ${secret}\nTOKEN: again`]) {
      let message = '';
      try {
        parseYamlInput(where, text);
      } catch (e: unknown) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/not valid YAML/);
      expect(message).not.toContain(secret);
    }
  });
});

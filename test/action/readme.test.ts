// The README is a contract: its tables must match action.yml.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { Input, InputDefault, Output } from '../../src/action/constants.ts';

const root = new URL('../../', import.meta.url);
const action = parse(readFileSync(new URL('action.yml', root), 'utf8')) as {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
  runs: Record<string, string>;
};
const readme = readFileSync(new URL('README.md', root), 'utf8');

function table(heading: string): string[][] {
  const section = readme.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
}

describe('README', () => {
  test('inputs table matches action.yml (names, required, defaults)', () => {
    const rows = table('Inputs');
    expect(rows.map((r) => r[0])).toEqual(Object.keys(action.inputs).map((n) => `\`${n}\``));
    for (const [name, required, def] of rows) {
      const spec = action.inputs[name!.slice(1, -1)]!;
      expect(required, name).toBe(spec.required ? 'yes' : 'no');
      expect(def, name).toBe(spec.default === undefined ? '' : `\`${spec.default}\``);
    }
  });

  test('outputs table matches action.yml', () => {
    expect(table('Outputs').map((r) => r[0])).toEqual(
      Object.keys(action.outputs).map((n) => `\`${n}\``),
    );
  });

  test('constants name exactly the inputs and outputs of action.yml', () => {
    expect(Object.values(Input).sort()).toEqual(Object.keys(action.inputs).sort());
    expect(Object.values(Output).sort()).toEqual(Object.keys(action.outputs).sort());
  });

  test("action.yml's defaults are the ones the code applies", () => {
    const defaults = Object.fromEntries(
      Object.entries(action.inputs)
        .filter(([, spec]) => spec.default !== undefined)
        .map(([name, spec]) => [name, spec.default]),
    );
    const applied = Object.fromEntries(
      Object.entries(InputDefault).map(([key, value]) => [Input[key as keyof typeof Input], value]),
    );
    // The runner expands these; the code has no default of its own for them.
    expect(defaults).toEqual({
      ...applied,
      [Input.MachineGithubToken]: '${{ github.token }}',
      [Input.GithubToken]: '${{ github.token }}',
    });
  });

  test('action.yml runs the bundle on node24 with an always() post step', () => {
    expect(action.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/index.js',
      'post-if': 'always()',
    });
  });

  test('gives the test commands .ci/run runs', () => {
    expect(readme).toContain('npm ci && npm test');
    const ci = readFileSync(new URL('.ci/run', root), 'utf8');
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
  });
});

// Which module of src/ may import which (the checker and the rules are in import-rules.ts):
//
// - src/index.ts, the entry point, imports only src/action, and nothing imports it.
// - src/action is the only importer of @actions/*: the library below it runs anywhere.
// - src/action imports src/fly only through its barrel, src/fly/index.ts. The action is the
//   library's first user and gets no more than any other: what it needs is public (and listed
//   in test/fly/index.test.ts), so the public surface is chosen where it can be seen, and the
//   modules behind the barrel can be split or renamed without touching the action.
// - src/fly imports nothing from the rest of src/, and its layer folders import only down:
//   base/ < api/ < logs/, image/ < run/ < index.ts; logs/ and image/ never import each other.
//   Within a folder the modules' own order is that folder's business.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  checkImports,
  findImports,
  formatViolation,
  RULES,
  type RuleName,
  type Violation,
} from './import-rules.ts';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

async function sourceModules(): Promise<Map<string, string>> {
  const entries = await readdir(SRC, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(SRC, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
  return new Map(
    await Promise.all(
      files.map(async (f) => [f, await readFile(path.join(SRC, f), 'utf8')] as const),
    ),
  );
}

// The smallest src/ that follows every rule: one module per layer, each importing the next.
const LAWFUL: Record<string, string> = {
  'index.ts': "import { runMain } from './action/main.js';\nawait runMain();",
  'action/main.ts': [
    "import * as core from '@actions/core';",
    "import { run } from '../fly/index.js';",
    "import { helper } from './helper.js';",
    'export async function runMain() { core.info(String(await run(helper))); }',
  ].join('\n'),
  'action/helper.ts': 'export const helper = 1;',
  'fly/index.ts': "export { run } from './run/runner.js';\nexport * from './logs/index.js';",
  'fly/run/runner.ts': [
    "import { poll } from '../logs/index.js';",
    "import { image } from '../image/ensure.js';",
    "import type { Step } from './step.js';",
    'export async function run(n: Step) { return poll(n) + image; }',
  ].join('\n'),
  'fly/run/step.ts': 'export type Step = number;',
  'fly/logs/index.ts': "import { request } from '../api/client.js';\nexport const poll = request;",
  'fly/image/ensure.ts': "import { now } from '../base/clock.js';\nexport const image = now();",
  'fly/api/client.ts': [
    "import { Pool } from 'undici';",
    "import { now } from '../base/clock.js';",
    'export const request = (n: number) => n + now() + Number(Pool.length);',
  ].join('\n'),
  'fly/base/clock.ts': 'export const now = () => Date.now();',
};

// A file added to LAWFUL, its one import, that import as reported, and the rules it breaks.
const BROKEN: [file: string, source: string, specifier: string, rules: RuleName[]][] = [
  [
    'fly/api/up.ts',
    "import { run } from '../run/runner.js';",
    '../run/runner.js',
    ['fly-imports-down'],
  ],
  [
    'fly/base/up.ts',
    "import type { request } from '../api/client.js';",
    '../api/client.js',
    ['fly-imports-down'],
  ],
  ['fly/api/up.ts', "export * from '../logs/index.js';", '../logs/index.js', ['fly-imports-down']],
  [
    'fly/api/up.ts',
    "const m = await import('../image/ensure.js');",
    '../image/ensure.js',
    ['fly-imports-down'],
  ],
  ['fly/run/up.ts', "import { run } from '../index.js';", '../index.js', ['fly-imports-down']],
  [
    'fly/logs/side.ts',
    "import { image } from '../image/ensure.js';",
    '../image/ensure.js',
    ['fly-no-sideways'],
  ],
  [
    'fly/image/side.ts',
    "export { poll } from '../logs/index.js';",
    '../logs/index.js',
    ['fly-no-sideways'],
  ],
  ['fly/stray.ts', "import { now } from './base/clock.js';", './base/clock.js', ['fly-in-layers']],
  [
    'fly/api/out.ts',
    "import { helper } from '../../action/helper.js';",
    '../../action/helper.js',
    ['fly-stands-alone'],
  ],
  [
    'fly/api/kit.ts',
    "import * as core from '@actions/core';",
    '@actions/core',
    ['toolkit-in-action'],
  ],
  [
    'action/deep.ts',
    "import { now } from '../fly/base/clock.js';",
    '../fly/base/clock.js',
    ['action-through-barrel'],
  ],
  [
    'action/deep.ts',
    "import type { Step } from '../fly/run/step.js';",
    '../fly/run/step.js',
    ['action-through-barrel'],
  ],
  ['action/top.ts', "import '../index.js';", '../index.js', ['entry-on-top']],
  ['index.ts', "import { run } from './fly/index.js';", './fly/index.js', ['entry-imports-action']],
  [
    'index.ts',
    "import * as core from '@actions/core';",
    '@actions/core',
    ['toolkit-in-action', 'entry-imports-action'],
  ],
  ['action/gone.ts', "import { gone } from './gone-too.js';", './gone-too.js', ['resolves']],
  [
    'fly/api/escape.ts',
    "import { x } from '../../../test/x.js';",
    '../../../test/x.js',
    ['resolves'],
  ],
  [
    'fly/api/any.ts',
    'const m = await import(`../${name}.js`);',
    'import(<expression>)',
    ['literal'],
  ],
];

/** `LAWFUL` with one file added or replaced. */
function withModule(file: string, source: string): Map<string, string> {
  return new Map([...Object.entries(LAWFUL), [file, source]]);
}

const brief = (v: Violation) => ({ file: v.file, specifier: v.specifier, rule: v.rule });

describe('the import rules of src/', () => {
  test('src/ follows every rule', async () => {
    const violations = checkImports(await sourceModules());
    expect(violations.map(formatViolation)).toEqual([]);
  });

  test('the scan sees the imports the rules are about', async () => {
    const modules = await sourceModules();
    const edges = [...modules].flatMap(([file, source]) =>
      findImports(file, source).map((i) => `${file} -> ${i.specifier ?? '?'}`),
    );
    expect(edges.length).toBeGreaterThan(100);
    expect(edges).toEqual(
      expect.arrayContaining([
        'index.ts -> ./action/main.js',
        'action/main.ts -> @actions/core',
        'action/main.ts -> ../fly/index.js',
        'fly/index.ts -> ./run/runner.js',
        'fly/run/log-tap.ts -> ../logs/markers.js',
        'fly/api/client.ts -> ../base/clock.js',
      ]),
    );
    expect([...modules.keys()]).toEqual(
      expect.arrayContaining(['index.ts', 'action/main.ts', 'fly/index.ts', 'fly/base/clock.ts']),
    );
  });

  test('the checker passes the lawful synthetic tree', () => {
    expect(checkImports(new Map(Object.entries(LAWFUL))).map(formatViolation)).toEqual([]);
  });

  test('findImports reads every form of import, and nothing that only looks like one', () => {
    const source = [
      "import a from './a.js';",
      "import type { B } from './b.js';",
      'import {',
      '  c,',
      "} from './c.js';",
      "import './d.js';",
      "export * from './e.js';",
      "export { f } from './f.js';",
      "export type { G } from './g.js';",
      "const h = await import('./h.js');",
      "type I = typeof import('./i.js');",
      "import j = require('./j.js');",
      'const k = await import(someName);',
      "// import l from './l.js';",
      'const m = "import m from \'./m.js\'";',
      'export { a, c, h, j, k, m };',
    ].join('\n');
    expect(findImports('x.ts', source).map((i) => [i.line, i.specifier])).toEqual([
      [1, './a.js'],
      [2, './b.js'],
      [3, './c.js'],
      [6, './d.js'],
      [7, './e.js'],
      [8, './f.js'],
      [9, './g.js'],
      [10, './h.js'],
      [11, './i.js'],
      [12, './j.js'],
      [13, undefined],
    ]);
  });

  // Each rule, broken once on purpose: the checker must name the file, the import and the rule.
  test.each(BROKEN)('%s: %s breaks %j', (file, source, specifier, rules) => {
    const violations = checkImports(withModule(file, source));
    expect(violations.map(brief)).toEqual(rules.map((rule) => ({ file, specifier, rule })));
    for (const [i, v] of violations.entries()) {
      const message = formatViolation(v);
      expect(message).toContain(`src/${file}:1 imports '${specifier}'`);
      expect(message).toContain(RULES[rules[i]!]);
    }
  });

  test('every rule is broken by some case above', () => {
    // A rule added without a case of its own fails here.
    expect(new Set(BROKEN.flatMap(([, , , rules]) => rules))).toEqual(new Set(Object.keys(RULES)));
  });
});

// docs/library.md is part of the library's contract: every TypeScript example in it must
// type-check against the current src/fly (with the project's compiler options), so an API
// change that breaks the docs fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import * as barrel from '../../src/fly/index.ts';
import { barrelExports } from './barrel-exports.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOC = path.join(ROOT, 'docs', 'library.md');

function examples(): string[] {
  const text = readFileSync(DOC, 'utf8');
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

/**
 * The "Public surface" list, as `name -> "layer value"` or `"layer type"`, from items like
 * ``- `run/`: `run`, `runAndDestroy`; types `RunOptions`.``
 */
function publicSurfaceInDocs(): Map<string, string> {
  const text = readFileSync(DOC, 'utf8');
  const section = /^## Public surface\n([\s\S]*?)^## /m.exec(text)?.[1] ?? '';
  const items = section.split(/\n(?=- )/).filter((item) => item.startsWith('- '));
  const surface = new Map<string, string>();
  for (const item of items) {
    const [head = '', values = '', types = ''] = item.split(/: |;\s+types\s+/);
    const layer = /`(\w+)\/`/.exec(head)?.[1] ?? head;
    for (const [kind, list] of [
      ['value', values],
      ['type', types],
    ] as const) {
      for (const m of list.matchAll(/`(\w+)`/g)) surface.set(m[1] ?? '', `${layer} ${kind}`);
    }
  }
  return surface;
}

describe('docs/library.md', () => {
  test('its "Public surface" names every export of src/fly/index.ts, in its layer, and no other', async () => {
    const exported = new Map<string, string>();
    for (const { from, typeOnly, names } of await barrelExports()) {
      const layer = /^\.\/(\w+)\//.exec(from)?.[1] ?? from;
      for (const name of names) exported.set(name, `${layer} ${typeOnly ? 'type' : 'value'}`);
    }
    expect([...exported.keys()].filter((n) => exported.get(n)?.endsWith('value')).sort()).toEqual(
      Object.keys(barrel).sort(),
    );
    const documented = publicSurfaceInDocs();
    expect(documented.size).toBeGreaterThan(40);
    expect(Object.fromEntries([...documented].sort())).toEqual(
      Object.fromEntries([...exported].sort()),
    );
  });

  test('shows every part of the library', () => {
    const all = examples().join('\n');
    for (const name of [
      'ensureApp',
      'MachineConfig',
      'runAndDestroy',
      'raiseOnFailure: false',
      'runWithLogs',
      'ConcurrentExecutor',
      'FlyLogPoller',
      'LogDrainServer',
      'MachineExitError',
      'FlyAPIError',
      'resolveExit',
    ]) {
      expect(all, name).toContain(name);
    }
  });

  test('every TypeScript example type-checks against src/fly', () => {
    const blocks = examples();
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), (f) => ts.sys.readFile(f));
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
    const options: ts.CompilerOptions = { ...parsed.options, noEmit: true };
    // Virtual files at the repository root, so `./src/fly/index.js` resolves as the docs say.
    const virtual = new Map(
      blocks.map((code, i) => [path.join(ROOT, `library-doc-example-${i + 1}.ts`), code]),
    );
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const readFile = host.readFile.bind(host);
    host.fileExists = (f) => virtual.has(f) || fileExists(f);
    host.readFile = (f) => virtual.get(f) ?? readFile(f);
    host.getSourceFile = (f, language, onError, create) => {
      const code = virtual.get(f);
      return code === undefined
        ? getSourceFile(f, language, onError, create)
        : ts.createSourceFile(f, code, language, true);
    };
    const program = ts.createProgram([...virtual.keys()], options, host);
    // Only the examples are checked (src/fly itself is `npm run typecheck`'s), which halves
    // the time: the checker resolves what an example uses, not every body in src.
    const diagnostics = [
      ...program.getOptionsDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...[...virtual.keys()].flatMap((f) => {
        const file = program.getSourceFile(f);
        return file === undefined
          ? []
          : [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
      }),
    ];
    const problems = diagnostics
      .filter((d) => d.file === undefined || virtual.has(d.file.fileName))
      .map((d) => {
        const where = d.file
          ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
          : '';
        return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);
  });
});

// docs/library.md is part of the library's contract: every TypeScript example in it must
// type-check against the current src/fly (with the project's compiler options), so an API
// change that breaks the docs fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOC = path.join(ROOT, 'docs', 'library.md');

function examples(): string[] {
  const text = readFileSync(DOC, 'utf8');
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

describe('docs/library.md', () => {
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
    const { getSourceFile, fileExists, readFile } = host;
    host.fileExists = (f) => virtual.has(f) || fileExists.call(host, f);
    host.readFile = (f) => virtual.get(f) ?? readFile.call(host, f);
    host.getSourceFile = (f, language, onError, create) => {
      const code = virtual.get(f);
      return code === undefined
        ? getSourceFile.call(host, f, language, onError, create)
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

// Reads src/fly/index.ts's export declarations: the library's public names, where each comes
// from, and whether it is a type.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const BARREL = fileURLToPath(new URL('../../src/fly/index.ts', import.meta.url));

export interface BarrelExport {
  /** The module specifier, e.g. `./api/client.js`. */
  from: string;
  typeOnly: boolean;
  /** The names exported, or `['*']` for `export * from`. */
  names: string[];
}

/** Every `export ... from` of the barrel, in source order. */
export async function barrelExports(): Promise<BarrelExport[]> {
  const source = ts.createSourceFile(
    BARREL,
    await readFile(BARREL, 'utf8'),
    ts.ScriptTarget.Latest,
  );
  return source.statements.filter(ts.isExportDeclaration).map((d) => ({
    from: d.moduleSpecifier && ts.isStringLiteral(d.moduleSpecifier) ? d.moduleSpecifier.text : '',
    typeOnly: d.isTypeOnly,
    names:
      d.exportClause && ts.isNamedExports(d.exportClause)
        ? d.exportClause.elements.map((e) => e.name.text)
        : ['*'],
  }));
}

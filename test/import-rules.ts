// The import rules of src/, as a checker the architecture test runs over the real sources and
// over synthetic ones (so that every rule is seen to fail when broken). Paths are relative to
// src/ with forward slashes: `index.ts`, `action/main.ts`, `fly/api/client.ts`.
import path from 'node:path';
import ts from 'typescript';

/** One import found in a source file. */
export interface FoundImport {
  file: string;
  line: number;
  /** As written; undefined for `import(expression)`, whose target cannot be known here. */
  specifier: string | undefined;
}

/** An import that breaks a rule. */
export interface Violation {
  file: string;
  line: number;
  specifier: string;
  rule: RuleName;
  /** What exactly is wrong, e.g. the two layers involved. */
  detail: string;
}

/** The layer folders of src/fly and their ranks: an import may point to the same rank or lower. */
export const FLY_LAYERS: Readonly<Record<string, number>> = {
  base: 0,
  api: 1,
  logs: 2,
  image: 2,
  run: 3,
};
/** The barrel sits above every layer: nothing in src/fly imports it. */
const BARREL = 'fly/index.ts';
const BARREL_RANK = 4;

export const RULES = {
  literal: 'every import names its module with a string literal, so these rules can check it',
  resolves: 'a relative import names a module in src/',
  'entry-on-top': 'nothing imports src/index.ts, the entry point',
  'entry-imports-action': 'src/index.ts imports only src/action',
  'action-through-barrel': 'src/action imports src/fly only through its barrel, src/fly/index.ts',
  'toolkit-in-action': 'only src/action imports @actions/*',
  'fly-stands-alone': 'src/fly imports nothing from the rest of src/',
  'fly-in-layers':
    'every src/fly module sits in a layer folder (base/, api/, logs/, image/, run/) or is the barrel',
  'fly-imports-down':
    'src/fly imports only down: base/ (0) < api/ (1) < logs/, image/ (2) < run/ (3) < index.ts (4)',
  'fly-no-sideways': 'logs/ and image/ do not import each other',
} as const;
export type RuleName = keyof typeof RULES;

/** `src/fly/api/client.ts:12 imports '../run/runner.js': <rule> (<detail>)`. */
export function formatViolation(v: Violation): string {
  return `src/${v.file}:${v.line} imports '${v.specifier}': ${RULES[v.rule]} (${v.detail})`;
}

/**
 * Every import of a TypeScript source: `import ... from`, `import '...'`, `export ... from`,
 * `import('...')`, `typeof import('...')` and `import x = require('...')`, types included (a
 * type import is a dependency too). Comments and strings that merely look like imports are not.
 */
export function findImports(file: string, source: string): FoundImport[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: FoundImport[] = [];
  const add = (node: ts.Node, specifier: ts.Node | undefined): void => {
    const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
    const literal = specifier !== undefined && ts.isStringLiteralLike(specifier);
    found.push({ file, line, specifier: literal ? specifier.text : undefined });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      if (node.moduleSpecifier) add(node, node.moduleSpecifier);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0]);
    } else if (ts.isImportTypeNode(node)) {
      add(node, ts.isLiteralTypeNode(node.argument) ? node.argument.literal : undefined);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      add(node, node.moduleReference.expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

type Target =
  | { kind: 'package'; name: string }
  | { kind: 'module'; path: string }
  | { kind: 'missing'; path: string };

function resolveImport(file: string, specifier: string, modules: ReadonlySet<string>): Target {
  if (!specifier.startsWith('.')) return { kind: 'package', name: specifier };
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  // NodeNext: relative imports name the emitted .js file of a .ts module.
  const resolved = joined.replace(/\.js$/, '.ts');
  return modules.has(resolved)
    ? { kind: 'module', path: resolved }
    : { kind: 'missing', path: joined };
}

interface FlyLayer {
  label: string;
  rank: number;
}

function flyLayerOf(file: string): FlyLayer | undefined {
  if (file === BARREL) return { label: 'index.ts', rank: BARREL_RANK };
  const [, folder, inside] = file.split('/');
  if (folder === undefined || inside === undefined) return undefined;
  const rank = FLY_LAYERS[folder];
  return rank === undefined ? undefined : { label: `${folder}/`, rank };
}

const inAction = (file: string): boolean => file.startsWith('action/');
const inFly = (file: string): boolean => file.startsWith('fly/');

/** The rules an import from `file` to `target` breaks, with what exactly is wrong. */
function brokenRules(file: string, target: Target): [RuleName, string][] {
  const broken: [RuleName, string][] = [];
  if (target.kind === 'missing') {
    const where = target.path.startsWith('../') ? 'outside src/' : 'no module';
    broken.push(['resolves', `src/${target.path} is ${where}`]);
    return broken;
  }
  if (target.kind === 'package') {
    if (target.name.startsWith('@actions/') && !inAction(file))
      broken.push(['toolkit-in-action', `a package imported from src/${file}`]);
    if (file === 'index.ts') broken.push(['entry-imports-action', `the package ${target.name}`]);
    return broken;
  }
  const to = target.path;
  if (to === 'index.ts') broken.push(['entry-on-top', `from src/${file}`]);
  if (file === 'index.ts' && !inAction(to)) broken.push(['entry-imports-action', `src/${to}`]);
  if (inAction(file) && inFly(to) && to !== BARREL)
    broken.push(['action-through-barrel', `src/${to} is inside the library`]);
  if (!inFly(file)) return broken;
  if (!inFly(to)) {
    broken.push(['fly-stands-alone', `src/${to} is outside src/fly`]);
    return broken;
  }
  const from = flyLayerOf(file);
  const into = flyLayerOf(to);
  if (!from || !into) {
    const stray = [file, to].filter((f) => !flyLayerOf(f)).map((f) => `src/${f}`);
    broken.push(['fly-in-layers', `${stray.join(' and ')} in no layer`]);
    return broken;
  }
  if (into.rank > from.rank)
    broken.push([
      'fly-imports-down',
      `${from.label} is ${from.rank}, ${into.label} is ${into.rank}`,
    ]);
  else if (into.rank === from.rank && into.label !== from.label)
    broken.push(['fly-no-sideways', `${from.label} imports ${into.label}`]);
  return broken;
}

/** Every violation of the rules by the imports of `modules` (path relative to src/ -> source). */
export function checkImports(modules: ReadonlyMap<string, string>): Violation[] {
  const known = new Set(modules.keys());
  const violations: Violation[] = [];
  for (const [file, source] of modules) {
    for (const { line, specifier } of findImports(file, source)) {
      if (specifier === undefined) {
        const computed = 'import(<expression>)';
        violations.push({ file, line, specifier: computed, rule: 'literal', detail: 'computed' });
        continue;
      }
      for (const [rule, detail] of brokenRules(file, resolveImport(file, specifier, known)))
        violations.push({ file, line, specifier, rule, detail });
    }
  }
  return violations;
}

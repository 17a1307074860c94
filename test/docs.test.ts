// Comments and docs must stand on their own: a reader of this repository has only this
// repository. So no file may cite documents that live elsewhere (the design notes the project
// was planned from), and every `docs/<file>.md#<anchor>` a file points at must be a heading of
// that doc, so a renamed section cannot leave dangling pointers behind.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const THIS_FILE = path.join('test', 'docs.test.ts');

/** Folders whose files are checked, and single files at the root. */
const SCANNED_DIRS = ['src', 'test', 'bench', 'scripts', 'docs', 'container'];
const SCANNED_ROOT_FILES = [
  'README.md',
  'SECURITY.md',
  'action.yml',
  'package.json',
  'eslint.config.js',
  'vitest.config.ts',
  'vitest.registry.config.ts',
];
/** Generated or ignored output, never written by hand. */
const SKIPPED_DIRS = new Set(['node_modules', 'coverage', 'results']);

// The names are assembled, so that this file does not itself hold the citations it forbids
// (other checks grep the tree for them).
const NOTES = ['API', 'NOTES'].join('-');
const ARCHITECTURE = ['ARCHITECTURE', 'md'].join('.');
const HOUSE_STYLE = ['house', 'style'].join(' ');

/** Citations of documents outside this repository. */
const FORBIDDEN: readonly { what: string; pattern: RegExp }[] = [
  { what: NOTES, pattern: new RegExp(NOTES) },
  { what: ARCHITECTURE, pattern: new RegExp(ARCHITECTURE.replace('.', '\\.')) },
  { what: HOUSE_STYLE, pattern: new RegExp(HOUSE_STYLE, 'i') },
  { what: '../shared', pattern: /\.\.\/shared/ },
  { what: 'CLI-NOTES', pattern: /CLI-NOTES/ },
  { what: 'STYLE.md', pattern: /STYLE\.md/ },
  // Section numbers of those notes ("§1.4"); an RFC's sections are fine.
  { what: '§ section number', pattern: /(?<!RFC \d+ )§\s*\d/ },
];

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...filesUnder(rel));
    } else if (entry.isFile()) {
      out.push(rel);
    }
  }
  return out;
}

/** Every checked file (relative to the root) with its text. */
function scannedFiles(): { file: string; text: string }[] {
  const files = [...SCANNED_DIRS.flatMap(filesUnder), ...SCANNED_ROOT_FILES].filter(
    (file) => file !== THIS_FILE && statSync(path.join(ROOT, file)).size < 2_000_000,
  );
  return files
    .map((file) => ({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }))
    .filter(({ text }) => !text.includes('\u0000'));
}

/** Each forbidden citation in `text`, as `<what> (line n)`. */
function forbiddenCitations(text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const { what, pattern } of FORBIDDEN) {
      if (pattern.test(line)) found.push(`${what} (line ${i + 1})`);
    }
  });
  return found;
}

/**
 * The anchor GitHub gives a heading: markdown links reduced to their text, lowercased,
 * punctuation removed (letters, digits, `_`, `-` and spaces stay), each space a hyphen.
 */
function headingSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every heading anchor of a markdown text; repeats get `-1`, `-2`, ... as on GitHub. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = headingSlug(heading[1] ?? '');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Pointers to a doc's section in a file: `docs/<file>.md#<anchor>`, and in docs/ `x.md#a`, `#a`. */
function sectionPointers(file: string, text: string): { doc: string; anchor: string }[] {
  const pointers = [...text.matchAll(/docs\/([\w.-]+\.md)#([\w-]+)/g)].map((m) => ({
    doc: path.join('docs', m[1] ?? ''),
    anchor: m[2] ?? '',
  }));
  if (path.dirname(file) === 'docs' && file.endsWith('.md')) {
    // Inline links `](x.md#a)` / `](#a)` and reference definitions `[id]: x.md#a`.
    const links = [
      ...text.matchAll(/\]\(([\w.-]+\.md)?#([\w-]+)\)/g),
      ...text.matchAll(/^\[[^\]]+\]:\s*([\w.-]+\.md)?#([\w-]+)\s*$/gm),
    ];
    for (const m of links) {
      pointers.push({ doc: path.join('docs', m[1] ?? path.basename(file)), anchor: m[2] ?? '' });
    }
  }
  return pointers;
}

describe('headingSlug', () => {
  test.each([
    ['Test tiers', 'test-tiers'],
    ['Restart policy and `auto_destroy`', 'restart-policy-and-auto_destroy'],
    [
      'Where the design differs from the seed library',
      'where-the-design-differs-from-the-seed-library',
    ],
    ['Describing a machine: `MachineConfig`', 'describing-a-machine-machineconfig'],
    ['The [registry](https://fly.io/docs/) (v2)', 'the-registry-v2'],
    ['One machine with its logs: `runWithLogs`', 'one-machine-with-its-logs-runwithlogs'],
  ])('%s -> %s', (heading, slug) => {
    expect(headingSlug(heading)).toBe(slug);
  });

  test('repeated headings get numbered anchors; fenced lines are no headings', () => {
    const anchors = headingAnchors('# A\n## Logs\n```sh\n# not a heading\n```\n### Logs\n');
    expect([...anchors]).toEqual(['a', 'logs', 'logs-1']);
  });
});

describe('forbiddenCitations', () => {
  test('finds each citation of an outside document, and passes RFC sections', () => {
    const text = [
      `// Fly blocks 60 s (${NOTES} §1.4).`,
      '// See the House Style.',
      '// HTTP dates (RFC 9110 §10.2.3) are fine.',
    ].join('\n');
    expect(forbiddenCitations(text)).toEqual([
      `${NOTES} (line 1)`,
      '§ section number (line 1)',
      `${HOUSE_STYLE} (line 2)`,
    ]);
  });
});

describe('the repository stands on its own', () => {
  const files = scannedFiles();

  test('the scan covers the source, the tests and the docs', () => {
    const names = files.map((f) => f.file);
    for (const expected of [
      'src/fly/api/machines.ts',
      'test/emulator/fly/README.md',
      'docs/fly-api.md',
      'docs/architecture.md',
      'bench/targets.json',
      'scripts/demo.ts',
    ]) {
      expect(names).toContain(path.join(...expected.split('/')));
    }
  });

  test('no file cites a document this repository does not have', () => {
    const offenders = files.flatMap(({ file, text }) =>
      forbiddenCitations(text).map((hit) => `${file}: ${hit}`),
    );
    expect(offenders).toEqual([]);
  });

  test('every docs/<file>.md#<anchor> points at a heading of that doc', () => {
    const anchorsOf = new Map<string, Set<string>>();
    const dangling: string[] = [];
    let pointers = 0;
    for (const { file, text } of files) {
      for (const { doc, anchor } of sectionPointers(file, text)) {
        pointers++;
        let anchors = anchorsOf.get(doc);
        if (anchors === undefined) {
          let markdown = '';
          try {
            markdown = readFileSync(path.join(ROOT, doc), 'utf8');
          } catch {
            // A missing doc has no anchors: every pointer at it is reported.
          }
          anchors = headingAnchors(markdown);
          anchorsOf.set(doc, anchors);
        }
        if (!anchors.has(anchor)) dangling.push(`${file}: ${doc}#${anchor}`);
      }
    }
    expect(dangling).toEqual([]);
    expect(pointers).toBeGreaterThan(20);
  });
});

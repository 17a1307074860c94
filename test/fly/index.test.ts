import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import * as barrel from '../../src/fly/index.ts';

const FLY_DIR = fileURLToPath(new URL('../../src/fly/', import.meta.url));

async function sourceFiles(): Promise<string[]> {
  const entries = await readdir(FLY_DIR, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(FLY_DIR, path.join(e.parentPath, e.name)))
    .sort();
}

// A folder the barrel re-exports through its own index.ts (`export * from './image/index.js'`)
// is one module: that index.ts is its public surface, and the files behind it may export
// helpers to each other that are not part of the library.
async function facadeFolders(): Promise<string[]> {
  const barrelSource = await readFile(path.join(FLY_DIR, 'index.ts'), 'utf8');
  return [...barrelSource.matchAll(/export \* from '\.\/([\w/-]+)\/index\.js';/g)].map(
    (m) => `${m[1] ?? ''}/`,
  );
}

async function modules(): Promise<string[]> {
  const facades = await facadeFolders();
  return (await sourceFiles()).filter((file) => {
    const facade = facades.find((folder) => file.startsWith(folder));
    if (facade) return file === `${facade}index.ts`;
    return path.basename(file) !== 'index.ts';
  });
}

describe('src/fly/index.ts', () => {
  test('re-exports every runtime export of every src/fly module, as the same object', async () => {
    const files = await modules();
    expect(files).toEqual(
      expect.arrayContaining([
        'run/runner.ts',
        'run/exit.ts',
        'run/log-tap.ts',
        'run/cleanup.ts',
        'run/streaming.ts',
        'run/executor.ts',
        'api/machines.ts',
        'logs/index.ts',
        'image/index.ts',
      ]),
    );
    const missing: string[] = [];
    for (const file of files) {
      const mod = (await import(path.join(FLY_DIR, file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if ((barrel as Record<string, unknown>)[name] !== value) missing.push(`${file}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test("a folder's index.ts passes on every export of its files but the shared helpers its comment names", async () => {
    const folders = await facadeFolders();
    expect(folders).toEqual(expect.arrayContaining(['image/', 'logs/']));
    const missing: string[] = [];
    for (const folder of folders) {
      const index = await readFile(path.join(FLY_DIR, folder, 'index.ts'), 'utf8');
      const named = /helpers the modules share \(([^)]*)\)/.exec(index.replace(/\s*\*\s*/g, ' '));
      const internal = new Set([...(named?.[1] ?? '').matchAll(/`(\w+)`/g)].map((m) => m[1]));
      const files = (await sourceFiles()).filter(
        (f) => f.startsWith(folder) && path.basename(f) !== 'index.ts',
      );
      for (const file of files) {
        const mod = (await import(path.join(FLY_DIR, file))) as Record<string, unknown>;
        for (const [name, value] of Object.entries(mod)) {
          if (internal.has(name)) continue;
          if ((barrel as Record<string, unknown>)[name] !== value) missing.push(`${file}: ${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  test('helpers shared by several modules have one home each', async () => {
    const definitions = new Map<string, string[]>();
    for (const file of await sourceFiles()) {
      const source = await readFile(path.join(FLY_DIR, file), 'utf8');
      for (const m of source.matchAll(
        /^(?:export )?function (messageOf|asError|isObject|describe)\(/gm,
      )) {
        const name = m[1] ?? '';
        definitions.set(name, [...(definitions.get(name) ?? []), file]);
      }
    }
    const twice = [...definitions].filter(([, files]) => files.length > 1);
    expect(twice).toEqual([]);
    expect(barrel.messageOf).toBeTypeOf('function');
    expect(barrel.asError).toBeTypeOf('function');
    expect('isObject' in barrel).toBe(false);
  });
});

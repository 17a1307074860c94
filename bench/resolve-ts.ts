/**
 * Lets plain Node 24 run the library's TypeScript sources as they are. src/ imports its own
 * modules with `.js` extensions (NodeNext; ncc bundles them), and Node's type stripping does
 * not map those to the `.ts` files beside them, so this resolve hook does: a relative `.js`
 * specifier that names no file but has a `.ts` sibling resolves to that sibling. Anything
 * that exists (node_modules, dist/) resolves as usual.
 *
 * Imported for its effect: first thing in bench/run.ts, and with `--import` in the bench's
 * child processes.
 */
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

registerHooks({
  resolve(specifier, context, nextResolve) {
    const parent = context.parentURL;
    if (
      parent?.startsWith('file:') &&
      (specifier.startsWith('./') || specifier.startsWith('../')) &&
      specifier.endsWith('.js')
    ) {
      const asWritten = new URL(specifier, parent);
      if (!existsSync(fileURLToPath(asWritten))) {
        const sibling = new URL(`${specifier.slice(0, -'.js'.length)}.ts`, parent);
        if (existsSync(fileURLToPath(sibling))) return nextResolve(sibling.href, context);
      }
    }
    return nextResolve(specifier, context);
  },
});

/**
 * Where this action's own files are: the directory holding action.yml, found by walking up
 * from this module (dist/index.js when bundled, src/action/ under test). The reviewer image
 * is built from `container/` beside it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function actionRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'action.yml'))) return dir;
    if (dirname(dir) === dir) {
      throw new Error(`Cannot find this action's action.yml above ${from}.`);
    }
  }
}

/** The reviewer container's build context shipped with the action. */
export function containerDir(): string {
  return join(actionRoot(), 'container');
}

/**
 * Prints the tag `ensureImage` gives this checkout's `container/` (`flaude-<content hash>`),
 * so that a published image carries the same tag a runner's own build would: the release
 * workflow tags what it publishes with it.
 *
 *   node_modules/.bin/node scripts/image-tag.ts
 */
import { fileURLToPath } from 'node:url';
// src/ imports its modules as .js (what the bundle resolves); this lets plain Node run it.
import '../bench/resolve-ts.ts';

const { hashContainerDir, imageTag } = await import('../src/fly/index.ts');
const containerDir = fileURLToPath(new URL('../container/', import.meta.url));
process.stdout.write(`${imageTag(await hashContainerDir(containerDir))}\n`);

/**
 * Builds the reviewer image once for the image tier (scripts/build-image.sh: from its cache
 * when nothing that goes into it changed) and hands its reference to the tests.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const SCRIPT = fileURLToPath(new URL('../../scripts/build-image.sh', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built reviewer image in the local container storage. */
    reviewerImage: string;
  }
}

/** Runs the build script (as root, or through sudo) and provides the image reference. */
export default function setup(project: TestProject): void {
  const asRoot = process.getuid?.() === 0 ? ['bash', SCRIPT] : ['sudo', '-E', 'bash', SCRIPT];
  const build = spawnSync(asRoot[0]!, asRoot.slice(1), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (build.status !== 0) {
    throw new Error(`scripts/build-image.sh failed (exit ${String(build.status)})`);
  }
  const image = build.stdout.trim().split('\n').at(-1) ?? '';
  if (!/^[\w./-]+:[\w.-]+$/.test(image)) {
    throw new Error(`scripts/build-image.sh printed no image reference: ${JSON.stringify(image)}`);
  }
  project.provide('reviewerImage', image);
}

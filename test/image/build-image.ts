/**
 * Runs scripts/build-image.sh (as root, or through sudo) for the tiers that need the real
 * reviewer image: from its cache when nothing that goes into the image changed.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/build-image.sh', import.meta.url));

/** The base the image was built from, under the fixed name the script gives it. */
export const REVIEWER_BASE_IMAGE = 'localhost/flaude-reviewer-base:latest';

/** Builds (or finds) the reviewer image; returns its reference in the local storage. */
export function buildReviewerImage(): string {
  const [program, ...args] =
    process.getuid?.() === 0 ? ['bash', SCRIPT] : ['sudo', '-E', 'bash', SCRIPT];
  const build = spawnSync(program, args, {
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
  return image;
}

/** Node's own start: the part of a step's start-up no action can avoid. */
import { spawnSync } from 'node:child_process';
import { node24 } from '../test/harness/action-run.ts';
import { median } from './stats.ts';

/**
 * The median wall time of `node -e 0` (the Node 24 the action runs on): process start,
 * bootstrap and exit, with nothing loaded. Measured, since it depends on the machine.
 */
export function measureNodeStartMs(runs = 5): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const run = spawnSync(node24, ['-e', '0'], { stdio: 'ignore' });
    if (run.status !== 0) throw new Error(`node -e 0 exited with ${run.status}`);
    samples.push(performance.now() - started);
  }
  return median(samples);
}

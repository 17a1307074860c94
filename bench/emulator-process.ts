/**
 * The Fly emulator in a process of its own (test/emulator/fly/cli.ts), for the log stage:
 * the 50k entries it stores and pages through then weigh on its heap, not on the heap the
 * stage measures.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { node24 } from '../test/harness/action-run.ts';

const CLI = fileURLToPath(new URL('../test/emulator/fly/cli.ts', import.meta.url));

/** A running emulator process. */
export interface EmulatorProcess {
  readonly url: string;
  readonly logsUrl: string;
  readonly token: string;
  /** SIGTERM (the emulator kills its machines and exits), then waits for the exit. */
  stop(): Promise<void>;
}

/** Starts the emulator with `app` seeded and every machine running `entrypoint`. */
export async function startEmulatorProcess(opts: {
  app: string;
  entrypoint: string;
}): Promise<EmulatorProcess> {
  const child = spawn(node24, [CLI, '--app', opts.app, '--entrypoint', opts.entrypoint], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  const [first] = (await Promise.race([
    once(lines, 'line'),
    exited.then(([code]) => {
      throw new Error(`the emulator exited (${String(code)}) before it listened`);
    }),
  ])) as [string];
  const info = JSON.parse(first) as { url: string; logsUrl: string; token: string };
  return {
    ...info,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

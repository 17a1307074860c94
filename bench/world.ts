/**
 * The emulators every scenario runs against: Fly and GitHub on 127.0.0.1 with the same
 * per-request latency, Fly's log lag, and every machine a timed script machine
 * (machines/timed-reviewer.sh) printing Claude Code's real frames, so a machine's run time is
 * known and the figures measure the action, not Claude Code.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initLine, structuredSuccessResult } from '../test/action/claude-frames.ts';
import { startEmulators, type ReviewerEmulators } from '../test/harness/emulators.ts';

/** The network the bench emulates: each HTTP answer's delay and Fly's log delivery lag. */
export interface NetworkModel {
  readonly latencyMs: number;
  readonly logLagMs: number;
}

/** 40 ms is a runner-to-API round trip across a continent; 300 ms the emulator's log lag. */
export const BENCH_NETWORK: NetworkModel = { latencyMs: 40, logLagMs: 300 };

export const FLY_TOKEN = 'bench-fly-token-5ecret';
export const ANTHROPIC_KEY = 'sk-ant-api03-bench-5ecret-key';
export const MACHINE_GITHUB_TOKEN = 'ghs_benchMachineToken5ecretValue00001';

const SCRIPT = fileURLToPath(new URL('./machines/timed-reviewer.sh', import.meta.url));

/** What a timed machine does: its run time and how many lines it prints. */
export interface MachinePlan {
  readonly runMs: number;
  readonly lines: number;
  /** How many of `lines` fall in the run's last second. */
  readonly tailLines: number;
}

/** The machine env that makes a timed machine follow `plan` (see timed-reviewer.sh). */
export function planEnv(plan: MachinePlan): Record<string, string> {
  return { BENCH_PLAN: `bench-plan:${plan.runMs}:${plan.lines}:${plan.tailLines}` };
}

/** The reviewer's result frame: the captured structured result, carrying one finding. */
export function resultFrame(): string {
  const frame = JSON.parse(structuredSuccessResult) as Record<string, unknown>;
  const report = {
    summary: '## Review\n\nA bench reviewer: one finding, nothing else.',
    verdict: 'comment',
    findings: [
      {
        path: 'src/greet.js',
        line: 2,
        severity: 'low',
        title: 'Trimming changes the greeting',
        body: 'A name with spaces around it is now greeted without them.',
      },
    ],
  };
  return JSON.stringify({ ...frame, structured_output: report, result: JSON.stringify(report) });
}

/** Starts the emulators with every machine a timed script machine. */
export async function startBenchWorld(
  name: string,
  network: NetworkModel = BENCH_NETWORK,
): Promise<ReviewerEmulators> {
  // The script and its frames live in a directory of their own, made before the emulators
  // (the harness's scratch directory does not exist yet when the Fly emulator's options are
  // built); it goes with the process's temporary files.
  const dir = join(
    process.env.TMPDIR ?? '/tmp',
    `flaude-bench-machine-${process.pid}-${Date.now()}`,
  );
  mkdirSync(dir, { recursive: true });
  const script = join(dir, 'timed-reviewer.sh');
  copyFileSync(SCRIPT, script);
  writeFileSync(join(dir, 'init.jsonl'), `${initLine}\n`);
  writeFileSync(join(dir, 'result.jsonl'), `${resultFrame()}\n`);
  const world = await startEmulators({
    name,
    fly: {
      token: FLY_TOKEN,
      entrypoint: script,
      latencyMs: network.latencyMs,
      logLagMs: network.logLagMs,
    },
    github: { latencyMs: network.latencyMs },
  }).catch((e: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  return {
    ...world,
    stop: async () => {
      try {
        await world.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

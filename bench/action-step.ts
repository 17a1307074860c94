/**
 * One main step of the bundled action (dist/index.js, as the runner runs it) against the bench
 * world, with N reviewers on timed machines, and what the bench reads from it: wall time,
 * start-up stamps and peak RSS (peak-rss-probe.mjs), when each `bench-log` line and each
 * reviewer's result appeared in the step's output, and the requests both emulators answered.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedRequest as FlyRequest } from '../test/emulator/fly/index.ts';
import type { RecordedRequest as GithubRequest } from '../test/emulator/github/index.ts';
import { runActionStep } from '../test/harness/action-run.ts';
import type { ReviewerEmulators } from '../test/harness/emulators.ts';
import {
  ANTHROPIC_KEY,
  FLY_TOKEN,
  MACHINE_GITHUB_TOKEN,
  planEnv,
  type MachinePlan,
} from './world.ts';

const PROBE = new URL('./peak-rss-probe.mjs', import.meta.url).href;
const BENCH_LINE = /^bench-log (\d+) (\d+)$/;
const RESULT_LINE = /^[✔✖] (\S+) (passed|failed)/;

/** What one step did. */
export interface StepSample {
  readonly exitCode: number;
  readonly spawnedAt: number;
  readonly exitedAt: number;
  /** The process's own start (performance.timeOrigin) and Node's start-up within it. */
  readonly timeOriginMs: number;
  readonly preloadMs: number;
  readonly peakRssMb: number;
  /** Per `bench-log` number: when the machine printed it and when the step showed it. */
  readonly lines: ReadonlyMap<number, { emittedAt: number; seenAt: number }>;
  /** Per reviewer name: when its result line appeared. */
  readonly resultAt: ReadonlyMap<string, number>;
  readonly results: Array<{ name?: string; success?: boolean; machine_id?: string }>;
  readonly flyRequests: readonly FlyRequest[];
  readonly githubRequests: readonly GithubRequest[];
  readonly log: string;
}

/** The step's reviewers: `reviewer-1`.. `reviewer-N`. */
export function reviewerNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `reviewer-${i + 1}`);
}

/** Runs the main step with `reviewers` reviewers at max-concurrency `reviewers`. */
export async function runStep(
  world: ReviewerEmulators,
  opts: {
    app: string;
    reviewers: number;
    plan: MachinePlan;
    tag: string;
    signal: AbortSignal;
    /** Inputs on top of the bench's (e.g. an empty `image`). */
    inputs?: Record<string, string>;
  },
): Promise<StepSample> {
  const { fly, github } = world;
  fly.clearRecords();
  github.clearRecords();
  const rssFile = join(world.dir, `probe-${opts.tag}.json`);
  const lines = new Map<number, { emittedAt: number; seenAt: number }>();
  const resultAt = new Map<string, number>();
  let partial = '';
  const onOutput = (chunk: string): void => {
    const now = Date.now();
    const split = (partial + chunk).split('\n');
    partial = split.pop() ?? '';
    for (const line of split) {
      const bench = BENCH_LINE.exec(line);
      if (bench && !lines.has(Number(bench[1]))) {
        lines.set(Number(bench[1]), { emittedAt: Number(bench[2]), seenAt: now });
      }
      const result = RESULT_LINE.exec(line);
      if (result?.[1] !== undefined && !resultAt.has(result[1])) resultAt.set(result[1], now);
    }
  };
  const step = world.githubStep();
  const spawnedAt = Date.now();
  const run = await runActionStep(world.dir, {
    inputs: {
      'fly-api-token': FLY_TOKEN,
      app: opts.app,
      'anthropic-api-key': ANTHROPIC_KEY,
      image: `registry.fly.io/${opts.app}:bench`,
      'vm-size': 'shared-cpu-1x',
      'memory-mb': '1024',
      'timeout-minutes': '5',
      'machine-github-token': MACHINE_GITHUB_TOKEN,
      'fly-api-url': fly.url,
      'fly-logs-url': fly.logsUrl,
      reviewers: reviewerNames(opts.reviewers)
        .map((name) => `- name: ${name}\n  prompt: Review this pull request.`)
        .join('\n'),
      'max-concurrency': String(opts.reviewers),
      env: Object.entries(planEnv(opts.plan))
        .map(([k, v]) => `${k}: "${v}"`)
        .join('\n'),
      ...step.inputs,
      ...opts.inputs,
    },
    event: world.pullRequestEvent(),
    github: { ...step.env, NODE_OPTIONS: `--import=${PROBE}`, BENCH_PEAK_RSS_FILE: rssFile },
    onOutput,
    signal: opts.signal,
  });
  const exitedAt = Date.now();
  opts.signal.throwIfAborted();
  const probe = JSON.parse(readFileSync(rssFile, 'utf8')) as {
    maxRssKiB: number;
    timeOriginMs: number;
    preloadMs: number;
  };
  return {
    exitCode: run.exitCode,
    spawnedAt,
    exitedAt,
    timeOriginMs: probe.timeOriginMs,
    preloadMs: probe.preloadMs,
    peakRssMb: probe.maxRssKiB / 1024,
    lines,
    resultAt,
    results: JSON.parse(run.outputs.results ?? '[]') as StepSample['results'],
    flyRequests: [...fly.requests],
    githubRequests: [...github.requests],
    log: run.log,
  };
}

/** Throws, with the log's tail, unless every reviewer of the step succeeded. */
export function expectSuccess(sample: StepSample, reviewers: number, what: string): void {
  const ok = sample.results.filter((r) => r.success === true).length;
  if (sample.exitCode !== 0 || ok !== reviewers) {
    const tail = sample.log.split('\n').slice(-25).join('\n');
    throw new Error(
      `${what}: exit code ${sample.exitCode}, ${ok} of ${reviewers} reviewers succeeded:\n${tail}`,
    );
  }
}

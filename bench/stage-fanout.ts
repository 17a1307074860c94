/**
 * Stage 2: fan-out in the library. One ConcurrentExecutor batch of 8 reviewers at
 * maxConcurrency 8 against the Fly emulator with Fly's rate limits on (1 req/s, burst 3 per
 * action and machine; creates per app): every machine runs the real entrypoint and Claude
 * Code CLI (`[scenario:no-tool]`). Counts what Fly answered 429 (must be none: the client's
 * limiter paces the creates) and how many Machines API requests each reviewer cost.
 */
import { FlyClient } from '../src/fly/api/client.ts';
import { ConcurrentExecutor, type ExecutionRequest } from '../src/fly/run/executor.ts';
import type { MachineConfig } from '../src/fly/api/machine-config.ts';
import type { RecordedRequest } from '../test/emulator/fly/index.ts';
import { startEmulators, type ReviewerEmulators } from '../test/harness/emulators.ts';
import { assertNoMachinesLeft } from './machines-left.ts';
import type { StageResult } from './metric.ts';
import { max, median, min, round } from './stats.ts';

const APP = 'flaude-bench-fanout';

/** Runs one batch of `reviewers` machines at once. */
export async function benchFanOut(opts: {
  reviewers: number;
  signal: AbortSignal;
}): Promise<StageResult> {
  const world = await startEmulators({ name: 'bench-fanout' });
  const { fly } = world;
  fly.addApp(APP);
  const client = new FlyClient({ token: fly.token, apiUrl: fly.url, logsUrl: fly.logsUrl });
  try {
    const requests: ExecutionRequest[] = Array.from({ length: opts.reviewers }, (_, i) => ({
      config: reviewerConfig(world),
      tag: `reviewer-${i + 1}`,
      name: `bench-fanout-${i + 1}`,
    }));
    const startedAt = performance.now();
    const batch = await new ConcurrentExecutor(APP, {
      client,
      maxConcurrency: opts.reviewers,
      signal: opts.signal,
    }).runBatch(requests);
    const wallMs = performance.now() - startedAt;
    opts.signal.throwIfAborted();
    await assertNoMachinesLeft(fly);

    const failures = batch.results
      .filter((r) => !r.success)
      .map((r) => `${r.tag}: ${r.error?.message ?? 'failed'}`);
    const idByName = new Map(
      batch.results.flatMap((r, i) =>
        r.machineId === undefined ? [] : [[requests[i]?.name ?? '', r.machineId] as const],
      ),
    );
    const perReviewer = requestsPerMachine(fly.requests, APP, idByName);
    const counts = [...idByName.values()].map((id) => perReviewer.get(id) ?? 0);
    const tooMany = fly.requests.filter((r) => r.status === 429);
    const logsRequests = fly.requests.filter((r) => r.server === 'logs').length;

    return {
      stage: 'fanout',
      metrics: [
        {
          id: 'fanout.wall_ms',
          label: `fan-out: ${opts.reviewers} reviewers at maxConcurrency ${opts.reviewers}, wall time`,
          value: round(wallMs),
          unit: 'ms',
        },
        {
          id: 'fanout.failed_reviewers',
          label: 'fan-out: reviewers that failed',
          value: failures.length,
          unit: 'count',
        },
        {
          id: 'fanout.fly_429s',
          label: 'fan-out: 429 answers from Fly',
          value: tooMany.length,
          unit: 'count',
        },
        {
          id: 'fanout.invalid_requests',
          label: "fan-out: requests Fly's OpenAPI file refuses",
          value: fly.validationFailures.length,
          unit: 'count',
        },
        {
          id: 'fanout.requests_per_reviewer.median',
          label: 'fan-out: Machines API requests per reviewer (median)',
          value: median(counts),
          unit: 'requests',
        },
        {
          id: 'fanout.requests_per_reviewer.max',
          label: 'fan-out: Machines API requests per reviewer (max)',
          value: max(counts),
          unit: 'requests',
        },
      ],
      details: {
        reviewers: opts.reviewers,
        failures,
        requestsPerReviewer: {
          min: min(counts),
          median: median(counts),
          max: max(counts),
          all: counts,
        },
        requestsByKind: requestsByKind(fly.requests),
        logsRequests,
        tooManyRequests: tooMany.map((r) => `${r.method} ${r.path}`),
        machineDurationsS: batch.results.map((r) => round(r.runResult?.durationSeconds ?? NaN, 2)),
      },
    };
  } finally {
    await client.close();
    await world.stop();
  }
}

function reviewerConfig(world: ReviewerEmulators): MachineConfig {
  const { repo } = world;
  return {
    image: `registry.fly.io/${APP}:emulated`,
    prompt: 'Review this pull request. [scenario:no-tool]',
    repos: [
      {
        url: `https://github.com/${repo.fullName}.git`,
        ref: `refs/pull/${repo.prNumber}/head`,
        sha: repo.headSha,
        baseRef: repo.baseRef,
      },
    ],
    anthropicApiKey: 'sk-ant-api03-bench-key',
    guest: 'shared-cpu-1x',
    memoryMb: 1024,
    maxTurns: 5,
    timeoutSeconds: 90,
  };
}

/**
 * Machines API requests of each machine: those on `/machines/{id}...` and its create (the
 * POST whose body names it). App-level and logs requests are shared and counted apart.
 */
function requestsPerMachine(
  requests: readonly RecordedRequest[],
  app: string,
  idByName: ReadonlyMap<string, string>,
): Map<string, number> {
  const counts = new Map<string, number>();
  const machinePath = new RegExp(`^/v1/apps/${app}/machines/([^/]+)`);
  for (const r of requests) {
    if (r.server !== 'machines') continue;
    let id = machinePath.exec(r.path)?.[1];
    if (id === undefined && r.method === 'POST' && r.path === `/v1/apps/${app}/machines`) {
      id = idByName.get((r.body as { name?: string } | undefined)?.name ?? '');
    }
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** `GET wait` -> 8 and so on: which calls the batch made. */
function requestsByKind(requests: readonly RecordedRequest[]): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const r of requests) {
    const shape = r.path
      .replace(/^\/v1\/apps\/[^/]+/, '/v1/apps/{app}')
      .replace(/\/machines\/[^/]+/, '/machines/{id}')
      .replace(/^\/api\/v1\/apps\/[^/]+/, '/api/v1/apps/{app}');
    const key = `${r.method} ${shape} ${r.status}`;
    kinds[key] = (kinds[key] ?? 0) + 1;
  }
  return kinds;
}

/** The baseline's runs against the bench world, read the same way as the action's. */
import type { ReviewerEmulators } from '../../test/harness/emulators.ts';
import { runNaive, type NaiveOutcome } from './naive-fly-client.ts';
import { planEnv, type MachinePlan } from '../world.ts';

const BENCH_LINE = /^bench-log (\d+) (\d+)$/;

/** What one baseline batch did. */
export interface NaiveSample {
  readonly startedAt: number;
  readonly outcomes: readonly NaiveOutcome[];
  /** Per machine name, per `bench-log` number: printed and read (Unix ms). */
  readonly lines: ReadonlyMap<string, ReadonlyMap<number, { emittedAt: number; seenAt: number }>>;
}

/** Runs `count` timed machines in `app` with the naive client, all at once. */
export async function runBaseline(
  world: ReviewerEmulators,
  opts: { app: string; count: number; plan: MachinePlan },
): Promise<NaiveSample> {
  const { fly } = world;
  fly.clearRecords();
  const lines = new Map<string, Map<number, { emittedAt: number; seenAt: number }>>();
  const startedAt = Date.now();
  const outcomes = await runNaive(
    { apiUrl: fly.url, logsUrl: fly.logsUrl, token: fly.token },
    opts.app,
    Array.from({ length: opts.count }, (_, i) => {
      const name = `naive-${i + 1}`;
      const seen = new Map<number, { emittedAt: number; seenAt: number }>();
      lines.set(name, seen);
      return {
        name,
        image: `registry.fly.io/${opts.app}:bench`,
        env: planEnv(opts.plan),
        onLine: (line: string, seenAt: number) => {
          const match = BENCH_LINE.exec(line);
          if (match && !seen.has(Number(match[1]))) {
            seen.set(Number(match[1]), { emittedAt: Number(match[2]), seenAt });
          }
        },
      };
    }),
  );
  return { startedAt, outcomes, lines };
}

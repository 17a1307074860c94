/**
 * bench/targets.json: the bound each metric must stay within. A metric passes when it is at
 * most `max` and at least `min` (either may be absent, not both). A metric without a target
 * is a miss too, so a new figure cannot slip in unchecked.
 */
import { readFileSync } from 'node:fs';
import type { Metric } from './metric.ts';

/** The bound of one metric and where it came from. */
export interface Target {
  readonly max?: number;
  readonly min?: number;
  /** Why this bound: the measurement it was set from and the headroom given. */
  readonly basis: string;
}

/** A metric next to its target. */
export interface Verdict {
  readonly metric: Metric;
  readonly target: Target | undefined;
  readonly ok: boolean;
  /** Why it missed; undefined when ok. */
  readonly miss: string | undefined;
}

/** Reads targets.json (`{ "targets": { "<metric id>": { max?, min?, basis } } }`). */
export function loadTargets(path: string): ReadonlyMap<string, Target> {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { targets?: Record<string, unknown> };
  const targets = new Map<string, Target>();
  for (const [id, raw] of Object.entries(parsed.targets ?? {})) {
    const t = raw as Partial<Target>;
    const bounded = typeof t.max === 'number' || typeof t.min === 'number';
    if (!bounded || typeof t.basis !== 'string') {
      throw new Error(`${path}: target ${id} needs a numeric max or min and a basis`);
    }
    targets.set(id, t as Target);
  }
  return targets;
}

/** Checks every metric against its target. */
export function judge(metrics: readonly Metric[], targets: ReadonlyMap<string, Target>): Verdict[] {
  return metrics.map((metric) => {
    const target = targets.get(metric.id);
    const miss = missOf(metric, target);
    return { metric, target, ok: miss === undefined, miss };
  });
}

function missOf(metric: Metric, target: Target | undefined): string | undefined {
  if (target === undefined) return `${metric.id} has no target in targets.json`;
  if (!Number.isFinite(metric.value)) return `${metric.id} was not measured (${metric.value})`;
  if (target.max !== undefined && metric.value > target.max) {
    return `${metric.id} = ${metric.value} ${metric.unit}, above its target of at most ${target.max}`;
  }
  if (target.min !== undefined && metric.value < target.min) {
    return `${metric.id} = ${metric.value} ${metric.unit}, below its target of at least ${target.min}`;
  }
  return undefined;
}

/**
 * bench/targets.json: the bound each figure must stay within, relative to its floor where it
 * has one. A figure passes when every bound its target sets holds:
 *
 * - `maxRatio`: ours / floor at most this (the targets are ratios to the floor);
 * - `maxOverFloor`: ours − floor at most this, in the figure's unit;
 * - `max`, `min`: ours itself (counts that must be 0, memory, start-up).
 *
 * A figure without a target is a miss too, so a new figure cannot slip in unchecked.
 */
import { readFileSync } from 'node:fs';
import type { Figure } from './figure.ts';

/** The bound of one figure and where it came from. */
export interface Target {
  readonly maxRatio?: number;
  readonly maxOverFloor?: number;
  readonly max?: number;
  readonly min?: number;
  /** Why this bound: the target it encodes, or the measurement it was set from. */
  readonly basis: string;
}

/** A figure next to its target. */
export interface Verdict {
  readonly figure: Figure;
  readonly target: Target | undefined;
  /** ours / floor; null without a positive floor. */
  readonly ratio: number | null;
  readonly ok: boolean;
  /** Why it missed (by how much); undefined when ok. */
  readonly miss: string | undefined;
}

const BOUNDS = ['maxRatio', 'maxOverFloor', 'max', 'min'] as const;

/** Reads targets.json (`{ "targets": { "<figure id>": { <bound>..., basis } } }`). */
export function loadTargets(path: string): ReadonlyMap<string, Target> {
  return parseTargets(readFileSync(path, 'utf8'), path);
}

/** Parses the text of a targets file; `source` names it in errors. */
export function parseTargets(text: string, source: string): ReadonlyMap<string, Target> {
  const parsed = JSON.parse(text) as { targets?: Record<string, unknown> };
  const targets = new Map<string, Target>();
  for (const [id, raw] of Object.entries(parsed.targets ?? {})) {
    const t = (raw ?? {}) as Record<string, unknown>;
    const bounds = BOUNDS.filter((b) => t[b] !== undefined);
    const numeric = bounds.every((b) => typeof t[b] === 'number' && Number.isFinite(t[b]));
    if (bounds.length === 0 || !numeric || typeof t.basis !== 'string') {
      throw new Error(
        `${source}: target ${id} needs a numeric ${BOUNDS.join(', ')} (one at least) and a basis`,
      );
    }
    targets.set(id, t as unknown as Target);
  }
  return targets;
}

/** ours / floor, or null when the figure has no positive floor to divide by. */
export function ratioToFloor(figure: Figure): number | null {
  return figure.floor !== null && figure.floor > 0 ? figure.ours / figure.floor : null;
}

/** Checks every figure against its target. */
export function judge(figures: readonly Figure[], targets: ReadonlyMap<string, Target>): Verdict[] {
  return figures.map((figure) => {
    const target = targets.get(figure.id);
    const miss = missOf(figure, target);
    return { figure, target, ratio: ratioToFloor(figure), ok: miss === undefined, miss };
  });
}

function missOf(figure: Figure, target: Target | undefined): string | undefined {
  const { id, ours, floor, unit } = figure;
  if (target === undefined) return `${id} has no target in targets.json`;
  if (!Number.isFinite(ours)) return `${id} was not measured (${ours})`;
  const ratio = ratioToFloor(figure);
  if (target.maxRatio !== undefined) {
    if (ratio === null) return `${id} has a ratio target but no floor to divide by`;
    if (ratio > target.maxRatio) {
      const over = ours - target.maxRatio * (floor ?? 0);
      return `${id}: ours/floor = ${ratio.toFixed(2)}, above ${target.maxRatio} (${round1(over)} ${unit} over)`;
    }
  }
  if (target.maxOverFloor !== undefined) {
    if (floor === null) return `${id} has a floor+ target but no floor`;
    const over = ours - floor - target.maxOverFloor;
    if (over > 0) {
      return `${id}: ${round1(ours)} ${unit} is floor ${round1(floor)} + ${round1(ours - floor)}, above floor + ${target.maxOverFloor} (${round1(over)} ${unit} over)`;
    }
  }
  if (target.max !== undefined && ours > target.max) {
    return `${id} = ${round1(ours)} ${unit}, above its target of at most ${target.max} (${round1(ours - target.max)} over)`;
  }
  if (target.min !== undefined && ours < target.min) {
    return `${id} = ${round1(ours)} ${unit}, below its target of at least ${target.min}`;
  }
  return undefined;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

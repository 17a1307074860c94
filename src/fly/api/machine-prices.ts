/**
 * What a started Fly Machine costs: Fly's list prices per second for its CPU presets and for
 * RAM beyond what a preset includes, and the estimate for one run. Pure; one table.
 *
 * Source: https://fly.io/docs/about/pricing/ ("Started Fly Machines", the table of region
 * iad), as a copy of that page taken on 2025-08-19 shows it; this repository was written
 * without access to the live page, so compare the figures with it before relying on them.
 * The page gives "the price of a named CPU/RAM preset, plus about $5 per 30 days per GB of
 * additional RAM", and a table per region: other regions ask up to about 25% more (the
 * estimate uses iad's prices everywhere). Fly bills a started machine per second; plans,
 * reservations and free allowances are not taken into account.
 */
import type { FlyGuest } from './api-types.js';

/** One priced preset: what it includes and what a second of it costs. */
export interface MachinePrice {
  readonly cpuKind: 'shared' | 'performance';
  readonly cpus: number;
  /** The RAM the preset's price includes. */
  readonly includedMemoryMb: number;
  readonly usdPerSecond: number;
}

/** Where {@link MACHINE_PRICES} comes from, for anyone checking or updating it. */
export const MACHINE_PRICES_SOURCE = {
  url: 'https://fly.io/docs/about/pricing/',
  region: 'iad',
  seen: '2025-08-19',
} as const;

/** Fly's price list of the presets it publishes, by preset name (region iad). */
export const MACHINE_PRICES: ReadonlyMap<string, MachinePrice> = new Map<string, MachinePrice>([
  ['shared-cpu-1x', price('shared', 1, 256, 0.00000075)],
  ['shared-cpu-2x', price('shared', 2, 512, 0.0000015)],
  ['shared-cpu-4x', price('shared', 4, 1024, 0.000003)],
  ['shared-cpu-8x', price('shared', 8, 2048, 0.000006)],
  ['performance-1x', price('performance', 1, 2048, 0.00001196)],
  ['performance-2x', price('performance', 2, 4096, 0.00002392)],
  ['performance-4x', price('performance', 4, 8192, 0.00004784)],
  ['performance-8x', price('performance', 8, 16384, 0.00009568)],
  ['performance-16x', price('performance', 16, 32768, 0.00019136)],
]);

/**
 * Each GB of RAM beyond the preset's, per second: the page's "about $5 per 30 days" as its
 * table prices it (e.g. performance-16x: $0.00019136/s with 32 GB, $0.00037664/s with 128 GB).
 */
export const ADDITIONAL_RAM_USD_PER_GB_SECOND = 0.00000193;

/**
 * Estimates what a machine of `guest` costs for `seconds` started, in USD: its preset's price
 * plus the RAM above the preset's, per second. Sizes Fly accepts but does not list (e.g.
 * shared-cpu-6x, performance-10x) are priced per CPU like the listed ones, which cost exactly
 * their CPU count times the 1x preset. Undefined for a guest it cannot price (another CPU
 * kind, no CPUs) or a negative or non-finite duration.
 */
export function estimateMachineCostUsd(guest: FlyGuest, seconds: number): number | undefined {
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  const preset = presetPrice(guest.cpu_kind, guest.cpus);
  if (preset === undefined) return undefined;
  const extraGb = Math.max(0, guest.memory_mb - preset.includedMemoryMb) / 1024;
  return (preset.usdPerSecond + extraGb * ADDITIONAL_RAM_USD_PER_GB_SECOND) * seconds;
}

function presetPrice(cpuKind: string, cpus: number): MachinePrice | undefined {
  if (!Number.isInteger(cpus) || cpus < 1) return undefined;
  if (cpuKind === 'shared' || cpuKind === 'performance') {
    const listed = MACHINE_PRICES.get(presetName(cpuKind, cpus));
    if (listed !== undefined) return listed;
    const one = MACHINE_PRICES.get(presetName(cpuKind, 1));
    if (one === undefined) return undefined;
    return price(cpuKind, cpus, one.includedMemoryMb * cpus, one.usdPerSecond * cpus);
  }
  return undefined;
}

function presetName(cpuKind: 'shared' | 'performance', cpus: number): string {
  return cpuKind === 'shared' ? `shared-cpu-${cpus}x` : `performance-${cpus}x`;
}

function price(
  cpuKind: 'shared' | 'performance',
  cpus: number,
  includedMemoryMb: number,
  usdPerSecond: number,
): MachinePrice {
  return { cpuKind, cpus, includedMemoryMb, usdPerSecond };
}

import { describe, expect, test } from 'vitest';
import { GUEST_PRESETS, resolveGuest } from '../../../src/fly/api/machine-config.ts';
import {
  ADDITIONAL_RAM_USD_PER_GB_SECOND,
  estimateMachineCostUsd,
  MACHINE_PRICES,
  MACHINE_PRICES_SOURCE,
} from '../../../src/fly/api/machine-prices.ts';
import type { FlyGuest } from '../../../src/fly/api/api-types.ts';

const guest = (cpu_kind: 'shared' | 'performance', cpus: number, memory_mb: number): FlyGuest => ({
  cpu_kind,
  cpus,
  memory_mb,
});

describe('estimateMachineCostUsd', () => {
  // Figures from Fly's table (region iad): the preset rows, and rows with more RAM.
  test.each([
    [1, guest('shared', 1, 256), 1, 0.00000075],
    [2, guest('shared', 2, 512), 1, 0.0000015],
    [3, guest('performance', 1, 2048), 1, 0.00001196],
    [4, guest('performance', 16, 32768), 1, 0.00019136],
    // More RAM than the preset includes: $0.00000193 per GB and second on top.
    [5, guest('shared', 2, 2048), 1, 0.0000015 + 1.5 * 0.00000193],
    [6, guest('shared', 8, 16384), 1, 0.000006 + 14 * 0.00000193],
    [7, guest('performance', 16, 131072), 1, 0.00019136 + 96 * 0.00000193],
    // Seconds started multiply it.
    [8, guest('shared', 2, 2048), 600, (0.0000015 + 1.5 * 0.00000193) * 600],
    [9, guest('performance', 2, 4096), 0, 0],
  ])('#%i %j for %i s', (_n, g, seconds, usd) => {
    expect(estimateMachineCostUsd(g, seconds)).toBeCloseTo(usd, 12);
  });

  test("the table's rows with more RAM are its preset plus the RAM price, within 5 cents a month", () => {
    // A few of Fly's rows, per second: [preset, memory, price].
    const rows: [string, number, number][] = [
      ['shared-cpu-1x', 1024, 0.0000022],
      ['shared-cpu-2x', 4096, 0.00000826],
      ['shared-cpu-4x', 8192, 0.00001651],
      ['performance-1x', 8192, 0.00002354],
      ['performance-8x', 65536, 0.00018832],
    ];
    for (const [name, memory, perSecond] of rows) {
      const preset = MACHINE_PRICES.get(name)!;
      const estimate = estimateMachineCostUsd(guest(preset.cpuKind, preset.cpus, memory), 1)!;
      const month = 30 * 24 * 3600;
      expect(Math.abs(estimate - perSecond) * month, name).toBeLessThan(0.05);
    }
  });

  test('sizes Fly accepts but does not list are priced per CPU, as the listed ones are', () => {
    for (const [name, price] of MACHINE_PRICES) {
      const one = MACHINE_PRICES.get(
        price.cpuKind === 'shared' ? 'shared-cpu-1x' : 'performance-1x',
      )!;
      expect(price.usdPerSecond, name).toBeCloseTo(one.usdPerSecond * price.cpus, 12);
      expect(price.includedMemoryMb, name).toBe(one.includedMemoryMb * price.cpus);
    }
    expect(estimateMachineCostUsd(guest('shared', 6, 1536), 1)).toBeCloseTo(6 * 0.00000075, 12);
    expect(estimateMachineCostUsd(guest('performance', 10, 20480), 1)).toBeCloseTo(
      10 * 0.00001196,
      12,
    );
  });

  test('every preset the library creates has a price', () => {
    for (const [name, preset] of GUEST_PRESETS) {
      const g = resolveGuest(name, preset.maxMemoryMb);
      expect(estimateMachineCostUsd(g, 60), name).toBeGreaterThan(0);
    }
  });

  test.each([
    [1, { ...guest('shared', 1, 256), cpu_kind: 'gpu' } as unknown as FlyGuest, 10],
    [2, guest('shared', 0, 256), 10],
    [3, guest('shared', 1, 256), -1],
    [4, guest('shared', 1, 256), Number.NaN],
  ])('#%i cannot price %j for %d s', (_n, g, seconds) => {
    expect(estimateMachineCostUsd(g, seconds)).toBeUndefined();
  });

  test('the table says where it comes from', () => {
    expect(MACHINE_PRICES_SOURCE).toEqual({
      url: 'https://fly.io/docs/about/pricing/',
      region: 'iad',
      seen: '2025-08-19',
    });
    // "about $5 per 30 days per GB of additional RAM"
    expect(ADDITIONAL_RAM_USD_PER_GB_SECOND * 30 * 24 * 3600).toBeCloseTo(5, 1);
  });
});

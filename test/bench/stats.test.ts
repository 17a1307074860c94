import { expect, test } from 'vitest';
import { percentile } from '../../bench/stats.ts';

test('percentile by nearest rank', () => {
  const values = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
  expect(percentile(values, 50)).toBe(5);
  expect(percentile(values, 95)).toBe(10);
  expect(percentile(values, 0)).toBe(1);
  expect(percentile([42], 95)).toBe(42);
});

test('percentile of nothing is NaN; a p outside 0..100 is refused, naming it', () => {
  expect(percentile([], 50)).toBeNaN();
  expect(() => percentile([1], 101)).toThrow('got 101');
});

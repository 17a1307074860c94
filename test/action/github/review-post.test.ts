import { describe, expect, test } from 'vitest';
import { refusedAmong } from '../../../src/action/github/review-post.ts';

// A fake GitHub that refuses any review holding one of `bad`, counting the probes.
function fake(bad: number[]) {
  const probes: number[][] = [];
  return {
    probes,
    accepts: (group: readonly number[]) => {
      probes.push([...group]);
      return Promise.resolve(!group.some((i) => bad.includes(i)));
    },
  };
}

describe('refusedAmong (the 422 bisect)', () => {
  test.each([
    [1, [0]],
    [5, [4]],
    [8, [0, 7]],
    [20, [3, 4, 15]],
    [3, [0, 1, 2]],
  ])('%i comments, refused %j: found exactly', async (n, bad) => {
    const g = fake(bad);
    const all = Array.from({ length: n }, (_, i) => i);
    expect(await refusedAmong(all, true, g.accepts)).toEqual(bad);
  });

  test('one refused among 20 takes 6 probes, not one per comment', async () => {
    const g = fake([13]);
    const all = Array.from({ length: 20 }, (_, i) => i);
    expect(await refusedAmong(all, true, g.accepts)).toEqual([13]);
    // Each level tries one half; the other is inferred to fail or tried once to clear it.
    expect(g.probes).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      [10, 11, 12, 13, 14],
      [10, 11, 12],
      [13],
      [14],
      [15, 16, 17, 18, 19],
    ]);
  });

  test('a group known to fail is not tried again as a whole; an unknown one is', async () => {
    const g = fake([3]);
    await refusedAmong([0, 1, 2, 3], true, g.accepts);
    // [0,1] passes, so [2,3] must fail: only [2] is tried below it.
    expect(g.probes).toEqual([[0, 1], [2]]);
    const h = fake([]);
    expect(await refusedAmong([0, 1], false, h.accepts)).toEqual([]);
    expect(h.probes).toEqual([[0, 1]]);
  });
});

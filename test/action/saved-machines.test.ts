import { describe, expect, test } from 'vitest';
import { parseSavedList, SavedMachines } from '../../src/action/saved-machines.ts';

describe('SavedMachines', () => {
  test('persists the ids still alive on every change, and nothing when nothing changed', () => {
    const saved: string[][] = [];
    const machines = new SavedMachines((ids) => saved.push(ids));
    machines.add('m1');
    machines.add('m2');
    machines.remove('m1');
    machines.remove('m1');
    expect(saved).toEqual([['m1'], ['m1', 'm2'], ['m2']]);
  });

  test('what it saves, parseSavedList reads back', () => {
    let state = '';
    const machines = new SavedMachines((ids) => (state = JSON.stringify(ids)));
    machines.add('m1');
    machines.add('m2');
    expect(parseSavedList(state)).toEqual(['m1', 'm2']);
  });
});

describe('parseSavedList', () => {
  test.each<[string, string[]]>([
    ['', []],
    ['not json', []],
    ['{"a":1}', []],
    ['["a","",3,"b"]', ['a', 'b']],
  ])('%j -> %j', (saved, expected) => {
    expect(parseSavedList(saved)).toEqual(expected);
  });
});

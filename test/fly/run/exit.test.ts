import { describe, expect, test } from 'vitest';
import { formatMachineFailure, MachineExitError } from '../../../src/fly/run/exit.ts';

const failure = { machineId: 'm1', reason: 'exit code 2', state: 'stopped' };

describe('formatMachineFailure', () => {
  test.each<[string, string[], string]>([
    ['no lines', [], 'Machine m1 failed: exit code 2 (state stopped)\nNo log lines were captured.'],
    ['one line', ['boom'], 'Machine m1 failed: exit code 2 (state stopped)\nLog (1 line):\nboom'],
    [
      'a few lines',
      ['a', 'b'],
      'Machine m1 failed: exit code 2 (state stopped)\nLog (2 lines):\na\nb',
    ],
    [
      'more than 20: the last 20',
      Array.from({ length: 25 }, (_, i) => `l${i + 1}`),
      `Machine m1 failed: exit code 2 (state stopped)\nLast 20 of 25 log lines:\n${Array.from(
        { length: 20 },
        (_, i) => `l${i + 6}`,
      ).join('\n')}`,
    ],
    [
      'a long line is cut at 500 characters',
      ['x'.repeat(503)],
      `Machine m1 failed: exit code 2 (state stopped)\nLog (1 line):\n${'x'.repeat(500)}… (3 more characters)`,
    ],
  ])('%s', (_name, logs, expected) => {
    expect(formatMachineFailure({ ...failure, logs })).toBe(expected);
  });

  test("is MachineExitError's message, which keeps every line", () => {
    const logs = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const error = new MachineExitError('m1', 2, 'stopped', logs, 'exit code 2');
    expect(error.message).toBe(formatMachineFailure({ ...failure, logs }));
    expect(error.logs).toEqual(logs);
  });
});

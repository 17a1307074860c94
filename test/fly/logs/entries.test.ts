import { describe, expect, test } from 'vitest';
import type { FlyLogEntry } from '../../../src/fly/api/api-types.ts';
import {
  classifyFlyLogEntry,
  parseDrainEntry,
  type LogLine,
} from '../../../src/fly/logs/entries.ts';

function flyEntry(message: string, provider: string | undefined, instance = 'm1'): FlyLogEntry {
  return {
    id: `id-${message}`,
    attributes: {
      timestamp: '2026-01-01T00:00:00Z',
      message,
      level: 'info',
      instance,
      region: 'iad',
      meta: {
        instance,
        region: 'iad',
        ...(provider === undefined ? {} : { event: { provider } }),
      },
    },
  };
}

describe('classifyFlyLogEntry', () => {
  test.each<[string, string | undefined, LogLine['stream']]>([
    ['app output', 'app', 'stdout'],
    ['runner (boot, image pull)', 'runner', 'system'],
    ['proxy', 'proxy', 'system'],
    ['machine', 'machine', 'system'],
    ['health checks', 'health', 'system'],
    ['no provider at all', undefined, 'stdout'],
  ])('%s -> %s', (_name, provider, stream) => {
    expect(classifyFlyLogEntry(flyEntry('hello', provider))).toEqual({
      machineId: 'm1',
      message: 'hello',
      stream,
      timestamp: '2026-01-01T00:00:00Z',
    });
  });

  test.each<[string, LogLine['stream']]>([
    [' INFO Starting init (commit: 6c3309ba)...', 'system'],
    [' INFO Preparing to run: `bash /entrypoint.sh` as root', 'system'],
    [' INFO Main child exited normally with code: 0', 'system'],
    [' INFO Process appears to have been OOM killed!', 'system'],
    [' WARN could not unmount /rootfs: EINVAL: Invalid argument', 'system'],
    ['[    2.345678] reboot: Restarting system', 'system'],
    ['[   12.000001] Out of memory: Killed process 512 (node)', 'system'],
    ['2024/01/01 00:00:00 listening on [fdaa:0:1::2]:22 (DNS: [fdaa::3]:53)', 'system'],
    ['[flaude] Cloning https://github.com/o/r', 'stdout'],
    ['[flaude:exit:0]', 'stdout'],
    ['{"type":"system","subtype":"init"}', 'stdout'],
    ['INFO no leading space is the program, not init', 'stdout'],
    [' info lower case is not init', 'stdout'],
    ['[1.5] not a kernel timestamp', 'stdout'],
  ])('%#: app line %j is %s', (message, stream) => {
    expect(classifyFlyLogEntry(flyEntry(message, 'app')).stream).toBe(stream);
  });

  test('machine id falls back to meta.instance when attributes.instance is empty', () => {
    const entry = flyEntry('x', 'app', '');
    entry.attributes.meta = { instance: 'm9', event: { provider: 'app' } };
    expect(classifyFlyLogEntry(entry).machineId).toBe('m9');
  });

  test('stream-json lines pass unchanged', () => {
    const json = '{"type":"result","result":"ok","total_cost_usd":0.01}';
    expect(classifyFlyLogEntry(flyEntry(json, 'app')).message).toBe(json);
  });
});

describe('parseDrainEntry', () => {
  const base = { message: 'hi', timestamp: 't0' };
  test.each<[string, unknown, Partial<LogLine> | undefined]>([
    // machine id variants
    ['nested fly.app.instance', { ...base, fly: { app: { instance: 'a1' } } }, { machineId: 'a1' }],
    ['flat fly.app.instance', { ...base, 'fly.app.instance': 'a2' }, { machineId: 'a2' }],
    ['nested fly.machine.id', { ...base, fly: { machine: { id: 'a3' } } }, { machineId: 'a3' }],
    ['flat instance', { ...base, instance: 'a4' }, { machineId: 'a4' }],
    ['flat machine_id', { ...base, machine_id: 'a5' }, { machineId: 'a5' }],
    [
      'fly.app.instance beats instance',
      { ...base, fly: { app: { instance: 'first' } }, instance: 'second' },
      { machineId: 'first' },
    ],
    ['missing id', { ...base }, undefined],
    ['empty id', { ...base, instance: '' }, undefined],
    ['numeric id is not an id', { ...base, instance: 5 }, undefined],
    // message variants
    ['log alias', { instance: 'm', log: 'from log' }, { message: 'from log' }],
    ['msg alias', { instance: 'm', msg: 'from msg' }, { message: 'from msg' }],
    ['message beats log', { instance: 'm', message: 'a', log: 'b' }, { message: 'a' }],
    [
      'shipper format: log is {level}, message is the text',
      { instance: 'm', log: { level: 'info' }, message: 'text' },
      { message: 'text' },
    ],
    ['number coerced', { instance: 'm', message: 42 }, { message: '42' }],
    ['boolean coerced', { instance: 'm', msg: false }, { message: 'false' }],
    ['object message serialised', { instance: 'm', message: { a: 1 } }, { message: '{"a":1}' }],
    ['empty message kept', { instance: 'm', message: '' }, { message: '' }],
    ['no message', { instance: 'm' }, undefined],
    ['unicode kept', { instance: 'm', message: 'ünï ✓ 🚀' }, { message: 'ünï ✓ 🚀' }],
    // streams
    ['default stdout', { instance: 'm', message: 'x' }, { stream: 'stdout' }],
    ['explicit stdout', { instance: 'm', message: 'x', stream: 'stdout' }, { stream: 'stdout' }],
    ['explicit stderr', { instance: 'm', message: 'x', stream: 'stderr' }, { stream: 'stderr' }],
    ['explicit system', { instance: 'm', message: 'x', stream: 'system' }, { stream: 'system' }],
    [
      'unknown explicit stream dropped as system',
      { instance: 'm', message: 'x', stream: 'weird' },
      { stream: 'system' },
    ],
    ['source fly', { instance: 'm', message: 'x', source: 'fly' }, { stream: 'system' }],
    ['source proxy', { instance: 'm', message: 'x', source: 'proxy' }, { stream: 'system' }],
    ['source machine', { instance: 'm', message: 'x', source: 'machine' }, { stream: 'system' }],
    ['source app', { instance: 'm', message: 'x', source: 'app' }, { stream: 'stdout' }],
    [
      'explicit stream beats source',
      { instance: 'm', message: 'x', source: 'fly', stream: 'stderr' },
      { stream: 'stderr' },
    ],
    [
      'event.provider runner',
      { instance: 'm', message: 'x', event: { provider: 'runner' } },
      { stream: 'system' },
    ],
    [
      'event.provider app',
      { instance: 'm', message: 'x', event: { provider: 'app' } },
      { stream: 'stdout' },
    ],
    // timestamps
    ['timestamp', { instance: 'm', message: 'x', timestamp: 'A' }, { timestamp: 'A' }],
    ['time alias', { instance: 'm', message: 'x', time: 'B' }, { timestamp: 'B' }],
    ['ts alias', { instance: 'm', message: 'x', ts: 'C' }, { timestamp: 'C' }],
    ['no timestamp', { instance: 'm', message: 'x' }, { timestamp: '' }],
    // not objects
    ['null', null, undefined],
    ['array', [{ instance: 'm', message: 'x' }], undefined],
    ['string', 'hello', undefined],
    ['number', 3, undefined],
  ])('%s', (_name, raw, expected) => {
    const line = parseDrainEntry(raw);
    // No line when `expected` is undefined; otherwise a line with at least those fields.
    expect(line).toEqual(expected && { ...line, ...expected });
  });

  test('a full Fly shipper entry', () => {
    expect(
      parseDrainEntry({
        event: { provider: 'app' },
        fly: { app: { instance: '3d8d9', name: 'reviewers' }, region: 'iad' },
        host: 'abcd',
        log: { level: 'info' },
        message: '[flaude:exit:0]',
        timestamp: '2026-01-01T00:00:01.5Z',
      }),
    ).toEqual({
      machineId: '3d8d9',
      message: '[flaude:exit:0]',
      stream: 'stdout',
      timestamp: '2026-01-01T00:00:01.5Z',
    });
  });
});

import { describe, expect, test } from 'vitest';
import { LogCollector } from '../../../src/fly/logs/collector.ts';
import { LogDrainServer, type LogDrainServerOptions } from '../../../src/fly/logs/drain-server.ts';

const SECRET = 'a-test-secret-0123456789abcdef';

describe('LogDrainServer construction', () => {
  test.each<[string, unknown]>([
    ['no options', undefined],
    ['no secret', {}],
    ['empty secret', { secret: '' }],
    ['blank secret', { secret: '                    ' }],
    ['short secret', { secret: 'short' }],
    ['non-string secret', { secret: 12345678901234 }],
  ])('refuses %s, without echoing the value', (_name, opts) => {
    expect(() => new LogDrainServer(new LogCollector(), opts as LogDrainServerOptions)).toThrow(
      /shared secret/,
    );
    try {
      new LogDrainServer(new LogCollector(), opts as LogDrainServerOptions);
    } catch (e: unknown) {
      expect((e as Error).message).not.toContain('short');
    }
  });

  test('url before start() is an error', () => {
    expect(() => new LogDrainServer(new LogCollector(), { secret: SECRET }).url).toThrow(
      /not started/,
    );
  });
});

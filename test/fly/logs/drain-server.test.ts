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
    const create = (): LogDrainServer =>
      new LogDrainServer(new LogCollector(), opts as LogDrainServerOptions);
    expect(create).toThrow(/shared secret/);
    expect(create).not.toThrow(/short/);
  });

  test('url before start() is an error', () => {
    expect(() => new LogDrainServer(new LogCollector(), { secret: SECRET }).url).toThrow(
      /not started/,
    );
  });
});

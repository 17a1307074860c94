// Pure parts of the Fly emulator, table-driven.
import { describe, expect, test } from 'vitest';
import { pathPattern } from '../faults.ts';
import { parseGoDuration } from '../go-duration.ts';
import { tokenMatches } from '../http-server.ts';
import {
  buildContainerEnv,
  buildMachineEnv,
  UNREACHABLE_ANTHROPIC_URL,
  type MachineEnvInput,
} from '../machine-env.ts';
import { shouldRestart } from '../machine-supervisor.ts';
import { formatNanoTimestamp, LogsStore } from '../logs-store.ts';

describe('parseGoDuration', () => {
  test.each([
    ['10s', 10_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    ['0', 0],
    ['10', undefined],
    ['ten seconds', undefined],
    ['', undefined],
  ])('%j -> %j', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });
});

describe('pathPattern', () => {
  test.each([
    ['/v1/apps/{app}/machines/*/wait', '/v1/apps/a/machines/m1/wait', true],
    ['/v1/apps/{app}/machines/*/wait', '/v1/apps/a/machines/m1/stop', false],
    ['/v1/apps/{app}', '/v1/apps/a/machines', false],
    ['/v1/apps/a.b', '/v1/apps/aXb', false],
  ])('%s vs %s', (pattern, path, matches) => {
    expect(pathPattern(pattern).test(path)).toBe(matches);
  });
});

describe('tokenMatches', () => {
  test.each([
    ['Bearer tok', true],
    ['FlyV1 tok', true],
    ['bearer tok', true],
    ['Bearer other', false],
    ['tok', false],
    [undefined, false],
  ])('%j', (header, ok) => {
    expect(tokenMatches(header, 'tok')).toBe(ok);
  });
});

describe('shouldRestart', () => {
  test.each([
    [{ policy: 'no' }, 1, 0, false],
    [{ policy: 'always' }, 0, 99, true],
    [{ policy: 'on-failure' }, 0, 0, false],
    [{ policy: 'on-failure' }, 2, 0, true],
    [{ policy: 'on-failure', max_retries: 1 }, 2, 1, false],
    [undefined, 2, 9, true],
    [undefined, 2, 10, false],
  ])('%j exit %i after %i restarts -> %s', (restart, code, count, expected) => {
    expect(shouldRestart(restart, code, count)).toBe(expected);
  });
});

describe('buildMachineEnv', () => {
  const input: MachineEnvInput = {
    hostPath: '/usr/bin',
    repoRoot: '/repo',
    emulatorEnv: {},
    machineEnv: { PATH: '/evil', FLY_APP_NAME: 'spoofed' },
    machineId: 'm1',
    app: 'a',
    region: 'iad',
    image: 'img',
    version: 'v',
    privateIp: 'fdaa::2',
    memoryMb: 256,
    workspace: '/w',
    home: '/h',
    tmp: '/t',
    gitRewrites: {},
  };

  test('Fly and emulator values win over the machine env; no git config without rewrites', () => {
    const env = buildMachineEnv(input);
    expect(env['PATH']).toBe('/repo/node_modules/.bin:/usr/bin');
    expect(env['FLY_APP_NAME']).toBe('a');
    expect(env['GIT_CONFIG_COUNT']).toBeUndefined();
  });

  test('ANTHROPIC_BASE_URL: option, else the machine env, else a dead loopback port', () => {
    expect(buildMachineEnv({ ...input, anthropicUrl: 'http://x' })['ANTHROPIC_BASE_URL']).toBe(
      'http://x',
    );
    expect(
      buildMachineEnv({ ...input, machineEnv: { ANTHROPIC_BASE_URL: 'http://m' } })[
        'ANTHROPIC_BASE_URL'
      ],
    ).toBe('http://m');
    expect(buildMachineEnv(input)['ANTHROPIC_BASE_URL']).toBe(UNREACHABLE_ANTHROPIC_URL);
  });
});

describe('buildContainerEnv', () => {
  const input = {
    emulatorEnv: { EXTRA: '1' },
    machineEnv: { FLAUDE_PROMPT: 'line 1\nline 2', FLY_APP_NAME: 'spoofed' },
    machineId: 'm1',
    app: 'a',
    region: 'iad',
    image: 'img',
    version: 'v',
    privateIp: 'fdaa::2',
    memoryMb: 256,
    gitRewrites: { 'https://github.com/': 'file:///tmp/repos/' },
  };

  test("none of the host's stand-ins: the image keeps its own PATH, HOME, workspace and user", () => {
    const env = buildContainerEnv(input);
    for (const name of ['PATH', 'HOME', 'TMPDIR', 'FLAUDE_WORKSPACE', 'IS_SANDBOX']) {
      expect(env[name], name).toBeUndefined();
    }
    expect(env).toMatchObject({
      EXTRA: '1',
      FLAUDE_PROMPT: 'line 1\nline 2',
      FLY_APP_NAME: 'a',
      ANTHROPIC_BASE_URL: UNREACHABLE_ANTHROPIC_URL,
    });
  });

  test('the rewrites, then safe.directory for fixture repositories owned by another user', () => {
    expect(buildContainerEnv(input)).toMatchObject({
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: 'url.file:///tmp/repos/.insteadOf',
      GIT_CONFIG_VALUE_0: 'https://github.com/',
      GIT_CONFIG_KEY_1: 'safe.directory',
      GIT_CONFIG_VALUE_1: '*',
    });
  });
});

describe('LogsStore', () => {
  const line = (message: string) => ({
    app: 'a',
    instance: 'm',
    region: 'iad',
    provider: 'app',
    message,
  });

  test('pages after a token, at most 100, and hides entries younger than the lag', () => {
    const store = new LogsStore(0);
    for (let i = 0; i < 150; i++) store.append(line(`l${i}`));
    const first = store.page('a', { nextToken: 0n });
    expect(first.entries).toHaveLength(100);
    const second = store.page('a', { nextToken: BigInt(first.nextToken) });
    expect(second.entries.map((e) => e.message)).toEqual(
      Array.from({ length: 50 }, (_, i) => `l${i + 100}`),
    );
    store.setLag(3_600_000);
    store.append(line('hidden'));
    expect(store.page('a', { nextToken: BigInt(second.nextToken) })).toEqual({
      entries: [],
      nextToken: '',
    });
    expect(store.all().at(-1)?.message).toBe('hidden');
  });

  test('formatNanoTimestamp keeps nine fraction digits', () => {
    expect(formatNanoTimestamp(1_700_000_000_123_456_789n)).toBe('2023-11-14T22:13:20.123456789Z');
  });
});

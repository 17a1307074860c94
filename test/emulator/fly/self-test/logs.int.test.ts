// The logs endpoint of the Fly emulator: JSON:API shape, next_token paging, the lag, Fly's own
// system lines mixed in, filters and errors.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { startEmulators } from '../../../harness/emulators.ts';
import { selfTestSetup, withHttp, type TestBed } from './helpers.ts';

let bed: TestBed;

interface Entry {
  id: string;
  attributes: {
    timestamp: string;
    message: string;
    level: string;
    instance: string;
    region: string;
    meta: { instance: string; region: string; event: { provider: string } };
  };
}

interface Page {
  data: Entry[];
  meta: { next_token: string };
}

beforeEach(async () => {
  bed = withHttp(
    await startEmulators(
      selfTestSetup({ apps: ['app1', 'app2', { name: 'theirs', ownedByOtherOrg: true }] }),
    ),
  );
});

afterEach(async () => {
  await bed.stop();
});

async function page(app: string, query: Record<string, string> = {}): Promise<Page> {
  const res = await bed.logs(app, query);
  expect(res.status).toBe(200);
  return res.body as Page;
}

/** Follows next_token from `start` until a page comes back empty. */
async function drain(
  app: string,
  start: string,
  query: Record<string, string> = {},
): Promise<Entry[]> {
  const entries: Entry[] = [];
  let token = start;
  for (;;) {
    const p = await page(app, { ...query, next_token: token });
    if (p.data.length === 0) return entries;
    entries.push(...p.data);
    token = p.meta.next_token;
  }
}

test('stdout and stderr lines arrive as provider app, level info, between Fly system lines', async () => {
  const id = String((await bed.create('app1', 'exit3', { region: 'ams' }))['id']);
  await bed.fly.waitForMachineState(id, 'stopped');
  const entries = (await page('app1')).data;
  const lines = entries.map((e) => `${e.attributes.meta.event.provider}: ${e.attributes.message}`);
  const at = (text: string): number => lines.findIndex((l) => l.includes(text));

  expect(at('runner: Pulling container image test/exit3:1')).toBeGreaterThanOrEqual(0);
  expect(at('app:  INFO Starting init')).toBeGreaterThan(at('Pulling container image'));
  expect(at('runner: Machine started in')).toBeGreaterThan(at('Starting init'));
  expect(at('app: [flaude] starting in')).toBeGreaterThan(at('Machine started in'));
  // stdout and stderr are separate pipes: their relative order is not fixed, as on Fly.
  expect(at('app: oops on stderr')).toBeGreaterThan(at('Machine started in'));
  expect(at('app: [flaude:exit:3]')).toBeGreaterThan(at('[flaude] starting in'));
  expect(at('app:  INFO Main child exited normally with code: 3')).toBeGreaterThan(
    at('[flaude:exit:3]'),
  );
  expect(at('app:  INFO Main child exited normally with code: 3')).toBeGreaterThan(
    at('oops on stderr'),
  );
  expect(at('app:  INFO Starting clean up.')).toBeGreaterThan(at('Main child exited'));
  expect(at('reboot: Restarting system')).toBeGreaterThan(at('Starting clean up.'));

  const stderr = entries.find((e) => e.attributes.message === 'oops on stderr');
  expect(stderr?.attributes).toMatchObject({
    level: 'info',
    instance: id,
    region: 'ams',
    meta: { instance: id, region: 'ams', event: { provider: 'app' } },
  });
  expect(stderr?.attributes.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
});

test('next_token pages oldest first, 100 per page, without gaps or repeats', async () => {
  const start = `${BigInt(Date.now() - 1000) * 1_000_000n}`;
  const id = String((await bed.create('app1', 'many'))['id']);
  await bed.fly.waitForMachineState(id, 'stopped');

  const first = await page('app1', { next_token: start });
  expect(first.data).toHaveLength(100);
  expect(first.meta.next_token).toMatch(/^\d{19}$/);
  const all = await drain('app1', start);
  const numbered = all.map((e) => e.attributes.message).filter((m) => /^line \d+$/.test(m));
  expect(numbered).toEqual(Array.from({ length: 250 }, (_, i) => `line ${i + 1}`));
  expect(all.map((e) => e.id)).toEqual(bed.fly.logEntries({ app: 'app1' }).map((e) => e.id));
  // Timestamps only grow; the token is the last entry's nanosecond timestamp.
  const stamps = bed.fly.logEntries({ app: 'app1' }).map((e) => e.timestampNs);
  expect(stamps.every((t, i) => i === 0 || t > (stamps[i - 1] ?? 0n))).toBe(true);
  expect(first.meta.next_token).toBe(String(stamps[99]));
});

test('an empty token answers the latest 100 lines; an empty page has an empty next_token', async () => {
  const id = String((await bed.create('app1', 'many'))['id']);
  await bed.fly.waitForMachineState(id, 'stopped');
  const latest = await page('app1');
  const stored = bed.fly.logEntries({ app: 'app1' });
  expect(latest.data.map((e) => e.id)).toEqual(stored.slice(-100).map((e) => e.id));
  const after = await page('app1', { next_token: latest.meta.next_token });
  expect(after).toEqual({ data: [], meta: { next_token: '' } });
});

test('lines stay hidden for the lag; setLogLag releases them', async () => {
  bed.fly.setLogLag(60_000);
  const id = String((await bed.create('app1', 'exit0'))['id']);
  await bed.fly.waitForMachineState(id, 'stopped');
  expect(bed.fly.logEntries({ instance: id }).length).toBeGreaterThan(0);
  expect((await page('app1')).data).toEqual([]);
  bed.fly.setLogLag(0);
  const released = (await page('app1')).data.map((e) => e.attributes.message);
  expect(released).toContain('[flaude:exit:0]');
});

test('instance and region filter; apps are separate', async () => {
  const a = String((await bed.create('app1', 'exit0', { region: 'ams' }))['id']);
  const b = String((await bed.create('app1', 'exit3', { region: 'ord' }))['id']);
  const c = String((await bed.create('app2', 'exit0'))['id']);
  for (const id of [a, b, c]) await bed.fly.waitForMachineState(id, 'stopped');
  const onlyB = await page('app1', { instance: b });
  expect(new Set(onlyB.data.map((e) => e.attributes.instance))).toEqual(new Set([b]));
  const ams = await page('app1', { region: 'ams' });
  expect(new Set(ams.data.map((e) => e.attributes.instance))).toEqual(new Set([a]));
  const app2 = await page('app2');
  expect(new Set(app2.data.map((e) => e.attributes.instance))).toEqual(new Set([c]));
});

test('unknown or foreign app is 404; a malformed token is 400; other paths 404', async () => {
  expect((await bed.logs('nope')).status).toBe(404);
  expect((await bed.logs('theirs')).status).toBe(404);
  expect((await bed.logs('app1', { next_token: 'yesterday' })).status).toBe(400);
  const { fetch } = await import('undici');
  const other = await fetch(`${bed.fly.logsUrl}/api/v1/apps/app1/other`, {
    headers: { authorization: `Bearer ${bed.fly.token}` },
  });
  expect(other.status).toBe(404);
  // The logs server records its requests too, apart from the Machines API.
  expect(bed.fly.requests.filter((r) => r.server === 'logs').length).toBe(4);
});

test('a restart shows init and runner lines again but pulls the image only once', async () => {
  const id = String(
    (
      await bed.create('app1', 'exit3', {
        config: { restart: { policy: 'on-failure', max_retries: 1 } },
      })
    )['id'],
  );
  await bed.fly.waitForMachineState(id, 'stopped');
  const messages = (await drain('app1', '0')).map((e) => e.attributes.message);
  expect(messages.filter((m) => m.startsWith('Pulling container image'))).toHaveLength(1);
  expect(messages.filter((m) => m.includes('Starting init'))).toHaveLength(2);
  expect(messages.filter((m) => m === '[flaude:exit:3]')).toHaveLength(2);
  expect(messages.some((m) => m.includes('restarting (policy: on-failure, restart 1)'))).toBe(true);
});

// Apps, machine listing and authentication in the Fly emulator.
import { fetch } from 'undici';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startEmulators } from '../../../harness/emulators.ts';
import { selfTestSetup, withHttp, type TestBed } from './helpers.ts';

let bed: TestBed;

beforeEach(async () => {
  bed = withHttp(
    await startEmulators(
      selfTestSetup({
        apps: ['app1', { name: 'theirs', ownedByOtherOrg: true }],
        orgSlug: 'acme',
      }),
    ),
  );
});

afterEach(async () => {
  await bed.stop();
});

describe('auth', () => {
  test('Bearer and FlyV1 both work; a wrong or missing token is 401 in Fly error shape', async () => {
    expect(
      (
        await bed.api('GET', '/v1/apps/app1', undefined, {
          authorization: `FlyV1 ${bed.fly.token}`,
        })
      ).status,
    ).toBe(200);
    const wrong = await bed.api('GET', '/v1/apps/app1', undefined, {
      authorization: 'Bearer nope',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: 'unauthorized', status: 'unknown' });
    const missing = await fetch(`${bed.fly.url}/v1/apps/app1`);
    expect(missing.status).toBe(401);
    const logs = await bed.logs('app1', {}, { authorization: 'Bearer nope' });
    expect(logs.status).toBe(401);
  });

  test('a custom token replaces the default', async () => {
    await bed.stop();
    bed = withHttp(await startEmulators(selfTestSetup({ token: 'fm2_custom' })));
    expect(bed.fly.token).toBe('fm2_custom');
    expect((await bed.api('GET', '/v1/apps/app1')).status).toBe(200);
    const old = await bed.api('GET', '/v1/apps/app1', undefined, {
      authorization: 'Bearer test-fly-token',
    });
    expect(old.status).toBe(401);
  });
});

describe('apps', () => {
  test('GET: 200 with the App shape, 404 when missing, 403 for another org', async () => {
    const got = await bed.api('GET', '/v1/apps/app1');
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      name: 'app1',
      organization: { slug: 'acme' },
      status: 'pending',
      machine_count: 0,
    });
    expect((await bed.api('GET', '/v1/apps/nope')).status).toBe(404);
    const theirs = await bed.api('GET', '/v1/apps/theirs');
    expect(theirs.status).toBe(403);
    expect(theirs.body).toMatchObject({ status: 'unknown' });
  });

  test('POST: 201 {id, created_at}; name or app_name; 422 name_taken for any existing name', async () => {
    const created = await bed.api('POST', '/v1/apps', { name: 'new-app', org_slug: 'acme' });
    expect(created.status).toBe(201);
    const body = created.body as { id: string; created_at: number };
    expect(typeof body.id).toBe('string');
    expect(Number.isInteger(body.created_at)).toBe(true);
    expect(
      (await bed.api('POST', '/v1/apps', { app_name: 'other-app', org_slug: 'personal' })).status,
    ).toBe(201);
    expect(bed.fly.apps.map((a) => a.name).sort()).toEqual([
      'app1',
      'new-app',
      'other-app',
      'theirs',
    ]);

    for (const name of ['new-app', 'theirs']) {
      const taken = await bed.api('POST', '/v1/apps', { name, org_slug: 'acme' });
      expect(taken.status).toBe(422);
      expect(taken.body).toMatchObject({ status: 'name_taken' });
    }
    expect(bed.fly.validationFailures).toEqual([]);
  });

  test('POST with wait=true (fly-go) is accepted; an idempotency_key replays the first app', async () => {
    const first = await bed.api('POST', '/v1/apps?wait=true', {
      name: 'idem',
      org_slug: 'acme',
      idempotency_key: 'k1',
    });
    const second = await bed.api('POST', '/v1/apps', {
      name: 'idem',
      org_slug: 'acme',
      idempotency_key: 'k1',
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(
      (
        await bed.api('POST', '/v1/apps', {
          name: 'idem2',
          org_slug: 'acme',
          idempotency_key: 'k1',
        })
      ).status,
    ).toBe(422);
  });

  test('POST refuses a bad name (422) and a missing org_slug (400), both recorded', async () => {
    const bad = await bed.api('POST', '/v1/apps', { name: 'Bad_Name', org_slug: 'acme' });
    expect(bad.status).toBe(422);
    expect((await bed.api('POST', '/v1/apps', { name: 'fine-name' })).status).toBe(400);
    expect(bed.fly.validationFailures.map((f) => f.status)).toEqual([422, 400]);
  });

  test('knownOrgs limits the org slugs create accepts', async () => {
    await bed.stop();
    bed = withHttp(await startEmulators(selfTestSetup({ orgSlug: 'acme', knownOrgs: ['acme'] })));
    expect((await bed.api('POST', '/v1/apps', { name: 'x1', org_slug: 'elsewhere' })).status).toBe(
      404,
    );
    expect((await bed.api('POST', '/v1/apps', { name: 'x1', org_slug: 'acme' })).status).toBe(201);
  });

  test('machine calls on another org app are 403, on a missing app 404', async () => {
    expect((await bed.api('GET', '/v1/apps/theirs/machines')).status).toBe(403);
    expect(
      (await bed.api('POST', '/v1/apps/nope/machines', { config: { image: 'test/exit0:1' } }))
        .status,
    ).toBe(404);
  });

  test('addApp seeds an app at run time', async () => {
    bed.fly.addApp('later');
    expect((await bed.api('GET', '/v1/apps/later')).status).toBe(200);
  });
});

describe('list machines', () => {
  test('metadata filters are ANDed; state, region, include_deleted and summary work', async () => {
    const a = await bed.create('app1', 'sleeper', {
      config: { metadata: { run: '1', reviewer: 'a' } },
    });
    const b = await bed.create('app1', 'sleeper', {
      region: 'ams',
      config: { metadata: { run: '1', reviewer: 'b' } },
    });
    const c = await bed.create('app1', 'exit0', {
      config: { auto_destroy: true, metadata: { run: '1', reviewer: 'c' } },
    });
    await bed.fly.waitForMachineState(String(a['id']), 'started');
    await bed.fly.waitForMachineState(String(b['id']), 'started');
    await bed.fly.waitForMachineState(String(c['id']), 'destroyed');
    const ids = async (query: string): Promise<string[]> => {
      const res = await bed.api('GET', `/v1/apps/app1/machines${query}`);
      expect(res.status).toBe(200);
      return (res.body as Array<{ id: string }>).map((m) => m.id).sort();
    };
    const sorted = (...xs: Array<Record<string, unknown>>): string[] =>
      xs.map((x) => String(x['id'])).sort();

    expect(await ids('')).toEqual(sorted(a, b));
    expect(await ids('?include_deleted=true')).toEqual(sorted(a, b, c));
    expect(await ids('?metadata.run=1&metadata.reviewer=b')).toEqual(sorted(b));
    expect(await ids('?metadata.run=1&metadata.reviewer=c&include_deleted=true')).toEqual(
      sorted(c),
    );
    expect(await ids('?metadata.run=2')).toEqual([]);
    expect(await ids('?region=ams')).toEqual(sorted(b));
    expect(await ids('?state=started')).toEqual(sorted(a, b));
    expect(await ids('?state=stopped,created')).toEqual([]);

    const full = (await bed.api('GET', '/v1/apps/app1/machines')).body as Array<
      Record<string, unknown>
    >;
    expect(full[0]).toHaveProperty('config');
    expect(full[0]).toHaveProperty('events');
    const summary = (await bed.api('GET', '/v1/apps/app1/machines?summary=true')).body as Array<
      Record<string, unknown>
    >;
    expect(summary[0]).not.toHaveProperty('config');
    expect(summary[0]).not.toHaveProperty('events');
    expect(summary[0]).toHaveProperty('state', 'started');
    expect(bed.fly.validationFailures).toEqual([]);
    expect(bed.fly.responseSchemaViolations).toEqual([]);
  });

  test('limit pages with the fly-next-cursor header', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) made.push(String((await bed.create('app1', 'sleeper'))['id']));
    const first = await bed.api('GET', '/v1/apps/app1/machines?limit=2');
    expect((first.body as unknown[]).length).toBe(2);
    const cursor = first.headers.get('fly-next-cursor');
    expect(cursor).toBeTruthy();
    const second = await bed.api('GET', `/v1/apps/app1/machines?limit=2&cursor=${cursor}`);
    expect((second.body as unknown[]).length).toBe(1);
    expect(second.headers.get('fly-next-cursor')).toBeNull();
    const seen = [
      ...(first.body as Array<{ id: string }>),
      ...(second.body as Array<{ id: string }>),
    ].map((m) => m.id);
    expect(seen.sort()).toEqual(made.sort());
  });

  test('events: newest first, limited', async () => {
    const id = String((await bed.create('app1', 'exit0'))['id']);
    await bed.fly.waitForMachineState(id, 'stopped');
    const all = await bed.api('GET', `/v1/apps/app1/machines/${id}/events`);
    expect((all.body as Array<{ type: string }>).map((e) => e.type)).toEqual([
      'exit',
      'start',
      'launch',
    ]);
    const one = await bed.api('GET', `/v1/apps/app1/machines/${id}/events?limit=1`);
    expect((one.body as Array<{ type: string }>).map((e) => e.type)).toEqual(['exit']);
  });

  test('app status turns deployed and machine_count counts live machines', async () => {
    await bed.create('app1', 'sleeper');
    expect((await bed.api('GET', '/v1/apps/app1')).body).toMatchObject({
      status: 'deployed',
      machine_count: 1,
    });
  });
});

describe('latency and request stamps', () => {
  test('latencyMs holds every answer of both servers back; each record says when it arrived', async () => {
    const slow = withHttp(await startEmulators(selfTestSetup({ latencyMs: 150 })));
    try {
      const before = Date.now();
      expect((await slow.api('GET', '/v1/apps/app1')).status).toBe(200);
      expect((await slow.logs('app1', {})).status).toBe(200);
      const after = Date.now();
      expect(slow.fly.requests.map((r) => r.server)).toEqual(['machines', 'logs']);
      for (const r of slow.fly.requests) {
        // A lower bound only: a timer never fires early, however busy the machine.
        expect(r.durationMs).toBeGreaterThanOrEqual(149);
        expect(r.receivedAt).toBeGreaterThanOrEqual(before);
        expect(r.receivedAt).toBeLessThanOrEqual(after);
      }
    } finally {
      await slow.stop();
    }
  });
});

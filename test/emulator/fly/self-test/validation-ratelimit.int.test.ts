// OpenAPI validation and rate limits of the Fly emulator.
import { afterEach, describe, expect, test } from 'vitest';
import { startEmulators } from '../../../harness/emulators.ts';
import { selfTestSetup, withHttp, type TestBed } from './helpers.ts';

let bed: TestBed | undefined;

afterEach(async () => {
  await bed?.stop();
  bed = undefined;
});

describe('OpenAPI validation', () => {
  test('a bad create body (guest.cpus as a string) is 400 and recorded, and creates nothing', async () => {
    bed = withHttp(await startEmulators(selfTestSetup()));
    const res = await bed.api('POST', '/v1/apps/app1/machines', {
      config: { image: 'test/exit0:1', guest: { cpu_kind: 'shared', cpus: '1', memory_mb: 256 } },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 'unknown' });
    expect(String((res.body as { error: string }).error)).toContain(
      '/config/guest/cpus must be integer',
    );
    expect(bed.fly.validationFailures).toEqual([
      {
        method: 'POST',
        path: '/v1/apps/app1/machines',
        status: 400,
        reasons: ['body /config/guest/cpus must be integer'],
      },
    ]);
    expect(bed.fly.machines()).toEqual([]);
  });

  test.each([
    [
      'an unknown restart policy',
      { image: 'test/exit0:1', restart: { policy: 'never' } },
      'policy',
    ],
    ['env values that are not strings', { image: 'test/exit0:1', env: { N: 1 } }, '/config/env/N'],
    ['a missing image (documented rule)', { env: {} }, 'config.image is required'],
    [
      'memory not a multiple of 256',
      { image: 'x', guest: { cpu_kind: 'shared', cpus: 1, memory_mb: 300 } },
      '256',
    ],
    [
      'too much memory for the vCPUs',
      { image: 'x', guest: { cpu_kind: 'shared', cpus: 1, memory_mb: 4096 } },
      'outside',
    ],
    [
      'a stop timeout that is not a Go duration',
      { image: 'x', stop_config: { timeout: '10' } },
      'Go duration',
    ],
  ])('refuses %s', async (_what, config, reason) => {
    bed = withHttp(await startEmulators(selfTestSetup()));
    const res = await bed.api('POST', '/v1/apps/app1/machines', { config });
    expect(res.status).toBe(400);
    expect(bed.fly.validationFailures).toHaveLength(1);
    expect(bed.fly.validationFailures[0]?.reasons.join('; ')).toContain(reason);
  });

  test('a stop body that is not an object is 400 in Go wording (docs#2187)', async () => {
    bed = withHttp(await startEmulators(selfTestSetup()));
    const id = String((await bed.create('app1', 'sleeper'))['id']);
    const res = await bed.api('POST', `/v1/apps/app1/machines/${id}/stop`, '[]');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'json: cannot unmarshal array into Go value of type main.stopRequest',
      status: 'unknown',
    });
    expect(bed.fly.validationFailures).toHaveLength(1);
  });

  test('invalid JSON, unknown query parameters, unknown paths and methods are refused', async () => {
    bed = withHttp(await startEmulators(selfTestSetup()));
    expect((await bed.api('POST', '/v1/apps/app1/machines', '{"config":')).status).toBe(400);
    expect((await bed.api('GET', '/v1/apps/app1/machines?metadata[run]=1')).status).toBe(400);
    expect((await bed.api('DELETE', '/v1/apps/app1/machines/abc?nuke=true')).status).toBe(400);
    expect((await bed.api('GET', '/v1/apps/app1/machines?include_deleted=maybe')).status).toBe(400);
    expect((await bed.api('GET', '/v1/apps/app1/nothing')).status).toBe(404);
    expect((await bed.api('PUT', '/v1/apps/app1')).status).toBe(405);
    expect(bed.fly.validationFailures.map((f) => [f.method, f.status])).toEqual([
      ['POST', 400],
      ['GET', 400],
      ['DELETE', 400],
      ['GET', 400],
      ['GET', 404],
      ['PUT', 405],
    ]);
  });

  test('documented deviations pass: kill on delete, app_name, wait=true, repeated wait states', async () => {
    bed = withHttp(await startEmulators(selfTestSetup()));
    const machine = await bed.create('app1', 'exit0');
    const id = String(machine['id']);
    await bed.fly.waitForMachineState(id, 'stopped');
    await bed.api(
      'GET',
      `/v1/apps/app1/machines/${id}/wait?state=stopped&state=destroyed&version=${String(machine['version'])}`,
    );
    await bed.api('DELETE', `/v1/apps/app1/machines/${id}?kill=true`);
    await bed.api('POST', '/v1/apps?wait=true', { app_name: 'via-app-name', org_slug: 'personal' });
    expect(bed.fly.validationFailures).toEqual([]);
    expect(bed.fly.responseSchemaViolations).toEqual([]);
  });

  test('spec operations the emulator does not implement answer 501, not a validation failure', async () => {
    bed = withHttp(await startEmulators(selfTestSetup()));
    const res = await bed.api('GET', '/v1/apps/app1/volumes');
    expect(res.status).toBe(501);
    expect(bed.fly.validationFailures).toEqual([]);
  });

  test("the emulator's own responses match the spec schemas through a whole lifecycle", async () => {
    bed = withHttp(await startEmulators(selfTestSetup()));
    const machine = await bed.create('app1', 'exit3', {
      config: { auto_destroy: true, metadata: { a: 'b' } },
    });
    const id = String(machine['id']);
    await bed.api('GET', `/v1/apps/app1/machines/${id}/wait?state=destroyed`);
    await bed.api('GET', `/v1/apps/app1/machines/${id}`);
    await bed.api('GET', `/v1/apps/app1/machines/${id}/events`);
    await bed.api('GET', '/v1/apps/app1/machines?include_deleted=true');
    await bed.api('GET', '/v1/apps/app1');
    await bed.api('GET', '/v1/apps?org_slug=personal');
    expect(bed.fly.requests.every((r) => r.status === 200)).toBe(true);
    expect(bed.fly.responseSchemaViolations).toEqual([]);
  });
});

describe('rate limits', () => {
  test('Get Machine: a burst of 10 passes, the 11th is 429 (refill slowed down for the test)', async () => {
    bed = withHttp(
      await startEmulators(
        selfTestSetup({ rateLimits: { getMachinePerSecond: 0.001, getMachineBurst: 10 } }),
      ),
    );
    const id = String((await bed.create('app1', 'sleeper'))['id']);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await bed.api('GET', `/v1/apps/app1/machines/${id}`)).status);
    expect(statuses).toEqual([...Array<number>(10).fill(200), 429]);
    expect(bed.fly.requests.at(-1)).toMatchObject({ status: 429 });
  });

  test('actions: burst 3 per action per machine; other machines and actions have their own buckets', async () => {
    bed = withHttp(
      await startEmulators(selfTestSetup({ rateLimits: { perSecond: 0.001, burst: 3 } })),
    );
    const created = [];
    for (let i = 0; i < 4; i++) {
      created.push(
        await bed.api('POST', '/v1/apps/app1/machines', { config: { image: 'test/sleeper:1' } }),
      );
    }
    // Create is app-scoped: the 4th create in the app is refused.
    expect(created.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(created[3]?.body).toEqual({ error: 'rate limit exceeded', status: 'unknown' });
    const [a, b] = created.map((r) => String((r.body as { id: string }).id));
    const events = async (id: string | undefined): Promise<number> =>
      (await bed!.api('GET', `/v1/apps/app1/machines/${id}/events`)).status;
    expect([await events(a), await events(a), await events(a), await events(a)]).toEqual([
      200, 200, 200, 429,
    ]);
    expect(await events(b)).toBe(200);
    expect((await bed.api('GET', `/v1/apps/app1/machines/${a}`)).status).toBe(200);
  });

  test('buckets refill over time: requests paced below the rate are never refused', async () => {
    bed = withHttp(
      await startEmulators(selfTestSetup({ rateLimits: { perSecond: 10, burst: 1 } })),
    );
    const id = String((await bed.create('app1', 'sleeper'))['id']);
    for (let i = 0; i < 4; i++) {
      expect((await bed.api('GET', `/v1/apps/app1/machines/${id}/events`)).status).toBe(200);
      // Slower than 10/s with a burst of 1; a slow machine only adds margin.
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  });

  test('rateLimits: false never answers 429', async () => {
    bed = withHttp(await startEmulators(selfTestSetup({ rateLimits: false })));
    const id = String((await bed.create('app1', 'sleeper'))['id']);
    const statuses = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await bed.api('GET', `/v1/apps/app1/machines/${id}/events`)).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
  });

  test('the logs endpoint is not rate-limited', async () => {
    bed = withHttp(
      await startEmulators(
        selfTestSetup({
          rateLimits: {
            perSecond: 0.001,
            burst: 1,
            getMachinePerSecond: 0.001,
            getMachineBurst: 1,
          },
        }),
      ),
    );
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await bed.logs('app1')).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
  });
});

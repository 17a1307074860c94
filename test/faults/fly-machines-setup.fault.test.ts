// The fault table, machines that die or never run, and the step's own setup: an OOM kill, a
// crash, a machine that never starts, the registry down while the image is checked, and two
// steps racing to create the missing app. The bundled action runs on a pull request of its own
// per fault; fly-faults.ts takes the row.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { recordFlyFault, useFlyFaultWorld } from './fly-faults.ts';

const w = useFlyFaultWorld('fault-setup');

/** A registry that is down: 503 on every request, counted. */
let registry: Server;
let registryRequests: string[] = [];

beforeAll(async () => {
  registry = createServer((req, res) => {
    registryRequests.push(`${req.method ?? ''} ${req.url ?? ''}`);
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end('{"errors":[{"code":"UNAVAILABLE","message":"service unavailable"}]}');
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => registry?.close(resolve));
});

test('the machine is OOM-killed', async () => {
  const oom = w.fly().faults.machine({ kind: 'oomKill', trigger: { afterMs: 1000 } });
  const run = await w.run();
  expect(oom.hits).toBe(1);
  expect(run.main.exitCode).toBe(1);
  expect(run.results).toMatchObject([{ name: 'fly', success: false }]);
  expect(run.results[0]?.error).toMatch(/memory/i);
  recordFlyFault(run, {
    fault: 'the machine OOM-killed (1 s after start)',
    expected: 'fails this reviewer saying it ran out of memory; step fails; machine destroyed',
  });
});

test('the machine crashes', async () => {
  const crash = w.fly().faults.machine({ kind: 'crash', trigger: { afterMs: 1000 } });
  const run = await w.run();
  expect(crash.hits).toBe(1);
  expect(run.main.exitCode).toBe(1);
  expect(run.results).toMatchObject([{ name: 'fly', success: false }]);
  recordFlyFault(run, {
    fault: 'the machine crashes (SIGKILL 1 s after start, no restart)',
    expected: 'fails this reviewer with a plain reason; step fails; machine destroyed',
  });
});

test('a machine that never starts', async () => {
  const never = w.fly().faults.machine({ kind: 'failToStart' });
  const run = await w.run();
  expect(never.hits).toBe(1);
  expect(run.main.exitCode).toBe(1);
  expect(run.results).toMatchObject([{ name: 'fly', success: false }]);
  expect(run.results[0]?.error).toMatch(/state failed.*may never have started/);
  recordFlyFault(run, {
    fault: 'a machine that never starts (its boot ends in `failed`)',
    expected:
      'fails this reviewer saying Fly failed it before any exit; step fails; machine destroyed',
  });
});

test('the registry down (503) while the reviewer image is checked', async () => {
  registryRequests = [];
  const { port } = registry.address() as AddressInfo;
  const run = await w.run({
    inputs: { image: '', 'fly-registry-url': `http://127.0.0.1:${port}` },
  });
  expect(registryRequests.length).toBeGreaterThan(0);
  expect(run.main.exitCode).toBe(1);
  expect(run.creates).toBe(0);
  recordFlyFault(run, {
    fault: 'the registry down (503 on /v2/) while the image is checked, before any build',
    expected: 'fails the step with an error naming the registry; no machine created',
    extra: [`${registryRequests.length} registry request(s) answered 503`],
  });
});

test('two steps racing to create the missing app', async () => {
  // Both look the app up (404) before either creates it: each lookup is answered 1 s late.
  const lookups = w
    .fly()
    .faults.http({ method: 'GET', path: `/v1/apps/${w.app()}`, delayMs: 1000, times: 2 });
  const runs = await w.runTogether([{ inputs: { name: 'left' } }, { inputs: { name: 'right' } }]);
  const appCreates = w
    .fly()
    .requests.filter((r) => r.method === 'POST' && r.path === '/v1/apps')
    .map((r) => r.status);
  expect(lookups.hits).toBe(2);
  // Both created it: one won (201), the other was told the name is taken (422).
  expect([...appCreates].sort()).toEqual([201, 422]);
  for (const run of runs) expect(run.main.exitCode, run.main.log).toBe(0);
  expect(runs.flatMap((r) => r.results)).toMatchObject([
    { name: 'left', success: true },
    { name: 'right', success: true },
  ]);
  expect(w.fly().apps.filter((a) => a.name === w.app())).toHaveLength(1);
  recordFlyFault(runs, {
    fault: 'two steps at once on a missing app (an app-create race)',
    expected: "both end well; the loser of the create uses the winner's app; one app",
    extra: [
      `app creates answered ${appCreates.join(', ')}`,
      `${w.fly().apps.filter((a) => a.name === w.app()).length} app`,
    ],
  });
});

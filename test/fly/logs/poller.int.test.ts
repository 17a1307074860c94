// fetchLogPageFrom + FlyLogPoller against the Fly emulator: the real client over loopback
// HTTP, the emulator's logs endpoint with its delivery lag and paging, machines running small
// shell scripts. The only waits are on real events (machine states, the exit marker). The setup
// and the checks after every test (no machine left, no invalid request or answer) are in
// test/harness/use-emulators.ts.
import { expect, test } from 'vitest';
import { buildCreateMachineRequest } from '../../../src/fly/api/machine-config.ts';
import { createMachine } from '../../../src/fly/api/machines.ts';
import { LogCollector } from '../../../src/fly/logs/collector.ts';
import { FlyLogPoller, fetchLogPageFrom } from '../../../src/fly/logs/poller.ts';
import { useEmulators } from '../../harness/use-emulators.ts';

const APP = 'flaude-logs';
const BURST = 250; // more than one page (Fly pages hold 100 entries)

const emu = useEmulators({
  name: 'fly-logs',
  app: APP,
  scripts: {
    files: {
      'burst.sh': [
        'echo "[flaude] starting"',
        `for i in $(seq 1 ${BURST}); do echo "line $i"; done`,
        'echo "[flaude:error] something on stderr" >&2',
        // stdout and stderr are separate pipes: let the stderr line land before the marker
        'sleep 0.2',
        'echo "[flaude:exit:3]"',
        'exit 3',
        '',
      ].join('\n'),
    },
    forImage: () => 'burst.sh',
  },
});

async function launch(name: string): Promise<string> {
  const request = buildCreateMachineRequest(
    { image: 'burst', prompt: 'print lines', anthropicApiKey: 'sk-ant-test-key' },
    { name },
  );
  const machine = await createMachine(emu.client, APP, request);
  return machine.id;
}

const expectedLines = [
  '[flaude] starting',
  ...Array.from({ length: BURST }, (_, i) => `line ${i + 1}`),
  '[flaude:error] something on stderr',
  '[flaude:exit:3]',
];

test('streams every line of a machine, across pages and the delivery lag, until its exit marker', async () => {
  const collector = new LogCollector();
  const poller = new FlyLogPoller({
    fetchPage: fetchLogPageFrom(emu.client, APP),
    collector,
    minDelayMs: 20,
    exitMarkerGraceMs: 60_000,
  });
  poller.start();
  try {
    const id = await launch('burst-1');
    // Subscribing after create: lines routed before are kept for us.
    const stream = collector.subscribe(id);
    await emu.fly.waitForMachineState(id, ['stopped', 'destroyed']);
    // The machine is gone, but Fly's pipeline still holds its last lines (300 ms lag).
    const exited = poller.machineExited(id);
    const lines = await stream.collect();
    await exited;

    expect(lines).toEqual(expectedLines);
    expect(collector.exitMarkerCode(id)).toBe(3);
    expect(poller.failure).toBeUndefined();
    // Fly's init/runner lines were in the app's logs but not in the stream.
    expect(emu.fly.logEntries({ instance: id }).some((e) => e.message.startsWith(' INFO '))).toBe(
      true,
    );

    const logRequests = emu.fly.requests.filter((r) => r.server === 'logs');
    expect(logRequests[0]?.query['next_token']).toBe('');
    expect(logRequests.every((r) => typeof r.query['next_token'] === 'string')).toBe(true);
    expect(logRequests.every((r) => r.path === `/api/v1/apps/${APP}/logs`)).toBe(true);
  } finally {
    await poller.stop();
  }
});

test('a fresh app whose first lines come as one burst of several pages loses none of them', async () => {
  // Slow polling: everything the machine prints lands between two polls. Staying on the
  // empty token would return only the latest 100 of them.
  const collector = new LogCollector();
  const poller = new FlyLogPoller({
    fetchPage: fetchLogPageFrom(emu.client, APP),
    collector,
    minDelayMs: 1500,
    exitMarkerGraceMs: 60_000,
  });
  poller.start();
  try {
    const id = await launch('burst-slow');
    const stream = collector.subscribe(id);
    await emu.fly.waitForMachineState(id, ['stopped', 'destroyed']);
    const exited = poller.machineExited(id);
    expect(await stream.collect()).toEqual(expectedLines);
    await exited;
  } finally {
    await poller.stop();
  }
});

test('recovers from a logs outage with backoff and loses nothing', async () => {
  const collector = new LogCollector();
  const poller = new FlyLogPoller({
    fetchPage: fetchLogPageFrom(emu.client, APP),
    collector,
    minDelayMs: 10,
    maxDelayMs: 40,
    maxConsecutiveErrors: 50,
    exitMarkerGraceMs: 60_000,
  });
  const outage = emu.fly.faults.logsDown({ status: 503, times: 4 });
  poller.start();
  try {
    const id = await launch('burst-2');
    const stream = collector.subscribe(id);
    await emu.fly.waitForMachineState(id, ['stopped', 'destroyed']);
    const exited = poller.machineExited(id);
    expect(await stream.collect()).toEqual(expectedLines);
    await exited;
    expect(outage.hits).toBe(4);
    expect(poller.failure).toBeUndefined();
  } finally {
    await poller.stop();
  }
});

test('a 401 from the logs endpoint stops the poller with a failure and ends the streams', async () => {
  const collector = new LogCollector();
  const badClient = emu.newClient({ token: 'not-the-token' });
  const poller = new FlyLogPoller({
    fetchPage: fetchLogPageFrom(badClient, APP),
    collector,
    minDelayMs: 20,
  });
  const stream = collector.subscribe('some-machine');
  poller.start();
  try {
    expect(await stream.collect()).toEqual([]);
    expect(poller.failure?.message).toContain('401');
    expect(poller.failure?.message).not.toContain('not-the-token');
    expect(poller.running).toBe(false);
  } finally {
    await poller.stop();
  }
});

test('a 404 (no such app) stops the poller', async () => {
  const collector = new LogCollector();
  const poller = new FlyLogPoller({
    fetchPage: fetchLogPageFrom(emu.client, 'no-such-app'),
    collector,
  });
  const stream = collector.subscribe('m');
  poller.start();
  expect(await stream.collect()).toEqual([]);
  expect(poller.failure?.message).toContain('404');
  await poller.stop();
});

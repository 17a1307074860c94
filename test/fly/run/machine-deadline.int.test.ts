// A machine left with no runner (the step killed, nobody to destroy it) still ends by its own
// deadline (`deadlineSeconds`, FLAUDE_DEADLINE_SECONDS): the entrypoint exits with 124 and the
// exit marker, whether the clone hangs or Claude runs on, and Fly's auto_destroy removes the
// machine. Only the create is sent here; nothing stops, waits for or destroys the machine.
import { afterEach, expect, test } from 'vitest';
import { FlyClient } from '../../../src/fly/api/client.ts';
import {
  buildCreateMachineRequest,
  type MachineConfig,
} from '../../../src/fly/api/machine-config.ts';
import { createMachine } from '../../../src/fly/api/machines.ts';
import { startStallingServer, type StallingServer } from '../../container/git-http-server.ts';
import { startEmulators, type ReviewerEmulators } from '../../harness/emulators.ts';
import { expectFlyClean } from '../../harness/use-emulators.ts';

const APP = 'flaude-deadline';
let world: ReviewerEmulators | undefined;
let stall: StallingServer | undefined;

afterEach(async () => {
  try {
    if (world) await expectFlyClean(world.fly);
  } finally {
    await world?.stop();
    await stall?.stop();
    world = undefined;
    stall = undefined;
  }
});

function config(
  emulators: ReviewerEmulators,
  prompt: string,
  deadlineSeconds: number,
): MachineConfig {
  const { repo } = emulators;
  return {
    image: `registry.fly.io/${APP}:test`,
    prompt,
    repos: [
      {
        url: `https://github.com/${repo.fullName}.git`,
        ref: `refs/pull/${repo.prNumber}/head`,
        sha: repo.headSha,
        baseRef: repo.baseRef,
      },
    ],
    anthropicApiKey: 'sk-ant-api03-deadline-test-key',
    guest: 'shared-cpu-1x',
    memoryMb: 1024,
    timeoutSeconds: 600,
    deadlineSeconds,
  };
}

/** Creates the machine and leaves: the runner is gone. Resolves with its log once Fly destroyed it. */
async function abandonUntilDestroyed(
  emulators: ReviewerEmulators,
  machineConfig: MachineConfig,
): Promise<string[]> {
  const { fly } = emulators;
  const client = new FlyClient({ token: fly.token, apiUrl: fly.url, logsUrl: fly.logsUrl });
  const name = `${APP}-${fly.machines().length + 1}`;
  let id: string;
  try {
    ({ id } = await createMachine(client, APP, buildCreateMachineRequest(machineConfig, { name })));
  } finally {
    await client.close();
  }
  const machine = await fly.waitForMachineState(id, 'destroyed', 60_000);
  // Fly's own doing: no request but the create came from this side.
  const calls = fly.requests.filter((r) => r.server === 'machines' && r.path.includes(id));
  expect(calls).toEqual([]);
  expect(machine.states.map((s) => s.state)).toContain('stopped');
  return fly.logEntries({ app: APP, instance: id }).map((e) => e.message);
}

test('a clone that hangs: the machine exits at its deadline with the reason, and auto_destroy removes it', async () => {
  stall = await startStallingServer();
  world = await startEmulators({
    name: 'deadline-clone',
    fly: { apps: [APP], gitRewrites: { 'https://github.com/': stall.url } },
  });
  const lines = await abandonUntilDestroyed(world, config(world, 'Review it.', 3));
  expect(stall.requests()).toBeGreaterThan(0);
  expect(lines).toContainEqual(
    expect.stringMatching(
      /^\[flaude:error\] the machine's deadline of 3 s \(FLAUDE_DEADLINE_SECONDS\) passed while cloning https:\/\/github\.com\//,
    ),
  );
  expect(lines.filter((l) => l.startsWith('[flaude:exit:'))).toEqual(['[flaude:exit:124]']);
  expect(world.anthropic.requests, 'Claude never started').toEqual([]);
}, 90_000);

test('Claude running past the deadline: stopped, exit 124, and auto_destroy removes the machine', async () => {
  world = await startEmulators({
    name: 'deadline-claude',
    model: { scenarios: { slowChunkDelayMs: 500, slowChunkCount: 120 } },
    fly: { apps: [APP] },
  });
  const lines = await abandonUntilDestroyed(
    world,
    config(world, 'Review slowly. [scenario:slow]', 8),
  );
  expect(lines).toContain(
    "[flaude:error] the machine's deadline of 8 s (FLAUDE_DEADLINE_SECONDS) passed while Claude Code ran: stopping",
  );
  expect(lines.filter((l) => l.startsWith('[flaude:exit:'))).toEqual(['[flaude:exit:124]']);
}, 90_000);

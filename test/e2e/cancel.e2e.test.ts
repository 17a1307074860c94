// Cancellation safety of the bundled action: a cancelled step (SIGTERM, as the runner sends
// when a job is cancelled) destroys its machine itself; a step that dies outright (SIGKILL)
// leaves the machine id in state, and the post step (`post-if: always()`) destroys it.
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { FlyEmulator } from '../emulator/fly/index.ts';
import { runActionStep } from '../harness/action-run.ts';
import { startEmulators, type ReviewerEmulators } from '../harness/emulators.ts';

let world: ReviewerEmulators;
let dir: string;
let fly: FlyEmulator;

beforeAll(async () => {
  // A slow answer (about a minute) keeps Claude busy while the test cancels the step.
  world = await startEmulators({
    name: 'e2e-cancel',
    model: { scenarios: { slowChunkDelayMs: 500, slowChunkCount: 120 } },
  });
  ({ dir, fly } = world);
});

afterAll(async () => {
  await world?.stop();
});

afterEach(() => {
  expect(fly.validationFailures).toEqual([]);
});

function inputs(name: string): Record<string, string> {
  return {
    'fly-api-token': fly.token,
    app: 'flaude-cancel',
    'anthropic-api-key': 'sk-ant-api03-cancel-test-key',
    name,
    prompt: 'Review slowly. [scenario:slow]',
    image: 'registry.fly.io/flaude-cancel:emulated',
    'timeout-minutes': '5',
    'machine-github-token': '',
    'fly-api-url': fly.url,
    'fly-logs-url': fly.logsUrl,
  };
}

/** Aborts once Claude is running in the machine (its first streamed text is in the log). */
function abortWhenClaudeRuns(controller: AbortController): (chunk: string) => void {
  let seen = '';
  return (chunk) => {
    seen += chunk;
    if (!controller.signal.aborted && seen.includes('Claude Code started')) controller.abort();
  };
}

async function destroyedEventually(): Promise<void> {
  for (const machine of fly.machines()) {
    if (machine.state !== 'destroyed')
      await fly.waitForMachineState(machine.id, 'destroyed', 30_000);
  }
  expect(fly.liveMachines()).toEqual([]);
}

test('SIGTERM: the cancelled step destroys its machine and reports the cancellation', async () => {
  const controller = new AbortController();
  const main = await runActionStep(dir, {
    inputs: inputs('cancelled'),
    event: world.pullRequestEvent(),
    signal: controller.signal,
    killSignal: 'SIGTERM',
    onOutput: abortWhenClaudeRuns(controller),
  });

  expect(controller.signal.aborted).toBe(true);
  expect(main.exitCode).toBe(1);
  expect(main.log).toContain('Received SIGTERM: destroying the reviewer machines.');
  const results = JSON.parse(main.outputs.results ?? 'null') as {
    success: boolean;
    error: string;
  }[];
  expect(results[0]?.success).toBe(false);
  expect(results[0]?.error).toMatch(/cancel/i);
  // Main destroyed the machine itself, long before Claude would have finished.
  await destroyedEventually();
  // Whatever state still lists, the post step may destroy again: Fly answers 404, which is fine.
  const post = await runActionStep(dir, {
    inputs: inputs('cancelled'),
    event: world.pullRequestEvent(),
    state: main.state,
  });
  expect(post.exitCode).toBe(0);
  expect(post.log).not.toContain('::warning::');
});

test('SIGKILL: the machine outlives the step, and the post step destroys it', async () => {
  const before = new Set(fly.machines().map((m) => m.id));
  const controller = new AbortController();
  const stepInputs = inputs('killed');
  const main = await runActionStep(dir, {
    inputs: stepInputs,
    event: world.pullRequestEvent(),
    signal: controller.signal,
    killSignal: 'SIGKILL',
    onOutput: abortWhenClaudeRuns(controller),
  });
  expect(main.exitCode).not.toBe(0);

  const created = fly.machines().filter((m) => !before.has(m.id));
  expect(created).toHaveLength(1);
  const machineId = created[0]!.id;
  expect(fly.liveMachines().map((m) => m.id)).toEqual([machineId]);
  expect(JSON.parse(main.state['machine-ids'] ?? '[]')).toEqual([machineId]);

  const post = await runActionStep(dir, {
    inputs: stepInputs,
    event: world.pullRequestEvent(),
    state: main.state,
  });
  expect(post.exitCode).toBe(0);
  expect(post.log).toContain(`Destroyed machine ${machineId} left by the main step.`);
  await destroyedEventually();
});

test('a create still in flight when the step died: the post step finds the machine by its saved name', async () => {
  const name = 'flaude-1001-1-review-inflight-0badc0de';
  // What Fly holds after the step was killed between sending the create and saving the id.
  const created = await fetch(`${fly.url}/v1/apps/flaude-cancel/machines`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fly.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name,
      config: {
        image: 'registry.fly.io/flaude-cancel:emulated',
        env: {
          FLAUDE_PROMPT: 'Review slowly. [scenario:slow]',
          ANTHROPIC_API_KEY: 'sk-ant-api03-x',
        },
        metadata: { managed_by: 'flaude', flaude_name: name },
        auto_destroy: true,
        restart: { policy: 'no' },
      },
    }),
  });
  expect(created.status).toBe(200);
  const { id } = (await created.json()) as { id: string };

  const post = await runActionStep(dir, {
    inputs: inputs('inflight'),
    event: world.pullRequestEvent(),
    state: { 'is-post': 'true', app: 'flaude-cancel', 'machine-names': JSON.stringify([name]) },
  });
  expect(post.exitCode).toBe(0);
  expect(post.log).toContain(`Destroyed machine ${id} left by the main step.`);
  await destroyedEventually();
});

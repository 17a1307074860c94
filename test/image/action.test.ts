// The image tier through dist/index.js, as the runner runs it: the Fly emulator's machines
// are podman containers of the real reviewer image. A review passes; a cancelled step
// (SIGTERM) destroys its machine, and with it the container.
import { afterAll, afterEach, beforeAll, expect, inject, test } from 'vitest';
import { CONTAINER_LABEL, podmanSync } from '../emulator/fly/container-runner.ts';
import type { FlyEmulator } from '../emulator/fly/index.ts';
import { runActionStep, runMainThenPost } from '../harness/action-run.ts';
import { startEmulators, type ReviewerEmulators } from '../harness/emulators.ts';
import { emulatedStepInputs, expectNoSecrets } from '../harness/step-checks.ts';

const IMAGE = inject('reviewerImage');
const APP = 'flaude-image-action';
const secrets = {
  fly: 'fly-image-tier-token-5ecret',
  anthropic: 'sk-ant-api03-image-tier-5ecret',
  github: 'ghs_imageTierMachineToken5ecret012345',
};

let world: ReviewerEmulators;
let fly: FlyEmulator;

beforeAll(async () => {
  world = await startEmulators({
    name: 'image-action',
    // A slow answer (about a minute) keeps Claude busy while a test cancels the step.
    model: { scenarios: { slowChunkDelayMs: 500, slowChunkCount: 120 } },
    fly: { token: secrets.fly, runner: 'podman', podmanImageFor: () => IMAGE },
  });
  ({ fly } = world);
});

afterAll(async () => {
  await world?.stop();
});

afterEach(async () => {
  for (const machine of fly.machines()) {
    if (machine.state !== 'destroyed')
      await fly.waitForMachineState(machine.id, 'destroyed', 30_000);
  }
  expect(fly.liveMachines()).toEqual([]);
  expect(fly.validationFailures).toEqual([]);
  const left = podmanSync(['ps', '--all', '--filter', `label=${CONTAINER_LABEL}`, '-q']);
  expect(left.stdout.trim()).toBe('');
});

test('a review passes: exit code 0, the review text, no secret shown', async () => {
  const { main, post } = await runMainThenPost(world.dir, {
    inputs: emulatedStepInputs(fly, APP, secrets, { name: 'reviewer' }),
    event: world.pullRequestEvent(),
  });
  expect(main.exitCode, main.log).toBe(0);
  const results = JSON.parse(main.outputs.results ?? 'null') as Record<string, unknown>[];
  expect(results).toMatchObject([{ name: 'reviewer', exit_code: 0, success: true }]);
  expect(main.log).toContain('Running as user claude');
  expect(post.exitCode).toBe(0);
  expectNoSecrets(main, Object.values(secrets));
});

test('SIGTERM to the step destroys the machine; its container is gone', async () => {
  const controller = new AbortController();
  let seen = '';
  const main = await runActionStep(world.dir, {
    inputs: emulatedStepInputs(fly, APP, secrets, {
      name: 'cancelled',
      prompt: 'Review slowly. [scenario:slow]',
    }),
    event: world.pullRequestEvent(),
    signal: controller.signal,
    killSignal: 'SIGTERM',
    onOutput: (chunk) => {
      seen += chunk;
      if (!controller.signal.aborted && seen.includes('Claude Code started')) controller.abort();
    },
  });
  expect(controller.signal.aborted).toBe(true);
  expect(main.exitCode).toBe(1);
  expect(main.log).toContain('Received SIGTERM: destroying the reviewer machines.');
  // afterEach: the machine destroyed, no container left.
});

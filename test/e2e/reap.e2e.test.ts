// Tier 3: `mode: reap`, dist/index.js against the Fly and GitHub emulators. Machines are made
// directly in the Fly emulator with the action's metadata, as a runner that vanished leaves
// them; the test controls their workflow runs. A dry run destroys nothing; a reap destroys those
// past their deadline or of a completed run, and leaves (saying why) those of a running run,
// of another repository, or of a run the token cannot read, until their deadline passes.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  buildCreateMachineRequest,
  createMachine,
  destroyMachine,
  ensureApp,
  FlyClient,
  waitForState,
} from '../../src/fly/index.ts';
import { startGithubEmulator, type GithubEmulator } from '../emulator/github/index.ts';
import { runActionStep, type StepRun } from '../harness/action-run.ts';
import { startEmulators, type Emulators } from '../harness/emulators.ts';
import { expectGithubClean, expectNoSecrets } from '../harness/step-checks.ts';
import { expectFlyClean } from '../harness/use-emulators.ts';

const APP = 'flaude-e2e-reap';
const REPO = 'octo/reaped';
const secrets = { fly: 'fly-e2e-reap-token-5ecret', github: 'ghs_e2eReapReadToken5ecretValue01' };
/** The machines' deadlines that have not passed yet: far enough for the first reaps. */
const SOON_MS = 20_000;

let world: Emulators;
let github: GithubEmulator;
let client: FlyClient;

beforeAll(async () => {
  world = await startEmulators({
    name: 'e2e-reap',
    scripts: {
      files: { 'sleep.sh': "trap 'exit 0' TERM\nwhile true; do sleep 0.05; done\n" },
      forImage: () => 'sleep.sh',
    },
    fly: { token: secrets.fly, rateLimits: false },
  });
  github = await startGithubEmulator({
    tokens: [{ token: secrets.github, login: 'github-actions[bot]', access: 'read' }],
    repos: [{ owner: 'octo', name: 'reaped' }],
  });
  client = new FlyClient({ token: secrets.fly, apiUrl: world.fly.url, logsUrl: world.fly.logsUrl });
  await ensureApp(client, APP);
});

afterAll(async () => {
  await client?.close();
  await github?.stop();
  await world?.stop();
});

/** A sleeping machine with `metadata` (the library adds its `flaude_name`). */
async function leftMachine(name: string, metadata: Record<string, string>): Promise<string> {
  const request = buildCreateMachineRequest(
    {
      image: 'registry.fly.io/reap:emulated',
      prompt: 'left behind',
      anthropicApiKey: 'sk-ant-api03-never-used',
      metadata,
      guest: 'shared-cpu-1x',
      memoryMb: 256,
    },
    { name },
  );
  const machine = await createMachine(client, APP, request);
  await waitForState(client, APP, machine.id, { states: ['started'], timeoutSeconds: 30 });
  return machine.id;
}

function reviewerMetadata(
  reviewer: string,
  runId: number,
  deadline: Date,
  repo = REPO,
): Record<string, string> {
  return {
    flaude_repo: repo,
    flaude_run_id: String(runId),
    flaude_run_attempt: '1',
    flaude_job: 'review',
    flaude_reviewer: reviewer,
    flaude_deadline: deadline.toISOString(),
  };
}

async function reap(overrides: Record<string, string> = {}): Promise<StepRun> {
  const run = await runActionStep(world.dir, {
    inputs: {
      mode: 'reap',
      'fly-api-token': secrets.fly,
      app: APP,
      'github-token': secrets.github,
      'fly-api-url': world.fly.url,
      'fly-logs-url': world.fly.logsUrl,
      ...overrides,
    },
    event: { name: 'schedule', payload: { schedule: '*/30 * * * *' } },
    github: { GITHUB_REPOSITORY: REPO },
    env: { GITHUB_API_URL: github.url },
  });
  expectNoSecrets(run, Object.values(secrets));
  expectGithubClean(github, Object.values(secrets));
  return run;
}

/** The summary's row of machine `name`: its action and reason cells. */
function rowOf(run: StepRun, name: string): { action: string; reason: string } {
  const line = run.summary.split('\n').find((l) => l.startsWith(`| ${name} (`));
  const cells = (line ?? '').split(' | ');
  return { action: cells[6] ?? '', reason: (cells[7] ?? '').replace(/ \|$/, '') };
}

/** The machines still alive; one Fly is still destroying gets a few seconds to finish. */
async function live(): Promise<Set<string>> {
  for (const m of world.fly.liveMachines()) {
    if (m.state === 'destroying') await world.fly.waitForMachineState(m.id, 'destroyed', 10_000);
  }
  return new Set(world.fly.liveMachines().map((m) => m.id));
}

describe('mode: reap', () => {
  test('dry run, then reap: destroyed vs left, and nothing of ours left once deadlines pass', async () => {
    const headSha = '0'.repeat(40);
    const running = github.addWorkflowRun(REPO, { headSha, status: 'in_progress' });
    const done = github.addWorkflowRun(REPO, {
      headSha,
      status: 'completed',
      conclusion: 'cancelled',
    });
    const past = new Date(Date.now() - 60_000);
    const soon = new Date(Date.now() + SOON_MS);
    const far = new Date(Date.now() + 3_600_000);
    const ids = {
      late: await leftMachine('flaude-late', reviewerMetadata('late', running, past)),
      finished: await leftMachine('flaude-finished', reviewerMetadata('finished', done, far)),
      busy: await leftMachine('flaude-busy', reviewerMetadata('busy', running, far)),
      foreign: await leftMachine(
        'flaude-foreign',
        reviewerMetadata('foreign', done, soon, 'someone/else'),
      ),
      hidden: await leftMachine('flaude-hidden', reviewerMetadata('hidden', 987_654, soon)),
      notOurs: await leftMachine('other-machine', { owner: 'someone' }),
    };

    const dry = await reap({ 'dry-run': 'true' });
    expect(dry.exitCode, dry.log).toBe(0);
    expect(dry.outputs.reaped).toBe('0');
    expect(dry.summary).toContain(`## Reaping reviewer machines in ${APP} (dry run)`);
    expect(rowOf(dry, 'flaude-late').action).toBe('would destroy');
    expect(rowOf(dry, 'flaude-finished').action).toBe('would destroy');
    expect(rowOf(dry, 'flaude-busy').action).toBe('left');
    expect(dry.summary).not.toContain('other-machine');
    expect(await live()).toEqual(new Set(Object.values(ids)));
    expect(world.fly.requests.filter((r) => r.method === 'DELETE')).toEqual([]);

    const first = await reap();
    expect(first.exitCode, first.log).toBe(0);
    expect(first.outputs.reaped).toBe('2');
    expect(rowOf(first, 'flaude-late')).toEqual({
      action: 'destroyed',
      reason: `past its deadline (${past.toISOString()})`,
    });
    expect(rowOf(first, 'flaude-finished')).toEqual({
      action: 'destroyed',
      reason: `workflow run ${done} has completed (cancelled)`,
    });
    expect(rowOf(first, 'flaude-busy')).toEqual({
      action: 'left',
      reason: `workflow run ${running} is in_progress`,
    });
    expect(rowOf(first, 'flaude-foreign')).toEqual({
      action: 'left',
      reason: "another repository's (someone/else): only touched past its deadline",
    });
    expect(rowOf(first, 'flaude-hidden')).toEqual({
      action: 'left',
      reason:
        'github-token cannot read workflow run 987654 (GitHub answered 404; it needs ' +
        '`actions: read`): left until its deadline',
    });
    expect(await live()).toEqual(new Set([ids.busy, ids.foreign, ids.hidden, ids.notOurs]));
    // Only this repository's runs were read, each once.
    const runReads = github.requests.filter((r) => r.path.includes('/actions/runs/'));
    expect(runReads.every((r) => r.path.startsWith(`/repos/${REPO}/`))).toBe(true);

    // The busy run completes and the other two deadlines pass: nothing of ours is left.
    github.updateWorkflowRun(running, { status: 'completed', conclusion: 'success' });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, soon.getTime() - Date.now())));
    const last = await reap();
    expect(last.exitCode, last.log).toBe(0);
    expect(last.outputs.reaped).toBe('3');
    expect(rowOf(last, 'flaude-busy').reason).toBe(
      `workflow run ${running} has completed (success)`,
    );
    expect(rowOf(last, 'flaude-foreign').reason).toBe(`past its deadline (${soon.toISOString()})`);
    expect(await live()).toEqual(new Set([ids.notOurs]));

    const empty = await reap();
    expect(empty.outputs.reaped).toBe('0');
    expect(empty.summary).toContain('No reviewer machines found.');
    await destroyMachine(client, APP, ids.notOurs);
    await expectFlyClean(world.fly);
  }, 120_000);

  test('a bad mode fails before any request, naming the input and quoting the value', async () => {
    world.fly.clearRecords();
    const run = await reap({ mode: 'harvest' });
    expect(run.exitCode).toBe(1);
    expect(run.log).toContain(`::error::Input 'mode' is "harvest"; expected one of review, reap.`);
    expect(world.fly.requests).toEqual([]);
    await expectFlyClean(world.fly);
  });
});

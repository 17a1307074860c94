// run / runAndDestroy / runWithLogs against the Fly emulator: real HTTP over loopback, every
// request validated against Fly's OpenAPI file, rate limits on, and each machine running
// container/entrypoint.sh with the real Claude Code CLI talking to the Anthropic emulator.
// Repositories come from a local fixture reached through git's insteadOf rewrite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { FlyClient } from '../../src/fly/client.ts';
import type { MachineConfig } from '../../src/fly/machine-config.ts';
import { MachineExitError, run, runAndDestroy } from '../../src/fly/runner.ts';
import { RunCancelledError, runWithLogs } from '../../src/fly/streaming.ts';
import { startAnthropicEmulator, REVIEW_HEADING } from '../emulator/anthropic/index.ts';
import { startFlyEmulator, type FlyEmulator } from '../emulator/fly/index.ts';
import { createFixtureRepo, type FixtureRepo } from '../harness/fixture-repo.ts';

const APP = 'flaude-runner-e2e';
let dir: string;
let repo: FixtureRepo;
let anthropic: Awaited<ReturnType<typeof startAnthropicEmulator>>;
let fly: FlyEmulator;
let client: FlyClient;
let machineCount = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flaude-runner-e2e-'));
  repo = createFixtureRepo(dir);
  anthropic = await startAnthropicEmulator();
});

afterAll(async () => {
  await anthropic.stop();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  fly = await startFlyEmulator({
    apps: [APP],
    anthropicUrl: anthropic.url,
    gitRewrites: { 'https://github.com/': `file://${repo.githubRoot}` },
  });
  client = new FlyClient({ token: fly.token, apiUrl: fly.url, logsUrl: fly.logsUrl });
});

afterEach(async () => {
  await client.close();
  await fly.stop();
});

function config(prompt: string, extra: Partial<MachineConfig> = {}): MachineConfig {
  return {
    image: 'registry.fly.io/flaude-runner-e2e:test',
    prompt,
    repos: [
      {
        url: `https://github.com/${repo.fullName}.git`,
        ref: `refs/pull/${repo.prNumber}/head`,
        sha: repo.headSha,
        baseRef: repo.baseRef,
      },
    ],
    anthropicApiKey: 'sk-ant-api03-emulated-key-for-tests',
    guest: 'shared-cpu-1x',
    memoryMb: 1024,
    maxTurns: 5,
    timeoutSeconds: 90,
    ...extra,
  };
}

function name(): string {
  machineCount += 1;
  return `runner-e2e-${machineCount}`;
}

/** Claude's final text from its stream-json `result` line. */
function finalText(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    const parsed = JSON.parse(line) as { type?: string; result?: string };
    if (parsed.type === 'result') return parsed.result;
  }
  return undefined;
}

/**
 * No machine left: a DELETE that Fly accepted leaves the machine `destroying` for a moment
 * (API-NOTES §1.8), so those are given a few seconds; anything else still alive fails.
 */
async function expectCleanFly(): Promise<void> {
  for (const m of fly.liveMachines()) {
    if (m.state === 'destroying') await fly.waitForMachineState(m.id, 'destroyed', 10_000);
  }
  expect(fly.liveMachines()).toEqual([]);
  expect(fly.validationFailures).toEqual([]);
  expect(fly.responseSchemaViolations).toEqual([]);
}

describe('against the Fly emulator with the real entrypoint and Claude Code CLI', () => {
  test('a review succeeds: exit 0 from the marker, the final text in the logs, machine destroyed', async () => {
    const sr = await runWithLogs(APP, config('Review the pull request.'), { client, name: name() });
    const lines: string[] = [];
    for await (const line of sr) lines.push(line);
    const result = await sr.result();
    expect(result).toMatchObject({
      exitCode: 0,
      exitCodeSource: 'marker',
      failureReason: undefined,
      destroyed: true,
    });
    expect(lines.at(-1)).toBe('[flaude:exit:0]');
    expect(finalText(result.logs)).toContain(REVIEW_HEADING);
    expect(result.manifest?.files).toEqual(expect.arrayContaining(['README.md', 'src/greet.js']));
    await expectCleanFly();
  });

  test('a failing review raises MachineExitError with the log tail', async () => {
    const sr = await runWithLogs(APP, config('Review it. [scenario:api-error]'), {
      client,
      name: name(),
    });
    const error = await sr.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MachineExitError);
    const e = error as MachineExitError;
    expect(e.exitCode).toBe(1);
    expect(e.reason).toBe('exit code 1');
    expect(e.message).toMatch(/^Machine \S+ failed: exit code 1 \(state \w+\)\n/);
    // The message quotes the tail (long JSON lines clipped); the lines themselves are whole.
    expect(e.message).toContain('[flaude:exit:1]');
    expect(e.logs.join('\n')).toContain('API Error: 400');
    expect(e.message).toContain('[flaude:exit:1]');
    expect(e.result?.destroyed).toBe(true);
    await expectCleanFly();
  });

  test('a lost exit event: the marker decides', async () => {
    fly.faults.machine({ kind: 'loseExitEvent' });
    const sr = await runWithLogs(APP, config('Review it. [scenario:no-tool]'), {
      client,
      name: name(),
    });
    const result = await sr.result();
    expect(result).toMatchObject({ exitCode: 0, exitCodeSource: 'marker', destroyed: true });
    await expectCleanFly();
  });

  test('a lost marker: the exit event decides, after the poller grace period', async () => {
    fly.faults.machine({
      kind: 'dropLogLines',
      predicate: (line) => line.startsWith('[flaude:exit:'),
    });
    const sr = await runWithLogs(APP, config('Review it. [scenario:no-tool]'), {
      client,
      name: name(),
      pollerOptions: { exitGraceMs: 1_500 },
    });
    const result = await sr.result();
    expect(result).toMatchObject({
      exitCode: 0,
      exitCodeSource: 'event',
      destroyed: true,
      failureReason: undefined,
    });
    expect(finalText(result.logs)).toContain(REVIEW_HEADING);
    await expectCleanFly();
  });

  test('an OOM kill is a failure that says so', async () => {
    fly.faults.machine({
      kind: 'oomKill',
      trigger: { onLine: (line) => line.startsWith('[flaude:manifest:') },
    });
    const error = await runAndDestroy(APP, config('Review it.'), { client, name: name() }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MachineExitError);
    const e = error as MachineExitError;
    expect(e.reason).toContain('killed: out of memory (oom_killed)');
    expect(e.result).toMatchObject({
      oomKilled: true,
      exitCode: 137,
      exitCodeSource: 'event',
      destroyed: true,
    });
    await expectCleanFly();
  });

  test('run without a log stream: exit code from the exit event', async () => {
    const result = await run(APP, config('Review it. [scenario:no-tool]'), {
      client,
      name: name(),
    });
    expect(result).toMatchObject({
      exitCode: 0,
      exitCodeSource: 'event',
      destroyed: true,
      logs: [],
    });
    await expectCleanFly();
  });

  test('leaving the iteration early destroys the running machine', async () => {
    const sr = await runWithLogs(APP, config('Review it. [scenario:slow]'), {
      client,
      name: name(),
    });
    for await (const line of sr) {
      if (line.startsWith('[flaude] ')) break;
    }
    await expect(sr.result()).rejects.toBeInstanceOf(RunCancelledError);
    await expectCleanFly();
    const machine = fly.machine(sr.machineId);
    expect(machine?.state).toBe('destroyed');
  });

  test('a timeout destroys the machine and reports it', async () => {
    const result = await runAndDestroy(APP, config('Review it. [scenario:slow]'), {
      client,
      name: name(),
      waitTimeoutSeconds: 1,
      raiseOnFailure: false,
    });
    expect(result).toMatchObject({
      failureReason: 'timed out after 1 s',
      exitCode: null,
      destroyed: true,
    });
    await expectCleanFly();
  });
});

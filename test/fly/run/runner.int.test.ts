// run / runAndDestroy / runWithLogs against the Fly emulator: real HTTP over loopback, every
// request validated against Fly's OpenAPI file, rate limits on, and each machine running
// container/entrypoint.sh with the real Claude Code CLI talking to the Anthropic emulator.
// Repositories come from a local fixture reached through git's insteadOf rewrite. The setup and
// the checks after every test (no machine left, no invalid request or answer) are in
// test/harness/use-emulators.ts.
import { describe, expect, test } from 'vitest';
import { MachineExitError } from '../../../src/fly/run/exit.ts';
import { run, runAndDestroy } from '../../../src/fly/run/runner.ts';
import { RunCancelledError, runWithLogs } from '../../../src/fly/run/streaming.ts';
import { REVIEW_HEADING } from '../../emulator/anthropic/index.ts';
import { useEmulators } from '../../harness/use-emulators.ts';
import { succeeded, timedOut } from '../run-results.ts';

const APP = 'flaude-runner-e2e';
const emu = useEmulators({ name: 'runner-e2e', app: APP });
const config = emu.reviewConfig;

/** Claude's final text from its stream-json `result` line. */
function finalText(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    const parsed = JSON.parse(line) as { type?: string; result?: string };
    if (parsed.type === 'result') return parsed.result;
  }
  return undefined;
}

describe('against the Fly emulator with the real entrypoint and Claude Code CLI', () => {
  test('a review succeeds: exit 0 from the marker, the final text in the logs, machine destroyed', async () => {
    const sr = await runWithLogs(APP, config('Review the pull request.'), emu.runOptions());
    const lines: string[] = [];
    for await (const line of sr) lines.push(line);
    const result = await sr.result();
    expect(result).toMatchObject(succeeded('marker'));
    expect(lines.at(-1)).toBe('[flaude:exit:0]');
    expect(finalText(result.logs)).toContain(REVIEW_HEADING);
    expect(result.manifest?.files).toEqual(expect.arrayContaining(['README.md', 'src/greet.js']));
  });

  test('a failing review raises MachineExitError with the log tail', async () => {
    const sr = await runWithLogs(APP, config('Review it. [scenario:api-error]'), emu.runOptions());
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
  });

  test('a lost exit event: the marker decides', async () => {
    emu.fly.faults.machine({ kind: 'loseExitEvent' });
    const sr = await runWithLogs(APP, config('Review it. [scenario:no-tool]'), emu.runOptions());
    const result = await sr.result();
    expect(result).toMatchObject(succeeded('marker'));
  });

  test('a lost marker: the exit event decides, after the poller grace period', async () => {
    emu.fly.faults.machine({
      kind: 'dropLogLines',
      predicate: (line) => line.startsWith('[flaude:exit:'),
    });
    const sr = await runWithLogs(APP, config('Review it. [scenario:no-tool]'), {
      ...emu.runOptions(),
      exitMarkerGraceMs: 1_500,
    });
    const result = await sr.result();
    expect(result).toMatchObject(succeeded('event'));
    expect(finalText(result.logs)).toContain(REVIEW_HEADING);
  });

  test('an OOM kill is a failure that says so', async () => {
    emu.fly.faults.machine({
      kind: 'oomKill',
      trigger: { onLine: (line) => line.startsWith('[flaude:manifest:') },
    });
    const error = await runAndDestroy(APP, config('Review it.'), emu.runOptions()).catch(
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
  });

  test('run without a log stream: exit code from the exit event', async () => {
    const result = await run(APP, config('Review it. [scenario:no-tool]'), emu.runOptions());
    expect(result).toMatchObject({ ...succeeded('event'), logs: [] });
  });

  test('leaving the iteration early destroys the running machine', async () => {
    const sr = await runWithLogs(APP, config('Review it. [scenario:slow]'), emu.runOptions());
    for await (const line of sr) {
      if (line.startsWith('[flaude] ')) break;
    }
    await expect(sr.result()).rejects.toBeInstanceOf(RunCancelledError);
    // The machine's state is read after its destroy has finished.
    await emu.expectClean();
    const machine = emu.fly.machine(sr.machineId);
    expect(machine?.state).toBe('destroyed');
  });

  test('a timeout destroys the machine and reports it', async () => {
    expect(await emu.runPastDeadline()).toMatchObject(timedOut(1));
  });
});

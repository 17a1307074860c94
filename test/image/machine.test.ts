// The image tier through the library: every machine of the Fly emulator is a podman
// container of the real reviewer image (its entrypoint, user `claude`, git, jq and Claude
// Code; none of the host's), talking to the model emulator on the host's 127.0.0.1. The
// checks after every test (no machine left, no invalid request) are in use-emulators.ts;
// these add that no container is left either.
import { afterEach, describe, expect, inject, test } from 'vitest';
import { MachineExitError } from '../../src/fly/run/exit.ts';
import { runWithLogs } from '../../src/fly/run/streaming.ts';
import { REVIEW_HEADING } from '../emulator/anthropic/index.ts';
import { CONTAINER_LABEL, podmanSync } from '../emulator/fly/container-runner.ts';
import { useEmulators } from '../harness/use-emulators.ts';
import { succeeded, timedOut } from '../fly/run-results.ts';

const APP = 'flaude-image-tier';
const IMAGE = inject('reviewerImage');
const GITHUB_TOKEN = 'ghs_imageTierCloneToken000000000000001';
const emu = useEmulators({
  name: 'image-tier',
  app: APP,
  fly: { runner: 'podman', podmanImageFor: () => IMAGE },
});
const config = emu.reviewConfig;

/** Containers the emulator started that still exist, running or not. */
function leftContainers(): string[] {
  const listed = podmanSync(['ps', '--all', '--filter', `label=${CONTAINER_LABEL}`, '-q']);
  return listed.stdout.split('\n').filter((id) => id !== '');
}

// Registered after useEmulators' hooks, so it runs before they stop the emulator: a machine
// still being destroyed gets its few seconds, and then its container must be gone too.
afterEach(async () => {
  for (const m of emu.fly.liveMachines()) {
    if (m.state === 'destroying') await emu.fly.waitForMachineState(m.id, 'destroyed', 10_000);
  }
  expect(leftContainers()).toEqual([]);
});

/** Claude's final text from its stream-json `result` line. */
function finalText(lines: readonly string[]): string {
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    const parsed = JSON.parse(line) as { type?: string; result?: string };
    if (parsed.type === 'result') return parsed.result ?? '';
  }
  return '';
}

// What Claude's Bash tool reports about where it runs; the scripted model runs it as its one
// tool call and quotes the output in the final answer.
const PROBE = [
  'echo user:$(id -un)',
  'echo token-vars:$(env | grep -c -e ^GITHUB_TOKEN= -e ^GH_TOKEN=)',
  '(cat /proc/1/environ >/dev/null 2>&1 && echo entrypoint-env:readable || echo entrypoint-env:denied)',
  ...['/usr/local/bin', '/etc', '/root', '/'].map(
    (dir) => `(touch ${dir}/probe 2>/dev/null && echo write:${dir}:yes || echo write:${dir}:no)`,
  ),
  '(touch "$HOME/probe" && echo write:home:yes)',
  '(touch ./probe && echo write:workspace:yes)',
  'echo head:$(git rev-parse HEAD)',
].join('; ');

describe('machines from the real image', () => {
  test('a review succeeds with a real tool call, as user claude; the container is gone', async () => {
    const sr = await runWithLogs(APP, config('Review the pull request.'), emu.runOptions());
    const lines: string[] = [];
    for await (const line of sr) lines.push(line);
    const result = await sr.result();
    expect(result).toMatchObject(succeeded('marker'));
    expect(lines).toContain('[flaude] Running as user claude');
    expect(lines.at(-1)).toBe('[flaude:exit:0]');
    const text = finalText(result.logs);
    expect(text).toContain(REVIEW_HEADING);
    // The scripted model's Bash call ran in the checkout and its output came back.
    expect(text).toContain('Output of `git log --oneline -3`');
    expect(result.manifest?.files).toEqual(expect.arrayContaining(['README.md', 'src/greet.js']));
  });

  test("Claude's tools run as claude: no token, no entrypoint env, no writes outside its dirs; HEAD is the fork head's SHA", async () => {
    const machine = config(`Review it. [bash:${PROBE}]`, { githubToken: GITHUB_TOKEN });
    const result = await (await runWithLogs(APP, machine, emu.runOptions())).result();
    expect(result).toMatchObject(succeeded('marker'));
    const text = finalText(result.logs);
    for (const line of [
      'user:claude',
      'token-vars:0',
      'entrypoint-env:denied',
      'write:/usr/local/bin:no',
      'write:/etc:no',
      'write:/root:no',
      'write:/:no',
      'write:home:yes',
      'write:workspace:yes',
    ]) {
      expect(text).toContain(line);
    }
    expect(result.logs.join('\n')).not.toContain(GITHUB_TOKEN);
    expect(text).toMatch(/head:[0-9a-f]{40}/);
    // The pull request's head exists only as refs/pull/N/head, as a fork's does on GitHub.
    expect(machine.repos?.[0]?.ref).toMatch(/^refs\/pull\/\d+\/head$/);
    expect(text).toContain(`head:${machine.repos?.[0]?.sha}`);
  });

  test('a failing review raises MachineExitError with the log tail', async () => {
    const sr = await runWithLogs(APP, config('Review it. [scenario:api-error]'), emu.runOptions());
    const error = await sr.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MachineExitError);
    const e = error as MachineExitError;
    expect(e.exitCode).toBe(1);
    expect(e.message).toContain('[flaude:exit:1]');
    expect(e.logs.join('\n')).toContain('API Error: 400');
    expect(e.result?.destroyed).toBe(true);
  });

  test('the entrypoint time limit ends Claude with 124', async () => {
    const sr = await runWithLogs(
      APP,
      config('Review it. [scenario:slow]', { timeoutSeconds: 1 }),
      emu.runOptions(),
    );
    const error = await sr.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MachineExitError);
    const e = error as MachineExitError;
    expect(e.exitCode).toBe(124);
    expect(e.logs).toContain('[flaude:error] Claude Code timed out after 1 s');
  });

  test('a run past its deadline stops the container (podman kill) and destroys it', async () => {
    expect(await emu.runPastDeadline()).toMatchObject(timedOut(1));
  });

  test('an OOM kill ends the container and says so', async () => {
    emu.fly.faults.machine({
      kind: 'oomKill',
      trigger: { onLine: (line) => line.startsWith('[flaude:manifest:') },
    });
    const sr = await runWithLogs(APP, config('Review it.'), emu.runOptions());
    const error = await sr.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MachineExitError);
    const e = error as MachineExitError;
    expect(e.reason, e.logs.join('\n')).toContain('killed: out of memory (oom_killed)');
    expect(e.result).toMatchObject({ oomKilled: true, exitCode: 137, destroyed: true });
  });
});

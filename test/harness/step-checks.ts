/**
 * What the e2e tests read of a step run by `runActionStep` (action-run.ts) and of the Fly
 * emulator behind it: the `results` output, the reviewers' log groups as the runner reads
 * them, a scan for secrets on every surface a user can see, and how many machines were alive
 * at once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { EmulatedMachine, FlyEmulator } from '../emulator/fly/index.ts';
import type { GithubEmulator } from '../emulator/github/index.ts';
import type { StepRun } from './action-run.ts';
import { secretHits } from './secret-scan.ts';

/**
 * The hidden line of a sticky comment whose reviewer has not ended (src/action/github/markers.ts):
 * a comment still holding it after a run says "reviewing" for good.
 */
export const REVIEWING = '<!-- flaude:state reviewing -->';

/** One entry of the `results` output. */
export interface ReviewerResult {
  readonly name: string;
  readonly machine_id: string | null;
  readonly region: string | null;
  readonly exit_code: number | null;
  readonly success: boolean;
  readonly result: string | null;
  readonly num_turns: number | null;
  readonly error: string | null;
  readonly model?: string | null;
  /** The `subtype` of Claude's `result` line. */
  readonly subtype?: string | null;
  /** The `is_error` of Claude's `result` line. */
  readonly is_error?: boolean | null;
  readonly transcript_path?: string | null;
  readonly fly_cost_usd?: number | null;
}

/** The `results` output of a run, parsed; fails the test when it is missing. */
export function resultsOf(run: StepRun): ReviewerResult[] {
  const text = run.outputs.results;
  expect(text, `no results output; the step printed:\n${run.log}`).toBeDefined();
  return JSON.parse(text ?? '[]') as ReviewerResult[];
}

/** The files of the run's `transcripts-dir` output, by file name. */
export function transcriptsOf(run: StepRun): Map<string, string> {
  const dir = run.outputs['transcripts-dir'];
  const files = new Map<string, string>();
  if (!dir) return files;
  for (const name of readdirSync(dir).sort())
    files.set(name, readFileSync(join(dir, name), 'utf8'));
  return files;
}

/**
 * None of `secrets`, plain or encoded (base64 at any alignment, standard or URL-safe, or
 * percent-encoded: see secret-scan.ts), in what the step showed: its log (the `::add-mask::`
 * commands aside, which the runner reads and never shows), outputs, state, job summary and
 * raw transcripts.
 */
export function expectNoSecrets(run: StepRun, secrets: readonly string[]): void {
  const shown = run.log
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  const surfaces: [string, string][] = [
    ['log', shown],
    ['outputs', JSON.stringify(run.outputs)],
    ['state', JSON.stringify(run.state)],
    ['summary', run.summary],
    ...[...transcriptsOf(run)].map(([name, text]): [string, string] => [name, text]),
  ];
  for (const secret of secrets) {
    expect(secret.length, 'a secret to look for is empty').toBeGreaterThan(0);
  }
  expect(secretHits(surfaces, secrets)).toEqual([]);
}

/** A `::group::` section of a step's log and the text lines it holds. */
export interface LogGroup {
  readonly title: string;
  readonly lines: readonly string[];
}

/**
 * The step's `::group::` sections in log order, read as the runner reads stdout: inside a
 * `::stop-commands::<token>` region every line is text until `::<token>::`. Also says what the
 * runner could not show as separate sections: a group opened inside another (they cannot
 * nest), an `::endgroup::` with none open, a group never closed.
 */
export function logGroups(stdout: string): { groups: LogGroup[]; problems: string[] } {
  const groups: LogGroup[] = [];
  const problems: string[] = [];
  let open: { title: string; lines: string[] } | undefined;
  let fence: string | undefined;
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    const trimmed = line.trimStart();
    if (fence !== undefined) {
      if (trimmed.toLowerCase() === `::${fence}::`) fence = undefined;
      else open?.lines.push(line);
      continue;
    }
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/i.exec(trimmed);
    const name = command?.[1]?.toLowerCase();
    if (name === 'stop-commands') {
      fence = (command?.[2] ?? '').toLowerCase();
    } else if (name === 'group') {
      if (open) problems.push(`'${command?.[2]}' opened inside '${open.title}'`);
      open = { title: command?.[2] ?? '', lines: [] };
      groups.push(open);
    } else if (name === 'endgroup') {
      if (!open) problems.push('an endgroup with no group open');
      open = undefined;
    } else if (command === null) {
      open?.lines.push(line);
    }
  }
  if (open) problems.push(`'${open.title}' never closed`);
  return { groups, problems };
}

/** A workflow command the runner would run, and the log line that carried it. */
export interface RunnerCommand {
  readonly name: string;
  readonly line: string;
}

/**
 * The workflow commands the runner would run from a step's log: `::name ...::` lines outside
 * the `::stop-commands::<token>` regions (the runner trims the line first), and lines holding
 * the legacy `##[name]` form, which the runner honours anywhere in a line, outside them too.
 */
export function runnerCommands(stdout: string): RunnerCommand[] {
  const commands: RunnerCommand[] = [];
  let fence: string | undefined;
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    const trimmed = line.trimStart();
    if (fence !== undefined) {
      if (trimmed.toLowerCase() === `::${fence}::`) fence = undefined;
      continue;
    }
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/i.exec(trimmed);
    const legacy = /##\[([a-z-]+)/i.exec(line);
    const name = (command?.[1] ?? legacy?.[1])?.toLowerCase();
    if (name === undefined) continue;
    if (name === 'stop-commands') fence = (command?.[2] ?? '').toLowerCase();
    commands.push({ name, line });
  }
  return commands;
}

/** The reviewers' sections (`Reviewer <name>`), in log order, by reviewer name. */
export function reviewerGroups(stdout: string): { name: string; lines: readonly string[] }[] {
  const { groups, problems } = logGroups(stdout);
  expect(problems, stdout).toEqual([]);
  return groups.flatMap((g) => {
    const name = /^Reviewer (.+)$/.exec(g.title)?.[1];
    return name === undefined ? [] : [{ name, lines: g.lines }];
  });
}

/**
 * The most machines alive at any one moment by the emulator's record: each from its creation
 * until Fly accepted its destroy (`destroying`) or it was gone, whichever came first.
 */
export function maxAlive(machines: readonly EmulatedMachine[]): number {
  const points: [at: number, change: number][] = [];
  for (const m of machines) {
    const start = m.states[0]?.at;
    if (start === undefined) continue;
    const end = m.states.find((s) => s.state === 'destroying' || s.state === 'destroyed')?.at;
    points.push([start, 1], [end ?? Infinity, -1]);
  }
  // At the same millisecond an end comes first: a slot freed is what let the next one start.
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let alive = 0;
  let most = 0;
  for (const [, change] of points) {
    alive += change;
    most = Math.max(most, alive);
  }
  return most;
}

/** The emulator's machines of `app` in creation order, each with its reviewer's name. */
export function reviewerMachines(
  fly: FlyEmulator,
  app: string,
): (EmulatedMachine & { reviewer: string; env: Record<string, string> })[] {
  return fly
    .machines()
    .filter((m) => m.app === app)
    .map((m) => {
      const config = m.config as {
        metadata?: Record<string, string>;
        env?: Record<string, string>;
      };
      return { ...m, reviewer: config.metadata?.flaude_reviewer ?? '', env: config.env ?? {} };
    });
}

/** The credentials an e2e file gives its steps (made up, and scanned for afterwards). */
export interface StepSecrets {
  readonly fly: string;
  readonly anthropic: string;
  readonly github: string;
}

/**
 * A step's inputs for reviewers on the Fly emulator `fly`, in `app`, with the image the
 * emulator runs and the smallest machine, and `overrides` on top.
 */
export function emulatedStepInputs(
  fly: Pick<FlyEmulator, 'url' | 'logsUrl'>,
  app: string,
  secrets: StepSecrets,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    'fly-api-token': secrets.fly,
    app,
    'anthropic-api-key': secrets.anthropic,
    image: `registry.fly.io/${app}:emulated`,
    'vm-size': 'shared-cpu-1x',
    'memory-mb': '1024',
    'timeout-minutes': '5',
    'machine-github-token': secrets.github,
    'fly-api-url': fly.url,
    'fly-logs-url': fly.logsUrl,
    ...overrides,
  };
}

/**
 * What every step leaves on the GitHub emulator: no request GitHub's OpenAPI description
 * refuses, no answer outside its schemas, and none of `secrets`, plain or encoded, in any
 * request body the runner sent (comments, reviews and issues are what an attacker can read).
 */
export function expectGithubClean(github: GithubEmulator, secrets: readonly string[]): void {
  expect(github.invalidRequests).toEqual([]);
  expect(github.responseSchemaViolations).toEqual([]);
  const bodies = github.requests.map((request, i): [string, string] => [
    `${request.method} ${request.path} (#${i})`,
    request.rawBody,
  ]);
  expect(secretHits(bodies, secrets)).toEqual([]);
}

/**
 * None of `secrets`, plain or encoded, in what the Fly emulator received and stored: every
 * request body (both servers) and every machine's config and metadata, except the env entries
 * of `carriers` (env key to the one secret it exists to carry), which must hold exactly that
 * secret and nothing else. Fly's logs of the machines are the machine's own output, not
 * scanned here.
 */
export function expectFlyHoldsNoSecrets(
  fly: FlyEmulator,
  secrets: readonly string[],
  carriers: Readonly<Record<string, string>>,
): void {
  const withoutCarriers = (where: string, config: unknown): string => {
    const copy = structuredClone(config) as { env?: Record<string, string> } | undefined;
    for (const [key, secret] of Object.entries(carriers)) {
      const value = copy?.env?.[key];
      if (value === undefined) continue;
      expect(value, `${where}: env ${key} carries its secret and nothing else`).toBe(secret);
      delete copy?.env?.[key];
    }
    return JSON.stringify(copy ?? null);
  };
  const surfaces: [string, string][] = [];
  fly.requests.forEach((request, i) => {
    const where = `${request.method} ${request.path} (#${i})`;
    const body = request.body as { config?: unknown } | string | undefined;
    if (body === undefined) return;
    if (typeof body === 'string') surfaces.push([where, body]);
    else
      surfaces.push(
        [where, JSON.stringify({ ...body, config: null })],
        [where, withoutCarriers(where, body.config)],
      );
  });
  for (const machine of fly.machines()) {
    surfaces.push([
      `machine ${machine.id}`,
      withoutCarriers(`machine ${machine.id}`, machine.config),
    ]);
  }
  expect(secretHits(surfaces, secrets)).toEqual([]);
}

/**
 * Runs the bundled action (dist/index.js) exactly as the runner does: inputs as INPUT_*
 * variables, the event payload in GITHUB_EVENT_PATH, file commands in GITHUB_OUTPUT,
 * GITHUB_STATE and GITHUB_STEP_SUMMARY, and the post step with the saved state as STATE_*.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Node 24 from the node@24 devDependency, the runtime action.yml asks for. */
export const node24 = join(repoRoot, 'node_modules', '.bin', 'node');

export interface StepRun {
  readonly exitCode: number;
  /** What the runner would show in the log (stdout and stderr, interleaved as written). */
  readonly log: string;
  readonly outputs: Record<string, string>;
  readonly state: Record<string, string>;
  readonly summary: string;
}

export interface StepOptions {
  readonly inputs: Record<string, string>;
  readonly event: { name: string; payload: unknown };
  readonly github?: Record<string, string>;
  /** Further environment, applied last; `undefined` removes a variable the harness sets. */
  readonly env?: Record<string, string | undefined>;
  /** State saved by the main step; given to the post step as STATE_* variables. */
  readonly state?: Record<string, string>;
  readonly onOutput?: (chunk: string) => void;
  /** Aborting it sends `killSignal` to the step, as a runner cancelling the job would. */
  readonly signal?: AbortSignal;
  readonly killSignal?: NodeJS.Signals;
}

/** Runs one step of the action and collects what the runner would collect. */
export async function runActionStep(workDir: string, opts: StepOptions): Promise<StepRun> {
  const dir = mkdtempSync(join(workDir, 'step-'));
  const files = {
    event: join(dir, 'event.json'),
    output: join(dir, 'output'),
    state: join(dir, 'state'),
    summary: join(dir, 'summary.md'),
  };
  writeFileSync(files.event, JSON.stringify(opts.event.payload));
  for (const f of [files.output, files.state, files.summary]) writeFileSync(f, '');

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    RUNNER_TEMP: dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: opts.event.name,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '1001',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'review',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_REF: 'refs/pull/2/merge',
    ...opts.github,
  };
  for (const [name, value] of Object.entries(opts.inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  for (const [name, value] of Object.entries(opts.state ?? {})) env[`STATE_${name}`] = value;
  for (const [name, value] of Object.entries(opts.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }

  const child = spawn(node24, [join(repoRoot, 'dist', 'index.js')], {
    env,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    signal: opts.signal,
    killSignal: opts.killSignal ?? 'SIGTERM',
  });
  let log = '';
  const collect = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    log += text;
    opts.onOutput?.(text);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', (e) => {
      // An abort is how the test cancels the step; its exit is reported by 'close'.
      if (e.name !== 'AbortError') reject(e);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  return {
    exitCode,
    log,
    outputs: parseFileCommands(readFileSync(files.output, 'utf8')),
    state: parseFileCommands(readFileSync(files.state, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
  };
}

/** Parses GITHUB_OUTPUT / GITHUB_STATE files (`name<<DELIM\nvalue\nDELIM` or `name=value`). */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
      result[name!] = value.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      result[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return result;
}

/**
 * The main step, then the post step with the state main saved, as the runner runs them; both
 * with the same `options` otherwise.
 */
export async function runMainThenPost(
  workDir: string,
  options: Omit<StepOptions, 'state'>,
): Promise<{ main: StepRun; post: StepRun }> {
  const main = await runActionStep(workDir, options);
  const post = await runActionStep(workDir, { ...options, state: main.state });
  return { main, post };
}

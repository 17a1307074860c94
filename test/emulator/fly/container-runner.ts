/**
 * Runs one machine as a container of a real image through podman: the image's own
 * entrypoint, user, paths and tools, none of the host's. Output lines are the machine's log;
 * signals, kills and removal go through `podman kill` / `podman rm`, because the container
 * runs under conmon: killing the podman client would leave it running.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { splitLines, type MachineRun, type ProcessExit } from './process-runner.ts';

/** How every container is run on a machine like this one (hybrid cgroups, crun fails). */
const PODMAN_GLOBAL = ['--cgroup-manager=cgroupfs', '--runtime', 'runc'];

/** Label on every container the emulator starts, so that leftovers can be listed. */
export const CONTAINER_LABEL = 'flaude-fly-emulator=1';

export interface ContainerSpec {
  /** Image reference in the local container storage. */
  image: string;
  /** Container name (unique per machine run). */
  name: string;
  /** The machine's environment, passed as is (values may hold newlines). */
  env: Record<string, string>;
  /** Host directories the container sees read-only at the same path (fixture repositories). */
  readOnlyMounts: string[];
  /** Called for every complete output line (stdout and stderr alike). */
  onLine: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** Runs podman with the emulator's global flags and waits for it. */
export function podmanSync(args: string[]): { status: number | null; stdout: string } {
  const result = spawnSync('podman', [...PODMAN_GLOBAL, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout };
}

/** Whether a container of that name exists (running or not). */
export function containerExists(name: string): boolean {
  return podmanSync(['container', 'exists', name]).status === 0;
}

/** A running machine container. */
export class MachineContainer implements MachineRun {
  readonly pid: number;
  readonly exited: Promise<ProcessExit>;
  readonly startedAtMs = Date.now();
  readonly name: string;
  readonly #child: ChildProcess;
  #done = false;
  #killed = false;

  constructor(spec: ContainerSpec) {
    this.name = spec.name;
    // `-e NAME` without a value takes it from podman's own environment, so a value holding
    // newlines or quotes (the prompt, the JSON schema) arrives intact.
    const envArgs = Object.keys(spec.env).flatMap((key) => ['-e', key]);
    const mounts = spec.readOnlyMounts.flatMap((dir) => ['-v', `${dir}:${dir}:ro`]);
    this.#child = spawn(
      'podman',
      [
        ...PODMAN_GLOBAL,
        'run',
        '--rm',
        '--name',
        spec.name,
        '--label',
        CONTAINER_LABEL,
        // The model emulator listens on the host's 127.0.0.1.
        '--network=host',
        // podman's default rlimits cannot be set here; these are roomy enough for Claude.
        '--ulimit',
        'nofile=20000:20000',
        '--ulimit',
        'nproc=4096:4096',
        ...envArgs,
        ...mounts,
        spec.image,
      ],
      {
        env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...spec.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.pid = this.#child.pid ?? -1;
    const streams = [
      splitLines(this.#child.stdout, (line) => spec.onLine(line, 'stdout')),
      splitLines(this.#child.stderr, (line) => spec.onLine(line, 'stderr')),
    ];
    this.exited = new Promise<ProcessExit>((resolve) => {
      this.#child.once('error', () => {
        this.#done = true;
        resolve({ code: 127, signal: null });
      });
      this.#child.once('exit', (code, signal) => {
        this.#done = true;
        const exit = containerExit(code, signal, this.#killed);
        // The machine has exited only once its container is gone: --rm may still be at work,
        // or the client was itself killed.
        void Promise.all([...streams, removeContainer(spec.name)]).then(() => resolve(exit));
      });
    });
  }

  get running(): boolean {
    return !this.#done;
  }

  /** Signals the container's main process (the entrypoint, pid 1 inside). */
  signalMain(signal: NodeJS.Signals): void {
    if (this.#done) return;
    this.#kill(signal);
  }

  /** Kills everything in the container, as a VM that is destroyed or OOM-killed. */
  killAll(): void {
    if (this.#done) return;
    this.#killed = true;
    this.#kill('SIGKILL');
  }

  #kill(signal: NodeJS.Signals): void {
    spawn('podman', [...PODMAN_GLOBAL, 'kill', '--signal', signal, this.name], {
      stdio: 'ignore',
    }).once('error', () => {
      // podman is gone; the exit handler reports what happened.
    });
  }
}

const execFileAsync = promisify(execFile);

/** Removes the container, waiting while another removal (podman run --rm) is under way. */
async function removeContainer(name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    await execFileAsync('podman', [...PODMAN_GLOBAL, 'rm', '--force', '--ignore', name]).catch(
      () => undefined,
    );
    const exists = await execFileAsync('podman', [...PODMAN_GLOBAL, 'container', 'exists', name])
      .then(() => true)
      .catch(() => false);
    if (!exists) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * podman reports a container it killed as exit code 137; the supervisor, like the process
 * runner, wants the signal then. An entrypoint that exits 137 itself keeps its code.
 */
function containerExit(
  code: number | null,
  signal: NodeJS.Signals | null,
  killed: boolean,
): ProcessExit {
  if (killed && code === 137) return { code: null, signal: 'SIGKILL' };
  return { code, signal };
}

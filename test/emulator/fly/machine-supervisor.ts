/**
 * Drives each machine through Fly's lifecycle (docs/fly-api.md#machine-states, restart policy):
 * created -> starting -> started -> (exit) stopping -> stopped [-> destroying -> destroyed
 * with auto_destroy], restarts per `restart.policy`, user stop/start/destroy, and the machine
 * faults. The main process is a local `bash <entrypoint>`, or with `containerImageFor` a
 * podman container of the real image.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import { FlyHttpError } from './errors.ts';
import type { LogsStore } from './logs-store.ts';
import { MachineContainer } from './container-runner.ts';
import { buildContainerEnv, buildMachineEnv } from './machine-env.ts';
import {
  exitEventRequest,
  machineImage,
  type MachineRecord,
  type MachineStore,
} from './machine-store.ts';
import { MachineProcess, type MachineRun, type ProcessExit } from './process-runner.ts';
import {
  bootLines,
  exitLines,
  launchFailedLine,
  restartLine,
  startedLine,
  stopSignalLine,
  type SystemLine,
} from './system-logs.ts';
import type { FaultTrigger, MachineFault, MachineState, MachineTimings } from './types.ts';
import { parseGoDuration } from './go-duration.ts';

export interface SupervisorDeps {
  store: MachineStore;
  logs: LogsStore;
  timings: MachineTimings;
  repoRoot: string;
  /** Private temp root; every machine gets `<tmpRoot>/<id>`. */
  tmpRoot: string;
  entrypointFor: (image: string) => string;
  /** Set: every machine is a container of the local image this returns for its image. */
  containerImageFor?: (image: string) => string;
  emulatorEnv: Record<string, string>;
  anthropicUrl?: string;
  gitRewrites: Record<string, string>;
}

interface Runtime {
  machine: MachineRecord;
  faults: MachineFault[];
  process?: MachineRun;
  timers: Set<NodeJS.Timeout>;
  /** A start is scheduled (boot timers running). */
  booting: boolean;
  stopRequested: boolean;
  destroyRequested: boolean;
  /** The current run is being ended by an oomKill fault. */
  oomKilled: boolean;
  /** oomKill/crash faults fire once per machine, not on every restart. */
  killFaultFired: boolean;
  killTimer?: NodeJS.Timeout;
}

/** Fly's stop signal default (docs/fly-api.md#stop-and-destroy). */
const DEFAULT_STOP_SIGNAL: NodeJS.Signals = 'SIGINT';
/** Default `max_retries` of the on-failure policy (Fly's restart policy guide). */
const DEFAULT_MAX_RETRIES = 10;
const RUNNING: ReadonlySet<MachineState> = new Set<MachineState>([
  'starting',
  'started',
  'restarting',
  'stopping',
]);

export class MachineSupervisor {
  readonly #deps: SupervisorDeps;
  readonly #runtimes = new Map<string, Runtime>();
  #closed = false;

  constructor(deps: SupervisorDeps) {
    this.#deps = deps;
  }

  /** Registers a new machine (state `created`) and boots it unless `skipLaunch`. */
  launch(machine: MachineRecord, faults: MachineFault[], skipLaunch: boolean): void {
    const runtime: Runtime = {
      machine,
      faults,
      timers: new Set(),
      booting: false,
      stopRequested: false,
      destroyRequested: false,
      oomKilled: false,
      killFaultFired: false,
    };
    this.#runtimes.set(machine.id, runtime);
    mkdirSync(machine.dir, { recursive: true });
    this.#deps.store.addEvent(machine, { type: 'launch', status: 'created', source: 'user' });
    if (!skipLaunch) this.#boot(runtime, true);
  }

  /** POST .../start. Returns the previous state. */
  start(machine: MachineRecord): MachineState {
    const runtime = this.#runtime(machine);
    const previous = machine.state;
    if (previous === 'stopping') {
      throw new FlyHttpError(412, 'failed_precondition: machine is still stopping');
    }
    if (
      (previous === 'stopped' || previous === 'created' || previous === 'failed') &&
      !runtime.booting
    ) {
      this.#boot(runtime, previous === 'created');
    }
    return previous;
  }

  /** POST .../stop: signal the main process, SIGKILL the group after the timeout. */
  stop(machine: MachineRecord, request: { signal?: string; timeout?: string }): void {
    const runtime = this.#runtime(machine);
    const stopConfig = asRecord(machine.config['stop_config']);
    const signal = (request.signal ??
      stopConfig['signal'] ??
      DEFAULT_STOP_SIGNAL) as NodeJS.Signals;
    const timeoutText = request.timeout ?? stopConfig['timeout'];
    const timeoutMs =
      typeof timeoutText === 'string'
        ? (parseGoDuration(timeoutText) ?? this.#deps.timings.defaultKillTimeoutMs)
        : this.#deps.timings.defaultKillTimeoutMs;
    const child = runtime.process;
    if (machine.state === 'started' && child) {
      runtime.stopRequested = true;
      this.#deps.store.addEvent(machine, { type: 'stop', status: 'stopping', source: 'user' });
      this.#deps.store.setState(machine, 'stopping');
      this.#system(machine, [stopSignalLine(signal, child.pid)]);
      if (signal === 'SIGKILL') child.killAll();
      else child.signalMain(signal);
      runtime.killTimer = this.#schedule(runtime, timeoutMs, () => child.killAll());
      return;
    }
    if (runtime.booting) {
      // Stopped before the process ran: cancel the boot.
      this.#cancelTimers(runtime);
      runtime.booting = false;
      this.#deps.store.addEvent(machine, { type: 'stop', status: 'stopped', source: 'user' });
      this.#deps.store.setState(machine, 'stopped');
      this.#afterStopped(runtime);
    }
    // created / stopping / stopped / failed / destroying: nothing to do.
  }

  /**
   * DELETE .../{id}. A running machine needs `force` (Fly refuses to destroy a machine that
   * is not stopped; the notes do not give the status, 412 failed_precondition is Fly's usual
   * answer for a state precondition).
   */
  destroy(machine: MachineRecord, force: boolean): void {
    const runtime = this.#runtime(machine);
    if (machine.state === 'destroying' || machine.state === 'destroyed') return;
    if (RUNNING.has(machine.state) && !force) {
      throw new FlyHttpError(
        412,
        `failed_precondition: unable to destroy machine, not currently stopped (state: ${machine.state}); use force=true`,
      );
    }
    runtime.destroyRequested = true;
    runtime.booting = false;
    this.#cancelTimers(runtime);
    this.#deps.store.setState(machine, 'destroying');
    if (runtime.process?.running) {
      // The exit handler finishes the destroy once the process is gone.
      runtime.process.killAll();
      return;
    }
    this.#schedule(runtime, this.#deps.timings.destroyMs, () =>
      this.#finishDestroy(runtime, 'user'),
    );
  }

  /** POST .../signal: send a signal to the main process. */
  signal(machine: MachineRecord, signal: string): void {
    const child = this.#runtime(machine).process;
    if (!child?.running) {
      throw new FlyHttpError(412, 'failed_precondition: machine is not running');
    }
    child.signalMain(signal as NodeJS.Signals);
  }

  /** Kills every process and cancels every pending transition. */
  async shutdown(): Promise<void> {
    this.#closed = true;
    const exits: Promise<ProcessExit>[] = [];
    for (const runtime of this.#runtimes.values()) {
      this.#cancelTimers(runtime);
      if (runtime.process?.running) {
        runtime.process.killAll();
        exits.push(runtime.process.exited);
      }
    }
    await Promise.all(exits);
  }

  #runtime(machine: MachineRecord): Runtime {
    const runtime = this.#runtimes.get(machine.id);
    if (!runtime) throw new Error(`no runtime for machine ${machine.id}`);
    return runtime;
  }

  /** created/stopped -> starting (or restarting) -> started with a fresh process. */
  #boot(runtime: Runtime, firstBoot: boolean): void {
    const { machine } = runtime;
    const { timings } = this.#deps;
    runtime.booting = true;
    const image = machineImage(machine);
    const entrypoint = this.#deps.entrypointFor(image);
    const command = this.#deps.containerImageFor
      ? `podman run ${this.#deps.containerImageFor(image)}`
      : `bash ${entrypoint}`;
    const bootStartedMs = Date.now();
    this.#schedule(runtime, firstBoot ? timings.launchMs : 0, () => {
      if (machine.state !== 'restarting') this.#deps.store.setState(machine, 'starting');
      this.#system(machine, bootLines(image, command, firstBoot, timings.launchMs / 1000));
      this.#schedule(runtime, timings.bootMs, () => {
        runtime.booting = false;
        if (runtime.faults.some((f) => f.kind === 'failToStart')) this.#failStart(runtime);
        else this.#spawn(runtime, entrypoint, bootStartedMs);
      });
    });
  }

  /** The `failToStart` fault: the boot ends in `failed`, no process ever runs. */
  #failStart(runtime: Runtime): void {
    const { machine } = runtime;
    this.#system(machine, [launchFailedLine()]);
    this.#deps.store.addEvent(machine, { type: 'start', status: 'failed', source: 'flyd' });
    this.#deps.store.setState(machine, 'failed');
  }

  #spawn(runtime: Runtime, entrypoint: string, bootStartedMs: number): void {
    const { machine } = runtime;
    const config = machine.config;
    const guest = asRecord(config['guest']);
    const machineEnv = {
      emulatorEnv: this.#deps.emulatorEnv,
      machineEnv: stringMap(config['env']),
      machineId: machine.id,
      app: machine.app,
      region: machine.region,
      image: machineImage(machine),
      version: machine.version,
      privateIp: machine.privateIp,
      memoryMb: typeof guest['memory_mb'] === 'number' ? guest['memory_mb'] : 256,
      gitRewrites: this.#deps.gitRewrites,
      ...(this.#deps.anthropicUrl === undefined ? {} : { anthropicUrl: this.#deps.anthropicUrl }),
    };
    const dropLine = runtime.faults.flatMap((f) =>
      f.kind === 'dropLogLines' ? [f.predicate] : [],
    );
    const killFaults = runtime.faults.flatMap((f) =>
      f.kind === 'oomKill' || f.kind === 'crash' ? [f] : [],
    );
    const onLine = (line: string): void => {
      if (!dropLine.some((drop) => drop(line))) {
        this.#deps.logs.append({
          app: machine.app,
          instance: machine.id,
          region: machine.region,
          provider: 'app',
          // Fly does not separate stderr from stdout: both arrive as level info.
          level: 'info',
          message: line,
        });
      }
      for (const fault of killFaults) {
        if (fault.trigger?.onLine?.(line)) this.#fireKillFault(runtime, fault.kind);
      }
    };
    let child: MachineRun;
    if (this.#deps.containerImageFor) {
      child = new MachineContainer({
        image: this.#deps.containerImageFor(machineImage(machine)),
        // A restart is a new container: the rootfs is fresh on every boot.
        name: `fly-${machine.id}-${machine.restartCount}`,
        env: buildContainerEnv(machineEnv),
        readOnlyMounts: fileRewriteTargets(this.#deps.gitRewrites),
        onLine,
      });
    } else {
      const dirs = freshDirs(machine.dir);
      child = new MachineProcess({
        entrypoint,
        env: buildMachineEnv({
          ...machineEnv,
          hostPath: process.env['PATH'] ?? '/usr/bin:/bin',
          repoRoot: this.#deps.repoRoot,
          workspace: dirs.workspace,
          home: dirs.home,
          tmp: dirs.tmp,
        }),
        cwd: machine.dir,
        onLine,
      });
    }
    runtime.process = child;
    machine.pid = child.pid;
    this.#deps.store.addEvent(machine, { type: 'start', status: 'started', source: 'flyd' });
    this.#deps.store.setState(machine, 'started');
    this.#system(machine, [startedLine(Date.now() - bootStartedMs)]);
    for (const fault of killFaults) {
      if (fault.trigger?.onLine && fault.trigger.afterMs === undefined) continue;
      this.#schedule(runtime, killDelay(fault.trigger), () =>
        this.#fireKillFault(runtime, fault.kind),
      );
    }
    void child.exited.then((exit) => this.#onExit(runtime, child, exit));
  }

  #fireKillFault(runtime: Runtime, kind: 'oomKill' | 'crash'): void {
    const child = runtime.process;
    if (runtime.killFaultFired || !child?.running) return;
    runtime.killFaultFired = true;
    runtime.oomKilled = kind === 'oomKill';
    child.killAll();
  }

  #onExit(runtime: Runtime, child: MachineRun, exit: ProcessExit): void {
    if (this.#closed) return;
    const { machine } = runtime;
    delete runtime.process;
    delete machine.pid;
    if (runtime.killTimer) this.#clearTimer(runtime, runtime.killTimer);
    const oomKilled = runtime.oomKilled;
    const signalNumber = exit.signal ? (osConstants.signals[exit.signal] ?? 0) : -1;
    const exitCode = oomKilled ? 137 : (exit.code ?? 128 + Math.max(signalNumber, 0));
    const requested = runtime.stopRequested || runtime.destroyRequested;
    const restarting =
      !requested && shouldRestart(machine.config['restart'], exitCode, machine.restartCount);
    this.#system(
      machine,
      exitLines({
        code: exit.code,
        signal: exit.signal,
        oomKilled,
        pid: child.pid,
        uptimeSeconds: (Date.now() - child.startedAtMs) / 1000 + 0.5,
      }),
    );
    if (!runtime.faults.some((f) => f.kind === 'loseExitEvent')) {
      this.#deps.store.addEvent(machine, {
        type: 'exit',
        status: 'stopped',
        source: 'flyd',
        request: exitEventRequest(
          {
            exit_code: exitCode,
            signal: signalNumber,
            oom_killed: oomKilled,
            requested_stop: requested,
            restarting,
          },
          machine.restartCount,
        ),
      });
    }
    runtime.oomKilled = false;
    runtime.stopRequested = false;
    if (runtime.destroyRequested) {
      this.#schedule(runtime, this.#deps.timings.destroyMs, () =>
        this.#finishDestroy(runtime, 'user'),
      );
      return;
    }
    if (restarting) {
      machine.restartCount++;
      this.#deps.store.setState(machine, 'restarting');
      const policy = stringOr(asRecord(machine.config['restart'])['policy'], 'on-failure');
      this.#system(machine, [restartLine(policy, machine.restartCount)]);
      this.#boot(runtime, false);
      return;
    }
    if (machine.state !== 'stopping') this.#deps.store.setState(machine, 'stopping');
    this.#schedule(runtime, this.#deps.timings.stopMs, () => {
      this.#deps.store.setState(machine, 'stopped');
      this.#afterStopped(runtime);
    });
  }

  /** auto_destroy: the machine is destroyed once its main process has exited. */
  #afterStopped(runtime: Runtime): void {
    if (runtime.machine.config['auto_destroy'] !== true) return;
    this.#schedule(runtime, this.#deps.timings.autoDestroyMs, () => {
      if (runtime.machine.state !== 'stopped') return;
      this.#deps.store.setState(runtime.machine, 'destroying');
      this.#schedule(runtime, this.#deps.timings.destroyMs, () =>
        this.#finishDestroy(runtime, 'flyd'),
      );
    });
  }

  #finishDestroy(runtime: Runtime, source: 'user' | 'flyd'): void {
    const { machine } = runtime;
    this.#deps.store.addEvent(machine, { type: 'destroy', status: 'destroyed', source });
    this.#deps.store.setState(machine, 'destroyed');
    rmSync(machine.dir, { recursive: true, force: true });
  }

  #system(machine: MachineRecord, lines: SystemLine[]): void {
    for (const line of lines) {
      this.#deps.logs.append({
        app: machine.app,
        instance: machine.id,
        region: machine.region,
        provider: line.provider,
        message: line.message,
      });
    }
  }

  #schedule(runtime: Runtime, ms: number, action: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      runtime.timers.delete(timer);
      if (!this.#closed) action();
    }, ms);
    runtime.timers.add(timer);
    return timer;
  }

  #clearTimer(runtime: Runtime, timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    runtime.timers.delete(timer);
  }

  #cancelTimers(runtime: Runtime): void {
    for (const timer of runtime.timers) clearTimeout(timer);
    runtime.timers.clear();
  }
}

/**
 * Fly's restart policies (docs/fly-api.md#restart-policy-and-auto-destroy): `no` never,
 * `always` always, `on-failure` (the default) on a non-zero exit up to max_retries. The
 * 5-minute window of the real policy is not emulated.
 */
export function shouldRestart(restart: unknown, exitCode: number, restartCount: number): boolean {
  const config = asRecord(restart);
  const policy = config['policy'] ?? 'on-failure';
  if (policy === 'no') return false;
  if (policy === 'always') return true;
  const max =
    typeof config['max_retries'] === 'number' ? config['max_retries'] : DEFAULT_MAX_RETRIES;
  return exitCode !== 0 && restartCount < max;
}

function killDelay(trigger: FaultTrigger | undefined): number {
  return trigger?.afterMs ?? 0;
}

/** The local directories `file://` rewrites point at: a container needs them mounted. */
function fileRewriteTargets(rewrites: Record<string, string>): string[] {
  return Object.values(rewrites).flatMap((to) =>
    to.startsWith('file://') ? [to.slice('file://'.length).replace(/\/+$/, '')] : [],
  );
}

/** A machine's rootfs is fresh on every boot. */
function freshDirs(root: string): { workspace: string; home: string; tmp: string } {
  const dirs = {
    workspace: join(root, 'workspace'),
    home: join(root, 'home'),
    tmp: join(root, 'tmp'),
  };
  for (const dir of Object.values(dirs)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  return dirs;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function stringMap(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(value))) if (typeof v === 'string') result[k] = v;
  return result;
}

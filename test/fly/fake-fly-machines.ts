// An in-memory stand-in for Fly's Machines API and logs endpoint, behind FlyClient's
// `request`/`send`, for unit tests of runner, streaming and executor. Machines follow a
// script on a FakeClock (virtual time): they print lines, exit at a set time with a set code,
// and may lose their exit event or marker, be OOM-killed, end `failed`, or vanish.
import type {
  FlyCreateMachineRequest,
  FlyLogEntry,
  FlyMachine,
  FlyMachineEvent,
} from '../../src/fly/api/api-types.ts';
import type { FlyClient, FlyRequest, FlyResponse } from '../../src/fly/api/client.ts';
import { FlyAPIError } from '../../src/fly/api/errors.ts';
import { silentLogger } from '../../src/fly/base/logger.ts';
import type { FetchLogPage, LogPage } from '../../src/fly/logs/poller.ts';
import type { FakeClock } from './fake-clock.ts';

/** What one machine does. */
export interface MachineScript {
  /** Virtual ms from create to exit; Infinity never exits. Default 10 000. */
  runMs?: number;
  /** Lines printed on stdout, 100 ms apart from the start. */
  lines?: string[];
  exitCode?: number;
  /** Print `[flaude:exit:N]` last (N = exitCode, or this number). Default true. */
  marker?: boolean | number;
  /** Record an `exit` event. Default true. */
  exitEvent?: boolean;
  /** The event's exit code when it differs from `exitCode`. */
  eventExitCode?: number;
  /** Put the exit event under `request.MonitorEvent` too, with this content. */
  monitorEvent?: { exit_code?: number; oom_killed?: boolean };
  oomKilled?: boolean;
  /** State after the exit. Default `stopped`. */
  finalState?: 'stopped' | 'failed';
  /** After the exit the machine is `destroyed` (still readable), as with auto_destroy. */
  autoDestroy?: boolean;
  /**
   * As Fly's auto_destroy does it: `stopped` at the exit (the wait answers), `destroyed`
   * (still readable) this many ms later.
   */
  autoDestroyAfterMs?: number;
  /** After the exit GET answers 404. */
  goneAfterExit?: boolean;
  /** Lines reach the logs endpoint this long after they were printed. Default 0. */
  logLagMs?: number;
  /** Fly system entries (provider `runner`) printed at the start. */
  systemLines?: string[];
}

export interface FakeMachine {
  id: string;
  name: string;
  request: FlyCreateMachineRequest;
  region: string;
  version: string;
  createdAt: number;
  exitAt: number;
  script: MachineScript;
  state: string;
  gone: boolean;
  exited: boolean;
  events: FlyMachineEvent[];
  destroyRequests: number;
  stopRequests: number;
}

interface LogRecord {
  seq: number;
  visibleAt: number;
  entry: FlyLogEntry;
}

export interface RecordedCall {
  method: string;
  path: string;
  query: FlyRequest['query'];
  at: number;
  /** The request's own limits (a cleanup after an abort sets them). */
  timeoutMs: number | undefined;
  maxAttempts: number | undefined;
}

/** Returns a promise to answer the request yourself (throw to fail it), or undefined. */
export type Interceptor = (req: FlyRequest, fly: FakeFly) => Promise<unknown> | undefined;

export class FakeFly {
  readonly clock: FakeClock;
  readonly machines = new Map<string, FakeMachine>();
  readonly calls: RecordedCall[] = [];
  /** Script of each new machine, by its name; `defaultScript` otherwise. */
  readonly scripts = new Map<string, MachineScript>();
  defaultScript: MachineScript = {};
  interceptors: Interceptor[] = [];
  /** Called when a machine has just been created, before the create answers. */
  onCreate: ((machine: FakeMachine) => void) | undefined;
  /** Most machines alive (created, not destroyed) at any one time. */
  maxLive = 0;
  private nextId = 1;
  private logs: LogRecord[] = [];
  private nextSeq = 1;
  logFetches = 0;

  constructor(clock: FakeClock) {
    this.clock = clock;
  }

  /** A FlyClient whose requests this fake answers. */
  get client(): FlyClient {
    const fake = {
      apiUrl: 'http://fake-machines',
      logsUrl: 'http://fake-logs',
      clock: this.clock,
      logger: silentLogger,
      retryDelay: () => 100,
      request: async (req: FlyRequest) => (await this.handle(req)).body,
      send: (req: FlyRequest) => this.handle(req),
      close: () => Promise.resolve(),
    };
    return fake as unknown as FlyClient;
  }

  /** Machines not destroyed. */
  liveMachines(): FakeMachine[] {
    return [...this.machines.values()].filter((m) => {
      this.refresh(m);
      return m.state !== 'destroyed' && !m.gone;
    });
  }

  callsTo(method: string, pattern: RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && pattern.test(c.path));
  }

  /**
   * Fly's logs endpoint: entries visible by now, from `nextToken` on. Like Fly's, the token is
   * a time in nanoseconds (here: when the last entry became visible) and pages overlap at
   * it; the poller drops the repeats by entry id.
   */
  readonly fetchLogPage: FetchLogPage = (nextToken, signal) =>
    // The executor turns a throw (an aborted signal, a bad token) into a rejection, as the
    // real fetch does.
    new Promise<LogPage>((resolve) => {
      signal.throwIfAborted();
      this.logFetches++;
      for (const m of this.machines.values()) this.refresh(m);
      const from =
        nextToken === '' ? Number.NEGATIVE_INFINITY : Number(BigInt(nextToken) / 1_000_000n);
      const now = this.clock.now();
      const visible = this.logs
        .filter((r) => r.visibleAt >= from && r.visibleAt <= now)
        .sort((a, b) => a.visibleAt - b.visibleAt || a.seq - b.seq)
        .slice(0, 100);
      const last = visible.at(-1);
      resolve({
        entries: visible.map((r) => r.entry),
        nextToken: last ? String(BigInt(last.visibleAt) * 1_000_000n) : nextToken,
      });
    });

  private fail(statusCode: number, req: FlyRequest, detail: string, status?: string): never {
    throw new FlyAPIError({
      statusCode,
      detail,
      method: req.method,
      path: req.path,
      ...(status === undefined ? {} : { status }),
    });
  }

  private async handle(req: FlyRequest): Promise<FlyResponse<unknown>> {
    req.signal?.throwIfAborted();
    this.calls.push({
      method: req.method,
      path: req.path,
      query: req.query,
      at: this.clock.now(),
      timeoutMs: req.timeoutMs,
      maxAttempts: req.maxAttempts,
    });
    for (const intercept of this.interceptors) {
      const answer = intercept(req, this);
      if (answer !== undefined) return { statusCode: 200, headers: {}, body: await answer };
    }
    const body = await this.route(req);
    return { statusCode: 200, headers: {}, body };
  }

  private async route(req: FlyRequest): Promise<unknown> {
    const match = /^\/v1\/apps\/([^/]+)\/machines(?:\/([^/]+)(?:\/(wait|events|stop))?)?$/.exec(
      req.path,
    );
    if (match === null) this.fail(404, req, `no route for ${req.path}`);
    const [, , id, action] = match;
    if (id === undefined) {
      if (req.method === 'POST') return this.create(req.body as FlyCreateMachineRequest);
      if (req.method === 'GET') return this.list(req);
      this.fail(405, req, 'method not allowed');
    }
    const m = this.machines.get(decodeURIComponent(id));
    if (m === undefined) this.fail(404, req, 'machine not found');
    this.refresh(m);
    if (m.gone) this.fail(404, req, 'machine not found');
    if (action === 'wait') return this.wait(m, req);
    if (action === 'events') return m.events;
    if (action === 'stop') {
      m.stopRequests++;
      if (m.state === 'started') this.exit(m, 'stopped', undefined);
      return {};
    }
    if (req.method === 'GET') return this.view(m);
    if (req.method === 'DELETE') {
      m.destroyRequests++;
      if (m.state === 'started' && req.query?.force !== true)
        this.fail(412, req, 'machine still running');
      m.state = 'destroyed';
      m.exited = true;
      m.events.unshift({
        type: 'destroy',
        status: 'destroyed',
        source: 'user',
        timestamp: this.clock.now(),
      });
      return {};
    }
    this.fail(405, req, 'method not allowed');
  }

  private create(request: FlyCreateMachineRequest): FlyMachine {
    const name = request.name ?? `machine-${this.nextId}`;
    const script = this.scripts.get(name) ?? this.defaultScript;
    const now = this.clock.now();
    const m: FakeMachine = {
      id: `m${String(this.nextId++).padStart(4, '0')}`,
      name,
      request,
      region: request.region ?? 'iad',
      version: `v${this.nextId}`,
      createdAt: now,
      exitAt: now + (script.runMs ?? 10_000),
      script,
      state: 'started',
      gone: false,
      exited: false,
      events: [{ type: 'launch', status: 'created', source: 'user', timestamp: now }],
      destroyRequests: 0,
      stopRequests: 0,
    };
    this.machines.set(m.id, m);
    this.print(m, script.systemLines ?? [], now, 'runner');
    const lines = script.lines ?? [];
    lines.forEach((line, i) =>
      this.print(m, [line], Math.min(m.exitAt, now + (i + 1) * 100), 'app'),
    );
    const marker = script.marker ?? true;
    if (marker !== false && Number.isFinite(m.exitAt)) {
      const code = typeof marker === 'number' ? marker : (script.exitCode ?? 0);
      this.print(m, [`[flaude:exit:${code}]`], m.exitAt, 'app');
    }
    this.maxLive = Math.max(this.maxLive, this.liveMachines().length);
    this.onCreate?.(m);
    return this.view(m);
  }

  private print(m: FakeMachine, lines: string[], at: number, provider: string): void {
    for (const message of lines) {
      const seq = this.nextSeq++;
      this.logs.push({
        seq,
        visibleAt: at + (m.script.logLagMs ?? 0),
        entry: {
          id: `e${seq}`,
          attributes: {
            timestamp: new Date(at).toISOString(),
            message,
            level: 'info',
            instance: m.id,
            region: m.region,
            meta: { instance: m.id, region: m.region, event: { provider } },
          },
        },
      });
    }
  }

  private list(req: FlyRequest): FlyMachine[] {
    const includeDeleted = req.query?.include_deleted === true;
    const byName = req.query?.['metadata.flaude_name'];
    return [...this.machines.values()]
      .filter((m) => {
        this.refresh(m);
        if (m.gone) return false;
        if (!includeDeleted && m.state === 'destroyed') return false;
        return byName === undefined || m.request.config.metadata?.flaude_name === byName;
      })
      .map((m) => this.view(m));
  }

  private async wait(m: FakeMachine, req: FlyRequest): Promise<unknown> {
    const raw = req.query?.state;
    const states = Array.isArray(raw) ? raw : [String(raw)];
    const timeout = Number(req.query?.timeout ?? 60);
    if (!(timeout >= 1 && timeout <= 60)) this.fail(400, req, `invalid timeout ${timeout}`);
    const reached = (): boolean => states.includes(m.state);
    if (!reached()) {
      const until = Math.min(m.exitAt, this.clock.now() + timeout * 1000);
      await this.clock.sleep(Math.max(0, until - this.clock.now()), req.signal);
      this.refresh(m);
    }
    if (m.gone) this.fail(404, req, 'machine not found');
    if (reached()) return { ok: true, state: m.state };
    if (m.exited)
      this.fail(400, req, `machine failed to reach desired state, current state: ${m.state}`);
    this.fail(408, req, 'timeout waiting for machine');
  }

  /** Applies a scripted exit whose time has come. */
  private refresh(m: FakeMachine): void {
    const s = m.script;
    if (
      m.exited &&
      s.autoDestroyAfterMs !== undefined &&
      m.state === 'stopped' &&
      this.clock.now() >= m.exitAt + s.autoDestroyAfterMs
    ) {
      m.state = 'destroyed';
    }
    if (m.exited || this.clock.now() < m.exitAt) return;
    this.exit(m, s.autoDestroy ? 'destroyed' : (s.finalState ?? 'stopped'), s);
    if (s.goneAfterExit) m.gone = true;
  }

  private exit(m: FakeMachine, state: string, s: MachineScript | undefined): void {
    m.exited = true;
    m.state = state;
    if (s !== undefined && (s.exitEvent ?? true)) {
      const exitEvent = {
        exit_code: s.eventExitCode ?? s.exitCode ?? 0,
        oom_killed: s.oomKilled ?? false,
        requested_stop: false,
        restarting: false,
        signal: -1,
        guest_signal: -1,
        exited_at: new Date(this.clock.now()).toISOString(),
      };
      m.events.unshift({
        type: 'exit',
        status: s.finalState === 'failed' ? 'failed' : 'stopped',
        source: 'flyd',
        timestamp: m.exitAt,
        request: {
          exit_event: exitEvent,
          ...(s.monitorEvent
            ? { MonitorEvent: { exit_event: { ...exitEvent, ...s.monitorEvent } } }
            : {}),
        },
      });
    }
  }

  private view(m: FakeMachine): FlyMachine {
    return {
      id: m.id,
      name: m.name,
      state: m.state,
      region: m.region,
      instance_id: m.version,
      version: m.version,
      config: m.request.config,
      events: m.events.map((e) => structuredClone(e)),
      created_at: new Date(m.createdAt).toISOString(),
    };
  }
}

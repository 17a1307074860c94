/**
 * Emulator of Fly.io's Machines API and HTTP logs endpoint for integration tests. Each machine
 * runs as a local process of the reviewer container's entrypoint. See README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FaultRegistry } from './faults.ts';
import { startApiServer, type RunningServer } from './http-server.ts';
import { createLogsApiHandler } from './logs-api.ts';
import { LogsStore } from './logs-store.ts';
import { createMachinesApiHandler } from './machines-api.ts';
import { MachineStore, satisfies, snapshotApp, snapshotMachine } from './machine-store.ts';
import { MachineSupervisor } from './machine-supervisor.ts';
import { OpenApiValidator } from './openapi-validator.ts';
import { DEFAULT_RATE_LIMITS, TokenBucketLimiter } from './rate-limiter.ts';
import type { EmulatorState } from './routes.ts';
import type {
  EmulatedMachine,
  FlyEmulator,
  FlyEmulatorOptions,
  MachineTimings,
  RateLimitConfig,
  RecordedRequest,
  ResponseSchemaViolation,
  SeedApp,
  ValidationFailure,
} from './types.ts';

export type * from './types.ts';

export const DEFAULT_TOKEN = 'test-fly-token';
export const DEFAULT_LOG_LAG_MS = 300;

export const DEFAULT_TIMINGS: MachineTimings = {
  launchMs: 40,
  bootMs: 40,
  stopMs: 30,
  autoDestroyMs: 60,
  destroyMs: 30,
  defaultKillTimeoutMs: 5000,
};

/** Repository root, from this file's location (test/emulator/fly/). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The reviewer image's entrypoint, the default main process of every machine. */
export const DEFAULT_ENTRYPOINT = join(REPO_ROOT, 'container', 'entrypoint.sh');
const DEFAULT_SPEC = fileURLToPath(new URL('./machines-openapi.json', import.meta.url));

/**
 * Starts the emulator: the Machines API on `url` and the logs endpoint on `logsUrl`, both on
 * 127.0.0.1. Call `stop()` when done.
 */
export async function startFlyEmulator(options: FlyEmulatorOptions = {}): Promise<FlyEmulator> {
  const token = options.token ?? DEFAULT_TOKEN;
  const orgSlug = options.orgSlug ?? 'personal';
  const timings: MachineTimings = { ...DEFAULT_TIMINGS, ...options.timings };
  const limits: RateLimitConfig = {
    ...DEFAULT_RATE_LIMITS,
    ...(typeof options.rateLimits === 'object' ? options.rateLimits : {}),
  };
  const tmpRoot = mkdtempSync(join(tmpdir(), 'fly-emulator-'));
  const validator = new OpenApiValidator(options.specPath ?? DEFAULT_SPEC);
  const store = new MachineStore();
  const logs = new LogsStore(options.logLagMs ?? DEFAULT_LOG_LAG_MS);
  const faults = new FaultRegistry();
  const supervisor = new MachineSupervisor({
    store,
    logs,
    timings,
    repoRoot: REPO_ROOT,
    tmpRoot,
    entrypointFor: (image) =>
      options.entrypointForImage?.(image) ?? options.entrypoint ?? DEFAULT_ENTRYPOINT,
    ...(options.runner === 'podman'
      ? { containerImageFor: options.podmanImageFor ?? ((image: string) => image) }
      : {}),
    emulatorEnv: options.env ?? {},
    gitRewrites: options.gitRewrites ?? {},
    ...(options.anthropicUrl === undefined ? {} : { anthropicUrl: options.anthropicUrl }),
  });
  const state: EmulatorState = {
    store,
    supervisor,
    faults,
    orgSlug,
    knownOrgs: options.knownOrgs ? new Set(options.knownOrgs) : undefined,
    defaultRegion: options.region ?? 'iad',
    tmpRoot,
  };
  const addApp = (app: string | SeedApp): void => {
    const seed = typeof app === 'string' ? { name: app } : app;
    store.addApp({
      name: seed.name,
      org: seed.org ?? orgSlug,
      ownedByOtherOrg: seed.ownedByOtherOrg ?? false,
    });
  };
  for (const app of options.apps ?? []) addApp(app);

  const requests: RecordedRequest[] = [];
  const validationFailures: ValidationFailure[] = [];
  const responseSchemaViolations: ResponseSchemaViolation[] = [];
  const record = (r: RecordedRequest): void => {
    requests.push(r);
  };

  const servers: RunningServer[] = [];
  try {
    servers.push(
      await startApiServer({
        name: 'machines',
        port: options.port ?? 0,
        token,
        faults,
        record,
        latencyMs: options.latencyMs ?? 0,
        handler: createMachinesApiHandler({
          state,
          validator,
          limiter: options.rateLimits === false ? undefined : new TokenBucketLimiter(),
          limits,
          onValidationFailure: (f) => validationFailures.push(f),
          onResponseViolation: (v) => responseSchemaViolations.push(v),
        }),
      }),
    );
    servers.push(
      await startApiServer({
        name: 'logs',
        port: options.logsPort ?? 0,
        token,
        faults,
        record,
        latencyMs: options.latencyMs ?? 0,
        handler: createLogsApiHandler({ store, logs, faults }),
      }),
    );
  } catch (e: unknown) {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(tmpRoot, { recursive: true, force: true });
    throw e;
  }
  const [machinesServer, logsServer] = servers as [RunningServer, RunningServer];

  let stopping: Promise<void> | undefined;
  const machine = (id: string): EmulatedMachine | undefined => {
    const record = store.machines.get(id);
    return record ? snapshotMachine(record) : undefined;
  };

  return {
    url: machinesServer.url,
    logsUrl: logsServer.url,
    token,
    requests,
    validationFailures,
    responseSchemaViolations,
    get apps() {
      return [...store.apps.values()].map(snapshotApp);
    },
    faults,
    machines: () => [...store.machines.values()].map(snapshotMachine),
    liveMachines: () =>
      [...store.machines.values()].filter((m) => m.state !== 'destroyed').map(snapshotMachine),
    machine,
    async waitForMachineState(id, states, timeoutMs = 60_000) {
      const record = store.machines.get(id);
      if (!record) throw new Error(`no machine ${id}`);
      const wanted = new Set<string>(Array.isArray(states) ? states : [states]);
      const outcome = await store.waitFor(record, wanted, timeoutMs);
      if (outcome.kind !== 'reached' && !satisfies(record.state, wanted)) {
        throw new Error(
          `machine ${id} did not reach ${[...wanted].join('/')} (${outcome.kind}; state ${record.state})`,
        );
      }
      return snapshotMachine(record);
    },
    pendingWaits: () => store.pendingWaits,
    logEntries: (filter) => logs.all(filter),
    setLogLag: (ms) => logs.setLag(ms),
    addApp,
    clearRecords() {
      requests.length = 0;
      validationFailures.length = 0;
      responseSchemaViolations.length = 0;
    },
    stop() {
      stopping ??= (async () => {
        faults.clear();
        await supervisor.shutdown();
        store.close();
        await Promise.all(servers.map((s) => s.close()));
        rmSync(tmpRoot, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

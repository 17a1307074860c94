import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import * as barrel from '../../src/fly/index.ts';
import { barrelExports } from './barrel-exports.ts';

const FLY_DIR = fileURLToPath(new URL('../../src/fly/', import.meta.url));

// The library's public surface, by layer. Adding a name here and to src/fly/index.ts (and to
// the "Public surface" section of docs/library.md) is the deliberate act of making it public.
const PUBLIC_VALUES = {
  base: [
    'asError',
    'messageOf',
    'randomNonce',
    'redactSecrets',
    'secretForms',
    'silentLogger',
    'systemClock',
  ],
  api: [
    'ADDITIONAL_RAM_USD_PER_GB_SECOND',
    'buildCreateMachineRequest',
    'containerOwnedFlag',
    'createApp',
    'createMachine',
    'DEFAULT_API_URL',
    'DEFAULT_GUEST',
    'DEFAULT_LOGS_URL',
    'DEFAULT_MEMORY_MB',
    'DEFAULT_ORG',
    'destroyMachine',
    'ensureApp',
    'estimateMachineCostUsd',
    'findMachineByName',
    'FlyAPIError',
    'FlyClient',
    'getApp',
    'getMachine',
    'getMachineEvents',
    'GUEST_PRESETS',
    'listMachines',
    'MACHINE_PRICES',
    'MACHINE_PRICES_SOURCE',
    'MAX_METADATA_ENTRIES',
    'MachineConfigError',
    'machineName',
    'stopMachine',
    'validateMachineConfig',
    'validateMachineEnv',
    'validateMachineMetadata',
    'waitForState',
  ],
  logs: [
    'capLine',
    'fetchLogPageFrom',
    'findExitCode',
    'findManifest',
    'FlyLogPoller',
    'lineCut',
    'LogCollector',
    'LogDrainServer',
    'LogStream',
    'MAX_LINE_BYTES',
    'parseExitMarker',
    'parseManifest',
    'parseMarkerLine',
  ],
  image: [
    'DEFAULT_REGISTRY_URL',
    'ensureImage',
    'hashContainerDir',
    'ImageBuildError',
    'imageExists',
    'ImageRegistryError',
    'imageTag',
  ],
  run: [
    'ConcurrentExecutor',
    'formatMachineFailure',
    'MachineExitError',
    'resolveExit',
    'run',
    'runAndDestroy',
    'RunCancelledError',
    'runWithLogs',
    'StreamingRun',
  ],
};

const PUBLIC_TYPES = {
  base: ['Clock', 'Logger'],
  api: [
    'FlyAPIErrorInit',
    'FlyApp',
    'FlyClientOptions',
    'FlyCreateMachineRequest',
    'FlyExitEvent',
    'FlyGuest',
    'FlyLogEntry',
    'FlyLogsPage',
    'FlyMachine',
    'FlyMachineConfig',
    'FlyMachineEvent',
    'FlyQuery',
    'FlyRequest',
    'FlyResponse',
    'GuestPreset',
    'GuestSpec',
    'MachineConfig',
    'MachinePrice',
    'RepoSpec',
    'RequestLimits',
    'WaitOutcome',
  ],
  logs: [
    'FetchLogPage',
    'FinishAfterExitOptions',
    'FlyLogPollerOptions',
    'LineCut',
    'LogCollectorOptions',
    'LogDrainServerOptions',
    'LogLine',
    'LogPage',
    'LogStreamKind',
    'LogStreamOptions',
    'MarkerLine',
    'SubscribeOptions',
    'WorkspaceManifest',
  ],
  image: [
    'Builder',
    'BuilderName',
    'BuildSpec',
    'CliBuilderOptions',
    'CommandResult',
    'CommandRunner',
    'CommandSpec',
    'ContainerStorage',
    'DetectBuilderOptions',
    'EnsureImageOptions',
    'PushSpec',
    'RegistryOptions',
  ],
  run: [
    'BatchResult',
    'ConcurrentExecutorOptions',
    'ExecutionRequest',
    'ExecutionResult',
    'ExitCodeSource',
    'ResolvedExit',
    'RunOptions',
    'RunResult',
    'RunWithLogsOptions',
  ],
};

const sorted = (names: Iterable<string>): string[] => [...names].sort();

async function sourceFiles(): Promise<string[]> {
  const entries = await readdir(FLY_DIR, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(FLY_DIR, path.join(e.parentPath, e.name)))
    .sort();
}

// A folder the barrel re-exports from through its own index.ts (`from './image/index.js'`) is
// one module to the rest of the library: that index.ts is the folder's surface, and the files
// behind it may export helpers to each other that are not part of it. The barrel picks the
// library's public names from that surface.
async function facadeFolders(): Promise<string[]> {
  const froms = (await barrelExports()).map((e) => e.from);
  return [...new Set(froms.flatMap((f) => /^\.\/([\w/-]+)\/index\.js$/.exec(f)?.[1] ?? []))].map(
    (folder) => `${folder}/`,
  );
}

describe('src/fly/index.ts', () => {
  test('exports exactly the listed public values', () => {
    expect(sorted(Object.keys(barrel))).toEqual(sorted(Object.values(PUBLIC_VALUES).flat()));
  });

  test('exports exactly the listed public types, each by `export type { ... } from`', async () => {
    const exports = await barrelExports();
    const types = exports.filter((e) => e.typeOnly).flatMap((e) => e.names);
    expect(sorted(types)).toEqual(sorted(Object.values(PUBLIC_TYPES).flat()));
    // Values by `export { ... } from`, names listed: no `export *` lets a module's new export
    // become public unseen, and no inline `type` hides a type among the values.
    const values = exports.filter((e) => !e.typeOnly).flatMap((e) => e.names);
    expect(sorted(values)).toEqual(sorted(Object.keys(barrel)));
  });

  test('keeps the internals in', () => {
    for (const name of [
      'destroyQuietly',
      'reconcileFailedCreate',
      'LogTap',
      'RateLimiter',
      'rateLimitKeyFor',
      'isAmbiguousFailure',
      'isTransientFailure',
      'parseRetryAfter',
      'classifyFlyLogEntry',
      'runCommand',
    ]) {
      expect(name in barrel, name).toBe(false);
    }
  });

  test("a folder's index.ts passes on every export of its files but the shared helpers its comment names", async () => {
    const folders = await facadeFolders();
    expect(folders).toEqual(expect.arrayContaining(['image/', 'logs/']));
    const missing: string[] = [];
    for (const folder of folders) {
      const index = await readFile(path.join(FLY_DIR, folder, 'index.ts'), 'utf8');
      const facade = (await import(path.join(FLY_DIR, folder, 'index.ts'))) as Record<
        string,
        unknown
      >;
      const named = /helpers the modules share \(([^)]*)\)/.exec(index.replace(/\s*\*\s*/g, ' '));
      const internal = new Set([...(named?.[1] ?? '').matchAll(/`(\w+)`/g)].map((m) => m[1]));
      const files = (await sourceFiles()).filter(
        (f) => f.startsWith(folder) && path.basename(f) !== 'index.ts',
      );
      for (const file of files) {
        const mod = (await import(path.join(FLY_DIR, file))) as Record<string, unknown>;
        for (const [name, value] of Object.entries(mod)) {
          if (internal.has(name)) continue;
          if (facade[name] !== value) missing.push(`${file}: ${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  test('helpers shared by several modules have one home each', async () => {
    const definitions = new Map<string, string[]>();
    for (const file of await sourceFiles()) {
      const source = await readFile(path.join(FLY_DIR, file), 'utf8');
      for (const m of source.matchAll(
        /^(?:export )?function (messageOf|asError|isObject|describe)\(/gm,
      )) {
        const name = m[1] ?? '';
        definitions.set(name, [...(definitions.get(name) ?? []), file]);
      }
    }
    const twice = [...definitions].filter(([, files]) => files.length > 1);
    expect(twice).toEqual([]);
    expect(barrel.messageOf).toBeTypeOf('function');
    expect(barrel.asError).toBeTypeOf('function');
    expect('isObject' in barrel).toBe(false);
  });
});

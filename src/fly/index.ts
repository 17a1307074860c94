/**
 * The flaude library: Fly apps and machines, the reviewer machine's lifecycle, its logs and
 * running many at once. No @actions/* import anywhere below; usable on its own
 * (docs/library.md shows every part).
 *
 * Layers, each folder importing only the ones below it:
 * run/ (executor, streaming, runner) -> logs/, image/ -> api/ (client, apps, machines) -> base/.
 *
 * This file is the public surface, listed name by name: what is not exported here (retry and
 * rate-limit internals, cleanup and log-tap helpers, parsers the modules share) is internal
 * and may change. test/fly/index.test.ts keeps the list, so adding a name is a visible change.
 */

// base/: what every layer takes, so tests never sleep and nothing prints by itself.
export { systemClock } from './base/clock.js';
export type { Clock } from './base/clock.js';
export { silentLogger } from './base/logger.js';
export type { Logger } from './base/logger.js';
export { asError, messageOf, redactSecrets, secretForms } from './base/messages.js';
export { randomNonce } from './base/nonce.js';

// api/: the client, and one call each of Fly's Apps and Machines API.
export type {
  FlyApp,
  FlyCreateMachineRequest,
  FlyExitEvent,
  FlyGuest,
  FlyLogEntry,
  FlyLogsPage,
  FlyMachine,
  FlyMachineConfig,
  FlyMachineEvent,
} from './api/api-types.js';
export { DEFAULT_API_URL, DEFAULT_LOGS_URL, FlyClient } from './api/client.js';
export type { FlyClientOptions, FlyQuery, FlyRequest, FlyResponse } from './api/client.js';
export { FlyAPIError } from './api/errors.js';
export type { FlyAPIErrorInit } from './api/errors.js';
export { createApp, DEFAULT_ORG, ensureApp, getApp } from './api/apps.js';
export {
  createMachine,
  destroyMachine,
  findMachineByName,
  getMachine,
  getMachineEvents,
  listMachines,
  stopMachine,
  waitForState,
} from './api/machines.js';
export type { RequestLimits, WaitOutcome } from './api/machines.js';
export {
  buildCreateMachineRequest,
  containerOwnedFlag,
  DEFAULT_GUEST,
  DEFAULT_MEMORY_MB,
  GUEST_PRESETS,
  MAX_METADATA_ENTRIES,
  MachineConfigError,
  machineName,
  validateMachineConfig,
  validateMachineEnv,
  validateMachineMetadata,
} from './api/machine-config.js';
export type { GuestPreset, GuestSpec, MachineConfig, RepoSpec } from './api/machine-config.js';
export {
  ADDITIONAL_RAM_USD_PER_GB_SECOND,
  estimateMachineCostUsd,
  MACHINE_PRICES,
  MACHINE_PRICES_SOURCE,
} from './api/machine-prices.js';
export type { MachinePrice } from './api/machine-prices.js';

// logs/: the log sources, the collector and streams they feed, the container's marker lines.
export {
  capLine,
  fetchLogPageFrom,
  findExitCode,
  findManifest,
  FlyLogPoller,
  lineCut,
  LogCollector,
  LogDrainServer,
  LogStream,
  MAX_LINE_BYTES,
  parseExitMarker,
  parseManifest,
  parseMarkerLine,
} from './logs/index.js';
export type {
  FetchLogPage,
  FinishAfterExitOptions,
  FlyLogPollerOptions,
  LineCut,
  LogCollectorOptions,
  LogDrainServerOptions,
  LogLine,
  LogPage,
  LogStreamKind,
  LogStreamOptions,
  MarkerLine,
  SubscribeOptions,
  WorkspaceManifest,
} from './logs/index.js';

// image/: the reviewer image, built and pushed only when its content-hash tag is missing.
export {
  DEFAULT_REGISTRY_URL,
  ensureImage,
  hashContainerDir,
  ImageBuildError,
  imageExists,
  ImageRegistryError,
  imageTag,
} from './image/index.js';
export type {
  Builder,
  BuilderName,
  BuildSpec,
  CliBuilderOptions,
  CommandResult,
  CommandRunner,
  CommandSpec,
  ContainerStorage,
  DetectBuilderOptions,
  EnsureImageOptions,
  PushSpec,
  RegistryOptions,
} from './image/index.js';

// run/: one machine from create to destroy, with its logs, and many at once.
export { formatMachineFailure, MachineExitError, resolveExit } from './run/exit.js';
export type { ExitCodeSource, ResolvedExit, RunResult } from './run/exit.js';
export { run, runAndDestroy } from './run/runner.js';
export type { RunOptions } from './run/runner.js';
export { RunCancelledError, runWithLogs, StreamingRun } from './run/streaming.js';
export type { RunWithLogsOptions } from './run/streaming.js';
export { ConcurrentExecutor } from './run/executor.js';
export type {
  BatchResult,
  ConcurrentExecutorOptions,
  ExecutionRequest,
  ExecutionResult,
} from './run/executor.js';

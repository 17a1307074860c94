/**
 * The flaude library: Fly apps and machines, the reviewer machine's lifecycle, its logs and
 * running many at once. No @actions/* import anywhere below; usable on its own
 * (docs/library.md shows every part).
 *
 * Layers, each folder importing only the ones below it:
 * run/ (executor, streaming, runner) -> logs/, image/ -> api/ (client, apps, machines) -> base/.
 */
export * from './api/api-types.js';
export * from './base/clock.js';
export * from './base/logger.js';
export * from './base/messages.js';
export * from './base/retry.js';
export * from './api/errors.js';
export * from './api/client.js';
export * from './api/rate-limiter.js';
export * from './api/apps.js';
export * from './api/machines.js';
export * from './api/machine-config.js';
export * from './image/index.js';
export * from './logs/index.js';
export * from './run/exit.js';
export * from './run/log-tap.js';
export * from './run/cleanup.js';
export * from './run/runner.js';
export * from './run/streaming.js';
export * from './run/executor.js';

/**
 * The flaude library: Fly apps and machines, the reviewer machine's lifecycle, its logs and
 * running many at once. No @actions/* import anywhere below; usable on its own
 * (docs/library.md shows every part).
 *
 * Layers, each importing only the ones below it:
 * executor -> streaming -> runner -> exit, log-tap, cleanup -> machines/apps/logs -> client.
 */
export * from './api-types.js';
export * from './clock.js';
export * from './logger.js';
export * from './errors.js';
export * from './client.js';
export * from './rate-limiter.js';
export * from './apps.js';
export * from './machines.js';
export * from './machine-config.js';
export * from './image/index.js';
export * from './logs/index.js';
export * from './exit.js';
export * from './log-tap.js';
export * from './cleanup.js';
export * from './runner.js';
export * from './streaming.js';
export * from './executor.js';

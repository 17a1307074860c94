/**
 * Log plumbing of the library: entries and their classification, the container's marker
 * lines, the per-machine LogStream, the LogCollector that feeds them, and the two sources:
 * FlyLogPoller (Fly's logs endpoint, the default) and LogDrainServer (NDJSON over HTTP).
 */
export * from './entries.js';
export * from './markers.js';
export * from './stream.js';
export * from './collector.js';
export * from './poller.js';
export * from './drain-server.js';

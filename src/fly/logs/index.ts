/**
 * Log plumbing of the library: entries and their classification, the container's marker
 * lines, the per-machine LogStream and the LogCollector that feeds them.
 */
export * from './entries.js';
export * from './markers.js';
export * from './stream.js';
export * from './collector.js';
export * from './poller.js';

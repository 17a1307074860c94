/**
 * Log plumbing of the library: entries and their classification, the container's marker
 * lines, the per-machine LogStream, the LogCollector that feeds them, and the two sources:
 * FlyLogPoller (Fly's logs endpoint, the default) and LogDrainServer (NDJSON over HTTP).
 *
 * Modules, each importing only the ones below it:
 * poller, drain-server -> collector -> stream, markers, line-cap; poller, drain-server -> entries.
 *
 * Only the names below are public; helpers the modules share (`isObject`) stay inside this
 * folder.
 */
export {
  classifyFlyLogEntry,
  isFlyInitLine,
  parseDrainEntry,
  type LogLine,
  type LogStreamKind,
} from './entries.js';
export {
  findExitCode,
  findManifest,
  parseExitMarker,
  parseManifest,
  parseMarkerLine,
  type MarkerLine,
  type WorkspaceManifest,
} from './markers.js';
export { capLine, lineCut, MAX_LINE_BYTES, type LineCut } from './line-cap.js';
export { DEFAULT_MAX_BUFFERED_CHARS, LogStream, type LogStreamOptions } from './stream.js';
export {
  DEFAULT_EXIT_MARKER_GRACE_MS,
  DEFAULT_MAX_EXIT_LOG_WAIT_MS,
  LogCollector,
  type FinishAfterExitOptions,
  type LogCollectorOptions,
  type SubscribeOptions,
} from './collector.js';
export {
  DEFAULT_LOG_CLOCK_SKEW_MS,
  DEFAULT_LOG_POLL_MAX_DELAY_MS,
  DEFAULT_LOG_POLL_MAX_ERRORS,
  DEFAULT_LOG_POLL_MIN_DELAY_MS,
  fetchLogPageFrom,
  FlyLogPoller,
  parseLogsPage,
  type FetchLogPage,
  type FlyLogPollerOptions,
  type LogPage,
} from './poller.js';
export { LogDrainServer, type LogDrainServerOptions } from './drain-server.js';

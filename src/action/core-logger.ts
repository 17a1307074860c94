/**
 * The library's Logger, backed by @actions/core through the step's log: progress as info,
 * request detail as debug, and its debug and warning lines real workflow commands even while
 * machine output is fenced (a warning such as "could not destroy machine …" must be an
 * annotation, not text inside a reviewer's section).
 */
import type { Logger } from '../fly/index.js';
import type { StepLog } from './step-log.js';

/** A Logger for the library that writes through `log`. */
export function coreLogger(log: StepLog): Logger {
  return {
    debug: (m) => log.debug(m),
    info: (m) => log.text(m),
    warning: (m) => log.warning(m),
  };
}

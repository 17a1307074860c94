/** The library's Logger, backed by @actions/core: progress as info, request detail as debug. */
import * as core from '@actions/core';
import type { Logger } from '../fly/index.js';

export const coreLogger: Logger = {
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
};

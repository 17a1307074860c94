/**
 * Cleanup of a run's machine: destroy it whatever state it is in, and find and destroy a
 * machine that Fly may have created although its create failed. Never throws: the run's own
 * error matters more, and a machine left behind carries `managed_by=flaude` and its name in
 * `flaude_name`, by which the action's post step finds it.
 */
import type { FlyClient } from '../api/client.js';
import { isAmbiguousFailure } from '../api/errors.js';
import { messageOf } from '../base/messages.js';
import type { Logger } from '../base/logger.js';
import {
  destroyMachine,
  findMachineByName,
  stopMachine,
  type RequestLimits,
} from '../api/machines.js';

/**
 * Bounds of every request of an aborted run's cleanup: a cancelled GitHub job gets about
 * 10 s between SIGTERM and SIGKILL, so two attempts of at most 4 s each.
 */
const ABORTED_CLEANUP: RequestLimits = { timeoutMs: 4_000, maxAttempts: 2 };

/**
 * Stops, then force-destroys the machine. After an abort (`aborted`: the job is being
 * cancelled and has seconds left) it skips the stop, since a force destroy kills a running
 * machine anyway, and bounds each request to 4 s and 2 attempts. Never throws: the caller's
 * own error matters more. Returns whether the machine is gone.
 */
export async function destroyQuietly(
  client: FlyClient,
  app: string,
  id: string,
  knownState: string,
  logger: Logger,
  opts: { aborted?: boolean } = {},
): Promise<boolean> {
  if (knownState === 'destroyed') return true;
  const aborted = opts.aborted === true;
  if (
    !aborted &&
    knownState !== 'stopped' &&
    knownState !== 'destroying' &&
    knownState !== 'failed'
  ) {
    try {
      await stopMachine(client, app, id);
    } catch (error: unknown) {
      logger.debug(`Stopping machine ${id} failed (destroying it anyway): ${messageOf(error)}`);
    }
  }
  try {
    await destroyMachine(client, app, id, { force: true, ...(aborted ? ABORTED_CLEANUP : {}) });
    logger.debug(`Destroyed machine ${id}`);
    return true;
  } catch (error: unknown) {
    logger.warning(`Could not destroy machine ${id}; it may be orphaned: ${messageOf(error)}`);
    return false;
  }
}

/**
 * After a create failed without a clear "no" (no answer, 408, 5xx) or was aborted, Fly may
 * still have created the machine: find it by its name and destroy it. `error` is what the
 * create threw; after any other error (a clear refusal) nothing is looked up. Never throws.
 */
export async function reconcileFailedCreate(
  client: FlyClient,
  app: string,
  name: string,
  error: unknown,
  signal: AbortSignal | undefined,
  logger: Logger,
): Promise<void> {
  const aborted = signal?.aborted === true;
  if (!aborted && !isAmbiguousFailure(error)) return;
  try {
    const found = await findMachineByName(client, app, name, aborted ? ABORTED_CLEANUP : {});
    if (found === undefined) return;
    logger.warning(`Create of ${name} failed but machine ${found.id} exists; destroying it`);
    await destroyQuietly(client, app, found.id, found.state, logger, { aborted });
  } catch (lookupError: unknown) {
    logger.warning(
      `Create of ${name} failed and the look-up by name failed too; a machine may be orphaned: ` +
        messageOf(lookupError),
    );
  }
}

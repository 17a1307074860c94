/**
 * The post step (`post-if: always()`): destroys every machine the main step recorded in state
 * and did not see destroyed — the main step may have been cancelled, timed out or crashed.
 * It only warns: a failing post step would hide the main step's own result.
 */
import * as core from '@actions/core';
import { FlyClient } from '../fly/client.js';
import { destroyMachine } from '../fly/machines.js';
import { State } from './constants.js';
import { errorMessage } from './errors.js';
import { readCleanupInputs } from './inputs.js';
import { parseSavedMachineIds } from './machine-registry.js';
import { coreLogger } from './main.js';

export async function runPost(): Promise<void> {
  const app = core.getState(State.App);
  const ids = parseSavedMachineIds(core.getState(State.MachineIds));
  if (!app || ids.length === 0) {
    core.info('No reviewer machines left to clean up.');
    return;
  }
  try {
    const inputs = readCleanupInputs();
    const client = new FlyClient({
      token: inputs.flyApiToken,
      apiUrl: inputs.flyApiUrl,
      logsUrl: inputs.flyLogsUrl,
      logger: coreLogger,
    });
    try {
      const outcomes = await Promise.allSettled(
        ids.map((id) => destroyMachine(client, app, id, { force: true })),
      );
      outcomes.forEach((outcome, i) => {
        if (outcome.status === 'fulfilled')
          core.info(`Destroyed machine ${ids[i]} left by the main step.`);
        else
          core.warning(
            `Could not destroy machine ${ids[i]} in ${app}: ${errorMessage(outcome.reason)}`,
          );
      });
    } finally {
      await client.close();
    }
  } catch (e: unknown) {
    core.warning(`Cleanup of machines ${ids.join(', ')} in ${app} failed: ${errorMessage(e)}`);
  }
}

/**
 * The post step (`post-if: always()`): destroys what the main step may have left running —
 * it may have been cancelled, timed out or killed. It looks machines up by the names the main
 * step saved before creating them (a create still in flight when the step died has no id in
 * state yet) and adds the ids it saved after each create. Then a sticky comment the main step
 * left saying "reviewing" (it was cancelled or killed before the reviewer ended) is turned
 * into "cancelled", or into "ended" when the reviewer ended but GitHub failed the main step's
 * update of it. It only warns: a failing post step would hide the main step's own result.
 */
import * as core from '@actions/core';
import { destroyMachine, listMachines, messageOf } from '../fly/index.js';
import { State } from './constants.js';
import { coreLogger } from './core-logger.js';
import { StepLog } from './step-log.js';
import { withFlyClient } from './with-fly-client.js';
import { readFlyConnectionInputs, readGithubConnectionInputs } from './inputs.js';
import { parseSavedList } from './saved-machines.js';
import { parseSavedComments } from './github-publisher.js';
import { repositoryParams } from './github/repository-name.js';
import { markCancelled, markEnded } from './github/pull-request-report.js';
import { readReviewContext } from './context.js';
import { runUrl, stepGithubClient } from './pull-request-posting.js';
import { createRedactor } from './redact.js';

export async function runPost(): Promise<void> {
  await destroyLeftMachines();
  await markCommentsCancelled();
}

async function destroyLeftMachines(): Promise<void> {
  const app = core.getState(State.App);
  const names = parseSavedList(core.getState(State.MachineNames));
  const savedIds = parseSavedList(core.getState(State.MachineIds));
  if (!app || (names.length === 0 && savedIds.length === 0)) {
    core.info('No reviewer machines left to clean up.');
    return;
  }
  try {
    const inputs = readFlyConnectionInputs();
    // Nothing is fenced here (no machine output), so the step's log is core as it is.
    await withFlyClient(inputs, coreLogger(new StepLog(core)), async (client) => {
      // The list omits destroyed machines: what it returns is still there.
      const running = new Set<string>();
      for (const name of names) {
        const found = await listMachines(client, app, { metadata: { flaude_name: name } });
        for (const machine of found) running.add(machine.id);
      }
      const ids = [...new Set([...running, ...savedIds])];
      const outcomes = await Promise.allSettled(
        ids.map((id) => destroyMachine(client, app, id, { force: true })),
      );
      outcomes.forEach((outcome, i) => {
        const id = ids[i]!;
        if (outcome.status === 'rejected') {
          core.warning(`Could not destroy machine ${id} in ${app}: ${messageOf(outcome.reason)}`);
        } else if (running.has(id)) {
          core.info(`Destroyed machine ${id} left by the main step.`);
        } else {
          core.debug(`Machine ${id} is gone (it was destroyed before the post step).`);
        }
      });
      if (running.size === 0) core.info('No reviewer machines left to clean up.');
    });
  } catch (e: unknown) {
    core.warning(`Cleanup of the reviewer machines in ${app} failed: ${messageOf(e)}`);
  }
}

/** The sticky comments the main step left saying "reviewing" now say "cancelled" or "ended". */
async function markCommentsCancelled(): Promise<void> {
  const saved = parseSavedComments(core.getState(State.Comments));
  if (saved === undefined) return;
  let redact = createRedactor([]);
  try {
    const { githubToken: token, githubApiUrl } = readGithubConnectionInputs();
    if (token === undefined) return;
    redact = createRedactor([token]);
    const log = {
      info: (message: string) => core.info(message),
      warning: (message: string) => core.warning(redact(message)),
    };
    const client = stepGithubClient(token, githubApiUrl, log);
    const ended = new Set(saved.ended ?? []);
    const idsOf = (wanted: boolean): Record<string, number> =>
      Object.fromEntries(Object.entries(saved.ids).filter(([name]) => ended.has(name) === wanted));
    const repo = repositoryParams(saved.repository);
    const options = { runUrl: runUrl(readReviewContext()), log, redact };
    const cancelled = await markCancelled(client, repo, idsOf(false), options);
    if (cancelled > 0) {
      core.info(`Marked ${cancelled} sticky comment${cancelled === 1 ? '' : 's'} cancelled.`);
    }
    const done = await markEnded(client, repo, idsOf(true), options);
    if (done > 0) {
      core.info(
        `Marked ${done} sticky comment${done === 1 ? '' : 's'} ended (GitHub failed the main ` +
          "step's update; the review is in its job summary).",
      );
    }
  } catch (e: unknown) {
    core.warning(`Could not mark the sticky comments cancelled: ${redact(messageOf(e))}`);
  }
}

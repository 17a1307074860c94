/**
 * The main step (mode review): inputs -> context -> Fly app -> reviewer machines -> report.
 * The only place that calls `core.setFailed`.
 */
import { randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import type { Dispatcher } from 'undici';
import { ensureApp } from '../fly/api/apps.js';
import type { FlyClient } from '../fly/api/client.js';
import { messageOf } from '../fly/base/messages.js';
import { ConcurrentExecutor } from '../fly/run/executor.js';
import { ensureImage } from '../fly/image/index.js';
import { containerDir } from './action-root.js';
import { coreLogger } from './core-logger.js';
import { withFlyClient } from './fly-client.js';
import { State } from './constants.js';
import { readReviewContext, type ReviewContext } from './context.js';
import { readInputs, type Inputs } from './inputs.js';
import { MachineRegistry } from './machine-registry.js';
import { failureText, outcomeLine, toOutcome } from './outcomes.js';
import { createRedactor, type Redactor } from './redact.js';
import { coreReportSink, publishReport } from './report.js';
import { machineGetsGithubToken, planReviewers, reviewerPrompt } from './reviewers.js';
import { WorkflowLog } from './workflow-log.js';

export async function runMain(): Promise<void> {
  // The post step reads this to know it is the post step (main and post share one bundle).
  core.saveState(State.IsPost, 'true');
  let redact: Redactor = createRedactor([]);
  try {
    const inputs = readInputs();
    redact = createRedactor([
      inputs.flyApiToken,
      inputs.claudeCredential.value,
      inputs.machineGithubToken,
    ]);
    const context = readReviewContext();
    // A missing prompt (no `prompt` on a non-PR event) fails here, before any request.
    reviewerPrompt(inputs, context);
    if (!inputs.image && process.platform !== 'linux') {
      throw new Error(
        `Input 'image' is required on ${process.platform} runners: building the reviewer ` +
          'image (linux/amd64) needs a Linux runner with docker, buildah or podman.',
      );
    }

    await withFlyClient(inputs, (client, dispatcher) =>
      untilCancelled((signal) => review(inputs, context, { client, dispatcher }, redact, signal)),
    );
  } catch (e: unknown) {
    core.setFailed(redact(messageOf(e)));
  }
}

/**
 * Runs `work` with a signal that aborts on SIGINT/SIGTERM, which the runner sends when the
 * job is cancelled: the reviewers then destroy their machines before the process ends.
 */
async function untilCancelled<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const cancel = new AbortController();
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const handler = (): void => {
      core.warning(`Received ${name}: destroying the reviewer machines.`);
      cancel.abort(new Error(`The step was cancelled (${name}).`));
    };
    process.once(name, handler);
    return [name, handler] as const;
  });
  try {
    return await work(cancel.signal);
  } finally {
    for (const [name, handler] of handlers) process.removeListener(name, handler);
  }
}

/** App, image, reviewers, report; fails the step when a reviewer failed. */
/** Eight hex characters, new for every step (attempt, matrix leg). */
function stepNonce(): string {
  return randomUUID().slice(0, 8);
}

async function review(
  inputs: Inputs,
  context: ReviewContext,
  { client, dispatcher }: { client: FlyClient; dispatcher: Dispatcher | undefined },
  redact: Redactor,
  signal: AbortSignal,
): Promise<void> {
  await core.group(`Fly app ${inputs.app}`, async () => {
    const app = await ensureApp(client, inputs.app, inputs.org);
    const org = app.organization?.slug;
    core.info(`Using app ${app.name}${org ? ` in ${org}` : ''}.`);
  });
  core.saveState(State.App, inputs.app);

  const image =
    inputs.image ??
    (await core.group('Reviewer image', () =>
      ensureImage(inputs.app, {
        containerDir: containerDir(),
        token: inputs.flyApiToken,
        registry: inputs.flyRegistryUrl,
        dispatcher,
        logger: coreLogger,
        signal,
      }),
    ));
  const plans = planReviewers(inputs, context, { image, now: new Date(), nonce: stepNonce() });
  if (inputs.machineGithubToken && !machineGetsGithubToken(inputs, context)) {
    core.warning(
      'pull_request_target from a fork: the reviewer machine gets no GitHub token, since it ' +
        "runs the fork's code while this event's token can write to the repository.",
    );
  }
  const count = `${plans.length} reviewer machine${plans.length === 1 ? '' : 's'}`;
  core.info(`Starting ${count} (image ${image}).`);

  core.saveState(State.MachineNames, JSON.stringify(plans.map((p) => p.machineName)));
  const registry = new MachineRegistry((ids) =>
    core.saveState(State.MachineIds, JSON.stringify(ids)),
  );
  const log = new WorkflowLog(
    core,
    plans.map((p) => p.name),
    redact,
    randomUUID(),
  );
  const executor = new ConcurrentExecutor(inputs.app, {
    client,
    waitTimeoutSeconds: Math.max(...plans.map((p) => p.waitTimeoutSeconds)),
    logger: coreLogger,
    signal,
  });
  const batch = await executor.runBatch(
    plans.map((plan) => ({
      config: plan.config,
      tag: plan.name,
      name: plan.machineName,
      onLine: (line: string) => log.reviewer(plan.name).line(line),
      onCreated: (machine) => {
        registry.add(machine.id);
        const where = machine.region ? ` in ${machine.region}` : '';
        core.info(`[${plan.name}] machine ${machine.id} created${where}.`);
      },
    })),
  );

  const failures: string[] = [];
  const outcomes = plans.map((plan, i) => {
    const result = batch.results[i];
    if (!result) throw new Error(`No result for reviewer '${plan.name}'.`);
    if (result.runResult?.destroyed) registry.remove(result.runResult.machineId);
    const reviewerLog = log.reviewer(plan.name);
    const outcome = toOutcome(plan.name, result, reviewerLog.transcript.result);
    reviewerLog.finish(outcomeLine(outcome));
    if (!result.success) failures.push(failureText(plan.name, result, reviewerLog.renderedLines));
    return outcome;
  });

  await publishReport(outcomes, redact, coreReportSink);
  if (failures.length > 0) core.setFailed(redact(failures.join('\n\n')));
}

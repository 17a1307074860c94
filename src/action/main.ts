/**
 * The main step (mode review): inputs -> context -> Fly app -> reviewer machines -> report.
 * The only place that calls `core.setFailed`.
 */
import * as core from '@actions/core';
import { ensureApp } from '../fly/apps.js';
import { ensureImage } from '../fly/image/index.js';
import { containerDir } from './action-root.js';
import { FlyClient } from '../fly/client.js';
import { ConcurrentExecutor, type ExecutionResult } from '../fly/executor.js';
import type { Logger } from '../fly/logger.js';
import { MachineExitError } from '../fly/runner.js';
import { State } from './constants.js';
import { readReviewContext } from './context.js';
import { errorMessage } from './errors.js';
import { readInputs } from './inputs.js';
import { MachineRegistry } from './machine-registry.js';
import { createRedactor, type Redactor } from './redact.js';
import { publishReport, type ReviewerOutcome } from './report.js';
import { planReviewers, reviewerPrompt, type ReviewerPlan } from './reviewers.js';
import { WorkflowLog, type ReviewerLog } from './workflow-log.js';

/** Library logging through @actions/core: progress as info, request detail as debug. */
export const coreLogger: Logger = {
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
};

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

    const client = new FlyClient({
      token: inputs.flyApiToken,
      apiUrl: inputs.flyApiUrl,
      logsUrl: inputs.flyLogsUrl,
      logger: coreLogger,
    });
    const cancel = new AbortController();
    const onSignal = (signal: string) => () => {
      core.warning(`Received ${signal}: destroying the reviewer machines.`);
      cancel.abort(new Error(`The step was cancelled (${signal}).`));
    };
    const handlers = { SIGINT: onSignal('SIGINT'), SIGTERM: onSignal('SIGTERM') };
    process.once('SIGINT', handlers.SIGINT);
    process.once('SIGTERM', handlers.SIGTERM);
    try {
      await core.group(`Fly app ${inputs.app}`, async () => {
        const app = await ensureApp(client, inputs.app, inputs.org);
        core.info(
          `Using app ${app.name}${app.organization?.slug ? ` in ${app.organization.slug}` : ''}.`,
        );
      });
      core.saveState(State.App, inputs.app);

      const image =
        inputs.image ??
        (await core.group('Reviewer image', () =>
          ensureImage(inputs.app, {
            containerDir: containerDir(),
            token: inputs.flyApiToken,
            registry: inputs.flyRegistryUrl,
            logger: coreLogger,
            signal: cancel.signal,
          }),
        ));
      const plans = planReviewers(inputs, context, image, new Date());

      const registry = new MachineRegistry((ids) =>
        core.saveState(State.MachineIds, JSON.stringify(ids)),
      );
      const log = new WorkflowLog(
        core,
        plans.map((p) => p.name),
        redact,
      );
      core.info(
        `Starting ${plans.length} reviewer machine${plans.length === 1 ? '' : 's'} (image ${image}).`,
      );
      const executor = new ConcurrentExecutor(inputs.app, {
        client,
        waitTimeoutSeconds: Math.max(...plans.map((p) => p.waitTimeoutSeconds)),
        logger: coreLogger,
        signal: cancel.signal,
      });
      const batch = await executor.runBatch(
        plans.map((plan) => ({
          config: plan.config,
          tag: plan.name,
          name: plan.machineName,
          onLine: (line: string) => log.reviewer(plan.name).line(line),
          onCreated: (machine) => {
            registry.add(machine.id);
            core.info(
              `[${plan.name}] machine ${machine.id} created${machine.region ? ` in ${machine.region}` : ''}.`,
            );
          },
        })),
      );

      const outcomes = plans.map((plan, i) => {
        const result = batch.results[i];
        if (!result) throw new Error(`No result for reviewer '${plan.name}'.`);
        if (result.runResult?.destroyed) registry.remove(result.runResult.machineId);
        const reviewerLog = log.reviewer(plan.name);
        const outcome = toOutcome(plan, result, reviewerLog);
        reviewerLog.finish(outcomeLine(outcome));
        return outcome;
      });

      await publishReport(outcomes, redact, {
        setOutput: (name, value) => core.setOutput(name, value),
        writeSummary: async (markdown) => {
          await core.summary.addRaw(markdown, true).write();
        },
      });

      const failures = plans.flatMap((plan, i) => {
        const result = batch.results[i];
        return result && !result.success
          ? [failureText(plan, result, log.reviewer(plan.name).renderedLines)]
          : [];
      });
      if (failures.length > 0) core.setFailed(redact(failures.join('\n\n')));
    } finally {
      process.removeListener('SIGINT', handlers.SIGINT);
      process.removeListener('SIGTERM', handlers.SIGTERM);
      await client.close();
    }
  } catch (e: unknown) {
    core.setFailed(redact(errorMessage(e)));
  }
}

function toOutcome(plan: ReviewerPlan, result: ExecutionResult, log: ReviewerLog): ReviewerOutcome {
  const run = result.runResult;
  const claude = log.transcript.result;
  const error = result.success
    ? undefined
    : ((result.error instanceof MachineExitError ? result.error.reason : undefined) ??
      run?.failureReason ??
      (result.error ? errorMessage(result.error) : 'failed'));
  return {
    name: plan.name,
    machineId: run?.machineId ?? machineIdOf(result.error),
    region: run?.region,
    exitCode:
      run?.exitCode ?? (result.error instanceof MachineExitError ? result.error.exitCode : null),
    state:
      run?.state ?? (result.error instanceof MachineExitError ? result.error.state : undefined),
    success: result.success,
    durationSeconds: run?.durationSeconds,
    result: claude?.text,
    costUsd: claude?.costUsd,
    numTurns: claude?.numTurns,
    error,
  };
}

function machineIdOf(error: Error | undefined): string | undefined {
  return error instanceof MachineExitError ? error.machineId : undefined;
}

function outcomeLine(outcome: ReviewerOutcome): string {
  const duration =
    outcome.durationSeconds === undefined ? '' : ` after ${outcome.durationSeconds.toFixed(0)} s`;
  return outcome.success
    ? `✔ ${outcome.name} passed${duration}.`
    : `✖ ${outcome.name} failed${duration}: ${outcome.error ?? 'unknown error'}`;
}

/**
 * The failure text for `core.setFailed`: the reviewer's MachineExitError, whose message ends
 * with the last 20 log lines. The lines are the rendered ones the log section shows: Claude's
 * raw stream-json objects are kilobytes each and would bury the error in an annotation.
 */
function failureText(
  plan: ReviewerPlan,
  result: ExecutionResult,
  renderedLines: readonly string[],
): string {
  const exit =
    result.error instanceof MachineExitError
      ? result.error
      : result.runResult && !result.error
        ? MachineExitError.fromResult(result.runResult)
        : undefined;
  if (exit) {
    const readable = new MachineExitError(
      exit.machineId,
      exit.exitCode,
      exit.state,
      renderedLines,
      exit.reason,
    );
    return `Reviewer '${plan.name}': ${readable.message}`;
  }
  return `Reviewer '${plan.name}': ${result.error ? errorMessage(result.error) : 'failed'}`;
}

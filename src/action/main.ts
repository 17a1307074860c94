/**
 * The main step: settings -> Fly app -> image -> reviewer machines -> report
 * -> step status, one function per phase, in that order (or, with `mode: reap`, the reaper of
 * reap.ts instead). The only place that calls `core.setFailed`.
 *
 * Everything the step prints goes through one StepLog: while reviewers run, machine output is
 * fenced (stop-commands), and a command written past the StepLog would be text.
 */
import * as core from '@actions/core';
import type { Dispatcher } from 'undici';
import {
  ConcurrentExecutor,
  ensureApp,
  ensureImage,
  messageOf,
  randomNonce,
  type ExecutionResult,
  type FlyClient,
} from '../fly/index.js';
import { containerDir } from './action-root.js';
import { coreLogger } from './core-logger.js';
import { withFlyClient } from './with-fly-client.js';
import { Output, State } from './constants.js';
import { markPostStepNext } from './step.js';
import { readReviewContext, type ReviewContext } from './context.js';
import { readInputs, readMode, readReapInputs, type Inputs } from './inputs.js';
import { reapMachines } from './reap.js';
import { SavedMachines } from './saved-machines.js';
import { failureText, limitsOf, outcomeLine, stepStatus, toOutcome } from './outcomes.js';
import { createRedactor, stepSecrets, type Redactor } from './redact.js';
import { transcriptsDir } from './raw-transcript.js';
import { coreReportSink, publishReport, type ReviewerOutcome } from './report.js';
import { checkEvent, type EventDecision } from './events.js';
import { configAt, machineGetsGithubToken, planReviewers, type ReviewerPlan } from './reviewers.js';
import { GithubPublisher } from './github-publisher.js';
import { stepSeverityFailure } from './pull-request-posting.js';
import { redactFindings } from './findings.js';
import { StepLog } from './step-log.js';
import { WorkflowLog } from './workflow-log.js';

/** Runs the main step; any error fails the step with a redacted message, never throws. */
export async function runMain(): Promise<void> {
  markPostStepNext();
  const log = new StepLog(core);
  let redact: Redactor = createRedactor([]);
  try {
    if (readMode() === 'reap') {
      const inputs = readReapInputs();
      redact = createRedactor([inputs.flyApiToken, inputs.githubToken ?? '']);
      await withFlyClient(inputs, coreLogger(log), (client) =>
        reapMachines(inputs, {
          client,
          log,
          redact,
          repository: process.env.GITHUB_REPOSITORY ?? '',
          now: new Date(),
        }),
      );
      return;
    }
    const settings = readSettings();
    redact = settings.redact;
    const decision = settings.decision;
    if (!decision.run) {
      // An event the step leaves alone (a comment that is no trigger): no machine, green step.
      log.command(() => core.notice(decision.notice));
      return;
    }
    await withFlyClient(settings.inputs, coreLogger(log), (client, dispatcher) =>
      untilCancelled(log, (signal) => review(settings, log, { client, dispatcher }, signal)),
    );
  } catch (e: unknown) {
    log.command(() => core.setFailed(redact(messageOf(e))));
  }
}

/** What the step was asked to do, read and checked before any request. */
interface Settings {
  readonly inputs: Inputs;
  readonly context: ReviewContext;
  /** Removes the step's credentials from anything it prints or reports. */
  readonly redact: Redactor;
  /** Whether the event runs the team, or is skipped with a notice. */
  readonly decision: EventDecision;
}

/** A reviewer once its machine is gone: what to report, and why it failed, if it did. */
interface FinishedReviewer {
  readonly outcome: ReviewerOutcome;
  /** The text of this reviewer's error annotation; undefined when it passed. */
  readonly failure: string | undefined;
}

/** The step's Fly client, and the HTTP dispatcher its other clients share (a proxy, or none). */
interface FlyConnection {
  readonly client: FlyClient;
  readonly dispatcher: Dispatcher | undefined;
}

/** The review, phase by phase. */
async function review(
  settings: Settings,
  log: StepLog,
  { client, dispatcher }: FlyConnection,
  signal: AbortSignal,
): Promise<void> {
  const github = new GithubPublisher(settings, log);
  // On a `/review` comment the head, and so whether it is a fork's, is known only now.
  await github.prepare((context) => {
    checkEvent(settings.inputs, context);
  });
  const ready = { ...settings, context: github.context };
  await ensureReviewerApp(ready.inputs, log, client);
  const image = await ensureReviewerImage(ready.inputs, log, dispatcher, signal);
  const plans = planMachines(ready, log, image);
  github.start(plans.map((p) => p.name));
  const finished = await runReviewers(ready, log, client, plans, signal, github);
  const outcomes = finished.map((f) => f.outcome);
  const severity = stepSeverityFailure(outcomes, ready.inputs.posting.failOnSeverity);
  const failures = finished.filter((f) => f.failure !== undefined).length;
  const notes = github.annotate(outcomes, failures);
  // The review is in the outputs and the summary before anything waits for GitHub.
  await report(
    outcomes,
    settings.redact,
    severity === undefined ? notes : [severityNote(severity), ...notes],
  );
  await github.finish(outcomes);
  decideStatus(finished, log, settings.redact, { failOnError: ready.inputs.failOnError, severity });
}

/** The summary's word on a step failed by `fail-on-severity`. */
function severityNote(reason: string): string {
  return `**The step fails:** ${reason}`;
}

/** Inputs, the redactor for their credentials, and the event's context. */
function readSettings(): Settings {
  const inputs = readInputs();
  const redact = createRedactor(stepSecrets(inputs));
  const context = readReviewContext();
  // An unsupported event, a missing prompt or a fork head on pull_request_target fails here,
  // before any request.
  const decision = checkEvent(inputs, context);
  return { inputs, context, redact, decision };
}

/**
 * Runs `work` with a signal that aborts on SIGINT/SIGTERM, which the runner sends when the
 * job is cancelled: the reviewers then destroy their machines before the process ends.
 */
async function untilCancelled<T>(
  log: StepLog,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const cancel = new AbortController();
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const handler = (): void => {
      log.warning(`Received ${name}: destroying the reviewer machines.`);
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

/** The Fly app exists (created in `org` if need be); the post step learns its name. */
async function ensureReviewerApp(inputs: Inputs, log: StepLog, client: FlyClient): Promise<void> {
  await log.group(`Fly app ${inputs.app}`, async () => {
    const app = await ensureApp(client, inputs.app, inputs.org);
    const org = app.organization?.slug;
    log.text(`Using app ${app.name}${org ? ` in ${org}` : ''}.`);
  });
  core.saveState(State.App, inputs.app);
}

/** The `image` input, or this action's container/ built and pushed when its tag is missing. */
async function ensureReviewerImage(
  inputs: Inputs,
  log: StepLog,
  dispatcher: Dispatcher | undefined,
  signal: AbortSignal,
): Promise<string> {
  if (inputs.image) return inputs.image;
  return log.group('Reviewer image', () =>
    ensureImage(inputs.app, {
      containerDir: containerDir(),
      token: inputs.flyApiToken,
      registry: inputs.flyRegistryUrl,
      ...(dispatcher === undefined ? {} : { dispatcher }),
      logger: coreLogger(log),
      signal,
    }),
  );
}

/** The step's reviewer machines, with a warning when the machine is denied the GitHub token. */
function planMachines(settings: Settings, log: StepLog, image: string): ReviewerPlan[] {
  const { inputs, context } = settings;
  // New for every step (attempt, matrix leg): keeps the machine names of parallel steps apart.
  const plans = planReviewers(inputs, context, { image, now: new Date(), nonce: randomNonce() });
  if (inputs.machineGithubToken && !machineGetsGithubToken(inputs, context)) {
    log.warning(
      'pull_request_target from a fork: the reviewer machine gets no GitHub token, since it ' +
        "runs the fork's code while this event's token can write to the repository.",
    );
  }
  const count = `${plans.length} reviewer machine${plans.length === 1 ? '' : 's'}`;
  log.text(`Starting ${count} (image ${image}).`);
  return plans;
}

/**
 * Runs the reviewers' machines, at most `max-concurrency` at once, each in its own log
 * section, and finishes each one as its result comes in, so sections appear in the order the
 * reviewers finish. Every machine is in action state before it can exist: its name before the
 * create, its id right after, so the post step can destroy what this step leaves.
 */
async function runReviewers(
  settings: Settings,
  log: StepLog,
  client: FlyClient,
  plans: readonly ReviewerPlan[],
  signal: AbortSignal,
  github: GithubPublisher,
): Promise<FinishedReviewer[]> {
  core.saveState(State.MachineNames, JSON.stringify(plans.map((p) => p.machineName)));
  const saved = new SavedMachines((ids) => core.saveState(State.MachineIds, JSON.stringify(ids)));
  const transcripts = transcriptsDir(process.env.RUNNER_TEMP);
  // Set before any machine runs: a step that fails later still points at what was written.
  core.setOutput(Output.TranscriptsDir, transcripts);
  const workflowLog = new WorkflowLog(
    log,
    plans.map((p) => p.name),
    { redact: settings.redact, transcriptsDir: transcripts },
  );
  const executor = new ConcurrentExecutor(settings.inputs.app, {
    client,
    maxConcurrency: settings.inputs.maxConcurrency,
    // One deadline for every machine of the batch (the executor has no per-request one): the
    // longest reviewer's. Each reviewer's Claude is still stopped at its own timeout-minutes
    // inside its machine, so a shorter reviewer only keeps the longer margin for its cleanup.
    waitTimeoutSeconds: Math.max(...plans.map((p) => p.waitTimeoutSeconds)),
    logger: coreLogger(log),
    signal,
  });
  const finished = new Map<string, FinishedReviewer>();
  await workflowLog.during(() =>
    executor.runBatch(
      plans.map((plan) => {
        const reviewerLog = workflowLog.reviewer(plan.name);
        return {
          // Made when the reviewer's slot comes up: its deadline starts with its machine.
          config: (now: Date) => configAt(plan, now),
          tag: plan.name,
          name: plan.machineName,
          onLine: (line: string) => reviewerLog.line(line),
          onCreated: (machine) => {
            saved.add(machine.id);
            reviewerLog.started(machine);
          },
          onFinished: (result) => {
            const done = finishReviewer(plan, result, workflowLog, saved, settings.redact);
            finished.set(plan.name, done);
            // A reviewer the cancellation stopped is reported as cancelled, not as failed.
            github.reviewerFinished(done.outcome, signal.aborted && !done.outcome.success);
          },
        };
      }),
    ),
  );
  return plans.map((plan) => {
    const done = finished.get(plan.name);
    if (!done) throw new Error(`No result for reviewer '${plan.name}'.`);
    return done;
  });
}

/** Forgets a destroyed machine, closes the reviewer's log section, and judges its result. */
function finishReviewer(
  plan: ReviewerPlan,
  result: ExecutionResult,
  log: WorkflowLog,
  saved: SavedMachines,
  redact: Redactor,
): FinishedReviewer {
  if (result.runResult?.destroyed) saved.remove(result.runResult.machineId);
  const reviewerLog = log.reviewer(plan.name);
  const judged = toOutcome({
    name: plan.name,
    result,
    transcript: reviewerLog.transcript,
    limits: limitsOf(plan),
    transcriptPath: reviewerLog.transcriptPath,
  });
  // Claude wrote the findings: a secret it echoed must not reach a comment, an issue or an
  // annotation, so they are redacted once, here, for every one of those.
  const outcome =
    judged.findings === undefined
      ? judged
      : { ...judged, findings: redactFindings(judged.findings, redact) };
  reviewerLog.finish(outcome.success, outcomeLine(outcome));
  const failure = outcome.success
    ? undefined
    : failureText(outcome, result, reviewerLog.renderedLines);
  return { outcome, failure };
}

/** The step's outputs and job summary, with the step's own notes after the table. */
async function report(
  outcomes: readonly ReviewerOutcome[],
  redact: Redactor,
  notes: readonly string[],
): Promise<void> {
  await publishReport(outcomes, redact, coreReportSink, notes);
}

/**
 * An error annotation for each failed reviewer, titled with its name; then the step fails,
 * naming each with its reason, unless `fail-on-error` is false. Findings at or above
 * `fail-on-severity` fail it too (`severity` is the reason), whatever `fail-on-error` says.
 */
function decideStatus(
  finished: readonly FinishedReviewer[],
  log: StepLog,
  redact: Redactor,
  { failOnError, severity }: { failOnError: boolean; severity: string | undefined },
): void {
  const failed = finished.flatMap(({ outcome, failure }) =>
    failure === undefined
      ? []
      : [{ name: outcome.name, reason: outcome.error ?? '', text: failure }],
  );
  const status = stepStatus(failed, finished.length, failOnError);
  log.command(() => {
    for (const { title, message } of status.annotations) core.error(redact(message), { title });
  });
  if (status.notice !== undefined) log.text(status.notice);
  const failure = [status.failure, severity].filter((text) => text !== undefined).join('\n');
  if (failure) log.command(() => core.setFailed(redact(failure)));
}

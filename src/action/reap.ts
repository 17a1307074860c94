/**
 * `mode: reap`: finds the reviewer machines earlier steps left in the app (a runner that
 * vanished runs no post step) and destroys those that can no longer serve a job: past their
 * `flaude_deadline`, or whose workflow run has completed. A machine of another repository is
 * touched only past its deadline: this step's token cannot speak for that repository's runs.
 * {@link decideReap} judges one machine (pure); {@link reapMachines} lists, asks GitHub,
 * destroys and reports. A destroyed reviewer's sticky comment still saying "reviewing" (its
 * runner vanished before the post step) is marked cancelled.
 */
import * as core from '@actions/core';
import {
  destroyMachine,
  listMachines,
  messageOf,
  type FlyClient,
  type FlyMachine,
} from '../fly/index.js';
import { Metadata, Output } from './constants.js';
import { createGitHubClient, type GitHubClient } from './github/client.js';
import { cancelReapedComment } from './github/reaped-comment.js';
import { repositoryParams } from './github/repository-name.js';
import { statusOf } from './github/request-failure.js';
import type { ReapInputs } from './inputs.js';
import type { Redactor } from './redact.js';
import type { StepLog } from './step-log.js';
import { tableCell } from './untrusted-markdown.js';

/** What GitHub said of a machine's workflow run. */
export type RunLookup =
  | { readonly kind: 'completed'; readonly conclusion: string | null }
  | { readonly kind: 'active'; readonly status: string }
  /** 404 or 403: the token cannot see the run (another token's repository, or no `actions: read`). */
  | { readonly kind: 'unreadable'; readonly status: number }
  /** No `github-token`, or GitHub failed otherwise; `reason` says which. */
  | { readonly kind: 'unknown'; readonly reason: string };

/** The verdict on one machine. */
export interface ReapDecision {
  readonly destroy: boolean;
  readonly reason: string;
}

/** Where a machine's workflow run is, when this step may read it. */
export interface RunRef {
  readonly repo: string;
  readonly runId: string;
}

/** The action's metadata on a machine, read once. */
interface MachineFacts {
  readonly repo: string | undefined;
  readonly runId: string | undefined;
  /** Epoch ms; undefined when missing or not a date. */
  readonly deadline: number | undefined;
}

function factsOf(metadata: Readonly<Record<string, string>>): MachineFacts {
  const deadline = Date.parse(metadata[Metadata.Deadline] ?? '');
  return {
    repo: metadata[Metadata.Repo] || undefined,
    runId: metadata[Metadata.RunId] || undefined,
    deadline: Number.isNaN(deadline) ? undefined : deadline,
  };
}

/**
 * The workflow run to ask GitHub about before judging the machine, or undefined when the
 * deadline alone decides (it has passed) or the run is not this step's to read (another
 * repository's, or no run id in the metadata).
 */
export function runToCheck(
  metadata: Readonly<Record<string, string>>,
  now: Date,
  repository: string,
): RunRef | undefined {
  const facts = factsOf(metadata);
  if (facts.deadline !== undefined && facts.deadline <= now.getTime()) return undefined;
  if (facts.repo !== repository || facts.runId === undefined) return undefined;
  return { repo: facts.repo, runId: facts.runId };
}

/**
 * Whether a reviewer machine goes, and why. `repository` is this step's (GITHUB_REPOSITORY);
 * `run` is GitHub's answer for {@link runToCheck}'s run, undefined when none was asked. A
 * machine is destroyed past its deadline, or when its run (of this repository) has completed;
 * anything unsure (no deadline, a run the token cannot read) leaves it, saying why.
 */
export function decideReap(
  metadata: Readonly<Record<string, string>>,
  now: Date,
  repository: string,
  run: RunLookup | undefined,
): ReapDecision {
  const facts = factsOf(metadata);
  const deadlineText = metadata[Metadata.Deadline] ?? '';
  if (facts.deadline !== undefined && facts.deadline <= now.getTime()) {
    return { destroy: true, reason: `past its deadline (${deadlineText})` };
  }
  const untilDeadline =
    facts.deadline === undefined
      ? `no valid ${Metadata.Deadline} in its metadata, so it is left alone`
      : 'left until its deadline';
  if (facts.repo === undefined || facts.runId === undefined) {
    const absent = [
      facts.repo === undefined ? Metadata.Repo : '',
      facts.runId ? '' : Metadata.RunId,
    ]
      .filter(Boolean)
      .join(' and ');
    return { destroy: false, reason: `no ${absent} in its metadata: ${untilDeadline}` };
  }
  if (facts.repo !== repository) {
    return {
      destroy: false,
      reason: `another repository's (${facts.repo}): only touched past its deadline`,
    };
  }
  const runName = `workflow run ${facts.runId}`;
  switch (run?.kind) {
    case 'completed':
      return {
        destroy: true,
        reason: `${runName} has completed${run.conclusion ? ` (${run.conclusion})` : ''}`,
      };
    case 'active':
      return { destroy: false, reason: `${runName} is ${run.status}` };
    case 'unreadable':
      return {
        destroy: false,
        reason:
          `github-token cannot read ${runName} (GitHub answered ${run.status}; it needs ` +
          `\`actions: read\`): ${untilDeadline}`,
      };
    case 'unknown':
      return { destroy: false, reason: `${run.reason}: ${untilDeadline}` };
    case undefined:
      return { destroy: false, reason: `${runName} was not read: ${untilDeadline}` };
  }
}

/** What the step did with one machine: the summary's row. */
export interface ReapRow {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly reviewer: string;
  readonly repo: string;
  readonly runId: string;
  readonly deadline: string;
  readonly action: 'destroyed' | 'would destroy' | 'left' | 'not destroyed';
  readonly reason: string;
}

/** The job summary of a reap: one row per reviewer machine found. Pure. */
export function reapSummary(app: string, rows: readonly ReapRow[], dryRun: boolean): string {
  const title = `## Reaping reviewer machines in ${app}${dryRun ? ' (dry run)' : ''}\n\n`;
  if (rows.length === 0) return `${title}No reviewer machines found.\n`;
  const cell = (text: string): string => tableCell(text) || '—';
  const lines = rows.map(
    (r) =>
      `| ${cell(`${r.name} (${r.id})`)} | ${cell(r.state)} | ${cell(r.reviewer)} | ` +
      `${cell(r.repo)} | ${cell(r.runId)} | ${cell(r.deadline)} | ${r.action} | ` +
      `${cell(r.reason)} |`,
  );
  return (
    title +
    '| machine | state | reviewer | repo | run | deadline | action | reason |\n' +
    '| --- | --- | --- | --- | --- | --- | --- | --- |\n' +
    `${lines.join('\n')}\n`
  );
}

/**
 * The machines this action made: the library names every machine it creates (`flaude_name`),
 * and the action adds the reviewer (`flaude_reviewer`). Other machines of the app are not ours.
 */
export function isReviewerMachine(machine: FlyMachine): boolean {
  const metadata = machine.config?.metadata ?? {};
  return metadata.flaude_name !== undefined && metadata[Metadata.Reviewer] !== undefined;
}

/** GitHub's word on one run: 404/403 mean the token cannot see it, other failures are unknown. */
async function lookUpRun(github: GitHubClient, ref: RunRef, redact: Redactor): Promise<RunLookup> {
  try {
    const { data } = await github.rest.actions.getWorkflowRun({
      ...repositoryParams(ref.repo),
      run_id: Number(ref.runId),
    });
    return data.status === 'completed'
      ? { kind: 'completed', conclusion: data.conclusion }
      : { kind: 'active', status: data.status ?? 'not completed' };
  } catch (e: unknown) {
    const status = statusOf(e);
    if (status === 404 || status === 403) return { kind: 'unreadable', status };
    return { kind: 'unknown', reason: `reading the run failed (${redact(messageOf(e))})` };
  }
}

/** What a reap step needs besides its inputs. */
export interface ReapContext {
  readonly client: FlyClient;
  readonly log: StepLog;
  readonly redact: Redactor;
  /** GITHUB_REPOSITORY: the only repository whose runs are read. */
  readonly repository: string;
  readonly now: Date;
}

/**
 * Lists every reviewer machine of the app (all pages), judges each, destroys (force) those
 * that go unless `dryRun`, then sets the `reaped` output and writes the summary. Throws, after
 * reporting, when a machine that should go could not be destroyed.
 */
export async function reapMachines(inputs: ReapInputs, context: ReapContext): Promise<ReapRow[]> {
  const { client, log, redact, repository, now } = context;
  // Fly filters by exact values only, and a reviewer's value is not known: list all, keep ours.
  const listed = await listMachines(client, inputs.app);
  const machines = listed.filter(isReviewerMachine);
  log.text(
    `Found ${machines.length} reviewer machine${machines.length === 1 ? '' : 's'} in ${inputs.app}.`,
  );
  const github =
    inputs.githubToken === undefined
      ? undefined
      : createGitHubClient(inputs.githubToken, {
          baseUrl: inputs.githubApiUrl,
          log: { warning: (m) => log.warning(redact(m)) },
        });
  // One request per run, however many machines (reviewers) it started.
  const runs = new Map<string, Promise<RunLookup>>();
  const rows: ReapRow[] = [];
  for (const machine of machines) {
    const metadata = machine.config?.metadata ?? {};
    const ref = runToCheck(metadata, now, repository);
    let run: RunLookup | undefined;
    if (ref !== undefined) {
      const key = `${ref.repo}#${ref.runId}`;
      if (!runs.has(key)) {
        runs.set(
          key,
          github === undefined
            ? Promise.resolve({ kind: 'unknown', reason: 'no github-token to read its run' })
            : lookUpRun(github, ref, redact),
        );
      }
      run = await runs.get(key);
    }
    const decision = decideReap(metadata, now, repository, run);
    const row = await act(machine, decision, inputs, client, redact);
    rows.push(row);
    if (row.action === 'destroyed' && github !== undefined) {
      await cancelCommentOf(github, metadata, repository, log, redact);
    }
  }
  const reaped = rows.filter((r) => r.action === 'destroyed').length;
  core.setOutput(Output.Reaped, String(reaped));
  for (const row of rows) log.text(`${row.name} (${row.id}): ${row.action}, ${row.reason}.`);
  try {
    await core.summary.addRaw(reapSummary(inputs.app, rows, inputs.dryRun), true).write();
  } catch (e: unknown) {
    log.warning(`Could not write the job summary: ${redact(messageOf(e))}`);
  }
  const failed = rows.filter((r) => r.action === 'not destroyed');
  if (failed.length > 0) {
    throw new Error(
      `Could not destroy ${failed.map((r) => `${r.name} (${r.id})`).join(', ')} in ${inputs.app}.`,
    );
  }
  return rows;
}

/**
 * The comment a destroyed machine's reviewer left "reviewing" on a pull request of this
 * repository (the only one the token speaks for) now says cancelled.
 */
async function cancelCommentOf(
  github: GitHubClient,
  metadata: Readonly<Record<string, string>>,
  repository: string,
  log: StepLog,
  redact: Redactor,
): Promise<void> {
  const number = Number(metadata[Metadata.PullRequest]);
  const runId = metadata[Metadata.RunId];
  const reviewer = metadata[Metadata.Reviewer];
  if (metadata[Metadata.Repo] !== repository || !Number.isSafeInteger(number) || number <= 0) {
    return;
  }
  if (!runId || !reviewer) return;
  const changed = await cancelReapedComment(
    github,
    { ...repositoryParams(repository), number },
    { runId, job: metadata[Metadata.Job] ?? '', reviewer },
    { log: { info: (m) => log.text(m), warning: (m) => log.warning(redact(m)) }, redact },
  );
  if (changed > 0) {
    log.text(`Marked the sticky comment of reviewer '${reviewer}' on #${number} cancelled.`);
  }
}

/** Carries out one decision (or, in a dry run, only says it). */
async function act(
  machine: FlyMachine,
  decision: ReapDecision,
  inputs: ReapInputs,
  client: FlyClient,
  redact: Redactor,
): Promise<ReapRow> {
  const metadata = machine.config?.metadata ?? {};
  const row = {
    id: machine.id,
    name: machine.name ?? '',
    state: machine.state,
    reviewer: metadata[Metadata.Reviewer] ?? '',
    repo: metadata[Metadata.Repo] ?? '',
    runId: metadata[Metadata.RunId] ?? '',
    deadline: metadata[Metadata.Deadline] ?? '',
    reason: decision.reason,
  };
  if (!decision.destroy) return { ...row, action: 'left' };
  if (inputs.dryRun) return { ...row, action: 'would destroy' };
  try {
    await destroyMachine(client, inputs.app, machine.id, { force: true });
    return { ...row, action: 'destroyed' };
  } catch (e: unknown) {
    return {
      ...row,
      action: 'not destroyed',
      reason: `${decision.reason}; the destroy failed: ${redact(messageOf(e))}`,
    };
  }
}

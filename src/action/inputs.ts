/**
 * The only module that reads the step's inputs. It returns one validated, readonly `Inputs`
 * object, or throws an Error that names the input and quotes the bad value, before anything
 * touches the network. Credentials are masked in the log (`core.setSecret`) the moment they
 * are read, and never quoted in an error. Defaults come from constants.ts.
 */
import * as core from '@actions/core';
import { MAX_METADATA_ENTRIES, secretForms } from '../fly/index.js';
import { ACTION_METADATA_PREFIX, Input, InputDefault, Metadata } from './constants.js';
import {
  hasControlCharacter,
  inputWhere,
  invalid,
  memoryBounds,
  memoryFor,
  parseBoolean,
  parseBaseUrl,
  parseBoundedWholeNumber,
  parseClaudeArgs,
  parseEnv,
  parseMaxBudgetUsd,
  parseMaxTurns,
  parseMetadata,
  parseModel,
  parseRegion,
  parseTimeoutMinutes,
  parseToolList,
  parseVmSize,
  parseWholeNumber,
} from './input-values.js';
import {
  parseReviewers,
  type ReviewerInputs,
  type ReviewerSettings,
  type StepMemory,
} from './reviewer-entries.js';
import { parseYamlInput, type YamlNode } from './yaml-input.js';
import { readPostingInputs, type PostingInputs } from './posting-inputs.js';

/** How the reviewer authenticates to Anthropic: exactly one of the two credential inputs. */
export type ClaudeCredential =
  | { readonly kind: 'oauth-token'; readonly value: string }
  | { readonly kind: 'api-key'; readonly value: string };

/** What reaching Fly takes: all the post step reads (other inputs may be bad). */
export interface FlyConnectionInputs {
  /** Fly API token; sent to Fly only, never to a machine. */
  readonly flyApiToken: string;
  /** Base URL of the Fly Machines API. */
  readonly flyApiUrl: string;
  /** Base URL of Fly's logs endpoint. */
  readonly flyLogsUrl: string;
}

/** Every input of the main step, validated. */
export interface Inputs extends FlyConnectionInputs {
  /** Fly app hosting the reviewer machines. */
  readonly app: string;
  /** Fly organization slug used when the app must be created. */
  readonly org: string;
  /** The Anthropic credential given to the machine. */
  readonly claudeCredential: ClaudeCredential;
  /** The `prompt` input; undefined means "the built-in review prompt" (PR events only). */
  readonly prompt: string | undefined;
  /** The `name` input: the reviewer's name when `reviewers` is not given. */
  readonly reviewerName: string;
  /** Reviewer image reference; undefined builds this action's container/ when missing. */
  readonly image: string | undefined;
  /** Step-wide Fly region code, or undefined to let Fly choose. */
  readonly region: string | undefined;
  /** Step-wide Fly guest preset name, one of GUEST_PRESETS. */
  readonly vmSize: string;
  /** Step-wide machine memory in MB, a multiple of 256 within the preset's bounds. */
  readonly memoryMb: number;
  /** Step-wide wall-clock limit per reviewer, in minutes. */
  readonly timeoutMinutes: number;
  /** Step-wide Claude model; undefined lets Claude Code choose. */
  readonly model: string | undefined;
  /** Step-wide `--max-turns`; undefined: no limit. */
  readonly maxTurns: number | undefined;
  /** Step-wide `--max-budget-usd`; undefined: no cap. */
  readonly maxBudgetUsd: number | undefined;
  /** Step-wide `--allowedTools`; empty: Claude Code's default. */
  readonly allowedTools: readonly string[];
  /** Step-wide `--disallowedTools`; empty: none. */
  readonly disallowedTools: readonly string[];
  /** Step-wide `--append-system-prompt`; undefined: none. */
  readonly appendSystemPrompt: string | undefined;
  /** Environment added to every machine. */
  readonly env: Readonly<Record<string, string>>;
  /** Metadata added to every machine, beside the action's own `flaude_*` keys. */
  readonly metadata: Readonly<Record<string, string>>;
  /** Further Claude Code arguments for every reviewer, one element each. */
  readonly claudeArgs: readonly string[];
  /**
   * The step's reviewers, each with the step-wide settings above overridden by its entry:
   * the `reviewers` list, or one reviewer from `name` and `prompt`.
   */
  readonly reviewers: readonly ReviewerInputs[];
  /** Most reviewer machines alive at once. */
  readonly maxConcurrency: number;
  /** Whether a failed reviewer fails the step. */
  readonly failOnError: boolean;
  /** Whether `pull_request_target` runs on a head from a fork (the machine then gets no GitHub token). */
  readonly allowForkPrs: boolean;
  /** What an `issue_comment` starts with to run the team on its pull request (`/review`). */
  readonly triggerPhrase: string;
  /** Title of the issue that receives the team's report on non-PR runs; undefined: none. */
  readonly issueTitle: string | undefined;
  /** GitHub token for the machine's clone; undefined gives it none. */
  readonly machineGithubToken: string | undefined;
  /** Whether Claude Code keeps the machine's GitHub token (GH_TOKEN, GITHUB_TOKEN) for `gh`. */
  readonly claudeGithubToken: boolean;
  /** Base URL of the registry the built image is pushed to. */
  readonly flyRegistryUrl: string;
  /** What the step posts to GitHub (comments, reviews), and with which token. */
  readonly posting: PostingInputs;
}

/** Where input values come from: the runner's `INPUT_*` variables in production. */
export interface InputSource {
  get(name: string): string;
  /** Masks a value in all later log output. */
  setSecret(value: string): void;
}

export const actionsInputSource: InputSource = {
  get: (name) => core.getInput(name),
  setSecret: (value) => core.setSecret(value),
};

/** Fly app names: lowercase letters, digits and dashes (Fly's own rule for `fly apps create`). */
const APP_NAME = /^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$|^[a-z0-9]$/;
const ORG_SLUG = /^[a-z0-9][a-z0-9-]*$/;
const REVIEWER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
/** Reviewer machines alive at once: a step is one runner process polling them all. */
const MAX_CONCURRENCY = 50;
/** A comment's first words, not a paragraph. */
const MAX_TRIGGER_PHRASE = 100;
/** GitHub refuses longer issue titles. */
const MAX_ISSUE_TITLE = 256;

/** A value that must be one line of at most `max` characters (already trimmed). */
function oneLine(name: string, value: string, max: number): string {
  if (/[\r\n]/.test(value) || value.length > max) {
    throw invalid(inputWhere(name), value, `one line of at most ${max} characters`);
  }
  return value;
}

/**
 * Reads and validates every input. Throws an Error naming the first bad input. `platform` is
 * the runner's (`process.platform`): without an `image`, the image is built, which needs Linux.
 */
export function readInputs(
  source: InputSource = actionsInputSource,
  platform: NodeJS.Platform = process.platform,
): Inputs {
  const secret = (name: string): string => readSecret(source, name);
  const text = (name: string): string => source.get(name).trim();

  const connection = readFlyConnectionInputs(source);
  const oauthToken = secret(Input.ClaudeCodeOAuthToken);
  const apiKey = secret(Input.AnthropicApiKey);
  const machineGithubToken = secret(Input.MachineGithubToken);

  const app = readApp(source);

  const org = text(Input.Org) || InputDefault.Org;
  if (!ORG_SLUG.test(org)) throw invalid(inputWhere(Input.Org), org, 'a Fly organization slug');

  if (oauthToken && apiKey) {
    throw new Error(
      `Inputs '${Input.ClaudeCodeOAuthToken}' and '${Input.AnthropicApiKey}' are both set: give exactly one.`,
    );
  }
  if (!oauthToken && !apiKey) {
    throw new Error(
      `Neither '${Input.ClaudeCodeOAuthToken}' nor '${Input.AnthropicApiKey}' is set: give exactly one ` +
        '(an empty value usually means the secret is not available to this workflow run).',
    );
  }
  const claudeCredential: ClaudeCredential = oauthToken
    ? { kind: 'oauth-token', value: oauthToken }
    : { kind: 'api-key', value: apiKey };

  const prompt = source.get(Input.Prompt).trim() || undefined;

  const reviewerName = text(Input.Name) || InputDefault.Name;
  if (!REVIEWER_NAME.test(reviewerName)) {
    throw invalid(
      inputWhere(Input.Name),
      reviewerName,
      'letters, digits, ".", "_" or "-", at most 40 characters',
    );
  }

  const image = text(Input.Image) || undefined;
  if (image !== undefined && /\s/.test(image)) {
    throw invalid(inputWhere(Input.Image), image, 'an image reference without spaces');
  }
  if (image === undefined && platform !== 'linux') {
    throw new Error(
      `Input '${Input.Image}' is required on ${platform} runners: building the reviewer ` +
        'image (linux/amd64) needs a Linux runner with docker, buildah or podman.',
    );
  }

  const regionText = text(Input.Region);
  const region = regionText ? parseRegion(inputWhere(Input.Region), regionText) : undefined;

  const vmSize = text(Input.VmSize) || InputDefault.VmSize;
  const preset = parseVmSize(inputWhere(Input.VmSize), vmSize);

  // action.yml's default is 2048; the runner passes it, tests and other callers may not.
  const memoryText = text(Input.MemoryMb) || InputDefault.MemoryMb;
  const stepMemory: StepMemory = {
    text: memoryText,
    isDefault: memoryText === InputDefault.MemoryMb,
  };
  parseWholeNumber(inputWhere(Input.MemoryMb), memoryText);
  const memoryMb = memoryFor(preset, memoryText, stepMemory.isDefault);
  if (memoryMb === undefined) {
    throw invalid(inputWhere(Input.MemoryMb), memoryText, memoryBounds(preset, vmSize));
  }

  const timeoutMinutes = parseTimeoutMinutes(
    inputWhere(Input.TimeoutMinutes),
    text(Input.TimeoutMinutes) || InputDefault.TimeoutMinutes,
  );

  const optional = <T>(name: string, parse: (where: string, value: string) => T): T | undefined => {
    const value = text(name);
    return value ? parse(inputWhere(name), value) : undefined;
  };
  const yaml = (name: string): YamlNode | undefined =>
    parseYamlInput(inputWhere(name), source.get(name));
  const envNode = yaml(Input.Env);
  const metadataNode = yaml(Input.Metadata);
  const settings: ReviewerSettings = {
    model: optional(Input.Model, parseModel),
    maxTurns: optional(Input.MaxTurns, parseMaxTurns),
    maxBudgetUsd: optional(Input.MaxBudgetUsd, parseMaxBudgetUsd),
    allowedTools: parseToolList(inputWhere(Input.AllowedTools), text(Input.AllowedTools)),
    disallowedTools: parseToolList(inputWhere(Input.DisallowedTools), text(Input.DisallowedTools)),
    appendSystemPrompt: text(Input.AppendSystemPrompt) || undefined,
    region,
    vmSize,
    memoryMb,
    timeoutMinutes,
    env: envNode === undefined ? {} : parseEnv(inputWhere(Input.Env), envNode),
  };
  const posting = readPostingInputs(source, readGithubConnectionInputs(source));
  const metadata =
    metadataNode === undefined
      ? {}
      : parseMetadata(inputWhere(Input.Metadata), metadataNode, {
          room: MAX_METADATA_ENTRIES - Object.keys(Metadata).length,
          ownPrefix: ACTION_METADATA_PREFIX,
          credentials: [
            connection.flyApiToken,
            claudeCredential.value,
            machineGithubToken,
            posting.githubToken ?? '',
          ],
        });
  const claudeArgs = parseClaudeArgs(inputWhere(Input.ClaudeArgs), text(Input.ClaudeArgs));

  const maxConcurrency = parseBoundedWholeNumber(
    inputWhere(Input.MaxConcurrency),
    text(Input.MaxConcurrency) || InputDefault.MaxConcurrency,
    1,
    MAX_CONCURRENCY,
  );
  const flag = (name: string, fallback: string): boolean =>
    parseBoolean(inputWhere(name), text(name) || fallback);
  const failOnError = flag(Input.FailOnError, InputDefault.FailOnError);
  const allowForkPrs = flag(Input.AllowForkPrs, InputDefault.AllowForkPrs);
  const claudeGithubToken = flag(Input.ClaudeGithubToken, InputDefault.ClaudeGithubToken);
  const triggerPhrase = oneLine(
    Input.TriggerPhrase,
    text(Input.TriggerPhrase) || InputDefault.TriggerPhrase,
    MAX_TRIGGER_PHRASE,
  );
  const issueTitleText = text(Input.IssueTitle);
  const issueTitle = issueTitleText
    ? oneLine(Input.IssueTitle, issueTitleText, MAX_ISSUE_TITLE)
    : undefined;

  const reviewers = readReviewers(source.get(Input.Reviewers), {
    prompt,
    reviewerName,
    settings,
    stepMemory,
  });

  return {
    ...connection,
    app,
    org,
    claudeCredential,
    prompt,
    reviewerName,
    image,
    ...settings,
    metadata,
    claudeArgs,
    reviewers,
    maxConcurrency,
    failOnError,
    allowForkPrs,
    triggerPhrase,
    issueTitle,
    machineGithubToken: machineGithubToken || undefined,
    claudeGithubToken,
    flyRegistryUrl: parseBaseUrl(
      Input.FlyRegistryUrl,
      text(Input.FlyRegistryUrl) || InputDefault.FlyRegistryUrl,
    ),
    posting,
  };
}

/**
 * The team: the `reviewers` list, which may not come with `prompt` or a `name` of its own
 * (which of them would win is anyone's guess), or else one reviewer from `name` and `prompt`.
 */
function readReviewers(
  text: string,
  step: {
    prompt: string | undefined;
    reviewerName: string;
    settings: ReviewerSettings;
    stepMemory: StepMemory;
  },
): ReviewerInputs[] {
  const conflict = (other: string, detail: string): Error =>
    new Error(
      `Inputs '${Input.Reviewers}' and '${other}' are both set${detail}: give each reviewer's ` +
        `${other} in its '${Input.Reviewers}' entry instead.`,
    );
  const team = parseReviewers(text, step.settings, step.stepMemory);
  if (team === undefined) {
    return [{ ...step.settings, name: step.reviewerName, prompt: step.prompt, entry: undefined }];
  }
  if (step.prompt !== undefined) throw conflict(Input.Prompt, '');
  if (step.reviewerName !== InputDefault.Name) {
    throw conflict(Input.Name, ` ('${Input.Name}' is ${JSON.stringify(step.reviewerName)})`);
  }
  return team;
}

/** The `app` input, required and checked against Fly's rule for app names. */
function readApp(source: InputSource): string {
  const app = source.get(Input.App).trim();
  if (!app) throw missing(Input.App, 'the name of the Fly app that hosts the reviewer machines');
  if (!APP_NAME.test(app)) {
    throw invalid(
      inputWhere(Input.App),
      app,
      'lowercase letters, digits and dashes, at most 63 characters',
    );
  }
  return app;
}

/** What the step does: run the reviewers, or reap the machines earlier steps left. */
export type StepMode = 'review' | 'reap';

const STEP_MODES: readonly StepMode[] = ['review', 'reap'];

/** The `mode` input (`review` when empty); read first, since it decides which inputs matter. */
export function readMode(source: InputSource = actionsInputSource): StepMode {
  const value = source.get(Input.Mode).trim() || InputDefault.Mode;
  if (!(STEP_MODES as readonly string[]).includes(value)) {
    throw invalid(inputWhere(Input.Mode), value, `one of ${STEP_MODES.join(', ')}`);
  }
  return value as StepMode;
}

/** The inputs of `mode: reap`: Fly, the app, `dry-run`, and the token that reads workflow runs. */
export interface ReapInputs extends FlyConnectionInputs, GithubConnectionInputs {
  readonly app: string;
  /** Report what would be destroyed, destroy nothing. */
  readonly dryRun: boolean;
}

/**
 * Reads `mode: reap`'s inputs; no Claude credential, prompt or reviewer input is read, so a
 * reap step needs none. Throws naming the first bad input.
 */
export function readReapInputs(
  source: InputSource = actionsInputSource,
  env: NodeJS.ProcessEnv = process.env,
): ReapInputs {
  const connection = readFlyConnectionInputs(source);
  const app = readApp(source);
  const dryRun = parseBoolean(
    inputWhere(Input.DryRun),
    source.get(Input.DryRun).trim() || InputDefault.DryRun,
  );
  return { ...connection, app, dryRun, ...readGithubConnectionInputs(source, env) };
}

/**
 * A trimmed credential input, masked in the log before anything else can print it. A control
 * character inside (two secrets pasted on two lines) could never be sent as a header or an
 * environment value intact; the error says so without the value.
 */
function readSecret(source: InputSource, name: string): string {
  const value = source.get(name).trim();
  // Its base64 and URL-encoded forms too: a program in the machine may print it re-encoded.
  for (const form of secretForms(value)) source.setSecret(form);
  if (hasControlCharacter(value)) {
    throw new Error(
      `Input '${name}' holds a control character (a line break?) inside its value ` +
        '(not shown, as it is a secret): give one credential on one line.',
    );
  }
  return value;
}

function missing(name: string, what: string): Error {
  return new Error(`Input '${name}' is required: ${what}.`);
}

/** What reaching GitHub takes, for the review, reap and post steps alike. */
export interface GithubConnectionInputs {
  /** The runner's token (comments, reviews, issues, workflow runs); undefined: no request. */
  readonly githubToken: string | undefined;
  /** GitHub's REST API root: `github-api-url`, else `GITHUB_API_URL`, else api.github.com. */
  readonly githubApiUrl: string;
}

/** api.github.com, where GitHub Enterprise Server's runners set GITHUB_API_URL instead. */
export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

/**
 * Reads `github-token` (masked the moment it is read) and `github-api-url`; `env` gives the
 * runner's GITHUB_API_URL, the API root when the input is empty.
 */
export function readGithubConnectionInputs(
  source: InputSource = actionsInputSource,
  env: NodeJS.ProcessEnv = process.env,
): GithubConnectionInputs {
  return {
    githubToken: readSecret(source, Input.GithubToken) || undefined,
    githubApiUrl: parseBaseUrl(
      Input.GithubApiUrl,
      source.get(Input.GithubApiUrl).trim() || env.GITHUB_API_URL || DEFAULT_GITHUB_API_URL,
    ),
  };
}

/**
 * Reads the inputs that reach Fly: the token and the two base URLs. The post step reads
 * only these; `readInputs` reads them through here too. Throws when the token is missing or
 * a URL is bad.
 */
export function readFlyConnectionInputs(
  source: InputSource = actionsInputSource,
): FlyConnectionInputs {
  const flyApiToken = readSecret(source, Input.FlyApiToken);
  if (!flyApiToken)
    throw missing(Input.FlyApiToken, 'a Fly.io API token, e.g. ${{ secrets.FLY_API_TOKEN }}');
  const url = (name: string, fallback: string): string =>
    parseBaseUrl(name, source.get(name).trim() || fallback);
  return {
    flyApiToken,
    flyApiUrl: url(Input.FlyApiUrl, InputDefault.FlyApiUrl),
    flyLogsUrl: url(Input.FlyLogsUrl, InputDefault.FlyLogsUrl),
  };
}

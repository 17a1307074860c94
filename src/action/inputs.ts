/**
 * The only module that reads the step's inputs. It returns one validated, readonly `Inputs`
 * object, or throws an Error that names the input and quotes the bad value, before anything
 * touches the network. Credentials are masked in the log (`core.setSecret`) the moment they
 * are read, and never quoted in an error. Defaults come from constants.ts.
 */
import * as core from '@actions/core';
import { GUEST_PRESETS } from '../fly/index.js';
import { Input, InputDefault } from './constants.js';

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
  /** The reviewer's prompt; undefined means "the built-in review prompt" (PR events only). */
  readonly prompt: string | undefined;
  /** Reviewer name: log section title, output `name`, part of the machine name. */
  readonly reviewerName: string;
  /** Reviewer image reference; undefined builds this action's container/ when missing. */
  readonly image: string | undefined;
  /** Fly region code, or undefined to let Fly choose. */
  readonly region: string | undefined;
  /** Fly guest preset name, one of GUEST_PRESETS. */
  readonly vmSize: string;
  /** Machine memory in MB, a multiple of 256 within the preset's bounds. */
  readonly memoryMb: number;
  /** Wall-clock limit per reviewer, in minutes. */
  readonly timeoutMinutes: number;
  /** GitHub token for the machine; undefined gives it none. */
  readonly machineGithubToken: string | undefined;
  /** Base URL of the registry the built image is pushed to. */
  readonly flyRegistryUrl: string;
  /** Whether a failed reviewer fails the step; false only reports it. */
  readonly failOnError: boolean;
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

/** Longest job GitHub runs (6 h); a longer reviewer limit could never be honoured. */
const MAX_TIMEOUT_MINUTES = 360;

/** Fly app names: lowercase letters, digits and dashes (Fly's own rule for `fly apps create`). */
const APP_NAME = /^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$|^[a-z0-9]$/;
const ORG_SLUG = /^[a-z0-9][a-z0-9-]*$/;
/** Fly region codes are three lowercase letters (iad, ams, syd, ...). */
const REGION = /^[a-z]{3}$/;
const REVIEWER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;

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

  const app = text(Input.App);
  if (!app) throw missing(Input.App, 'the name of the Fly app that hosts the reviewer machines');
  if (!APP_NAME.test(app)) {
    throw invalid(Input.App, app, 'lowercase letters, digits and dashes, at most 63 characters');
  }

  const org = text(Input.Org) || InputDefault.Org;
  if (!ORG_SLUG.test(org)) throw invalid(Input.Org, org, 'a Fly organization slug');

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
      Input.Name,
      reviewerName,
      'letters, digits, ".", "_" or "-", at most 40 characters',
    );
  }

  const image = text(Input.Image) || undefined;
  if (image !== undefined && /\s/.test(image)) {
    throw invalid(Input.Image, image, 'an image reference without spaces');
  }
  if (image === undefined && platform !== 'linux') {
    throw new Error(
      `Input '${Input.Image}' is required on ${platform} runners: building the reviewer ` +
        'image (linux/amd64) needs a Linux runner with docker, buildah or podman.',
    );
  }

  const region = text(Input.Region) || undefined;
  if (region !== undefined && !REGION.test(region)) {
    throw invalid(Input.Region, region, 'a Fly region code such as iad, ams or syd');
  }

  const vmSize = text(Input.VmSize) || InputDefault.VmSize;
  const preset = GUEST_PRESETS.get(vmSize);
  if (!preset) {
    throw invalid(Input.VmSize, vmSize, `one of ${[...GUEST_PRESETS.keys()].join(', ')}`);
  }

  // action.yml's default is 2048; the runner passes it, tests and other callers may not. It is
  // below the minimum of the larger performance presets, and the runner cannot tell a default
  // from a value the user wrote, so 2048 means "at least 2048": the preset's minimum when
  // that is larger (2048 could never be valid for those presets anyway).
  const memoryText = text(Input.MemoryMb) || InputDefault.MemoryMb;
  const written = parseWholeNumber(Input.MemoryMb, memoryText);
  const memoryMb =
    memoryText === InputDefault.MemoryMb ? Math.max(written, preset.minMemoryMb) : written;
  if (memoryMb % 256 !== 0 || memoryMb < preset.minMemoryMb || memoryMb > preset.maxMemoryMb) {
    throw invalid(
      Input.MemoryMb,
      memoryText,
      `a multiple of 256 from ${preset.minMemoryMb} to ${preset.maxMemoryMb} for ${vmSize}`,
    );
  }

  const timeoutText = text(Input.TimeoutMinutes) || InputDefault.TimeoutMinutes;
  const timeoutMinutes = Number(timeoutText);
  // At least a minute: less leaves Claude no time after boot and clone, and rounds to 0 s.
  if (
    !/^\d+(\.\d+)?$/.test(timeoutText) ||
    timeoutMinutes < 1 ||
    timeoutMinutes > MAX_TIMEOUT_MINUTES
  ) {
    throw invalid(
      Input.TimeoutMinutes,
      timeoutText,
      `a number of minutes from 1 to ${MAX_TIMEOUT_MINUTES}`,
    );
  }

  return {
    ...connection,
    app,
    org,
    claudeCredential,
    prompt,
    reviewerName,
    image,
    region,
    vmSize,
    memoryMb,
    timeoutMinutes,
    machineGithubToken: machineGithubToken || undefined,
    flyRegistryUrl: parseBaseUrl(
      Input.FlyRegistryUrl,
      text(Input.FlyRegistryUrl) || InputDefault.FlyRegistryUrl,
    ),
    failOnError: parseBoolean(
      Input.FailOnError,
      text(Input.FailOnError) || InputDefault.FailOnError,
    ),
  };
}

/** A trimmed credential input, masked in the log before anything else can print it. */
function readSecret(source: InputSource, name: string): string {
  const value = source.get(name).trim();
  if (value) source.setSecret(value);
  return value;
}

function parseWholeNumber(name: string, value: string): number {
  if (!/^\d+$/.test(value)) throw invalid(name, value, 'a whole number');
  return Number(value);
}

/** The booleans of YAML 1.2's core schema, as `core.getBooleanInput` reads them; nothing else. */
function parseBoolean(name: string, value: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw invalid(name, value, 'true or false');
}

function parseBaseUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(name, value, 'an http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalid(name, value, 'an http(s) URL');
  if (url.username || url.password)
    throw new Error(`Input '${name}' must not carry credentials in the URL.`);
  return url.toString().replace(/\/+$/, '');
}

function missing(name: string, what: string): Error {
  return new Error(`Input '${name}' is required: ${what}.`);
}

function invalid(name: string, value: string, expected: string): Error {
  return new Error(`Input '${name}' is ${JSON.stringify(value)}; expected ${expected}.`);
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

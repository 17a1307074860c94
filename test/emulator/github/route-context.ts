/**
 * What a route handler sees and returns. Routes are keyed by the operation of GitHub's
 * description (`METHOD /repos/{owner}/...`) that validation matched, so the description is the
 * router's table; routes.ts holds the table.
 */
import { GithubHttpError, validationFailed } from './errors.ts';
import type { ApiResponse } from './http-server.ts';
import type { PullDiff } from './pull-diff.ts';
import type { Representer } from './representations.ts';
import type { GithubStore, IssueRecord, PullRecord } from './store.ts';
import type { BodyLimits, PatchLimits, TokenSpec } from './types.ts';

/** Shared state the handlers work on. */
export interface EmulatorState {
  store: GithubStore;
  json: Representer;
  patchLimits: PatchLimits;
  bodyLimits: BodyLimits;
  searchLagMs: number;
  /** The diff of a pull request at `headSha` (default: its head), computed by git once. */
  diffOf(issue: IssueRecord & { pull: PullRecord }, headSha?: string): PullDiff;
}

export interface RouteContext {
  state: EmulatorState;
  params: Record<string, string>;
  /** Declared query parameters, typed by the description. */
  query: Record<string, unknown>;
  /** Parsed JSON body, valid against the description (undefined when none). */
  body: unknown;
  actor: TokenSpec;
  /** The request as an absolute URL on the emulator, for `Link` headers. */
  requestUrl: URL;
}

export interface Route {
  handle: (context: RouteContext) => ApiResponse | Promise<ApiResponse>;
  /**
   * Declared query parameters (or body fields) the emulator does not implement: a request
   * using them answers 501 instead of quietly ignoring them.
   */
  unimplemented?: { query?: string[]; body?: string[] };
}

export function json(status: number, body: unknown, headers?: Record<string, string>): ApiResponse {
  const response: ApiResponse = { status, body };
  if (headers) response.headers = headers;
  return response;
}

/** The body as an object (validation has checked its shape). */
export function bodyOf(context: RouteContext): Record<string, unknown> {
  const body = context.body;
  return body !== null && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

/** A path parameter declared as an integer (validation has checked it). */
export function intParam(context: RouteContext, name: string): number {
  return Number(context.params[name]);
}

/**
 * Refuses a body over GitHub's limits: 65,536 characters is the documented one; GitHub was
 * also measured refusing more than 262,144 UTF-8 bytes.
 */
export function checkBodySize(state: EmulatorState, text: string, resource: string): void {
  const { maxChars, maxBytes } = state.bodyLimits;
  if ([...text].length > maxChars || Buffer.byteLength(text) > maxBytes) {
    throw validationFailed({
      resource,
      code: 'custom',
      field: 'body',
      message: `body is too long (maximum is ${maxChars} characters)`,
    });
  }
}

/** 501 for something GitHub has and the emulator does not. */
export function notImplemented(what: string): GithubHttpError {
  return new GithubHttpError(501, `the GitHub emulator does not implement ${what}`);
}

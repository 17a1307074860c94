/**
 * Fly machines: create (with reconciliation after ambiguous failures), get, list, wait,
 * events, stop, destroy. What each call relies on: docs/fly-api.md.
 */
import type { FlyCreateMachineRequest, FlyMachine, FlyMachineEvent } from './api-types.js';
import type { FlyClient } from './client.js';
import type { Clock } from '../base/clock.js';
import { FlyAPIError, isAmbiguousFailure, isFlyAPIError } from './errors.js';
import { messageOf } from '../base/messages.js';
import { retry } from '../base/retry.js';

/** Create calls in all after ambiguous failures (each preceded by a lookup by name). */
const MAX_CREATE_ATTEMPTS = 3;
/** 429s tolerated on create: a 429 means nothing was created, so the POST is repeated. */
const MAX_RATE_LIMITED_CREATES = 6;
/** Fly creates the machine before answering; image resolution can take a while. */
const CREATE_TIMEOUT_MS = 60_000;
/** Fly's wait endpoint blocks at most 60 s (docs/fly-api.md#waiting-for-a-machine). */
const MAX_WAIT_SECONDS = 60;
/** Slack on top of the long poll so the HTTP timeout never fires before Fly's 408. */
const WAIT_HTTP_SLACK_MS = 15_000;
/** Pages followed when listing (cursors come in `fly-next-cursor`). */
const MAX_LIST_PAGES = 50;
/** Fly's maximum for `events?limit=` (docs/fly-api.md#events-and-exit-codes). */
const EVENTS_LIMIT = 50;

function machinesPath(app: string): string {
  return `/v1/apps/${encodeURIComponent(app)}/machines`;
}

function machinePath(app: string, id: string): string {
  return `${machinesPath(app)}/${encodeURIComponent(id)}`;
}

/** Limits of one request, for a cleanup that must finish within a cancelled job's last seconds. */
export interface RequestLimits {
  /** Per-request timeout in ms, in place of the client's. */
  timeoutMs?: number;
  /** Attempts in all, in place of the client's `retry.maxAttempts`. */
  maxAttempts?: number;
}

function limitsOf(opts: RequestLimits): RequestLimits {
  return {
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
    ...(opts.maxAttempts === undefined ? {} : { maxAttempts: opts.maxAttempts }),
  };
}

/**
 * `POST /v1/apps/{app}/machines`, never repeated blindly. After an ambiguous failure (no
 * answer, 408, 5xx: the machine may exist) it waits, looks the machine up by
 * `request.name` (through the `flaude_name` metadata filter when the request carries it,
 * including destroyed machines) and returns it when found; only when it is absent is the
 * create sent again, at most {@link MAX_CREATE_ATTEMPTS} times. 429 means nothing was
 * created: it waits (`Retry-After` or backoff) and sends again. 422 `insufficient_capacity`
 * is reported with a hint. Without `request.name` an ambiguous failure is thrown as is.
 * The waits between creates sleep on `opts.clock` (default: the client's clock, which
 * always governs the client's own retries and rate limiting).
 */
export async function createMachine(
  client: FlyClient,
  app: string,
  request: FlyCreateMachineRequest,
  opts: { signal?: AbortSignal; clock?: Clock } = {},
): Promise<FlyMachine> {
  const clock = opts.clock ?? client.clock;
  const startedAt = clock.now();
  const path = machinesPath(app);
  const name = request.name;
  let creates = 0;
  let rateLimited = 0;
  // The latest ambiguous failure: the machine may exist.
  let ambiguous: FlyAPIError | undefined;
  // Whether the next attempt looks the machine up before creating it again.
  let lookUpFirst = false;
  // The failure this attempt hands to the retry, which repeats only that one.
  let again: FlyAPIError | undefined;

  const attempt = async (): Promise<FlyMachine> => {
    again = undefined;
    if (lookUpFirst && ambiguous !== undefined && name !== undefined) {
      lookUpFirst = false;
      const found = await reconcile(client, app, request, name, startedAt, ambiguous);
      if (found !== undefined) {
        client.logger.info(
          `Machine ${name} was created despite ${ambiguous.summary()}; using ${found.id}`,
        );
        return found;
      }
      if (creates >= MAX_CREATE_ATTEMPTS) throw ambiguous;
      client.logger.info(
        `Machine ${name} does not exist after ${ambiguous.summary()}; creating it again`,
      );
    }
    creates++;
    try {
      return await client.request<FlyMachine>({
        method: 'POST',
        path,
        body: request,
        retry: 'never',
        rateLimitKey: `create:${app}`,
        timeoutMs: CREATE_TIMEOUT_MS,
        ...(opts.signal === undefined ? {} : { signal: opts.signal }),
      });
    } catch (e: unknown) {
      if (!(e instanceof FlyAPIError)) throw e;
      if (e.statusCode === 429 && rateLimited < MAX_RATE_LIMITED_CREATES) {
        // Nothing was created: neither a lookup nor a create attempt is used up.
        rateLimited++;
        creates--;
        again = e;
        throw e;
      }
      if (e.statusCode === 422 && e.status === 'insufficient_capacity') {
        throw e.withMessage(
          `Fly has no capacity for this machine${request.region === undefined ? '' : ` in region "${request.region}"`} ` +
            `(422 insufficient_capacity: ${e.detail}). Try another region or a smaller guest size.`,
        );
      }
      if (ambiguous !== undefined && name !== undefined && isNameConflict(e)) {
        // An earlier ambiguous attempt did create it after all.
        const found = await reconcile(client, app, request, name, startedAt, e);
        if (found !== undefined) return found;
        throw e;
      }
      if (!isAmbiguousFailure(e)) throw e;
      if (name === undefined) {
        throw e.withMessage(
          `${e.message} (the machine may or may not exist; it has no name to look it up by, so the create is not repeated)`,
        );
      }
      ambiguous = e;
      lookUpFirst = true;
      again = e;
      throw e;
    }
  };

  return retry(attempt, {
    clock,
    signal: opts.signal,
    retryable: (e): e is FlyAPIError => again !== undefined && e === again,
    // The client's policy (Retry-After, else backoff), counted per kind of failure.
    delayMs: (e) => client.retryDelay(e, e.statusCode === 429 ? rateLimited : creates),
    onRetry: (e, _attempt, delay) => {
      if (e.statusCode === 429) {
        client.logger.debug(`Fly rate-limited creating a machine in ${app}; again in ${delay} ms`);
      }
    },
  });
}

/** Looks the machine of `request` up after an ambiguous create; lookup failures are explained. */
async function reconcile(
  client: FlyClient,
  app: string,
  request: FlyCreateMachineRequest,
  name: string,
  startedAt: number,
  cause: FlyAPIError,
): Promise<FlyMachine | undefined> {
  const tagged = request.config.metadata?.flaude_name === name;
  let machines: FlyMachine[];
  try {
    machines = await listMachines(client, app, {
      ...(tagged ? { metadata: { flaude_name: name } } : {}),
      // auto_destroy may have removed a quick machine already; it still counts as created.
      includeDeleted: true,
    });
  } catch (lookup: unknown) {
    throw cause.withMessage(
      `${cause.message}; the machine may exist, and looking it up by name failed too (${messageOf(lookup)}), so the create is not repeated`,
    );
  }
  return pickByName(machines, name, startedAt);
}

/**
 * The machine named `name`: a live one first; else the newest destroyed one created since
 * `since` (minus a minute of clock skew), which is our machine that already ran and went.
 */
function pickByName(machines: FlyMachine[], name: string, since: number): FlyMachine | undefined {
  const named = machines.filter((m) => m.name === name);
  const live = named.find((m) => !isGone(m.state));
  if (live !== undefined) return live;
  const recent = named
    .filter((m) => {
      const created = m.created_at === undefined ? Number.NaN : Date.parse(m.created_at);
      return Number.isNaN(created) || created >= since - 60_000;
    })
    .sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''));
  return recent[0];
}

function isGone(state: string): boolean {
  return state === 'destroyed' || state === 'destroying';
}

/** A create refused because the name is in use (Fly's exact answer is undocumented). */
function isNameConflict(e: FlyAPIError): boolean {
  return (
    e.statusCode === 409 ||
    (e.statusCode === 422 &&
      (e.status === 'name_taken' ||
        /already exists|already in use|name.*taken|unique/i.test(e.detail)))
  );
}

/** `GET /v1/apps/{app}/machines/{id}`. Throws {@link FlyAPIError} 404 when it is gone. */
export async function getMachine(client: FlyClient, app: string, id: string): Promise<FlyMachine> {
  return client.request<FlyMachine>({
    method: 'GET',
    path: machinePath(app, id),
    rateLimitKey: `get:${id}`,
  });
}

/**
 * `GET /v1/apps/{app}/machines`, following `fly-next-cursor` pages. `metadata` becomes
 * exact-match `metadata.<key>=<value>` filters (ANDed by Fly); destroyed machines are
 * included only with `includeDeleted`. `timeoutMs`/`maxAttempts` bound each page's request.
 */
export async function listMachines(
  client: FlyClient,
  app: string,
  opts: { metadata?: Record<string, string>; includeDeleted?: boolean } & RequestLimits = {},
): Promise<FlyMachine[]> {
  const query: Record<string, string | boolean | undefined> = {};
  for (const [key, value] of Object.entries(opts.metadata ?? {})) query[`metadata.${key}`] = value;
  if (opts.includeDeleted === true) query.include_deleted = true;
  const all: FlyMachine[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    const res = await client.send<FlyMachine[] | undefined>({
      method: 'GET',
      path: machinesPath(app),
      query: { ...query, cursor },
      rateLimitKey: `list:${app}`,
      ...limitsOf(opts),
    });
    all.push(...(Array.isArray(res.body) ? res.body : []));
    const next = res.headers['fly-next-cursor'];
    cursor = Array.isArray(next) ? next[0] : next;
    if (cursor === undefined || cursor === '') break;
  }
  return all;
}

/** The machine named `name` in `app` (destroyed ones excluded), or `undefined`. */
export async function findMachineByName(
  client: FlyClient,
  app: string,
  name: string,
  limits: RequestLimits = {},
): Promise<FlyMachine | undefined> {
  const machines = await listMachines(client, app, limitsOf(limits));
  return machines.find((m) => m.name === name);
}

/** What one wait call saw. */
export type WaitOutcome =
  { outcome: 'reached'; state: string } | { outcome: 'timeout' } | { outcome: 'gone' };

/**
 * One long poll of `GET .../{id}/wait` (docs/fly-api.md#waiting-for-a-machine): `timeout` is
 * clamped to 1..60 s (Fly rejects more), the HTTP timeout is that plus 15 s, `version` is
 * passed as `version` (the OpenAPI file's name; `instance_id` is its deprecated alias). Fly
 * wants it when waiting for `stopped`: when it is not given then, the machine is fetched once
 * to learn it.
 * 200 -> reached (Fly's `state`, else the first requested state); 408 -> timeout (call
 * again); 404 -> gone. Anything else (400 bad arguments, "failed to reach desired state")
 * throws {@link FlyAPIError}.
 */
export async function waitForState(
  client: FlyClient,
  app: string,
  id: string,
  opts: { states: string[]; timeoutSeconds: number; version?: string; signal?: AbortSignal },
): Promise<WaitOutcome> {
  if (opts.states.length === 0) throw new Error('waitForState needs at least one state');
  let version = opts.version;
  if (version === undefined && opts.states.includes('stopped')) {
    // Fly's reference requires the version when waiting for `stopped`; look it up once.
    try {
      const machine = await getMachine(client, app, id);
      version = machine.version ?? machine.instance_id;
    } catch (e: unknown) {
      if (isFlyAPIError(e, 404)) return { outcome: 'gone' };
      throw e;
    }
  }
  const seconds = Math.min(
    MAX_WAIT_SECONDS,
    Math.max(1, Math.ceil(Number.isFinite(opts.timeoutSeconds) ? opts.timeoutSeconds : 1)),
  );
  try {
    const body = await client.request<{ state?: unknown } | undefined>({
      method: 'GET',
      path: `${machinePath(app, id)}/wait`,
      // Repeated `state=` parameters, as fly-go sends them.
      query: { state: opts.states, timeout: seconds, version },
      timeoutMs: seconds * 1000 + WAIT_HTTP_SLACK_MS,
      rateLimitKey: `wait:${id}`,
      ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    });
    const state =
      typeof body?.state === 'string' && body.state !== '' ? body.state : opts.states[0];
    return { outcome: 'reached', state: state ?? '' };
  } catch (e: unknown) {
    if (isFlyAPIError(e, 408)) return { outcome: 'timeout' };
    if (isFlyAPIError(e, 404)) return { outcome: 'gone' };
    throw e;
  }
}

/** `GET .../{id}/events` (newest first, at most 50). */
export async function getMachineEvents(
  client: FlyClient,
  app: string,
  id: string,
): Promise<FlyMachineEvent[]> {
  const events = await client.request<FlyMachineEvent[] | undefined>({
    method: 'GET',
    path: `${machinePath(app, id)}/events`,
    query: { limit: EVENTS_LIMIT },
    rateLimitKey: `events:${id}`,
  });
  return Array.isArray(events) ? events : [];
}

/**
 * `POST .../{id}/stop`. The body is always a JSON object: Fly answers 400 to a non-object
 * (docs/fly-api.md#stop-and-destroy). 404 (gone) and 409 (not running) are not errors.
 * Safe to repeat.
 */
export async function stopMachine(
  client: FlyClient,
  app: string,
  id: string,
  opts: { signal?: string; timeout?: string } = {},
): Promise<void> {
  const body: Record<string, string> = {};
  if (opts.signal !== undefined) body.signal = opts.signal;
  if (opts.timeout !== undefined) body.timeout = opts.timeout;
  try {
    await client.request({
      method: 'POST',
      path: `${machinePath(app, id)}/stop`,
      body,
      retry: 'safe',
      rateLimitKey: `stop:${id}`,
      responseType: 'ignore',
    });
  } catch (e: unknown) {
    if (isFlyAPIError(e, 404, 409)) return;
    throw e;
  }
}

/**
 * `DELETE .../{id}` with `force=true` by default (kills a running machine). 404 (already
 * gone) is not an error. Safe to repeat. `timeoutMs`/`maxAttempts` bound the request.
 */
export async function destroyMachine(
  client: FlyClient,
  app: string,
  id: string,
  opts: { force?: boolean } & RequestLimits = {},
): Promise<void> {
  try {
    await client.request({
      method: 'DELETE',
      path: machinePath(app, id),
      query: { force: (opts.force ?? true) ? true : undefined },
      rateLimitKey: `destroy:${id}`,
      responseType: 'ignore',
      ...limitsOf(opts),
    });
  } catch (e: unknown) {
    if (isFlyAPIError(e, 404)) return;
    throw e;
  }
}

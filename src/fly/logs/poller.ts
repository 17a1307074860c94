import type { FlyLogEntry } from '../api/api-types.js';
import type { FlyClient } from '../api/client.js';
import { systemClock, type Clock } from '../base/clock.js';
import { messageOf } from '../base/messages.js';
import { silentLogger, type Logger } from '../base/logger.js';
import {
  DEFAULT_EXIT_MARKER_GRACE_MS,
  DEFAULT_MAX_EXIT_LOG_WAIT_MS,
  type LogCollector,
} from './collector.js';
import { classifyFlyLogEntry, isObject } from './entries.js';

/** One page of Fly's logs endpoint, reduced to what the poller needs. */
export interface LogPage {
  entries: FlyLogEntry[];
  /** Where the next page starts; '' when the endpoint gave none. */
  nextToken: string;
}

/** Fetches the page that starts at `nextToken` ('' = the latest entries). */
export type FetchLogPage = (nextToken: string, signal: AbortSignal) => Promise<LogPage>;

/**
 * Reads one response body of the logs endpoint (docs/fly-api.md#the-logs-endpoint:
 * `{data: [{id, attributes: {...}}], meta: {next_token}}`). The endpoint is unofficial, so
 * anything unexpected is skipped rather than trusted: a malformed entry never stops the logs.
 */
export function parseLogsPage(body: unknown): LogPage {
  if (!isObject(body)) return { entries: [], nextToken: '' };
  const meta = body['meta'];
  const token = isObject(meta) ? meta['next_token'] : undefined;
  const data = Array.isArray(body['data']) ? (body['data'] as unknown[]) : [];
  const entries: FlyLogEntry[] = [];
  for (const raw of data) {
    const entry = toEntry(raw);
    if (entry !== undefined) entries.push(entry);
  }
  return {
    entries,
    nextToken: typeof token === 'string' ? token : typeof token === 'number' ? String(token) : '',
  };
}

/**
 * A {@link FetchLogPage} over `client`: `GET {logsUrl}/api/v1/apps/{app}/logs?next_token=`,
 * the endpoint `fly logs` uses (docs/fly-api.md#the-logs-endpoint); `next_token` is always
 * sent, empty at first. The client does not retry these calls: the poller owns the backoff,
 * so one failed request is one counted error.
 */
export function fetchLogPageFrom(client: FlyClient, app: string): FetchLogPage {
  const path = `/api/v1/apps/${encodeURIComponent(app)}/logs`;
  return async (nextToken, signal) => {
    const body = await client.request<unknown>({
      method: 'GET',
      path,
      query: { next_token: nextToken },
      api: 'logs',
      retry: 'never',
      signal,
    });
    return parseLogsPage(body);
  };
}

/** Options of a {@link FlyLogPoller}. */
export interface FlyLogPollerOptions {
  fetchPage: FetchLogPage;
  collector: LogCollector;
  clock?: Clock;
  logger?: Logger;
  /** Wait after a page with nothing new, and the first backoff step; default 250 ms. */
  minDelayMs?: number;
  /** Cap of the error backoff; default 4000 ms (flyctl: 4.096 s). */
  maxDelayMs?: number;
  /** Consecutive failed fetches after which polling gives up; default 10 (as flyctl). */
  maxConsecutiveErrors?: number;
  /**
   * How long an exited machine's stream waits for its `[flaude:exit:N]`; default
   * {@link DEFAULT_EXIT_MARKER_GRACE_MS} (15 s).
   */
  exitMarkerGraceMs?: number;
  /**
   * Longest an exited machine's stream stays open while its lines keep coming; default
   * {@link DEFAULT_MAX_EXIT_LOG_WAIT_MS} (5 min).
   */
  maxExitLogWaitMs?: number;
  /**
   * How far before `start()` the poller reads when the first page gives it no token to
   * continue from (default 60 s): covers a runner clock that is ahead of Fly's.
   */
  clockSkewMs?: number;
}

/** Default wait between pages that brought nothing new. */
export const DEFAULT_LOG_POLL_MIN_DELAY_MS = 250;
/** Default cap of the error backoff. */
export const DEFAULT_LOG_POLL_MAX_DELAY_MS = 4000;
/** Default number of consecutive errors before the poller gives up. */
export const DEFAULT_LOG_POLL_MAX_ERRORS = 10;
/** Default allowance for the runner's clock being ahead of Fly's. */
export const DEFAULT_LOG_CLOCK_SKEW_MS = 60_000;

// Pages overlap when next_token is a timestamp; a page holds at most ~100 entries, so a few
// thousand remembered ids cover any overlap many times over.
const REMEMBERED_IDS = 10_000;
// A server-sent Retry-After is honoured up to this bound.
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Polls Fly's logs endpoint for a whole app (one poller per app, not per machine) and feeds
 * every machine's lines into a {@link LogCollector}, routed by instance id.
 *
 * Like flyctl's poller (docs/fly-api.md#the-logs-endpoint): the first call sends an empty
 * `next_token`; while pages bring new entries it polls again at once, adopting `next_token`
 * only from non-empty pages (the newest entry's time when such a page has no token; and, when
 * the first page leaves it without one, paging from its own start time minus `clockSkewMs`,
 * so no burst is skipped); after a page with nothing new it waits `minDelayMs`; errors back
 * off (doubling up to `maxDelayMs`). 401/403/404 stop it at once; `maxConsecutiveErrors`
 * failures in a row make it give up. Giving up never throws: it records `failure`, warns,
 * and ends every open stream, so runs finish with the exit code from the machine's events.
 */
export class FlyLogPoller {
  readonly #fetchPage: FetchLogPage;
  readonly #collector: LogCollector;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #minDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #maxConsecutiveErrors: number;
  readonly #exitMarkerGraceMs: number;
  readonly #maxExitLogWaitMs: number;
  readonly #clockSkewMs: number;
  readonly #stopper = new AbortController();
  readonly #seenIds = new Set<string>();
  #state: 'idle' | 'running' | 'stopped' = 'idle';
  #loop: Promise<void> | undefined;
  #failure: Error | undefined;
  #pagesFetched = 0;
  #entriesRouted = 0;
  #duplicateEntries = 0;
  #consecutiveErrors = 0;

  /** A poller; nothing is fetched before `start()`. */
  constructor(opts: FlyLogPollerOptions) {
    this.#fetchPage = opts.fetchPage;
    this.#collector = opts.collector;
    this.#clock = opts.clock ?? systemClock;
    this.#logger = opts.logger ?? silentLogger;
    this.#minDelayMs = Math.max(0, opts.minDelayMs ?? DEFAULT_LOG_POLL_MIN_DELAY_MS);
    this.#maxDelayMs = Math.max(this.#minDelayMs, opts.maxDelayMs ?? DEFAULT_LOG_POLL_MAX_DELAY_MS);
    this.#maxConsecutiveErrors = Math.max(
      1,
      opts.maxConsecutiveErrors ?? DEFAULT_LOG_POLL_MAX_ERRORS,
    );
    this.#exitMarkerGraceMs = Math.max(0, opts.exitMarkerGraceMs ?? DEFAULT_EXIT_MARKER_GRACE_MS);
    this.#maxExitLogWaitMs = Math.max(0, opts.maxExitLogWaitMs ?? DEFAULT_MAX_EXIT_LOG_WAIT_MS);
    this.#clockSkewMs = Math.max(0, opts.clockSkewMs ?? DEFAULT_LOG_CLOCK_SKEW_MS);
  }

  /** Why polling stopped on its own (401/403/404 or repeated errors); undefined otherwise. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** True between `start()` and `stop()` (or giving up). */
  get running(): boolean {
    return this.#state === 'running';
  }

  /** How long an exited machine's stream waits for its exit marker (the option, or 15 s). */
  get exitMarkerGraceMs(): number {
    return this.#exitMarkerGraceMs;
  }

  /** Pages fetched successfully. */
  get pagesFetched(): number {
    return this.#pagesFetched;
  }

  /** New (not duplicate) entries handed to the collector, system entries included. */
  get entriesRouted(): number {
    return this.#entriesRouted;
  }

  /** Entries skipped because an overlapping page had already delivered them. */
  get duplicateEntries(): number {
    return this.#duplicateEntries;
  }

  /** Failed fetches since the last successful one. */
  get consecutiveErrors(): number {
    return this.#consecutiveErrors;
  }

  /** Starts polling in the background. Idempotent; a stopped poller does not restart. */
  start(): void {
    if (this.#state !== 'idle') return;
    this.#state = 'running';
    this.#loop = this.#poll().catch((error: unknown) => {
      this.#giveUp(new Error(`Fly log polling failed unexpectedly: ${messageOf(error)}`));
    });
  }

  /**
   * The one way to stop the poller: stops polling (aborting a fetch in flight) and ends every
   * open stream of the collector, since nothing feeds them any more. Resolves once the loop
   * has ended; never rejects. Idempotent, and safe after the poller gave up on its own (its
   * `failure` says why; it warned then).
   */
  async stop(): Promise<void> {
    this.#halt(new Error('log poller stopped'));
    await this.#loop;
  }

  /**
   * The machine has exited: keep its stream open until its `[flaude:exit:N]` arrives or no
   * line came for `exitMarkerGraceMs` since the exit or the latest line (Fly delivers logs
   * seconds after the fact, a long log takes many pages, and the last lines matter most), or
   * `maxExitLogWaitMs` passed, then end it. Ends it at once when the marker was already seen or the
   * poller has stopped. Resolves when the stream is finished; never rejects.
   */
  async machineExited(machineId: string): Promise<void> {
    if (this.#state === 'stopped') {
      this.#collector.finish(machineId);
      return;
    }
    await this.#collector.finishAfterExitMarker(machineId, {
      exitMarkerGraceMs: this.#exitMarkerGraceMs,
      maxWaitMs: this.#maxExitLogWaitMs,
      signal: this.#stopper.signal,
    });
  }

  async #poll(): Promise<void> {
    const signal = this.#stopper.signal;
    // An empty token means "the latest 100 lines". Once the first page is in, staying on ''
    // would lose lines whenever more than 100 arrive between two polls (a fresh app with no
    // history answers empty pages until its first machine bursts out its start-up lines), so
    // the poller then pages from its own start instead: next_token is a nanosecond timestamp
    // usable as a start time.
    const startToken = `${BigInt(Math.max(0, Math.floor(this.#clock.now() - this.#clockSkewMs))) * 1_000_000n}`;
    let token = '';
    while (!signal.aborted) {
      let page: LogPage;
      try {
        page = await this.#fetchPage(token, signal);
      } catch (error: unknown) {
        if (signal.aborted) return;
        if (!this.#onError(error)) return;
        // After a failed first request, '' would later mean "the latest 100 lines" and lose
        // whatever piled up beyond them during the outage: page from the start instead.
        if (token === '') token = startToken;
        await this.#sleep(this.#backoffDelay(error), signal);
        continue;
      }
      if (signal.aborted) return;
      this.#consecutiveErrors = 0;
      this.#pagesFetched++;
      const fresh = this.#route(page.entries);
      // Only a page that brought entries moves the start: an empty page's token may be "now",
      // and adopting it would skip lines Fly has not delivered yet (flyctl does the same).
      // A page with entries but no token would be fetched again and again, and every later
      // line missed: the newest entry's time is the next start then (pages overlap at it;
      // repeats are dropped by id).
      if (page.entries.length > 0)
        token = page.nextToken || (newestEntryToken(page.entries) ?? token);
      if (token === '') token = startToken;
      // A page of duplicates only (overlap, or no token to move on) counts as empty, so an
      // endpoint that keeps answering the same page is not hammered.
      if (fresh === 0) await this.#sleep(this.#minDelayMs, signal);
    }
  }

  /** Counts an error; false when polling must stop (fatal status or too many errors). */
  #onError(error: unknown): boolean {
    const status = statusCodeOf(error);
    // 401/403: the token cannot read this app's logs; 404: no such app. Retrying cannot help.
    if (status === 401 || status === 403 || status === 404) {
      this.#giveUp(
        new Error(
          `Fly's logs endpoint answered ${status}; log polling stopped (${messageOf(error)}). ` +
            'Exit codes come from the machines’ events instead.',
        ),
      );
      return false;
    }
    this.#consecutiveErrors++;
    if (this.#consecutiveErrors >= this.#maxConsecutiveErrors) {
      this.#giveUp(
        new Error(
          `Fly log polling gave up after ${this.#consecutiveErrors} consecutive errors; last: ${messageOf(error)}. ` +
            'Exit codes come from the machines’ events instead.',
        ),
      );
      return false;
    }
    this.#logger.debug(
      `Fly logs fetch failed (${this.#consecutiveErrors}/${this.#maxConsecutiveErrors}): ${messageOf(error)}`,
    );
    return true;
  }

  #backoffDelay(error: unknown): number {
    const doubled = Math.min(this.#maxDelayMs, this.#minDelayMs * 2 ** this.#consecutiveErrors);
    const retryAfter = retryAfterOf(error);
    return retryAfter === undefined
      ? doubled
      : Math.max(doubled, Math.min(retryAfter, MAX_RETRY_AFTER_MS));
  }

  /** Polling cannot go on: remembers why, warns once, and stops as `stop()` does. */
  #giveUp(error: Error): void {
    this.#failure = error;
    this.#logger.warning(error.message);
    this.#halt(error);
  }

  /**
   * What stopping is, whoever stops: no more fetches, and every stream ended. The loop never
   * routes a page after the abort, so nothing can reopen a stream.
   */
  #halt(reason: Error): void {
    if (this.#state !== 'stopped') {
      this.#state = 'stopped';
      this.#stopper.abort(reason);
    }
    this.#collector.finishAll();
  }

  /** Hands new entries to the collector; returns how many were new. */
  #route(entries: readonly FlyLogEntry[]): number {
    let fresh = 0;
    for (const entry of entries) {
      const key = entryKey(entry);
      if (this.#seenIds.has(key)) {
        this.#duplicateEntries++;
        continue;
      }
      this.#remember(key);
      fresh++;
      this.#entriesRouted++;
      this.#collector.push(classifyFlyLogEntry(entry));
    }
    return fresh;
  }

  #remember(key: string): void {
    this.#seenIds.add(key);
    if (this.#seenIds.size > REMEMBERED_IDS) {
      const oldest = this.#seenIds.values().next().value;
      if (oldest !== undefined) this.#seenIds.delete(oldest);
    }
  }

  async #sleep(ms: number, signal: AbortSignal): Promise<void> {
    try {
      await this.#clock.sleep(ms, signal);
    } catch {
      // Aborted by stop(): the loop checks the signal.
    }
  }
}

function toEntry(raw: unknown): FlyLogEntry | undefined {
  if (!isObject(raw) || !isObject(raw['attributes'])) return undefined;
  const a = raw['attributes'];
  const meta = isObject(a['meta']) ? a['meta'] : undefined;
  const id = raw['id'];
  return {
    id: typeof id === 'string' || typeof id === 'number' ? String(id) : '',
    attributes: {
      timestamp: text(a['timestamp']),
      message: text(a['message']),
      level: text(a['level']),
      instance: text(a['instance']),
      region: text(a['region']),
      ...(meta === undefined ? {} : { meta: toMeta(meta) }),
    },
  };
}

/** `meta` with its instance and region as text; an event that is no object is left out. */
function toMeta(meta: Record<string, unknown>): NonNullable<FlyLogEntry['attributes']['meta']> {
  const { event, ...rest } = meta;
  return {
    ...rest,
    instance: text(meta['instance']),
    region: text(meta['region']),
    ...(isObject(event)
      ? { event: typeof event['provider'] === 'string' ? { provider: event['provider'] } : {} }
      : {}),
  };
}

/** A field as text: a number or boolean as written, anything else empty. */
function text(v: unknown): string {
  return typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : '';
}

/**
 * The newest entry's timestamp as a `next_token` (nanoseconds since the epoch, which Fly reads
 * as a start time); undefined when no entry carries a readable RFC 3339 time.
 */
function newestEntryToken(entries: readonly FlyLogEntry[]): string | undefined {
  let newest: bigint | undefined;
  for (const entry of entries) {
    const ns = rfc3339Nanos(entry.attributes.timestamp);
    if (ns !== undefined && (newest === undefined || ns > newest)) newest = ns;
  }
  return newest === undefined ? undefined : String(newest);
}

/** An RFC 3339 time in nanoseconds, keeping all nine digits of the fraction Fly sends. */
function rfc3339Nanos(timestamp: string | undefined): bigint | undefined {
  const match =
    /^(\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/.exec(
      timestamp ?? '',
    );
  if (match === null) return undefined;
  const seconds = Date.parse(`${match[1] ?? ''}${match[3] ?? ''}`.replace(/[t ]/, 'T'));
  if (Number.isNaN(seconds)) return undefined;
  const fraction = BigInt((match[2] ?? '').slice(0, 9).padEnd(9, '0'));
  return BigInt(seconds) * 1_000_000n + fraction;
}

// Entries without an id (not seen from Fly, but the endpoint is unofficial) are told apart
// by their content.
function entryKey(entry: FlyLogEntry): string {
  if (entry.id !== '') return `id:${entry.id}`;
  const a = entry.attributes;
  return `content:${a.instance}\u0000${a.timestamp}\u0000${a.message}`;
}

function statusCodeOf(error: unknown): number | undefined {
  const code =
    isObject(error) || error instanceof Error
      ? (error as { statusCode?: unknown }).statusCode
      : undefined;
  return typeof code === 'number' ? code : undefined;
}

function retryAfterOf(error: unknown): number | undefined {
  const ms =
    error instanceof Error ? (error as { retryAfterMs?: unknown }).retryAfterMs : undefined;
  return typeof ms === 'number' && ms >= 0 ? ms : undefined;
}

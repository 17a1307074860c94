/**
 * The app logs behind the logs endpoint (docs/fly-api.md#the-logs-endpoint): entries with
 * nanosecond timestamps, released only after a lag (Fly's log pipeline is not instant), paged
 * by `next_token` = the nanosecond Unix timestamp of the last entry returned.
 */
import { newUlid } from './ids.ts';
import type { EmulatedLogEntry } from './types.ts';

export interface LogLine {
  app: string;
  instance: string;
  region: string;
  provider: string;
  message: string;
  level?: string;
}

export interface LogsPage {
  entries: EmulatedLogEntry[];
  /** '' when the page is empty (clients keep their previous token then, as flyctl does). */
  nextToken: string;
}

/** Fly's default page: the latest 100 lines; later pages hold at most 100 entries. */
export const LOGS_PAGE_SIZE = 100;
const DAY_NS = 24n * 3600n * 1_000_000_000n;

/** Wall clock in nanoseconds, strictly increasing across calls. */
class NanoClock {
  readonly #originNs = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
  #lastNs = 0n;

  now(): bigint {
    return this.#originNs + process.hrtime.bigint();
  }

  /** Like now(), but never the same value twice, so tokens identify one entry. */
  next(): bigint {
    let ns = this.now();
    if (ns <= this.#lastNs) ns = this.#lastNs + 1n;
    this.#lastNs = ns;
    return ns;
  }
}

export class LogsStore {
  readonly #entries: EmulatedLogEntry[] = [];
  readonly #clock = new NanoClock();
  #lagMs: number;

  constructor(lagMs: number) {
    this.#lagMs = lagMs;
  }

  get lagMs(): number {
    return this.#lagMs;
  }

  /** Applies to every entry from now on, stored ones included: release order stays the
   * timestamp order, so a client paging by token loses nothing. */
  setLag(ms: number): void {
    this.#lagMs = Math.max(0, ms);
  }

  append(line: LogLine): EmulatedLogEntry {
    const ns = this.#clock.next();
    const entry: EmulatedLogEntry = {
      id: newUlid(Number(ns / 1_000_000n)),
      app: line.app,
      instance: line.instance,
      region: line.region,
      provider: line.provider,
      level: line.level ?? 'info',
      message: line.message,
      timestamp: formatNanoTimestamp(ns),
      timestampNs: ns,
    };
    this.#entries.push(entry);
    return entry;
  }

  /** Every stored entry, oldest first, lag ignored. */
  all(filter: { app?: string; instance?: string } = {}): EmulatedLogEntry[] {
    return this.#entries.filter(
      (e) =>
        (filter.app === undefined || e.app === filter.app) &&
        (filter.instance === undefined || e.instance === filter.instance),
    );
  }

  /**
   * One page. Empty token: the latest 100 released lines of the last 24 h. Else the released
   * entries strictly after the token, oldest first, at most 100.
   */
  page(
    app: string,
    query: { nextToken: bigint | undefined; instance?: string; region?: string },
  ): LogsPage {
    const nowNs = this.#clock.now();
    const releasedUntil = nowNs - BigInt(Math.round(this.#lagMs * 1_000_000));
    const released = this.#entries.filter(
      (e) =>
        e.app === app &&
        e.timestampNs <= releasedUntil &&
        (query.instance === undefined || e.instance === query.instance) &&
        (query.region === undefined || e.region === query.region),
    );
    let entries: EmulatedLogEntry[];
    if (query.nextToken === undefined) {
      entries = released.filter((e) => e.timestampNs > nowNs - DAY_NS).slice(-LOGS_PAGE_SIZE);
    } else {
      const after = query.nextToken;
      entries = released.filter((e) => e.timestampNs > after).slice(0, LOGS_PAGE_SIZE);
    }
    const last = entries.at(-1);
    return { entries, nextToken: last ? last.timestampNs.toString() : '' };
  }
}

/** RFC 3339 with nanoseconds, as Fly's log timestamps are. */
export function formatNanoTimestamp(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const fraction = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${fraction}Z`;
}

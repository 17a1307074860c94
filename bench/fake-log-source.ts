/**
 * A stand-in for Fly's logs endpoint without HTTP: a {@link FetchLogPage} serving `lines`
 * numbered lines of one machine, then its `[flaude:exit:0]`, in pages of 100 (Fly's page
 * size) with `next_token` = the last entry's nanosecond timestamp. Entries
 * are made when a page is asked for, so the source itself holds nothing: the heap measured
 * around it is the poller's and the collector's.
 */
import type { FlyLogEntry } from '../src/fly/api/api-types.ts';
import type { FetchLogPage } from '../src/fly/logs/poller.ts';
import { benchLine } from './log-lines.ts';

const PAGE_SIZE = 100;
// One entry per microsecond from a fixed start; only the order matters.
const BASE_NS = 1_700_000_000_000_000_000n;
const STEP_NS = 1_000n;

/** The fake endpoint and what it served. */
export interface FakeLogSource {
  readonly fetchPage: FetchLogPage;
  /** Pages answered, empty ones included. */
  readonly pages: number;
}

/**
 * Serves `lines` lines of `machineId`, then the marker. An empty token starts at the first
 * line (the poller began before the machine printed anything). Each page is answered on a
 * later turn of the event loop, as a network answer would be, so the consumer and timers
 * run between pages.
 */
export function fakeLogSource(opts: {
  machineId: string;
  lines: number;
  onPage?: () => void;
}): FakeLogSource {
  const total = opts.lines + 1; // the marker is the last entry
  let pages = 0;
  const fetchPage: FetchLogPage = async (nextToken, signal) => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    signal.throwIfAborted();
    pages++;
    opts.onPage?.();
    const from = nextToken === '' ? 0 : Number((BigInt(nextToken) - BASE_NS) / STEP_NS) + 1;
    const entries: FlyLogEntry[] = [];
    for (let i = from; i < Math.min(total, from + PAGE_SIZE); i++) {
      entries.push(entry(opts.machineId, i, i === opts.lines ? '[flaude:exit:0]' : benchLine(i)));
    }
    const last = entries.at(-1);
    return { entries, nextToken: last === undefined ? '' : tokenOf(from + entries.length - 1) };
  };
  return {
    fetchPage,
    get pages() {
      return pages;
    },
  };
}

function tokenOf(index: number): string {
  return String(BASE_NS + BigInt(index) * STEP_NS);
}

function entry(machineId: string, index: number, message: string): FlyLogEntry {
  const ns = BASE_NS + BigInt(index) * STEP_NS;
  const seconds = new Date(Number(ns / 1_000_000n)).toISOString().slice(0, 19);
  return {
    id: `bench-${index}`,
    attributes: {
      timestamp: `${seconds}.${String(ns % 1_000_000_000n).padStart(9, '0')}Z`,
      message,
      level: 'info',
      instance: machineId,
      region: 'iad',
      meta: { instance: machineId, region: 'iad', event: { provider: 'app' } },
    },
  };
}

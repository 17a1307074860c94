import type { FlyLogEntry } from '../api/api-types.js';

/**
 * Where a log line came from. `system` lines are Fly's own (boot, proxy, health checks,
 * runner) and never reach a reviewer's stream.
 */
export type LogStreamKind = 'stdout' | 'stderr' | 'system';

/** One log line of one machine, whichever source delivered it. */
export interface LogLine {
  machineId: string;
  message: string;
  stream: LogStreamKind;
  /** As the source gave it (RFC 3339 from Fly); '' when absent. */
  timestamp: string;
}

// Fly's init and the guest kernel write to the same console as the process, so their lines
// arrive with provider `app` too ("INFO Starting init (commit: ...)...", "INFO Main child
// exited normally with code: 0", "[    2.345678] reboot: Restarting system", hallpass's
// "2024/01/01 00:00:00 listening on [fdaa:...]:22"). The reviewer container never prints
// lines of these shapes (its lines are `[flaude...]` markers or JSON objects).
const FLY_INIT_LINE = [
  /^ (?:INFO|WARN|ERROR|DEBUG|TRACE) /,
  /^\[\s*\d+\.\d{6}\] /,
  /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} listening on \[/,
];

/** True for a line that Fly's init, the guest kernel or its ssh server printed on the console. */
export function isFlyInitLine(message: string): boolean {
  return FLY_INIT_LINE.some((pattern) => pattern.test(message));
}

/**
 * Classifies an entry of Fly's HTTP logs endpoint (docs/fly-api.md#system-entries). The
 * process's output carries `meta.event.provider == 'app'`; every other provider (`runner`,
 * `proxy`, `machine`, ...) is Fly talking about the machine and becomes `system`, and so do
 * the `app` lines that Fly's init and the kernel print around the process
 * ({@link isFlyInitLine}).
 *
 * The endpoint does not tell stdout from stderr, so app output is `stdout`: this is also
 * why `[flaude:error]` lines are visible through the poller (the seed library lost them).
 * An entry without a provider is not documented; it is kept as `stdout` because dropping a
 * real line (possibly the exit marker) is worse than showing one stray line.
 */
export function classifyFlyLogEntry(entry: FlyLogEntry): LogLine {
  const attributes = entry.attributes;
  const provider = attributes.meta?.event?.provider;
  return {
    machineId: attributes.instance || attributes.meta?.instance || '',
    message: attributes.message ?? '',
    stream:
      (provider === undefined || provider === 'app') && !isFlyInitLine(attributes.message ?? '')
        ? 'stdout'
        : 'system',
    timestamp: attributes.timestamp ?? '',
  };
}

// Sources that mean "Fly's infrastructure", not the process (the seed library's list).
const SYSTEM_SOURCES = new Set(['fly', 'proxy', 'machine', 'runner']);
const STREAM_KINDS = new Set<string>(['stdout', 'stderr', 'system']);

type Json = Record<string, unknown>;

/**
 * True for a plain JSON object (not null, not an array). Shared with poller.ts; not part of
 * the library (logs/index.ts leaves it out).
 */
export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A field by dotted path, either nested (`{fly: {app: {instance}}}`, what Fly's log shipper
 * sends) or flat (`{"fly.app.instance": ...}`, what some relays flatten it to).
 */
function field(raw: Json, path: string): unknown {
  if (path in raw) return raw[path];
  let current: unknown = raw;
  for (const part of path.split('.')) {
    if (!isObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

function firstString(raw: Json, paths: readonly string[]): string | undefined {
  for (const path of paths) {
    const value = field(raw, path);
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function entryMessage(raw: Json): string | undefined {
  for (const key of ['message', 'log', 'msg']) {
    const value = raw[key];
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    // Fly's shipper format has `log: {level}`, an object that is not the message.
    if (key === 'message' && value !== null && typeof value === 'object') {
      return JSON.stringify(value);
    }
  }
  return undefined;
}

function streamOf(raw: Json): LogStreamKind {
  const explicit = raw['stream'];
  if (typeof explicit === 'string') {
    // An explicit stream we do not know is dropped (as the seed library did), not shown.
    return STREAM_KINDS.has(explicit) ? (explicit as LogStreamKind) : 'system';
  }
  const source = raw['source'];
  if (typeof source === 'string' && SYSTEM_SOURCES.has(source)) return 'system';
  const provider = field(raw, 'event.provider');
  if (typeof provider === 'string' && provider !== 'app') return 'system';
  return 'stdout';
}

/**
 * Parses one NDJSON entry posted to the log drain, in any of the shapes the seed library
 * accepted: machine id from `fly.app.instance`, `fly.machine.id`, `instance` or
 * `machine_id`; message from `message`, `log` or `msg` (numbers and booleans coerced);
 * an explicit `stream` wins; `source` fly/proxy/machine/runner (or a non-app
 * `event.provider`) means `system`; otherwise `stdout`. Timestamp from `timestamp`, `time`
 * or `ts`. Undefined when the value is not an object or has no machine id or no message.
 */
export function parseDrainEntry(raw: unknown): LogLine | undefined {
  if (!isObject(raw)) return undefined;
  const machineId = firstString(raw, [
    'fly.app.instance',
    'fly.machine.id',
    'instance',
    'machine_id',
  ]);
  if (machineId === undefined) return undefined;
  const message = entryMessage(raw);
  if (message === undefined) return undefined;
  return {
    machineId,
    message,
    stream: streamOf(raw),
    timestamp: firstString(raw, ['timestamp', 'time', 'ts']) ?? '',
  };
}

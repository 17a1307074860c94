/**
 * Registry of injected faults: HTTP faults by method + path (5xx bursts, dropped connections,
 * delays) and GitHub's secondary rate limit switched on for a number of requests.
 */
import type {
  FaultHandle,
  GithubEmulatorFaults,
  HttpFaultRule,
  SecondaryRateLimitRule,
} from './types.ts';

interface Counted {
  hits: number;
  remaining: number;
  removed: boolean;
}

interface HttpFaultEntry extends Counted {
  rule: HttpFaultRule;
  pathRegex: RegExp;
}

interface SecondaryEntry extends Counted {
  rule: SecondaryRateLimitRule;
}

/** An HTTP fault matched for one request. */
export interface ActiveHttpFault {
  rule: HttpFaultRule;
  label: string;
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

export class FaultRegistry implements GithubEmulatorFaults {
  #http: HttpFaultEntry[] = [];
  #secondary: SecondaryEntry[] = [];

  http(rule: HttpFaultRule): FaultHandle {
    const entry: HttpFaultEntry = {
      rule,
      pathRegex: pathPattern(rule.path),
      ...counter(rule.times),
    };
    this.#http.push(entry);
    return handle(entry);
  }

  secondaryRateLimit(rule: SecondaryRateLimitRule = {}): FaultHandle {
    const entry: SecondaryEntry = { rule, ...counter(rule.times) };
    this.#secondary.push(entry);
    return handle(entry);
  }

  clear(): void {
    for (const entry of [...this.#http, ...this.#secondary]) entry.removed = true;
    this.#http = [];
    this.#secondary = [];
  }

  /** The first live HTTP fault for this request (counted as used), if any. */
  takeHttpFault(method: string, path: string, rawBody = ''): ActiveHttpFault | undefined {
    const entry = this.#http.find(
      (e) =>
        isLive(e) &&
        (e.rule.method === undefined || e.rule.method.toUpperCase() === method.toUpperCase()) &&
        e.pathRegex.test(path) &&
        bodyMatches(e.rule.bodyMatches, rawBody),
    );
    if (!entry) return undefined;
    use(entry);
    return { rule: entry.rule, label: describeHttpFault(entry.rule) };
  }

  /** The secondary limit in force for this request (counted as used), if any. */
  takeSecondaryLimit(method: string): SecondaryRateLimitRule | undefined {
    const write = WRITE_METHODS.has(method.toUpperCase());
    const entry = this.#secondary.find((e) => isLive(e) && (!e.rule.writesOnly || write));
    if (!entry) return undefined;
    use(entry);
    return entry.rule;
  }
}

function counter(times: number | undefined): Counted {
  return { hits: 0, remaining: times ?? 1, removed: false };
}

function isLive(entry: Counted): boolean {
  return !entry.removed && entry.remaining > 0;
}

function use(entry: Counted): void {
  entry.hits++;
  entry.remaining--;
}

function handle(entry: Counted): FaultHandle {
  return {
    get hits() {
      return entry.hits;
    },
    remove() {
      entry.removed = true;
    },
  };
}

function bodyMatches(pattern: string | RegExp | undefined, rawBody: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === 'string' ? rawBody.includes(pattern) : pattern.test(rawBody);
}

/** `{name}` and `*` match one path segment; a RegExp is used as is. */
export function pathPattern(path: string | RegExp): RegExp {
  if (path instanceof RegExp) return path;
  const pattern = path
    .split('/')
    .map((segment) =>
      segment === '*' || /^\{[^}]+\}$/.test(segment)
        ? '[^/]+'
        : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${pattern}/?$`);
}

function describeHttpFault(rule: HttpFaultRule): string {
  const what = rule.dropConnection
    ? 'drop'
    : rule.status !== undefined
      ? String(rule.status)
      : `delay ${rule.delayMs ?? 0}ms`;
  return `http:${what}${rule.phase === 'after' ? ' after handling' : ''}`;
}

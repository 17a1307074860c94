/**
 * Registry of injected faults: HTTP faults (by method + path), machine faults (taken by each
 * newly created machine) and logs-endpoint outages.
 */
import type {
  FaultHandle,
  FlyEmulatorFaults,
  HttpFaultRule,
  LogsDownFault,
  MachineFault,
  MachineFaultCandidate,
  MachineFaultTarget,
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

interface MachineFaultEntry extends Counted {
  fault: MachineFault;
  match: (candidate: MachineFaultCandidate) => boolean;
}

interface LogsDownEntry extends Counted {
  fault: LogsDownFault;
  untilMs: number;
}

/** An HTTP fault matched for one request. */
export interface ActiveHttpFault {
  rule: HttpFaultRule;
  label: string;
}

export class FaultRegistry implements FlyEmulatorFaults {
  #http: HttpFaultEntry[] = [];
  #machine: MachineFaultEntry[] = [];
  #logsDown: LogsDownEntry[] = [];

  http(rule: HttpFaultRule): FaultHandle {
    const entry: HttpFaultEntry = {
      rule,
      pathRegex: pathPattern(rule.path),
      ...counter(rule.times),
    };
    this.#http.push(entry);
    return handle(entry);
  }

  machine(fault: MachineFault, target: MachineFaultTarget = {}): FaultHandle {
    const entry: MachineFaultEntry = {
      fault,
      match: target.match ?? (() => true),
      ...counter(target.times),
    };
    this.#machine.push(entry);
    return handle(entry);
  }

  logsDown(fault: LogsDownFault): FaultHandle {
    const entry: LogsDownEntry = {
      fault,
      untilMs: fault.forMs === undefined ? Infinity : Date.now() + fault.forMs,
      ...counter(fault.times ?? Infinity),
    };
    this.#logsDown.push(entry);
    return handle(entry);
  }

  clear(): void {
    for (const entry of [...this.#http, ...this.#machine, ...this.#logsDown]) entry.removed = true;
    this.#http = [];
    this.#machine = [];
    this.#logsDown = [];
  }

  /** The first live HTTP fault for this request (counted as used), if any. */
  takeHttpFault(method: string, path: string): ActiveHttpFault | undefined {
    const entry = this.#http.find(
      (e) =>
        isLive(e) &&
        (e.rule.method === undefined || e.rule.method.toUpperCase() === method.toUpperCase()) &&
        e.pathRegex.test(path),
    );
    if (!entry) return undefined;
    use(entry);
    return { rule: entry.rule, label: describeHttpFault(entry.rule) };
  }

  /** Every machine fault that applies to a machine being created (each counted as used). */
  takeMachineFaults(candidate: MachineFaultCandidate): MachineFault[] {
    const taken: MachineFault[] = [];
    for (const entry of this.#machine) {
      if (!isLive(entry) || !entry.match(candidate)) continue;
      use(entry);
      taken.push(entry.fault);
    }
    return taken;
  }

  /** The logs outage in force now (counted as used), if any. */
  takeLogsDown(): LogsDownFault | undefined {
    const now = Date.now();
    const entry = this.#logsDown.find((e) => isLive(e) && now < e.untilMs);
    if (!entry) return undefined;
    use(entry);
    return entry.fault;
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

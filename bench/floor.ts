/**
 * The floor of each figure: the least time Fly's documented limits (docs/fly-api.md, "Rate
 * limits and retries") and the emulated network allow, whatever the client. Pure arithmetic,
 * unit-tested in test/bench/floor.test.ts; the bench divides its figures by these.
 */

/** Fly's create limit per app: a bucket of `burst` creates refilled at `perSecond`. */
export interface CreateLimit {
  readonly burst: number;
  readonly perSecond: number;
}

/** Fly's documented limit on creates (each action: 1 req/s sustained, burst 3). */
export const FLY_CREATE_LIMIT: CreateLimit = { burst: 3, perSecond: 1 };

/** The emulated network: every answer's added delay, and the log lag. */
export interface Network {
  readonly latencyMs: number;
  readonly logLagMs: number;
}

/**
 * From the first create sent to the last one accepted, for `n` creates: the burst goes at
 * once, each further create waits for the bucket's next token, then takes one round trip.
 */
export function createSpreadMs(n: number, latencyMs: number, limit = FLY_CREATE_LIMIT): number {
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`createSpreadMs: n must be 1 or more, got ${n}`);
  return (Math.max(0, n - limit.burst) * 1000) / limit.perSecond + latencyMs;
}

/** What one reviewer's step cannot do without. */
export interface OneReviewerPath {
  /** Requests that must follow one another (app, create, wait, destroy, GitHub's). */
  readonly sequentialRequests: number;
  /** Node's own start: an empty script's process start to exit. */
  readonly nodeStartMs: number;
}

/**
 * One reviewer's overhead floor (step wall time minus the machine's run time): its chain of
 * requests, the log lag for the first line and again for the exit marker, and Node's start.
 */
export function oneReviewerOverheadFloorMs(path: OneReviewerPath, network: Network): number {
  return path.sequentialRequests * network.latencyMs + 2 * network.logLagMs + path.nodeStartMs;
}

/** The fan-out's floor inputs besides the network. */
export interface FanOut {
  readonly reviewers: number;
  /** Node's start plus the requests before the first create (the app). */
  readonly beforeFirstCreateMs: number;
  /** The emulator's launch and boot delays: create accepted to process started. */
  readonly bootMs: number;
  /** A machine's run time, process start to exit. */
  readonly runMs: number;
  /** Requests that must follow the last machine's exit (its destroy, the GitHub report). */
  readonly requestsAfterExit: number;
}

/** Step start until every machine has started: the create limit decides it. */
export function allStartedFloorMs(f: FanOut, network: Network): number {
  return f.beforeFirstCreateMs + createSpreadMs(f.reviewers, network.latencyMs) + f.bootMs;
}

/** Step start until the step ends: the last machine starts, runs, and its result lands. */
export function stepEndFloorMs(f: FanOut, network: Network): number {
  return (
    allStartedFloorMs(f, network) +
    f.runMs +
    network.logLagMs +
    f.requestsAfterExit * network.latencyMs
  );
}

/** A machine's exit until its result: the exit marker's log lag and one request. */
export function exitToResultFloorMs(network: Network): number {
  return network.logLagMs + network.latencyMs;
}

/** A line's emission until a reader sees it: the log lag alone. */
export function logLatencyFloorMs(network: Network): number {
  return network.logLagMs;
}

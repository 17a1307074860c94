/**
 * GitHub's secondary rate limits, as "Rate limits for the REST API" (docs.github.com, "About
 * secondary rate limits") documents them, per token: no more than 100 concurrent requests; no
 * more than 900 points a minute, a GET, HEAD or OPTIONS costing 1 point and a POST, PATCH, PUT
 * or DELETE 5; no more than 80 content-creating requests a minute and 500 an hour. GitHub does
 * not say how its windows slide: the emulator counts the last 60 s (or hour) at every request,
 * the strictest reading. A refused request is not counted (GitHub does not say either).
 */
import type { SecondaryLimitConfig, SecondaryLimitName } from './types.ts';

export const DEFAULT_SECONDARY_LIMITS: SecondaryLimitConfig = {
  concurrent: 100,
  pointsPerMinute: 900,
  contentCreatingPerMinute: 80,
  contentCreatingPerHour: 500,
};

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/**
 * The requests that create content the emulator serves: issues, conversation comments,
 * reviews, review comments and their replies (what GitHub names: "issues, comments, pull
 * requests"; octokit's throttling plugin spaces the same paths). Reactions are not content.
 */
const CONTENT_CREATING: readonly RegExp[] = [
  /^\/repos\/[^/]+\/[^/]+\/issues$/,
  /^\/repos\/[^/]+\/[^/]+\/issues\/[^/]+\/comments$/,
  /^\/repos\/[^/]+\/[^/]+\/pulls\/[^/]+\/reviews$/,
  /^\/repos\/[^/]+\/[^/]+\/pulls\/[^/]+\/comments$/,
  /^\/repos\/[^/]+\/[^/]+\/pulls\/[^/]+\/comments\/[^/]+\/replies$/,
];

/** Whether `method path` creates content, for the per-minute and per-hour budgets. */
export function isContentCreating(method: string, path: string): boolean {
  return method.toUpperCase() === 'POST' && CONTENT_CREATING.some((re) => re.test(path));
}

/** Points a request costs against the per-minute budget. */
export function requestPoints(method: string): number {
  return WRITE_METHODS.has(method.toUpperCase()) ? 5 : 1;
}

/** One token's admitted request: when, and what it cost. */
interface Admitted {
  atMs: number;
  points: number;
  content: boolean;
}

/** A request refused by a secondary limit: which one, and when to try again. */
export interface SecondaryRefusal {
  limit: SecondaryLimitName;
  retryAfterSeconds: number;
}

/** What {@link SecondaryLimits.admit} hands back for an admitted request. */
export interface SecondaryAdmission {
  /** Ends the request's share of the concurrency budget; call once, after answering. */
  done(): void;
}

export class SecondaryLimits {
  readonly #config: SecondaryLimitConfig;
  readonly #now: () => number;
  readonly #inFlight = new Map<string, number>();
  readonly #admitted = new Map<string, Admitted[]>();

  constructor(config: SecondaryLimitConfig, now: () => number = Date.now) {
    this.#config = config;
    this.#now = now;
  }

  /** Admits one request of `token`, or says which limit refuses it. */
  admit(token: string, method: string, path: string): SecondaryAdmission | SecondaryRefusal {
    const now = this.#now();
    const history = (this.#admitted.get(token) ?? []).filter((a) => now - a.atMs < HOUR_MS);
    this.#admitted.set(token, history);
    const lastMinute = history.filter((a) => now - a.atMs < MINUTE_MS);
    const points = requestPoints(method);
    const content = isContentCreating(method, path);
    const inFlight = this.#inFlight.get(token) ?? 0;
    const config = this.#config;

    if (inFlight >= config.concurrent) return { limit: 'concurrent', retryAfterSeconds: 1 };
    const used = lastMinute.reduce((sum, a) => sum + a.points, 0);
    if (used + points > config.pointsPerMinute) {
      return refusal('points-per-minute', lastMinute, now, MINUTE_MS);
    }
    if (content) {
      const minute = lastMinute.filter((a) => a.content);
      if (minute.length >= config.contentCreatingPerMinute) {
        return refusal('content-creating-per-minute', minute, now, MINUTE_MS);
      }
      const hour = history.filter((a) => a.content);
      if (hour.length >= config.contentCreatingPerHour) {
        return refusal('content-creating-per-hour', hour, now, HOUR_MS);
      }
    }

    history.push({ atMs: now, points, content });
    this.#inFlight.set(token, inFlight + 1);
    let ended = false;
    return {
      done: () => {
        if (ended) return;
        ended = true;
        this.#inFlight.set(token, (this.#inFlight.get(token) ?? 1) - 1);
      },
    };
  }
}

/** Refused until the oldest counted request leaves the window (at least a second). */
function refusal(
  limit: SecondaryLimitName,
  counted: readonly Admitted[],
  now: number,
  windowMs: number,
): SecondaryRefusal {
  const oldest = counted[0]?.atMs ?? now;
  return { limit, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
}

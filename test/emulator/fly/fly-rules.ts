/**
 * Constraints Fly documents outside the OpenAPI schema (docs/fly-api.md: apps, creating a
 * machine, waiting, guest presets).
 * A request breaking one is refused like a schema violation and recorded with it.
 */
import { parseGoDuration } from './go-duration.ts';

export interface RuleViolation {
  /** HTTP status Fly answers with. */
  status: 400 | 422;
  reasons: string[];
}

/** Fly's wording when an app name is refused (superfly/flyctl#4292). */
export const APP_NAME_RULE = 'Name under 63 chars using numbers, lowercase letters and dashes';
const APP_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Max wait timeout in seconds: 60 is Fly's default and maximum. */
export const MAX_WAIT_SECONDS = 60;

/**
 * Checks the documented rules for one operation (`METHOD template`). Returns undefined
 * when the request is fine.
 */
export function checkFlyRules(
  operationKey: string,
  query: URLSearchParams,
  body: unknown,
): RuleViolation | undefined {
  switch (operationKey) {
    case 'POST /v1/apps':
      return checkCreateApp(body);
    case 'POST /v1/apps/{app_name}/machines':
      return checkCreateMachine(body);
    case 'GET /v1/apps/{app_name}/machines/{machine_id}/wait':
      return checkWait(query);
    case 'POST /v1/apps/{app_name}/machines/{machine_id}/stop':
      return checkStop(body);
    default:
      return undefined;
  }
}

function checkCreateApp(body: unknown): RuleViolation | undefined {
  const b = asRecord(body);
  // Fly's Apps page writes `app_name`, the OpenAPI file and fly-go `name`; both work.
  const name = b['name'] ?? b['app_name'];
  if (typeof name !== 'string' || name === '') {
    return { status: 400, reasons: ['app name is required (name or app_name)'] };
  }
  if (typeof b['org_slug'] !== 'string' || b['org_slug'] === '') {
    return { status: 400, reasons: ['org_slug is required'] };
  }
  if (!APP_NAME.test(name))
    return { status: 422, reasons: [`Validation failed: ${APP_NAME_RULE}`] };
  return undefined;
}

function checkCreateMachine(body: unknown): RuleViolation | undefined {
  const config = asRecord(asRecord(body)['config']);
  const reasons: string[] = [];
  // Only config.image is required (Fly's Machines resource page).
  if (typeof config['image'] !== 'string' || config['image'] === '') {
    reasons.push('config.image is required');
  }
  const guest = config['guest'];
  if (guest !== undefined) reasons.push(...checkGuest(asRecord(guest)));
  reasons.push(
    ...checkStopTimeout(asRecord(config['stop_config'])['timeout'], 'config.stop_config.timeout'),
  );
  const restart = asRecord(config['restart']);
  if (typeof restart['max_retries'] === 'number' && restart['max_retries'] < 0) {
    reasons.push('config.restart.max_retries must not be negative');
  }
  return reasons.length > 0 ? { status: 400, reasons } : undefined;
}

/** Fly's presets and memory bounds (docs/fly-api.md#guest-presets-and-memory). */
function checkGuest(guest: Record<string, unknown>): string[] {
  const reasons: string[] = [];
  const kind = guest['cpu_kind'] ?? 'shared';
  const cpus = typeof guest['cpus'] === 'number' ? guest['cpus'] : 1;
  const memory = guest['memory_mb'];
  if (kind !== 'shared' && kind !== 'performance') {
    reasons.push(
      `config.guest.cpu_kind must be shared or performance, got ${JSON.stringify(kind)}`,
    );
    return reasons;
  }
  if (cpus < 1) reasons.push('config.guest.cpus must be at least 1');
  // GPU machines come as fixed presets; their memory is not bounded per vCPU.
  if (typeof guest['gpus'] === 'number' && guest['gpus'] > 0) return reasons;
  if (typeof memory === 'number') {
    if (memory % 256 !== 0)
      reasons.push(`config.guest.memory_mb ${memory} is not a multiple of 256`);
    const [minPerCpu, maxPerCpu] = kind === 'shared' ? [256, 2048] : [2048, 8192];
    if (memory < minPerCpu * cpus || memory > maxPerCpu * cpus) {
      reasons.push(
        `config.guest.memory_mb ${memory} is outside ${minPerCpu * cpus}..${maxPerCpu * cpus} for ${cpus} ${kind} vCPU(s)`,
      );
    }
  }
  return reasons;
}

function checkWait(query: URLSearchParams): RuleViolation | undefined {
  const states = query.getAll('state').flatMap((s) => s.split(','));
  if (states.includes('stopped') && !query.get('instance_id') && !query.get('version')) {
    // Fly's Machines page requires the version (instance_id) when waiting for stopped.
    return {
      status: 400,
      reasons: ['instance_id (the machine version) is required when waiting for state stopped'],
    };
  }
  const timeout = query.get('timeout');
  if (timeout === null) return undefined;
  const seconds = Number(timeout);
  // Above 60 Fly answers invalid_argument (OpenRouterLabs/spawn#1619). Below 1 Fly's docs
  // are silent; fly-go never sends it (it clamps to [1, 60]), so refusing it is the safe side.
  if (seconds > MAX_WAIT_SECONDS || seconds < 1) {
    return {
      status: 400,
      reasons: [`invalid_argument: timeout must be between 1 and ${MAX_WAIT_SECONDS} seconds`],
    };
  }
  return undefined;
}

function checkStop(body: unknown): RuleViolation | undefined {
  const reasons = checkStopTimeout(asRecord(body)['timeout'], 'timeout');
  return reasons.length > 0 ? { status: 400, reasons } : undefined;
}

function checkStopTimeout(timeout: unknown, where: string): string[] {
  if (timeout === undefined) return [];
  if (typeof timeout === 'string' && parseGoDuration(timeout) !== undefined) return [];
  return [`${where} ${JSON.stringify(timeout)} is not a Go duration like "10s"`];
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

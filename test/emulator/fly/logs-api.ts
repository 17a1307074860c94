/**
 * `GET /api/v1/apps/{app}/logs?next_token=&instance=&region=` — the HTTP logs endpoint `fly logs`
 * polls (docs/fly-api.md#the-logs-endpoint), answered in its JSON:API shape.
 *
 * Not rate-limited: Fly documents limits for the Machines API only.
 */
import { flyErrorBody } from './errors.ts';
import type { FaultRegistry } from './faults.ts';
import type { ApiHandler } from './http-server.ts';
import type { LogsStore } from './logs-store.ts';
import type { MachineStore } from './machine-store.ts';
import type { EmulatedLogEntry } from './types.ts';

const LOGS_PATH = /^\/api\/v1\/apps\/([^/]+)\/logs\/?$/;

export interface LogsApiDeps {
  store: MachineStore;
  logs: LogsStore;
  faults: FaultRegistry;
}

export function createLogsApiHandler(deps: LogsApiDeps): ApiHandler {
  return (request) => {
    const down = deps.faults.takeLogsDown();
    if (down) {
      return Promise.resolve({
        status: down.status,
        body: down.body ?? flyErrorBody(`injected logs outage: HTTP ${down.status}`),
        fault: `logsDown:${down.status}`,
      });
    }
    const match = LOGS_PATH.exec(request.path);
    if (!match) return Promise.resolve({ status: 404, body: flyErrorBody('not found') });
    if (request.method !== 'GET') {
      return Promise.resolve({ status: 405, body: flyErrorBody('method not allowed') });
    }
    const appName = decodeURIComponent(match[1] ?? '');
    const app = deps.store.apps.get(appName);
    // An app of another org is as invisible here as a missing one.
    if (!app || app.ownedByOtherOrg) {
      return Promise.resolve({ status: 404, body: flyErrorBody('Could not find App') });
    }
    const token = request.query.get('next_token') ?? '';
    if (token !== '' && !/^\d+$/.test(token)) {
      return Promise.resolve({
        status: 400,
        body: flyErrorBody(`invalid next_token ${JSON.stringify(token)}`),
      });
    }
    const instance = request.query.get('instance');
    const region = request.query.get('region');
    const page = deps.logs.page(app.name, {
      nextToken: token === '' ? undefined : BigInt(token),
      ...(instance ? { instance } : {}),
      ...(region ? { region } : {}),
    });
    return Promise.resolve({
      status: 200,
      body: { data: page.entries.map(entryJson), meta: { next_token: page.nextToken } },
    });
  };
}

function entryJson(entry: EmulatedLogEntry): Record<string, unknown> {
  return {
    id: entry.id,
    type: 'logs',
    attributes: {
      timestamp: entry.timestamp,
      message: entry.message,
      level: entry.level,
      instance: entry.instance,
      region: entry.region,
      meta: {
        instance: entry.instance,
        region: entry.region,
        event: { provider: entry.provider },
      },
    },
  };
}

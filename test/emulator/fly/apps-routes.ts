/** Apps resource (docs/fly-api.md#apps). */
import { FlyHttpError } from './errors.ts';
import type { AppRecord } from './machine-store.ts';
import { asRecord, json, perApp, requireApp, type EmulatorState, type Route } from './routes.ts';

/** The `App` object. Status is `pending` until the app's first machine, then `deployed`. */
export function appJson(state: EmulatorState, app: AppRecord): Record<string, unknown> {
  const machines = state.store.machinesOfApp(app.name);
  return {
    id: app.id,
    name: app.name,
    network: app.network,
    organization: { name: app.org, slug: app.org, internal_numeric_id: orgNumericId(app.org) },
    status: machines.length > 0 ? 'deployed' : 'pending',
    machine_count: machines.filter((m) => m.state !== 'destroyed').length,
    volume_count: 0,
  };
}

export const appRoutes: Record<string, Route> = {
  'GET /v1/apps': {
    rateLimit: (_params) => ({ key: 'list_apps:org' }),
    handle: ({ state, query }) => {
      const org = query.get('org_slug') ?? '';
      const apps = [...state.store.apps.values()].filter(
        (a) => !a.ownedByOtherOrg && a.org === org,
      );
      return json(200, { total_apps: apps.length, apps: apps.map((a) => appJson(state, a)) });
    },
  },

  'POST /v1/apps': {
    // App creation is org-scoped; one bucket for the org.
    rateLimit: (_params) => ({ key: 'create_app:org' }),
    handle: ({ state, body }) => {
      const b = asRecord(body);
      const name = String(b['name'] ?? b['app_name']);
      const org = String(b['org_slug']);
      const idempotencyKey =
        typeof b['idempotency_key'] === 'string' ? b['idempotency_key'] : undefined;
      if (idempotencyKey !== undefined) {
        const earlier = [...state.store.apps.values()].find(
          (a) => a.idempotencyKey === idempotencyKey,
        );
        if (earlier && earlier.name === name) {
          return json(201, { id: earlier.id, created_at: earlier.createdAt });
        }
        if (earlier) {
          throw new FlyHttpError(422, 'idempotency_key was already used to create a different app');
        }
      }
      const knownOrg =
        org === 'personal' || org === state.orgSlug || (state.knownOrgs?.has(org) ?? true);
      if (!knownOrg) throw new FlyHttpError(404, `organization ${org} not found`);
      // App names are global across Fly, not per org.
      if (state.store.apps.has(name)) {
        throw new FlyHttpError(422, `app name "${name}" is already taken`, 'name_taken');
      }
      const app = state.store.addApp({
        name,
        org: org === 'personal' ? state.orgSlug : org,
        ownedByOtherOrg: false,
        ...(typeof b['network'] === 'string' ? { network: b['network'] } : {}),
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      });
      return json(201, { id: app.id, created_at: app.createdAt });
    },
  },

  'GET /v1/apps/{app_name}': {
    rateLimit: perApp('get_app'),
    handle: ({ state, params }) =>
      json(200, appJson(state, requireApp(state, params['app_name'] ?? ''))),
  },

  'DELETE /v1/apps/{app_name}': {
    rateLimit: perApp('delete_app'),
    handle: ({ state, params }) => {
      const app = requireApp(state, params['app_name'] ?? '');
      for (const machine of state.store.machinesOfApp(app.name)) {
        state.supervisor.destroy(machine, true);
      }
      state.store.apps.delete(app.name);
      return json(202);
    },
  },
};

function orgNumericId(org: string): number {
  let hash = 7;
  for (const ch of org) hash = (hash * 31 + ch.charCodeAt(0)) % 1_000_000;
  return hash;
}

/**
 * Fly apps: look up, create, and "make sure it exists" (docs/fly-api.md#apps).
 */
import type { FlyApp } from './api-types.js';
import type { FlyClient } from './client.js';
import { FlyAPIError, isAmbiguousFailure, isFlyAPIError } from './errors.js';

/** The org Fly uses for a user's own apps. */
export const DEFAULT_ORG = 'personal';

/**
 * `GET /v1/apps/{name}`. Returns `undefined` on 404 (no such app, the name is free).
 * Throws {@link FlyAPIError}: 401 with a "token rejected" message; 403 when the app exists
 * in an organization this token cannot see; anything else as Fly said it.
 */
export async function getApp(client: FlyClient, name: string): Promise<FlyApp | undefined> {
  try {
    const app = await client.request<FlyApp>({ method: 'GET', path: appPath(name) });
    return { ...app, name: app.name ?? name };
  } catch (e: unknown) {
    if (isFlyAPIError(e, 404)) return undefined;
    throw explain(e, name);
  }
}

/**
 * `POST /v1/apps` with `{name, org_slug}`; sent once (a create is not blindly repeated).
 * Fly answers 201 `{id, created_at}`, so the returned app is assembled from what was sent.
 * Throws {@link FlyAPIError} with an explanation for 401, 403 (token may not create apps),
 * and 422 `name_taken` (app names are global across Fly).
 */
export async function createApp(client: FlyClient, name: string, org: string): Promise<FlyApp> {
  try {
    const created = await client.request<{ id?: string } | undefined>({
      method: 'POST',
      path: '/v1/apps',
      body: { name, org_slug: org },
      retry: 'never',
    });
    return {
      ...(created?.id === undefined ? {} : { id: created.id }),
      name,
      organization: { slug: org },
    };
  } catch (e: unknown) {
    throw explain(e, name, org);
  }
}

/**
 * The app `name`, created in `org` when it does not exist (GET, then POST only on 404).
 * When the create loses a race (422 `name_taken`) or fails ambiguously (no answer, 408,
 * 5xx) and a GET now finds the app, that app is returned. When the name belongs to another
 * organization the error says so: app names are global on Fly, not per org.
 */
export async function ensureApp(
  client: FlyClient,
  name: string,
  org: string = DEFAULT_ORG,
): Promise<FlyApp> {
  const existing = await getApp(client, name);
  if (existing !== undefined) return existing;
  try {
    return await createApp(client, name, org);
  } catch (e: unknown) {
    const raced = (isFlyAPIError(e, 422) && e.status === 'name_taken') || isAmbiguousFailure(e);
    if (!raced) throw e;
    let now: FlyApp | undefined;
    try {
      now = await getApp(client, name);
    } catch (lookup: unknown) {
      // A 403 here means the name was taken by someone else: the create's explanation fits.
      if (isFlyAPIError(lookup, 403)) throw e;
      throw lookup;
    }
    if (now !== undefined) return now;
    throw e;
  }
}

function appPath(name: string): string {
  return `/v1/apps/${encodeURIComponent(name)}`;
}

/** Turns the app-level failures users hit into messages that say what to do. */
function explain(e: unknown, name: string, org?: string): unknown {
  if (!(e instanceof FlyAPIError)) return e;
  if (e.statusCode === 401) {
    return e.withMessage(
      `Fly rejected the API token (401 ${e.detail}) on ${e.method} ${e.path}: ` +
        'check that the token is valid, not expired, and copied whole ' +
        '(create one with `fly tokens create deploy -a <app>` or `fly tokens create org`).',
    );
  }
  if (e.statusCode === 403) {
    return e.withMessage(
      org === undefined
        ? `Fly app "${name}" exists but belongs to an organization this token cannot access ` +
            `(403 ${e.detail}). App names are global across all of Fly: pick another app name, ` +
            'or use a token of the organization that owns it.'
        : `This Fly token may not create app "${name}" in organization "${org}" (403 ${e.detail}). ` +
            'Deploy tokens are limited to one existing app: create the app with ' +
            '`fly apps create` or use an org token (`fly tokens create org`).',
    );
  }
  if (e.statusCode === 422 && e.status === 'name_taken') {
    return e.withMessage(
      `Fly app name "${name}" is already taken by another organization (422 name_taken). ` +
        'App names are global across all of Fly, not per organization: pick another app name.',
    );
  }
  return e;
}

import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createApp, ensureApp, getApp } from '../../src/fly/apps.ts';
import { FlyClient } from '../../src/fly/client.ts';
import { FlyAPIError } from '../../src/fly/errors.ts';
import { FakeClock } from './fake-clock.ts';
import { startScriptedServer, type Reply, type ScriptedServer } from './http-script.ts';

const TOKEN = 'fo1_appsTestToken';
let server: ScriptedServer;
let client: FlyClient;

beforeEach(async () => {
  server = await startScriptedServer();
  client = new FlyClient({
    token: TOKEN,
    apiUrl: server.url,
    clock: new FakeClock(),
    random: () => 0,
  });
});

afterEach(async () => {
  await client.close();
  await server.stop();
});

async function failure(p: Promise<unknown>): Promise<FlyAPIError> {
  try {
    await p;
  } catch (e: unknown) {
    if (e instanceof FlyAPIError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

const APP = {
  id: 'app1',
  name: 'reviewers',
  status: 'deployed',
  organization: { name: 'Acme', slug: 'acme' },
};
const calls = (): string[] => server.requests.map((r) => `${r.method} ${r.path}`);

describe('getApp', () => {
  test('returns the app', async () => {
    server.script.push({ status: 200, json: APP });
    expect(await getApp(client, 'reviewers')).toEqual(APP);
    expect(calls()).toEqual(['GET /v1/apps/reviewers']);
  });

  test('404 is undefined', async () => {
    server.script.push({ status: 404, json: { error: 'app not found' } });
    expect(await getApp(client, 'reviewers')).toBeUndefined();
  });
});

describe('createApp', () => {
  test('posts name and org_slug and assembles the app from the 201 answer', async () => {
    server.script.push({ status: 201, json: { id: 'new1', created_at: 1 } });
    expect(await createApp(client, 'reviewers', 'acme')).toEqual({
      id: 'new1',
      name: 'reviewers',
      organization: { slug: 'acme' },
    });
    expect(server.requests[0]?.json).toEqual({ name: 'reviewers', org_slug: 'acme' });
  });

  test('is not repeated after an ambiguous failure', async () => {
    server.script.push({ status: 503, text: '' }, { status: 201, json: { id: 'x' } });
    expect((await failure(createApp(client, 'reviewers', 'acme'))).statusCode).toBe(503);
    expect(calls()).toEqual(['POST /v1/apps']);
  });
});

describe('ensureApp', () => {
  test('an existing app is returned without a create', async () => {
    server.script.push({ status: 200, json: APP });
    expect(await ensureApp(client, 'reviewers', 'acme')).toEqual(APP);
    expect(calls()).toEqual(['GET /v1/apps/reviewers']);
  });

  test('404 creates the app in the org (default personal)', async () => {
    server.script.push({ status: 404, text: '' }, { status: 201, json: { id: 'n1' } });
    const app = await ensureApp(client, 'reviewers');
    expect(app).toEqual({ id: 'n1', name: 'reviewers', organization: { slug: 'personal' } });
    expect(calls()).toEqual(['GET /v1/apps/reviewers', 'POST /v1/apps']);
    expect(server.requests[1]?.json).toEqual({ name: 'reviewers', org_slug: 'personal' });
  });

  test('a lost create race returns the app that now exists', async () => {
    server.script.push(
      { status: 404, text: '' },
      { status: 422, json: { error: 'already taken', status: 'name_taken' } },
      { status: 200, json: APP },
    );
    expect(await ensureApp(client, 'reviewers', 'acme')).toEqual(APP);
    expect(calls()).toEqual(['GET /v1/apps/reviewers', 'POST /v1/apps', 'GET /v1/apps/reviewers']);
  });

  test('an ambiguous create that did happen returns the app', async () => {
    server.script.push({ status: 404, text: '' }, { drop: true }, { status: 200, json: APP });
    expect(await ensureApp(client, 'reviewers', 'acme')).toEqual(APP);
    expect(calls()).toEqual(['GET /v1/apps/reviewers', 'POST /v1/apps', 'GET /v1/apps/reviewers']);
  });

  test.each<[string, Reply[], number, RegExp]>([
    [
      '1 name taken by another org (GET 403 after 422)',
      [
        { status: 404, text: '' },
        { status: 422, json: { error: 'taken', status: 'name_taken' } },
        { status: 403, text: '' },
      ],
      422,
      /Fly app name "reviewers" is already taken by another organization.*App names are global across all of Fly/,
    ],
    [
      '2 name taken and still not visible',
      [
        { status: 404, text: '' },
        { status: 422, json: { error: 'taken', status: 'name_taken' } },
        { status: 404, text: '' },
      ],
      422,
      /already taken by another organization/,
    ],
    [
      '3 app in an org the token cannot see (first GET 403)',
      [{ status: 403, json: { error: 'unauthorized' } }],
      403,
      /Fly app "reviewers" exists but belongs to an organization this token cannot access.*App names are global/,
    ],
    [
      '4 token rejected',
      [{ status: 401, json: { error: 'token invalid' } }],
      401,
      /^Fly rejected the API token \(401 token invalid\) on GET \/v1\/apps\/reviewers/,
    ],
    [
      '5 token may not create apps',
      [
        { status: 404, text: '' },
        { status: 403, json: { error: 'forbidden' } },
      ],
      403,
      /may not create app "reviewers" in organization "acme".*Deploy tokens are limited to one existing app/,
    ],
    [
      '6 other 422 passes through',
      [
        { status: 404, text: '' },
        { status: 422, json: { error: 'invalid org' } },
      ],
      422,
      /^Fly API POST \/v1\/apps failed: 422: invalid org$/,
    ],
  ])('%s', async (_title, replies, statusCode, message) => {
    server.script.push(...replies);
    const e = await failure(ensureApp(client, 'reviewers', 'acme'));
    expect(e.statusCode).toBe(statusCode);
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain(TOKEN);
  });
});

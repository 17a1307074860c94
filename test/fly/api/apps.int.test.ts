import { describe, expect, test } from 'vitest';
import { createApp, ensureApp, getApp } from '../../../src/fly/api/apps.ts';
import { flyAPIFailure, useScriptedFly, type Reply } from '../http-script.ts';

const TOKEN = 'fo1_appsTestToken';
const fly = useScriptedFly({ token: TOKEN, random: () => 0 });

const APP = {
  id: 'app1',
  name: 'reviewers',
  status: 'deployed',
  organization: { name: 'Acme', slug: 'acme' },
};

describe('getApp', () => {
  test('returns the app', async () => {
    fly.server.script.push({ status: 200, json: APP });
    expect(await getApp(fly.client, 'reviewers')).toEqual(APP);
    expect(fly.calls()).toEqual(['GET /v1/apps/reviewers']);
  });

  test('404 is undefined', async () => {
    fly.server.script.push({ status: 404, json: { error: 'app not found' } });
    expect(await getApp(fly.client, 'reviewers')).toBeUndefined();
  });
});

describe('createApp', () => {
  test('posts name and org_slug and assembles the app from the 201 answer', async () => {
    fly.server.script.push({ status: 201, json: { id: 'new1', created_at: 1 } });
    expect(await createApp(fly.client, 'reviewers', 'acme')).toEqual({
      id: 'new1',
      name: 'reviewers',
      organization: { slug: 'acme' },
    });
    expect(fly.server.requests[0]?.json).toEqual({ name: 'reviewers', org_slug: 'acme' });
  });

  test('is not repeated after an ambiguous failure', async () => {
    fly.server.script.push({ status: 503, text: '' }, { status: 201, json: { id: 'x' } });
    expect((await flyAPIFailure(createApp(fly.client, 'reviewers', 'acme'))).statusCode).toBe(503);
    expect(fly.calls()).toEqual(['POST /v1/apps']);
  });
});

describe('ensureApp', () => {
  test('an existing app is returned without a create', async () => {
    fly.server.script.push({ status: 200, json: APP });
    expect(await ensureApp(fly.client, 'reviewers', 'acme')).toEqual(APP);
    expect(fly.calls()).toEqual(['GET /v1/apps/reviewers']);
  });

  test('404 creates the app in the org (default personal)', async () => {
    fly.server.script.push({ status: 404, text: '' }, { status: 201, json: { id: 'n1' } });
    const app = await ensureApp(fly.client, 'reviewers');
    expect(app).toEqual({ id: 'n1', name: 'reviewers', organization: { slug: 'personal' } });
    expect(fly.calls()).toEqual(['GET /v1/apps/reviewers', 'POST /v1/apps']);
    expect(fly.server.requests[1]?.json).toEqual({ name: 'reviewers', org_slug: 'personal' });
  });

  test('a lost create race returns the app that now exists', async () => {
    fly.server.script.push(
      { status: 404, text: '' },
      { status: 422, json: { error: 'already taken', status: 'name_taken' } },
      { status: 200, json: APP },
    );
    expect(await ensureApp(fly.client, 'reviewers', 'acme')).toEqual(APP);
    expect(fly.calls()).toEqual([
      'GET /v1/apps/reviewers',
      'POST /v1/apps',
      'GET /v1/apps/reviewers',
    ]);
  });

  test('an ambiguous create that did happen returns the app', async () => {
    fly.server.script.push({ status: 404, text: '' }, { drop: true }, { status: 200, json: APP });
    expect(await ensureApp(fly.client, 'reviewers', 'acme')).toEqual(APP);
    expect(fly.calls()).toEqual([
      'GET /v1/apps/reviewers',
      'POST /v1/apps',
      'GET /v1/apps/reviewers',
    ]);
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
    fly.server.script.push(...replies);
    const e = await flyAPIFailure(ensureApp(fly.client, 'reviewers', 'acme'));
    expect(e.statusCode).toBe(statusCode);
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain(TOKEN);
  });
});

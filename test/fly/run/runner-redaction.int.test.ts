// run and runWithLogs against a Fly that echoes the create body in its 422: what reaches the
// error must have the machine's credentials redacted. A scripted server on loopback stands in
// for Fly, so the real client builds and sends the request.
import { afterEach, describe, expect, test } from 'vitest';
import { FlyClient } from '../../../src/fly/api/client.ts';
import { FlyAPIError } from '../../../src/fly/api/errors.ts';
import type { MachineConfig } from '../../../src/fly/api/machine-config.ts';
import { run } from '../../../src/fly/run/runner.ts';
import { runWithLogs } from '../../../src/fly/run/streaming.ts';
import { FakeClock } from '../fake-clock.ts';
import { startScriptedServer, type ScriptedServer } from '../http-script.ts';

const APP = 'flaude-test';
const TOKEN = 'sk-ant-oat01-secret-token-value';
const config: MachineConfig = {
  image: 'registry.fly.io/x:1',
  prompt: 'Review it',
  claudeCodeOAuthToken: TOKEN,
};

describe('credentials in errors from the Fly API', () => {
  const GITHUB_TOKEN = 'ghs_0123456789abcdefghijklmnopqrstuv';
  const FLY_TOKEN = 'fo1_flyTokenValue987';
  const secretConfig: MachineConfig = { ...config, githubToken: GITHUB_TOKEN };
  let server: ScriptedServer | undefined;
  let client: FlyClient | undefined;
  afterEach(async () => {
    await client?.close();
    await server?.stop();
    client = undefined;
    server = undefined;
  });

  /** A Fly that refuses every create with a 422 quoting the whole request body. */
  async function echoingFly(): Promise<FlyClient> {
    server = await startScriptedServer((req) => ({
      status: 422,
      json: { error: `invalid machine config: ${req.body}`, status: 'unknown' },
    }));
    client = new FlyClient({
      token: FLY_TOKEN,
      apiUrl: server.url,
      clock: new FakeClock(),
      rateLimit: false,
    });
    return client;
  }

  function expectNoSecret(error: unknown): void {
    expect(error).toBeInstanceOf(FlyAPIError);
    const e = error as FlyAPIError;
    expect(e.statusCode).toBe(422);
    expect(e.detail).toContain('invalid machine config');
    expect(e.detail).toContain('***');
    const text: string[] = [];
    for (let c: unknown = e; c instanceof Error; c = c.cause) {
      text.push(c.message, c.stack ?? '', c instanceof FlyAPIError ? c.detail : '');
    }
    for (const secret of [TOKEN, GITHUB_TOKEN, FLY_TOKEN])
      expect(text.join('\n')).not.toContain(secret);
  }

  test('run: a 422 that echoes the create body has the Claude and GitHub tokens redacted', async () => {
    const fly = await echoingFly();
    const error = await run(APP, secretConfig, { client: fly, name: 'rev-echo' }).catch(
      (e: unknown) => e,
    );
    // The server did receive them: the redaction is what keeps them out of the error.
    expect(server?.requests[0]?.body).toContain(GITHUB_TOKEN);
    expectNoSecret(error);
  });

  test('runWithLogs rejects with the same redacted error', async () => {
    const fly = await echoingFly();
    const error = await runWithLogs(APP, secretConfig, {
      client: fly,
      name: 'rev-echo-stream',
      fetchLogPage: () => Promise.resolve({ entries: [], nextToken: '' }),
    }).catch((e: unknown) => e);
    expectNoSecret(error);
  });
});

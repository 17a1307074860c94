/**
 * The baseline: a naive Fly client written the way the seed library worked, so the bench can
 * show what the library's design buys. On purpose it
 *
 * - opens a new HTTP connection for every call (`agent: false`: no keep-alive, no pooling);
 * - has no client-side rate limit, and a 429 on create is a failed machine (no retry);
 * - finds a machine's exit by polling `GET machine` every 2 s;
 * - polls the logs endpoint every 2 s for each machine on its own;
 * - reads the logs once more when it sees the exit, then stops and destroys the machine.
 *
 * It is not the action and never will be: it exists only inside bench/.
 */
import { request } from 'node:http';

export const POLL_INTERVAL_MS = 2_000;

/** Where the baseline talks to. */
export interface NaiveConnection {
  readonly apiUrl: string;
  readonly logsUrl: string;
  readonly token: string;
}

/** One machine the baseline runs. */
export interface NaiveMachineSpec {
  readonly name: string;
  readonly image: string;
  readonly env: Record<string, string>;
  /** Each log line the baseline read, with when it read it (Unix ms). */
  readonly onLine?: (line: string, seenAt: number) => void;
}

/** What happened to one machine. */
export interface NaiveOutcome {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly machineId?: string;
  /** When the baseline knew the machine had exited (Unix ms). */
  readonly exitSeenAt?: number;
  /** When it was done with it: logs drained, stopped, destroyed (Unix ms). */
  readonly doneAt?: number;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** One call on a fresh connection. */
function call(url: string, method: string, token: string, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      {
        method,
        agent: false,
        headers: {
          authorization: `Bearer ${token}`,
          ...(text === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }),
        },
      },
      (res) => {
        let raw = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (raw += chunk));
        res.on('end', () => {
          let parsed: unknown = raw;
          try {
            parsed = raw === '' ? undefined : JSON.parse(raw);
          } catch {
            // Not JSON: keep the text.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `machines` in `app` all at once, the naive way; resolves when each is done. */
export async function runNaive(
  connection: NaiveConnection,
  app: string,
  machines: readonly NaiveMachineSpec[],
): Promise<NaiveOutcome[]> {
  const { apiUrl, token } = connection;
  const appAnswer = await call(`${apiUrl}/v1/apps/${app}`, 'GET', token);
  if (appAnswer.status === 404) {
    const created = await call(`${apiUrl}/v1/apps`, 'POST', token, {
      app_name: app,
      org_slug: 'personal',
    });
    if (created.status !== 201) throw new Error(`baseline: create app ${app}: ${created.status}`);
  }
  return Promise.all(machines.map((m) => runOne(connection, app, m)));
}

async function runOne(
  connection: NaiveConnection,
  app: string,
  spec: NaiveMachineSpec,
): Promise<NaiveOutcome> {
  const { apiUrl, token } = connection;
  const created = await call(`${apiUrl}/v1/apps/${app}/machines`, 'POST', token, {
    name: spec.name,
    config: {
      image: spec.image,
      env: spec.env,
      guest: { cpu_kind: 'shared', cpus: 1, memory_mb: 1024 },
      restart: { policy: 'no' },
    },
  });
  if (created.status !== 200) {
    return { name: spec.name, ok: false, error: `create answered ${created.status}` };
  }
  const id = (created.body as { id: string }).id;
  const machineUrl = `${apiUrl}/v1/apps/${app}/machines/${id}`;
  let nextToken = '';
  const readLogs = async (): Promise<void> => {
    for (;;) {
      const url = new URL(`${connection.logsUrl}/api/v1/apps/${app}/logs`);
      url.searchParams.set('instance', id);
      url.searchParams.set('next_token', nextToken);
      const page = await call(url.href, 'GET', token);
      if (page.status !== 200) return;
      const { data, meta } = page.body as {
        data: Array<{ attributes: { message: string } }>;
        meta: { next_token: string };
      };
      const seenAt = Date.now();
      for (const entry of data) spec.onLine?.(entry.attributes.message, seenAt);
      if (meta.next_token !== '') nextToken = meta.next_token;
      if (data.length < 100) return;
    }
  };
  // The seed library started reading logs from "now", not from the first line: start at the
  // machine's creation so no line is lost to the comparison.
  nextToken = `${BigInt(Date.now() - 60_000) * 1_000_000n}`;
  let exitSeenAt: number | undefined;
  for (;;) {
    await sleep(POLL_INTERVAL_MS);
    await readLogs();
    const machine = await call(machineUrl, 'GET', token);
    const state = (machine.body as { state?: string } | undefined)?.state;
    if (state === 'stopped' || state === 'destroyed' || state === 'failed') {
      exitSeenAt = Date.now();
      break;
    }
  }
  // One last read, as the seed did: lines still inside the log lag are lost.
  await readLogs();
  await call(`${machineUrl}/stop`, 'POST', token, {});
  await call(machineUrl, 'DELETE', token);
  return { name: spec.name, ok: true, machineId: id, exitSeenAt, doneAt: Date.now() };
}

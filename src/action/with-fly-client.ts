/**
 * The Fly client both steps use, built from the inputs on the step's HTTP dispatcher (a proxy
 * agent when the environment names a proxy), and closed whatever happens.
 */
import type { Dispatcher } from 'undici';
import { FlyClient, type Logger } from '../fly/index.js';
import { withHttpDispatcher } from './http-dispatcher.js';
import type { FlyConnectionInputs } from './inputs.js';

/**
 * Runs `work` with a FlyClient for the step's token and URLs and with the dispatcher the
 * step's other HTTP clients (the registry) must use (undefined: their defaults), then closes
 * the client's connections and the dispatcher. `logger` gets the client's request detail (the
 * step's own, so that it is never fenced); `env` is where proxy variables are read.
 */
export async function withFlyClient<T>(
  inputs: FlyConnectionInputs,
  logger: Logger,
  work: (client: FlyClient, dispatcher: Dispatcher | undefined) => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  return withHttpDispatcher(
    async (dispatcher) => {
      const client = new FlyClient({
        token: inputs.flyApiToken,
        apiUrl: inputs.flyApiUrl,
        logsUrl: inputs.flyLogsUrl,
        logger,
        ...(dispatcher === undefined ? {} : { dispatcher }),
      });
      try {
        return await work(client, dispatcher);
      } finally {
        await client.close();
      }
    },
    { env, logger },
  );
}

/** The Fly client both steps use, built from the inputs and closed whatever happens. */
import { FlyClient } from '../fly/index.js';
import { coreLogger } from './core-logger.js';
import type { FlyConnectionInputs } from './inputs.js';

/** Runs `work` with a FlyClient for the step's token and URLs, then closes its connections. */
export async function withFlyClient<T>(
  inputs: FlyConnectionInputs,
  work: (client: FlyClient) => Promise<T>,
): Promise<T> {
  const client = new FlyClient({
    token: inputs.flyApiToken,
    apiUrl: inputs.flyApiUrl,
    logsUrl: inputs.flyLogsUrl,
    logger: coreLogger,
  });
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

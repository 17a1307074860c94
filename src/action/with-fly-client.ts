/** The Fly client both steps use, built from the inputs and closed whatever happens. */
import { FlyClient, type Logger } from '../fly/index.js';
import type { FlyConnectionInputs } from './inputs.js';

/**
 * Runs `work` with a FlyClient for the step's token and URLs, then closes its connections.
 * `logger` gets the client's request detail (the step's own, so that it is never fenced).
 */
export async function withFlyClient<T>(
  inputs: FlyConnectionInputs,
  logger: Logger,
  work: (client: FlyClient) => Promise<T>,
): Promise<T> {
  const client = new FlyClient({
    token: inputs.flyApiToken,
    apiUrl: inputs.flyApiUrl,
    logsUrl: inputs.flyLogsUrl,
    logger,
  });
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

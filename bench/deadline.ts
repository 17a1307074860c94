/** Keeps each bench stage inside its time budget, so the bench always stops by itself. */

/** Extra time a stage gets to clean up (stop machines, close servers) after its abort. */
const CLEANUP_MS = 20_000;

/**
 * Runs `work` with a signal that aborts after `budgetMs`. Stages pass the signal to what
 * they start (the action process, the executor, child processes), which then stop and clean
 * up. Should a stage ignore it, the returned promise still rejects `CLEANUP_MS` later.
 */
export async function withDeadline<T>(
  label: string,
  budgetMs: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const abortTimer = setTimeout(
    () => controller.abort(new Error(`${label}: over its budget of ${budgetMs / 1000} s`)),
    budgetMs,
  );
  let giveUpTimer: NodeJS.Timeout | undefined;
  const givenUp = new Promise<never>((_, reject) => {
    giveUpTimer = setTimeout(
      () => reject(new Error(`${label}: did not stop within ${CLEANUP_MS / 1000} s of its abort`)),
      budgetMs + CLEANUP_MS,
    );
  });
  try {
    return await Promise.race([work(controller.signal), givenUp]);
  } finally {
    clearTimeout(abortTimer);
    clearTimeout(giveUpTimer);
  }
}

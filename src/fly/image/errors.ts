/**
 * The errors of the image layer, and how a thrown value becomes text for their messages.
 */

/** A builder subprocess failed, timed out, or no builder could be found. */
export class ImageBuildError extends Error {
  override readonly name = 'ImageBuildError';
  /** The builder's exit code; null when it did not exit by itself (timeout, abort, not started). */
  readonly returncode: number | null;
  /** The builder's stderr with every credential replaced by `***`. */
  readonly stderr: string;

  constructor(message: string, details: { returncode?: number | null; stderr?: string } = {}) {
    super(message);
    this.returncode = details.returncode ?? null;
    this.stderr = details.stderr ?? '';
  }
}

/** The registry refused or failed a lookup. The message never contains the token. */
export class ImageRegistryError extends Error {
  override readonly name = 'ImageRegistryError';
  /** HTTP status; 0 when no HTTP answer arrived (connection error, timeout). */
  readonly statusCode: number;

  constructor(message: string, statusCode: number) {
    super(message);
    this.statusCode = statusCode;
  }
}

/**
 * The message of any thrown value, with a Node error code appended when the message lacks it.
 * Internal to src/fly/image (not re-exported by its index).
 */
export function messageOf(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return code && !e.message.includes(code) ? `${e.message} (${code})` : e.message;
  }
  return String(e);
}

/**
 * The errors of the image layer.
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

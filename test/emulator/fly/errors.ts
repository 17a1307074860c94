/** Fly's error body (`ErrorResponse` in the spec) and an Error that carries it to the router. */

/** `main.statusCode` of the spec. */
export type FlyErrorStatus =
  'unknown' | 'insufficient_capacity' | 'volume_placement_capacity' | 'name_taken';

/** The body Fly answers errors with: `{"error": "...", "status": "unknown"}`. */
export function flyErrorBody(
  message: string,
  status: FlyErrorStatus = 'unknown',
): { error: string; status: FlyErrorStatus } {
  return { error: message, status };
}

/** Thrown by handlers; the server turns it into `status` + {@link flyErrorBody}. */
export class FlyHttpError extends Error {
  readonly httpStatus: number;
  readonly flyStatus: FlyErrorStatus;

  constructor(httpStatus: number, message: string, flyStatus: FlyErrorStatus = 'unknown') {
    super(message);
    this.name = 'FlyHttpError';
    this.httpStatus = httpStatus;
    this.flyStatus = flyStatus;
  }
}

/**
 * Random nonces: the suffix that keeps apart names made by separate calls (machine names of
 * matrix legs or of two `runOne` calls) and tokens nobody can guess. One helper, so every
 * caller gets the OS's CSPRNG and the same alphabet (lowercase hex, safe in machine names).
 */
import { randomBytes } from 'node:crypto';

/** Length of {@link randomNonce} by default: 32 bits, enough to keep one run's names apart. */
export const DEFAULT_NONCE_CHARS = 8;

/**
 * A fresh string of `chars` random lowercase hex characters (default 8). Ask for 32 (128 bits)
 * where the value must be unguessable, not just unique.
 */
export function randomNonce(chars: number = DEFAULT_NONCE_CHARS): string {
  if (!Number.isSafeInteger(chars) || chars < 1) {
    throw new RangeError(`nonce length must be a positive integer, got ${String(chars)}`);
  }
  return randomBytes(Math.ceil(chars / 2))
    .toString('hex')
    .slice(0, chars);
}

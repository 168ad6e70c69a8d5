/**
 * How old a stored key is, and when it is due for rotation.
 *
 * @module
 */

/** Stored keys older than this many days should be rotated. */
export const ROTATION_DAYS = 30;

const MILLISECONDS_PER_DAY = 24 * 60 * 60 * 1000;

/**
 * Whole days between `updatedAt` (an ISO 8601 timestamp or a date) and `now`;
 * 0 when `updatedAt` lies in the future (a clock set differently).
 * Throws a `RangeError` when `updatedAt` is not a date.
 *
 * @example
 * ```ts
 * import { keyAgeDays } from "./key_age.ts";
 * keyAgeDays("2026-01-01T00:00:00Z", new Date("2026-01-31T12:00:00Z")); // 30
 * ```
 */
export function keyAgeDays(updatedAt: string | Date, now: Date): number {
  const updated = updatedAt instanceof Date ? updatedAt.getTime() : Date.parse(updatedAt);
  if (Number.isNaN(updated)) {
    throw new RangeError(
      `Cannot read key date "${String(updatedAt)}": expected an ISO 8601 timestamp`,
    );
  }
  if (Number.isNaN(now.getTime())) {
    throw new RangeError("Cannot compute key age: invalid current date");
  }
  return Math.max(0, Math.floor((now.getTime() - updated) / MILLISECONDS_PER_DAY));
}

/** Options of {@linkcode needsRotation}. */
export interface NeedsRotationOptions {
  /** Age in days from which a key is due; {@linkcode ROTATION_DAYS} by default. */
  readonly rotationDays?: number;
}

/**
 * Whether a stored key is due for rotation: it is at least
 * {@linkcode ROTATION_DAYS} days old. A key without a date (one from the
 * environment or a `.env` file) is never reported.
 *
 * @example
 * ```ts
 * import { needsRotation } from "./key_age.ts";
 * needsRotation("2026-01-01T00:00:00Z", new Date("2026-02-15T00:00:00Z")); // true
 * ```
 */
export function needsRotation(
  updatedAt: string | Date | undefined,
  now: Date,
  options: NeedsRotationOptions = {},
): boolean {
  if (updatedAt === undefined) return false;
  return keyAgeDays(updatedAt, now) >= (options.rotationDays ?? ROTATION_DAYS);
}

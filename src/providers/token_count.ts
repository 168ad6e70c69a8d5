/**
 * A token count as omn keeps it: a whole number from 0 to
 * `Number.MAX_SAFE_INTEGER`, whatever the provider reported (a negative,
 * fractional, non-finite or absurd count such as `-1e12` or `1e300`). Applied
 * once, where a reply's usage enters omn (`ai_sdk_model.ts`), so that the
 * JSON result, the cost and the usage ledger agree.
 *
 * @module
 */

/** The count kept of a reported token count (0 when it is not a finite number). */
export function tokenCount(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value) || value <= 0) return 0;
  return Math.min(Math.round(value), Number.MAX_SAFE_INTEGER);
}

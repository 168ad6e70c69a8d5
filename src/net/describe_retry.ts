/**
 * How a retry and a wait read on stderr. A module of its own, apart from
 * the retry machinery (`retrying_fetch.ts`), so that what only tells of
 * retries (`ask`'s notices) loads none of it.
 *
 * @module
 */
import type { RetryEvent } from "./retry_decision.ts";

/** The stderr line for a retry: `retrying in 2.1 s after 429 from openai (retry 1 of 4)`. */
export function describeRetry(event: RetryEvent): string {
  return `retrying in ${
    formatWait(event.delayMs)
  } after ${event.reason} from ${event.provider} (retry ${event.attempt} of ${event.maxRetries})`;
}

/**
 * A wait as people read it: `40 ms`, `2.1 s`, `6 min 5 s`, `1 h 2 min`.
 *
 * @example
 * ```ts
 * import { formatWait } from "./describe_retry.ts";
 * formatWait(2149); // "2.1 s"
 * ```
 */
export function formatWait(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  if (milliseconds < 60_000) return `${(milliseconds / 1000).toFixed(1)} s`;
  const seconds = Math.round(milliseconds / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/**
 * The clock and the sleep that retries, rate limits and deadlines use,
 * injected so that tests run them without waiting: a test passes a clock
 * whose `sleep` records the wait and moves `now` forward at once.
 *
 * @module
 */

/** Time as retries and rate limits see it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Waits `milliseconds`, or rejects with the signal's reason as soon as it fires. */
  sleep(milliseconds: number, signal?: AbortSignal): Promise<void>;
}

/** Waits, or rejects with the signal's reason as soon as it fires; leaves no timer behind. */
export function abortableSleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The real clock: `Date.now` and a timer. */
export const SYSTEM_CLOCK: Clock = { now: () => Date.now(), sleep: abortableSleep };

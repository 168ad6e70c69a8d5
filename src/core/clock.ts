/**
 * The clock and the sleep that retries, rate limits and deadlines use,
 * injected so that tests run them without waiting: a test passes a clock
 * whose `sleep` records the wait and moves `now` forward at once.
 *
 * @module
 */
import { MAX_TIMER_MS } from "./duration.ts";

/** Time as retries and rate limits see it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Waits `milliseconds`, or rejects with the signal's reason as soon as it fires. */
  sleep(milliseconds: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Waits `milliseconds`, or rejects with the signal's reason as soon as it
 * fires; leaves no timer behind. A wait longer than a timer can hold
 * (2^31 − 1 ms: a rate-limit debt of many large requests can reach it) is
 * slept in steps instead of firing at once.
 */
export function abortableSleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    let remaining = Math.max(0, milliseconds);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const step = () => {
      const delay = Math.min(remaining, MAX_TIMER_MS);
      remaining -= delay;
      timer = setTimeout(() => {
        if (remaining > 0) return step();
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, delay);
    };
    step();
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The real clock: `Date.now` and a timer. */
export const SYSTEM_CLOCK: Clock = { now: () => Date.now(), sleep: abortableSleep };

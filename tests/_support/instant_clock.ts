/**
 * A {@linkcode Clock} for tests of retries, rate limits and deadlines: each
 * `sleep` records how long it was asked to wait and moves `now` forward by
 * that much at once, so a test of a 30-second `Retry-After` takes no time and
 * asserts the exact wait instead of measuring one.
 *
 * @example
 * ```ts
 * const clock = instantClock();
 * await runInProcess(["ask", …], { ...workspace, clock });
 * assert.deepEqual(clock.waits, [1000]);
 * ```
 *
 * @module
 */
import type { Clock } from "../../src/core/clock.ts";

/** A clock that never waits, and what it was asked to wait. */
export interface InstantClock extends Clock {
  /** Every wait asked for, in milliseconds, in order. */
  readonly waits: number[];
}

/** Starts at `start` (ms since the epoch; the real time by default). */
export function instantClock(start: number = Date.now()): InstantClock {
  let time = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => time,
    sleep(milliseconds, signal) {
      signal?.throwIfAborted();
      waits.push(milliseconds);
      time += milliseconds;
      return Promise.resolve();
    },
  };
}

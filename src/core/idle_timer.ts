/**
 * A timeout for a wait that repeats (each read of a streamed body), with at
 * most one timer pending whatever the number of waits.
 *
 * {@linkcode startTimer}'s timer is `AbortSignal.timeout`'s, which cannot be
 * cleared: cancelling it only drops its action, and the timer and its signal
 * live out their delay. One timer per wait kept every one of them: a reply
 * streamed in 32,000 chunks under the 120 s idle timeout held 32,000 timers,
 * and the live heap grew with the reply's length (7.9 to 26.9 MB over a
 * 128 MiB reply, `--trace-gc`). Here a wait only notes when it started; the
 * one pending timer, when it fires, checks whether the current wait has
 * lasted the whole delay, and else waits for the rest.
 *
 * @module
 */
import { startTimer } from "./start_timer.ts";

/** See {@linkcode idleTimer}. */
export interface IdleTimer {
  /** A wait starts: `action` runs if it lasts the delay. */
  arm(): void;
  /** The wait ended in time. */
  disarm(): void;
  /** No more waits: `action` never runs, and the pending timer drops it. */
  stop(): void;
}

/**
 * Runs `action` once, when a wait (from `arm` to `disarm`) lasts `ms`
 * milliseconds. Like {@linkcode startTimer}'s, its timer does not keep the
 * process alive by itself. `now` is for tests.
 *
 * @example
 * ```ts
 * import { idleTimer } from "./idle_timer.ts";
 * const idle = idleTimer(120_000, () => console.log("no data for 2 minutes"));
 * idle.arm(); // before each read
 * idle.disarm(); // after it
 * idle.stop(); // at the end of the body
 * ```
 */
export function idleTimer(
  ms: number,
  action: () => void,
  now: () => number = () => performance.now(),
): IdleTimer {
  /** When the current wait started; `undefined` between waits. */
  let armedAt: number | undefined;
  let cancelPending: (() => void) | undefined;
  let done = false;
  const schedule = (delay: number) => {
    cancelPending = startTimer(delay, check);
  };
  function check(): void {
    cancelPending = undefined;
    if (done || armedAt === undefined) return;
    const waited = now() - armedAt;
    if (waited < ms) return schedule(ms - waited);
    done = true;
    action();
  }
  return {
    arm() {
      if (done) return;
      armedAt = now();
      if (cancelPending === undefined) schedule(ms);
    },
    disarm() {
      armedAt = undefined;
    },
    stop() {
      done = true;
      armedAt = undefined;
      cancelPending?.();
      cancelPending = undefined;
    },
  };
}

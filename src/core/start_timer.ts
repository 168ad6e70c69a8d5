/**
 * A one-shot timer that does not load Node's timers.
 *
 * Deno's global `setTimeout` is Node's (`node:timers`, loaded at its first
 * call: about 10 ms of a start, tests/core/start_timer_test.ts); the timer of
 * `AbortSignal.timeout` is Deno's own. Like every `AbortSignal.timeout`
 * timer it does not keep the process alive by itself: use it to bound work
 * that does (a request, a read).
 *
 * @module
 */

/**
 * Runs `action` once after `ms` milliseconds unless the returned function
 * is called first.
 *
 * @example
 * ```ts
 * import { startTimer } from "./start_timer.ts";
 * const cancel = startTimer(1000, () => console.log("too slow"));
 * cancel(); // nothing is printed
 * ```
 */
export function startTimer(ms: number, action: () => void): () => void {
  const signal = AbortSignal.timeout(ms);
  let cancelled = false;
  const listener = () => {
    if (!cancelled) action();
  };
  signal.addEventListener("abort", listener, { once: true });
  return () => {
    cancelled = true;
    signal.removeEventListener("abort", listener);
  };
}

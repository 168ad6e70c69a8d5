/**
 * The error an interrupted run is reported and recorded with: the reason of
 * the signal that stopped it when that is an {@linkcode InterruptedError}
 * (Ctrl-C, SIGTERM: src/core/interrupts.ts), else a new one (a signal
 * aborted without a reason gives a DOMException, and a provider that heeds
 * it fails with that, or with its own error wrapping it).
 *
 * @module
 */
import { InterruptedError } from "./errors.ts";

/**
 * The interruption behind an aborted signal.
 *
 * @example
 * ```ts
 * import { interruptionOf } from "./interruption_of.ts";
 * const controller = new AbortController();
 * controller.abort();
 * interruptionOf(controller.signal).message; // "interrupted"
 * ```
 */
export function interruptionOf(signal: AbortSignal): InterruptedError {
  return signal.reason instanceof InterruptedError
    ? signal.reason
    : new InterruptedError("interrupted");
}

/**
 * The result object of a JSON-mode run that failed before (or without) the
 * model's result: no provider chosen, no key, a prompt blocked by
 * `--on-secret block`, a usage error, a permission refusal. Scripts that
 * read `.is_error` or `.error_type` get one on every failure, never an
 * empty stdout.
 *
 * Which runs already printed their own result is remembered per output, so
 * that the top-level handler prints this one only when nothing else did.
 *
 * @module
 */
import type { ResultObject } from "./result_object.ts";

/** The result object of a run that failed early: the same fields, nothing known filled with null or 0. */
export interface FailureResult extends Omit<ResultObject, "session_id" | "provider" | "model"> {
  session_id: string | null;
  provider: string | null;
  model: string | null;
  error: string;
  error_type: string;
}

/** Builds the result object of an early failure. */
export function failureResult(
  error: string,
  errorType: string,
  durationMs = 0,
): FailureResult {
  return {
    type: "result",
    subtype: "error",
    is_error: true,
    result: "",
    session_id: null,
    provider: null,
    model: null,
    usage: { input_tokens: 0, output_tokens: 0, cached_input_tokens: 0, total_cost_usd: null },
    stop_reason: "error",
    duration_ms: durationMs,
    retries: 0,
    error,
    error_type: errorType,
  };
}

const printed = new WeakSet<object>();

/** Remembers that a result object went to this output. */
export function markResultPrinted(output: object): void {
  printed.add(output);
}

/** Whether a result object already went to this output. */
export function resultPrinted(output: object): boolean {
  return printed.has(output);
}

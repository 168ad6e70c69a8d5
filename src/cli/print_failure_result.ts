/**
 * Ends a failed JSON-mode run with its result object on stdout when the
 * command printed none: with `--output json` or `stream-json`, every exit
 * other than 0 leaves a result that says `is_error: true`, with the error
 * (redacted, as everything on stdout is) and its `error_type`.
 *
 * @module
 */
import { failureResult, resultPrinted } from "../ask/failure_result.ts";
import { errorTypeOf } from "../core/error_type.ts";
import { SilentError } from "../core/errors.ts";
import type { Io } from "../core/io.ts";
import type { JsonOutputMode } from "./json_output_mode.ts";

/** A failed run, as its result object tells it. */
export interface RunFailure {
  error: unknown;
  exitCode: number;
  /** The one line that tells why. */
  message: string;
  /** Whether it is commander's usage error (its `error_type` is then `usage`). */
  usage: boolean;
}

/** Writes the failure's result object, unless the run is not in a JSON mode, succeeded or printed one. */
export async function printFailureResult(
  io: Io,
  mode: JsonOutputMode | undefined,
  failure: RunFailure,
): Promise<void> {
  const { error, exitCode, message } = failure;
  if (mode === undefined || exitCode === 0 || resultPrinted(io)) return;
  if (error instanceof SilentError || error instanceof Deno.errors.BrokenPipe) return;
  const type = failure.usage ? "usage" : errorTypeOf(error);
  try {
    await io.write(JSON.stringify(failureResult(message, type)) + "\n");
  } catch (writeError) {
    if (!(writeError instanceof Deno.errors.BrokenPipe)) throw writeError;
  }
}

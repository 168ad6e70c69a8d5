/**
 * An error as omn reports it, wherever it is reported (the run's last line
 * and exit code, a batch item's result): a Deno permission error explained
 * in one line first ({@linkcode explainPermissionError}), any other error as
 * it is.
 *
 * @module
 */
import { exitCodeOf, type ExitCodeValue } from "./errors.ts";
import { explainPermissionError } from "./permission_error.ts";

/** What is reported of one error. */
export interface ReportedError {
  /** The error reported: the explanation of a permission error, else the error itself. */
  error: unknown;
  /** Its one line. */
  message: string;
  /** Its exit code (an `OmnError`'s own, else 1). */
  exitCode: ExitCodeValue;
}

/**
 * The error reported for `error`. `configDir`, the run's config directory,
 * lets a refusal of that directory say so (see {@linkcode explainPermissionError}).
 *
 * @example
 * ```ts
 * import { reportedError } from "./reported_error.ts";
 * reportedError(new Deno.errors.NotCapable('Requires net access to "example.com:443"')).exitCode; // 3
 * reportedError(new Error("boom")); // { error: Error("boom"), message: "boom", exitCode: 1 }
 * ```
 */
export function reportedError(error: unknown, configDir?: string): ReportedError {
  const reported = explainPermissionError(error, configDir) ?? error;
  return {
    error: reported,
    message: reported instanceof Error ? reported.message : String(reported),
    exitCode: exitCodeOf(reported),
  };
}

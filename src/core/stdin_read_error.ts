/**
 * What a failed read of standard input is reported with.
 *
 * @module
 */
import { UsageError } from "./errors.ts";

/**
 * The error to report for `error`, thrown by a read of standard input: a
 * directory given as stdin (`omn ask "…" < somedir`) is a usage error that
 * names stdin and the fix (Deno says only "Is a directory (os error 21)");
 * any other error as it is.
 *
 * @example
 * ```ts
 * import { stdinReadError } from "./stdin_read_error.ts";
 * stdinReadError(new Deno.errors.IsADirectory("Is a directory (os error 21)")); // UsageError
 * ```
 */
export function stdinReadError(error: unknown): unknown {
  if (!(error instanceof Deno.errors.IsADirectory)) return error;
  return new UsageError(
    "Cannot read standard input: it is a directory; redirect a file (omn … < FILE) or pipe the text in",
    { cause: error },
  );
}

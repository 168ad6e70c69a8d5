/**
 * Standard output as a stream, failing in one line where Deno cannot write
 * exactly. A program that shares omn's output pipe (Node.js does, for its
 * own standard output) may set it to non-blocking mode; a write to a full
 * pipe then fails with "Resource temporarily unavailable" after part of it
 * went through (Deno 2.9 buffers and flushes standard output in two steps
 * and reports neither count), so trying again would repeat bytes. omn stops
 * instead, with the way out: `| cat` gives omn a pipe of its own.
 *
 * @module
 */
import { ExitCode, OmnError } from "./errors.ts";

/** The one line for a write to standard output that would block. */
export const NON_BLOCKING_STDOUT =
  "Cannot write to standard output: it is in non-blocking mode (a program sharing it, such as Node.js, set it so), where a write that would block cannot be repeated exactly; add `| cat` after omn to give it a pipe of its own";

/** The error for a write to standard output that would block. */
export function nonBlockingStdoutError(cause: unknown): OmnError {
  return new OmnError(NON_BLOCKING_STDOUT, ExitCode.Runtime, { cause });
}

/** What this module writes to: standard output, or a test's stand-in. */
export interface StdoutFile {
  write(bytes: Uint8Array): Promise<number>;
}

/**
 * Writes all of `bytes` to `file` (standard output); a write that would
 * block fails with {@linkcode nonBlockingStdoutError}, not tried again.
 */
export async function writeAllToStdout(
  bytes: Uint8Array,
  file: StdoutFile = Deno.stdout,
): Promise<void> {
  for (let offset = 0; offset < bytes.length;) {
    try {
      offset += await file.write(bytes.subarray(offset));
    } catch (error) {
      throw error instanceof Deno.errors.WouldBlock ? nonBlockingStdoutError(error) : error;
    }
  }
}

/** `file` (standard output) as a stream that writes with {@linkcode writeAllToStdout}. */
export function stdoutWritable(file: StdoutFile = Deno.stdout): WritableStream<Uint8Array> {
  return new WritableStream({ write: (chunk) => writeAllToStdout(chunk, file) });
}

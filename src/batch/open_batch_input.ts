/**
 * The input of `omn batch`: stdin (preferred: it needs no read permission)
 * or a file inside the permission set.
 *
 * @module
 */
import { RefusalError, UsageError } from "../core/errors.ts";
import type { Io } from "../core/io.ts";
import { resolveUserFile } from "../core/resolve_user_file.ts";

/**
 * The bytes of `file`, or of stdin when `file` is `-` or absent.
 *
 * @throws {UsageError} when stdin is a terminal (nothing piped) or the file does not exist.
 * @throws {RefusalError} when the file is outside the read permission, with the stdin alternative.
 */
export async function openBatchInput(
  file: string | undefined,
  io: Io,
  job: string,
): Promise<ReadableStream<Uint8Array>> {
  if (file === undefined || file === "-") {
    if (io.stdinIsTerminal) {
      throw new UsageError(
        `No input: pipe JSON lines on stdin: omn batch --job ${job} < prompts.jsonl`,
      );
    }
    return io.stdin;
  }
  try {
    const opened = await Deno.open(resolveUserFile(file), { read: true });
    return opened.readable;
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
      throw new RefusalError(
        `Cannot read "${file}": omn may read only its config directory and ./.env; ` +
          `give it on stdin: omn batch --job ${job} - < "${file}"`,
      );
    }
    if (error instanceof Deno.errors.NotFound) {
      throw new UsageError(`Cannot read "${file}": no such file`);
    }
    throw error;
  }
}

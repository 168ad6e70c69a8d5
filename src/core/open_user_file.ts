/**
 * Opens a file the user named on the command line as a stream, with the
 * one-line refusals of `read_user_file.ts`.
 *
 * @module
 */
import { RefusalError, UsageError } from "./errors.ts";
import { resolveUserFile } from "./resolve_user_file.ts";

/**
 * The bytes of `path` as a stream; `alternative` is the command to suggest
 * when the permission set refuses it.
 */
export async function openUserFile(
  path: string,
  alternative: string,
): Promise<ReadableStream<Uint8Array>> {
  try {
    const real = resolveUserFile(path);
    const info = await Deno.stat(real);
    if (info.isDirectory) throw new UsageError(`Cannot read "${path}": it is a directory`);
    return (await Deno.open(real, { read: true })).readable;
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
      throw new RefusalError(
        `Cannot read "${path}": omn may read only its config directory and ./.env; ${alternative}`,
        { cause: error },
      );
    }
    if (error instanceof Deno.errors.NotFound) {
      throw new UsageError(`Cannot read "${path}": no such file`);
    }
    throw error;
  }
}

/**
 * Reads a file the user named on the command line. The permission set lets
 * omn read only its config directory and `./.env`, so any other file is
 * refused with one line that names the way around it (usually stdin).
 *
 * @module
 */
import { RefusalError, UsageError } from "./errors.ts";
import { resolveUserFile } from "./resolve_user_file.ts";

/** Reads `path` as text; `alternative` is the command to suggest when the permission set refuses it. */
export async function readUserFile(path: string, alternative: string): Promise<string> {
  try {
    return await Deno.readTextFile(resolveUserFile(path));
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
    if (error instanceof Deno.errors.IsADirectory) {
      throw new UsageError(`Cannot read "${path}": it is a directory`);
    }
    throw error;
  }
}

/**
 * Creating a directory that only its owner can enter.
 *
 * @module
 */
import { dirname } from "node:path";
import { RefusalError } from "../core/errors.ts";

/** Options of {@linkcode ensurePrivateDir}. */
export interface EnsurePrivateDirOptions {
  /** Mode of a directory that has to be created; default 0o700. */
  mode?: number;
}

/**
 * Makes sure `path` is a directory, creating it with mode 0700 when it does
 * not exist. A new directory is `chmod`ed to the mode right after `mkdir`,
 * before anything is put in it, so the mode holds whatever the umask (mkdir
 * only ever narrows the mode it is given, so the directory is never more open
 * than 0700 in between). Missing parents are created like `mkdir -p` does,
 * each the same way and with the same mode.
 *
 * An existing directory is left as it is: its mode is checked, and refused
 * with a fix, by `checkPrivatePath` in `file_security.ts`, never silently
 * changed. Windows has no POSIX modes, so only `mkdir` happens there.
 *
 * @example
 * ```ts
 * import { ensurePrivateDir } from "./ensure_private_dir.ts";
 * const dir = await Deno.makeTempDir();
 * await ensurePrivateDir(`${dir}/private`); // true: created with mode 0700
 * ```
 *
 * @returns whether the directory was created.
 * @throws {RefusalError} when `path` exists and is not a directory, or is a
 * symbolic link (never followed, even to a directory).
 */
export function ensurePrivateDir(
  path: string,
  options: EnsurePrivateDirOptions = {},
): Promise<boolean> {
  try {
    return Promise.resolve(ensureDirNow(path, options.mode ?? 0o700));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `ensurePrivateDir` in this thread: each command ensures its directories
 * several times, and a `mkdir` or `lstat` of a few microseconds costs less
 * than handing it to a thread of Deno's pool and back.
 */
function ensureDirNow(path: string, mode: number): boolean {
  // Most runs find the directory there: one lstat, rather than a mkdir failing with an error
  // built and thrown (the first of a run costs about a millisecond).
  const existing = existingEntry(path);
  if (existing !== undefined) return existingDirectory(path, existing);
  try {
    Deno.mkdirSync(path, { mode });
  } catch (error) {
    // Made meanwhile by another process: what is there now is checked the same way.
    if (error instanceof Deno.errors.AlreadyExists) {
      return existingDirectory(path, Deno.lstatSync(path));
    }
    const parent = dirname(path);
    if (!(error instanceof Deno.errors.NotFound) || parent === path) throw error;
    ensureDirNow(parent, mode);
    return ensureDirNow(path, mode);
  }
  if (Deno.build.os !== "windows") Deno.chmodSync(path, mode);
  return true;
}

/** What is at `path`, not following a link; `undefined` when nothing is. */
function existingEntry(path: string): Deno.FileInfo | undefined {
  try {
    return Deno.lstatSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** `false` (nothing created) for a directory; a link or a file there is refused. */
function existingDirectory(path: string, info: Deno.FileInfo): false {
  if (info.isSymlink) {
    throw new RefusalError(
      `Refusing to use "${path}" as a directory: it is a symbolic link: ` +
        "replace the link with a regular directory",
    );
  }
  if (info.isDirectory) return false;
  throw new RefusalError(
    `Cannot use "${path}" as a directory: a file has that name: move the file away`,
  );
}

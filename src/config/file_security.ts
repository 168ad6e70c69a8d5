/**
 * Ownership and mode checks on the config directory and the files in it.
 *
 * A path that other users can write, or that another user owns, is refused
 * with the exact command that fixes it; a path that other users can read
 * yields a warning, which is returned and never printed here.
 *
 * On Windows these checks are skipped: NTFS has no POSIX mode bits (Deno
 * reports `mode` and `uid` as `null` there) and access is governed by ACLs,
 * which a directory under `%USERPROFILE%` inherits as private to the user.
 *
 * @module
 */
import { join } from "node:path";
import { RefusalError } from "../core/errors.ts";
import { randomHex } from "./_random_hex.ts";

/** Whether a path is meant to be a directory or a regular file. */
export type PathKind = "directory" | "file";

/** The facts about a path that {@linkcode assessPathSecurity} looks at. */
export type PathFacts = Pick<
  Deno.FileInfo,
  "isFile" | "isDirectory" | "isSymlink" | "mode" | "uid"
>;

/** Options of {@linkcode assessPathSecurity} and {@linkcode checkPrivatePath}. */
export interface PathSecurityOptions {
  /** Whether the path must be a directory or a regular file. */
  kind: PathKind;
  /** The current user's id, or `null` when unknown (the owner check is then skipped). */
  uid: number | null;
  /** What the path is, for messages: default "config directory" or "config file". */
  label?: string;
  /** The fix named for a symbolic link; default: replace it, or point OMNIMANCER_HOME at the real location. */
  linkFix?: string;
}

/** The verdict on one path. */
export interface PathAssessment {
  /** Why the path must not be used, with the fix; absent when it may be used. */
  refusal?: string;
  /** A problem worth telling the user, with the fix. */
  warning?: string;
}

/** Mode bits that let the group or other users write. */
const GROUP_OR_OTHER_WRITE = 0o022;
/** Mode bits that let the group or other users read. */
const GROUP_OR_OTHER_READ = 0o044;

/**
 * Judges a path from its `lstat` facts. Pure.
 *
 * @example
 * ```ts
 * import { assessPathSecurity } from "./file_security.ts";
 * const facts = { isFile: true, isDirectory: false, isSymlink: false, mode: 0o100666, uid: 1000 };
 * assessPathSecurity("/home/ada/.omnimancer/config.json", facts, { kind: "file", uid: 1000 }).refusal;
 * // 'Refusing to use config file "/home/ada/.omnimancer/config.json": it is writable by its group and other users (mode 0666): run chmod 600 "/home/ada/.omnimancer/config.json"'
 * ```
 */
export function assessPathSecurity(
  path: string,
  facts: PathFacts,
  options: PathSecurityOptions,
): PathAssessment {
  const label = options.label ??
    (options.kind === "directory" ? "config directory" : "config file");
  const refuse = (problem: string): PathAssessment => ({
    refusal: `Refusing to use ${label} "${path}": ${problem}`,
  });
  if (facts.isSymlink) {
    return refuse(
      "it is a symbolic link: " + (options.linkFix ??
        "replace the link with a regular " +
          (options.kind === "directory" ? "directory" : "file") +
          ", or point OMNIMANCER_HOME at the real location"),
    );
  }
  if (options.kind === "directory" && !facts.isDirectory) {
    return refuse("it is not a directory: move it away");
  }
  if (options.kind === "file" && !facts.isFile) {
    return refuse("it is not a regular file: move it away");
  }
  if (facts.mode === null) return {};
  const chmod = `chmod ${options.kind === "directory" ? "700" : "600"} "${path}"`;
  if (options.uid !== null && facts.uid !== null && facts.uid !== options.uid) {
    const recursive = options.kind === "directory" ? "-R " : "";
    return refuse(
      `it is owned by uid ${facts.uid}, not by you (uid ${options.uid}): ` +
        `run sudo chown ${recursive}${options.uid} "${path}"`,
    );
  }
  const permissions = facts.mode & 0o777;
  const modeText = `mode ${permissions.toString(8).padStart(4, "0")}`;
  if (permissions & GROUP_OR_OTHER_WRITE) {
    return refuse(
      `it is writable by ${whom(permissions, 0o020, 0o002)} (${modeText}): run ${chmod}`,
    );
  }
  if (permissions & GROUP_OR_OTHER_READ) {
    const capitalized = label.charAt(0).toUpperCase() + label.slice(1);
    return {
      warning: `${capitalized} "${path}" is readable by ${
        whom(permissions, 0o040, 0o004)
      } (${modeText}): run ${chmod}`,
    };
  }
  return {};
}

function whom(permissions: number, groupBit: number, otherBit: number): string {
  const group = (permissions & groupBit) !== 0;
  const other = (permissions & otherBit) !== 0;
  if (group && other) return "its group and other users";
  return group ? "its group" : "other users";
}

/**
 * Checks one path with `lstat`: refuses it or returns its warnings.
 * A path that does not exist passes, with `exists: false`. Skipped on
 * Windows (see the module doc). The check runs on the path; files are then
 * opened with `openPrivateFile` (`open_private_file.ts`), which compares
 * the open handle with the checked path.
 *
 * @throws {RefusalError} when the path is unsafe to use.
 */
export function checkPrivatePath(
  path: string,
  options: PathSecurityOptions,
): Promise<{ exists: boolean; warnings: string[] }> {
  try {
    return Promise.resolve(checkPathNow(path, options));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `checkPrivatePath` in this thread: a lookup of a few microseconds, which
 * every command makes several times, costs less than handing it to a
 * thread of Deno's pool and back.
 */
function checkPathNow(
  path: string,
  options: PathSecurityOptions,
): { exists: boolean; warnings: string[] } {
  let facts: Deno.FileInfo;
  try {
    facts = Deno.lstatSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { exists: false, warnings: [] };
    throw error;
  }
  if (Deno.build.os === "windows") return { exists: true, warnings: [] };
  const { refusal, warning } = assessPathSecurity(path, facts, options);
  if (refusal !== undefined) throw new RefusalError(refusal);
  return { exists: true, warnings: warning === undefined ? [] : [warning] };
}

/**
 * The current user's id, without needing `--allow-sys`.
 *
 * When `--allow-sys=uid` is granted (checked with a query, which never
 * prompts) this is `Deno.uid()`. Otherwise {@linkcode probeUid} creates a
 * file in `dir` and reads its owner, or, when `dir` cannot be written, finds
 * out whether `dir` is the user's own. `null` on Windows, or when neither
 * tells. Once a probe succeeds its answer is kept for the process.
 *
 * @throws {RefusalError} when `dir` cannot be written and belongs to another user.
 */
export async function currentUid(dir: string): Promise<number | null> {
  if (Deno.build.os === "windows") return null;
  if (Deno.permissions.querySync({ name: "sys", kind: "uid" }).state === "granted") {
    return Deno.uid();
  }
  knownUid ??= await probeUid(dir) ?? undefined;
  return knownUid ?? null;
}

/** The uid a probe found: a process's uid never changes, so one probe is enough. */
let knownUid: number | undefined;

/**
 * Finds the current user's id by creating a probe file in `dir` (with
 * `createNew` and mode 0600, under a random name so that it can never be a
 * file or link someone else prepared), reading its owner from the open
 * handle, and removing it. A file we just created is owned by our effective
 * uid, which is what the owner checks compare against. The lock file is not
 * used instead because it may have been created by an earlier process of
 * another user.
 *
 * When `dir` cannot be written (a read-only config, or another user's
 * directory that others may read), the opened `dir` is given the times it
 * has: only its owner may do that, so success means its owner is the user,
 * and a refusal means it is another user's, which is refused rather than
 * trusted unchecked. `null` when even that cannot tell (a read-only file
 * system, a path outside the permission set, no such directory).
 *
 * @throws {RefusalError} when `dir` belongs to another user.
 */
export function probeUid(dir: string): Promise<number | null> {
  return Promise.resolve(probeUidNow(dir));
}

/** `probeUid` in this thread: four file calls of a few microseconds each, on every command. */
function probeUidNow(dir: string): number | null {
  const probe = join(dir, `.uid-probe-${randomHex(8)}`);
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(probe, { write: true, createNew: true, mode: 0o600 });
  } catch {
    return ownerIfOurs(dir);
  }
  try {
    return file.statSync().uid;
  } finally {
    file.close();
    try {
      Deno.removeSync(probe);
    } catch {
      // A probe left behind is harmless: its name is random and it holds nothing.
    }
  }
}

/**
 * The owner of the directory `dir` when it is the user's own, found by
 * setting the times of the opened directory to the times it has (which
 * changes nothing, and only its owner or root may do with given times). The
 * open handle is used, never the path again, so a link swapped in meanwhile
 * can never make this touch another file. `null` when that cannot tell.
 *
 * @throws {RefusalError} when the directory is another user's.
 */
function ownerIfOurs(dir: string): number | null {
  let handle: Deno.FsFile;
  try {
    handle = Deno.openSync(dir, { read: true });
  } catch {
    return null;
  }
  let owner: number;
  try {
    const facts = handle.statSync();
    const named = Deno.lstatSync(dir);
    if (
      !facts.isDirectory || named.isSymlink || facts.uid === null || facts.mtime === null ||
      facts.ino === null || named.dev !== facts.dev || named.ino !== facts.ino
    ) {
      return null;
    }
    owner = facts.uid;
    try {
      handle.utimeSync(facts.atime ?? facts.mtime, facts.mtime);
      return owner;
    } catch (error) {
      if (!(error instanceof Deno.errors.PermissionDenied)) return null;
    }
  } catch {
    return null;
  } finally {
    handle.close();
  }
  throw new RefusalError(
    `Refusing to use directory "${dir}": it is owned by uid ${owner}, not by you: ` +
      `run sudo chown -R "$(id -u)" "${dir}", or set OMNIMANCER_HOME to a directory of your own`,
  );
}

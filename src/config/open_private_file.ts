/**
 * The one way omn opens a file of its config directory (and `./.env`):
 * never through a symbolic link, never a FIFO or device, never a file
 * another user owns or can write, and always the file that was checked.
 *
 * How, without `O_NOFOLLOW` (Deno's `open` has no such option, and under a
 * permission set `node:fs` resolves links before opening, so the flag has
 * no effect there):
 *
 * 1. `lstat` the path: it must be a regular file (not a link, FIFO, socket
 *    or device), owned by the user and not writable by the group or other
 *    users (the checks of `config.json`, {@linkcode assessPathSecurity});
 *    its parent directory must pass the same checks as a directory;
 * 2. open it;
 * 3. `fstat` the open handle and compare its device and inode with step 1:
 *    if the path was swapped (for a link, or another file) between the two,
 *    the handle is another file, and it is closed unread with a refusal.
 *
 * So whatever is read or written is the file that was checked. A new file
 * is created with `createNew` (`O_EXCL`, which never follows a link) and
 * mode 0600. The one thing a race can still do is swap in a FIFO between
 * steps 1 and 2, which makes the open wait; that needs write access to the
 * directory, which for the config directory only its owner has.
 *
 * On Windows the owner and mode checks are skipped, as in `file_security.ts`.
 *
 * @module
 */
import { dirname } from "node:path";
import { RefusalError } from "../core/errors.ts";
import { assessPathSecurity, currentUid } from "./file_security.ts";

/** How the file is opened. */
export type PrivateFileAccess = "read" | "append" | "readAppend" | "readWrite";

/** Options of {@linkcode openPrivateFile}. */
export interface OpenPrivateFileOptions {
  /** Read only, append only (`O_APPEND`), read and append, or read and write (lock and state files). */
  access: PrivateFileAccess;
  /** Create the file 0600 when missing (not with `read`); default false. */
  create?: boolean;
  /** What the file is, for messages ("audit log"); default "file". */
  label?: string;
  /**
   * The user's id; found with {@linkcode currentUid} in the parent directory
   * when absent. `null` skips the owner check.
   */
  uid?: number | null;
  /** Check the parent directory as a private directory too; default true. */
  checkParent?: boolean;
  /** The fix named when the path is a symbolic link (see `assessPathSecurity`). */
  linkFix?: string;
  /** Refuse a file larger than this many bytes. */
  maxBytes?: number;
  /**
   * An existing file its group or other users can read: `warn` (the default)
   * returns a warning with the fix, `narrow` changes it to 0600 (for files only
   * omn writes, such as logs and ledgers).
   */
  readable?: "warn" | "narrow";
}

/** An open private file. */
export interface PrivateFile {
  /** The handle; the caller closes it. */
  file: Deno.FsFile;
  /** Whether this call created the file. */
  created: boolean;
  /** Its size when opened. */
  size: number;
  /** Problems worth telling the user, each with its fix. */
  warnings: string[];
}

/** Mode of every file created. */
const FILE_MODE = 0o600;

/**
 * Opens `path` as described in the module doc. `undefined` when the file
 * does not exist and `create` is not set.
 *
 * @example
 * ```ts
 * import { openPrivateFile } from "./open_private_file.ts";
 * const dir = await Deno.makeTempDir();
 * const opened = await openPrivateFile(`${dir}/usage.jsonl`, { access: "append", create: true });
 * opened?.file.close();
 * ```
 *
 * @throws {RefusalError} when the path or its directory is unsafe, or
 * changed while it was being opened.
 */
export async function openPrivateFile(
  path: string,
  options: OpenPrivateFileOptions,
): Promise<PrivateFile | undefined> {
  const label = options.label ?? "file";
  const warnings: string[] = [];
  const uid = options.uid !== undefined ? options.uid : await currentUid(dirname(path));
  if (options.checkParent ?? true) {
    warnings.push(
      ...await checkPrivateDirectory(dirname(path), { uid, label: `directory of ${label}` }),
    );
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    let facts: Deno.FileInfo;
    try {
      // The lookups and the open run in this thread: each is a few microseconds, less than
      // handing it to a thread of Deno's pool and back, and every command opens several files.
      facts = Deno.lstatSync(path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      if (!options.create || options.access === "read") return undefined;
      const created = await createNew(path, options.access);
      if (created === undefined) continue; // Someone created it meanwhile: check it.
      return { file: created, created: true, size: 0, warnings };
    }
    const { refusal, warning } = assessPathSecurity(
      path,
      Deno.build.os === "windows" ? { ...facts, mode: null } : facts,
      { kind: "file", uid, label, linkFix: options.linkFix },
    );
    if (refusal !== undefined) throw new RefusalError(refusal);
    if (warning !== undefined && options.readable !== "narrow") warnings.push(warning);
    if (options.maxBytes !== undefined && facts.size > options.maxBytes) {
      throw new RefusalError(
        `Refusing to read ${label} "${path}": it is ${facts.size} bytes, more than the ` +
          `limit of ${options.maxBytes}: make it smaller`,
      );
    }
    const file = Deno.openSync(path, openOptions(options.access));
    try {
      const opened = file.statSync();
      if (!sameFile(facts, opened)) {
        throw new RefusalError(
          `Refusing to use ${label} "${path}": it was replaced while omn opened it: ` +
            "check who else writes to its directory",
        );
      }
      if (options.maxBytes !== undefined && opened.size > options.maxBytes) {
        throw new RefusalError(
          `Refusing to read ${label} "${path}": it is ${opened.size} bytes, more than the ` +
            `limit of ${options.maxBytes}: make it smaller`,
        );
      }
      if (
        options.readable === "narrow" && Deno.build.os !== "windows" && opened.mode !== null &&
        (opened.mode & 0o077) !== 0
      ) {
        await Deno.chmod(path, FILE_MODE);
      }
      return { file, created: false, size: opened.size, warnings };
    } catch (error) {
      file.close();
      throw error;
    }
  }
  throw new RefusalError(
    `Refusing to use ${label} "${path}": it keeps changing while omn opens it: ` +
      "check who else writes to its directory",
  );
}

/**
 * Reads a whole private file (see {@linkcode openPrivateFile}); `undefined`
 * when it does not exist.
 */
export async function readPrivateFile(
  path: string,
  options: Omit<OpenPrivateFileOptions, "access" | "create" | "readable"> = {},
): Promise<{ bytes: Uint8Array; warnings: string[] } | undefined> {
  const opened = await openPrivateFile(path, { ...options, access: "read" });
  if (opened === undefined) return undefined;
  try {
    // In this thread: a regular file (openPrivateFile checked it), read in a few microseconds per
    // 64 KiB, where each read handed to Deno's pool cost a hop there and back.
    const bytes = readAllFrom(opened.file, options.maxBytes);
    if (options.maxBytes !== undefined && bytes === undefined) {
      throw new RefusalError(
        `Refusing to read ${options.label ?? "file"} "${path}": it grew past the limit of ` +
          `${options.maxBytes} bytes while being read: make it smaller`,
      );
    }
    return { bytes: bytes!, warnings: opened.warnings };
  } finally {
    opened.file.close();
  }
}

/** Options of {@linkcode checkPrivateDirectory}. */
export interface CheckPrivateDirectoryOptions {
  /** The user's id; `null` skips the owner check. */
  uid: number | null;
  /** What the directory is, for messages. */
  label?: string;
}

/**
 * Checks a directory of the config directory with `lstat`: not a link,
 * owned by the user, not writable by others. A missing directory passes.
 *
 * @returns warnings (readable by others), each with its fix.
 * @throws {RefusalError} when it is unsafe.
 */
export function checkPrivateDirectory(
  path: string,
  options: CheckPrivateDirectoryOptions,
): Promise<string[]> {
  try {
    return Promise.resolve(checkPrivateDirectoryNow(path, options));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** `checkPrivateDirectory` in this thread: one `lstat`, a few microseconds, no hop to Deno's pool. */
function checkPrivateDirectoryNow(path: string, options: CheckPrivateDirectoryOptions): string[] {
  let facts: Deno.FileInfo;
  try {
    facts = Deno.lstatSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  const { refusal, warning } = assessPathSecurity(
    path,
    Deno.build.os === "windows" ? { ...facts, mode: null } : facts,
    { kind: "directory", uid: options.uid, label: options.label },
  );
  if (refusal !== undefined) throw new RefusalError(refusal);
  return warning === undefined ? [] : [warning];
}

/** Whether `lstat` facts and an open handle's `fstat` are the same file. */
export function sameFile(
  checked: Pick<Deno.FileInfo, "dev" | "ino">,
  opened: Pick<Deno.FileInfo, "dev" | "ino">,
): boolean {
  if (checked.ino === null || opened.ino === null) return true; // Windows: no inode numbers.
  return checked.dev === opened.dev && checked.ino === opened.ino;
}

function openOptions(access: PrivateFileAccess): Deno.OpenOptions {
  switch (access) {
    case "read":
      return { read: true };
    case "append":
      return { append: true };
    case "readAppend":
      return { read: true, append: true };
    case "readWrite":
      return { read: true, write: true };
  }
}

/** Creates the file with `O_EXCL` and mode 0600; `undefined` when it already exists. */
async function createNew(
  path: string,
  access: PrivateFileAccess,
): Promise<Deno.FsFile | undefined> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, {
      ...openOptions(access),
      createNew: true,
      mode: FILE_MODE,
    });
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) return undefined;
    throw error;
  }
  try {
    if (Deno.build.os !== "windows") await Deno.chmod(path, FILE_MODE);
  } catch (error) {
    file.close();
    throw error;
  }
  return file;
}

/** Reads to the end; `undefined` when more than `limit` bytes come. */
function readAllFrom(file: Deno.FsFile, limit?: number): Uint8Array | undefined {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const buffer = new Uint8Array(64 * 1024);
  while (true) {
    const count = file.readSync(buffer);
    if (count === null) break;
    total += count;
    if (limit !== undefined && total > limit) return undefined;
    chunks.push(buffer.slice(0, count));
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/**
 * Replacing a file atomically, with a fixed mode, so that readers see either
 * the old content or the new one, never a part, and a crash leaves the old
 * file in place.
 *
 * @module
 */
import { basename, dirname, join } from "node:path";
import { randomHex } from "./_random_hex.ts";
import { currentUid } from "./file_security.ts";
import { checkPrivateDirectory } from "./open_private_file.ts";

/** Options of {@linkcode writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /** Mode of the written file; default 0o600. Ignored on Windows. */
  mode?: number;
  /**
   * Whether the file and its directory are flushed to disk (`fsync`) before
   * and after the rename; default `true`, so that a power loss keeps either
   * the old content or the new one. `false` skips both flushes: the write is
   * still atomic for every reader and against a process that dies (the
   * rename), but a power loss soon after it may leave the old file, no file
   * or an empty one. For records a run writes every time whose loss costs
   * little (`src/history/conversation_store.ts` says why and what it costs).
   */
  durable?: boolean;
}

/**
 * Writes `data` to `path` atomically:
 *
 * 1. create a temporary file beside `path` (same directory, hence same file
 *    system) with `createNew` and `mode`, under a random name;
 * 2. `chmod` it to `mode` before writing anything, so the mode holds whatever
 *    the umask (the umask can only narrow the mode given to `open`);
 * 3. write everything, `fsync`, close;
 * 4. `rename` it over `path`, then `fsync` the directory (best effort) so the
 *    rename itself survives a crash.
 *
 * With `durable: false`, steps 3 and 4 leave out the `fsync`s.
 *
 * On any failure the temporary file is removed and `path` is untouched.
 * Whatever mode `path` had, it ends with `mode`. A symbolic link at `path` is
 * replaced by a regular file, not followed. The directory is checked first
 * (`checkPrivateDirectory`): a link, or a directory another user owns or
 * others can write, is refused, so no write leaves the config directory.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from "./write_file_atomic.ts";
 * const dir = await Deno.makeTempDir();
 * await writeFileAtomic(`${dir}/config.json`, '{ "version": 1 }\n', { mode: 0o600 });
 * ```
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const mode = options.mode ?? 0o600;
  const durable = options.durable ?? true;
  const dir = dirname(path);
  await checkPrivateDirectory(dir, { uid: await currentUid(dir) });
  const temp = join(dir, `.${basename(path)}.${randomHex(8)}.tmp`);
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  // The file calls run in this thread: each is a few microseconds, less than handing it to a
  // thread of Deno's pool and back. The syncs too, though they wait on the disk: from the temporary
  // file's creation to the rename the event loop never turns, so no signal's handler, timer or
  // Deno.exit can run while the temporary file exists (an async sync let a Ctrl-C end the run there
  // and leave the file behind, the write undone).
  let created = false;
  let file: Deno.FsFile | undefined;
  try {
    file = Deno.openSync(temp, { write: true, createNew: true, mode });
    created = true;
    if (Deno.build.os !== "windows") Deno.chmodSync(temp, mode);
    let written = 0;
    while (written < bytes.length) written += file.writeSync(bytes.subarray(written));
    if (durable) file.syncSync();
    file.close();
    file = undefined;
    Deno.renameSync(temp, path);
  } catch (error) {
    try {
      file?.close();
    } catch {
      // Already closed; the removal below is what matters.
    }
    if (created) {
      try {
        Deno.removeSync(temp);
      } catch {
        // The write's own error is the one to report.
      }
    }
    throw error;
  }
  if (durable) syncDirectory(dir);
}

/** Flushes a directory's entries to disk; not every platform allows it, hence best effort. */
function syncDirectory(dir: string): void {
  if (Deno.build.os === "windows") return;
  try {
    const handle = Deno.openSync(dir, { read: true });
    try {
      handle.syncSync();
    } finally {
      handle.close();
    }
  } catch {
    // The data is already synced and renamed; only durability of the rename is at stake.
  }
}

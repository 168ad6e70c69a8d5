/**
 * Opening one of omn's own append-only files (the usage ledger, the audit
 * log, the structured log) so that every write lands whole at its end and
 * nobody else can read it.
 *
 * @module
 */
import { dirname } from "node:path";
import { RefusalError } from "../cli/errors.ts";
import { ensurePrivateDir } from "./ensure_private_dir.ts";

/**
 * Opens `path` for appending (`O_APPEND`, so each write goes to the end of
 * the file even with several processes writing), creating it 0600 and its
 * directory 0700 when missing. An existing file that its group or other
 * users could read or write is narrowed to 0600 (these files are written
 * only by omn, and narrowing a mode never breaks anything); a symbolic
 * link or anything but a regular file is refused.
 *
 * @example
 * ```ts
 * import { openPrivateAppend } from "./open_private_append.ts";
 * const dir = await Deno.makeTempDir();
 * using file = await openPrivateAppend(`${dir}/audit.jsonl`);
 * file.writeSync(new TextEncoder().encode('{"event":"key.set"}\n'));
 * ```
 *
 * @throws {RefusalError} when `path` is a link or not a regular file.
 */
export async function openPrivateAppend(path: string): Promise<Deno.FsFile> {
  await ensurePrivateDir(dirname(path));
  try {
    const info = await Deno.lstat(path);
    if (info.isSymlink || !info.isFile) {
      throw new RefusalError(
        `Refusing to append to "${path}": it is ${
          info.isSymlink ? "a symbolic link" : "not a regular file"
        }: move it away`,
      );
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const file = await Deno.open(path, { append: true, create: true, mode: 0o600 });
  try {
    const mode = (await file.stat()).mode;
    if (mode !== null && (mode & 0o077) !== 0) await Deno.chmod(path, 0o600);
  } catch (error) {
    file.close();
    throw error;
  }
  return file;
}

/**
 * Writes `line` and a line break to an append-mode file in one write call,
 * so concurrent writers never interleave inside a line.
 */
export function appendLineSync(file: Deno.FsFile, line: string): void {
  const bytes = new TextEncoder().encode(line.endsWith("\n") ? line : `${line}\n`);
  let written = 0;
  while (written < bytes.length) written += file.writeSync(bytes.subarray(written));
}

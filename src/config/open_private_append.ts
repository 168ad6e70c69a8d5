/**
 * Opening one of omn's own append-only files (the usage ledger, the audit
 * log, the structured log) so that every write lands whole at its end and
 * nobody else can read it.
 *
 * @module
 */
import { dirname } from "node:path";
import { ensurePrivateDir } from "./ensure_private_dir.ts";
import { openPrivateFile } from "./open_private_file.ts";

/**
 * Opens `path` for appending (`O_APPEND`, so each write goes to the end of
 * the file even with several processes writing), creating it 0600 and its
 * directory 0700 when missing, with `openPrivateFile`: a symbolic link,
 * anything but a regular file, a file another user owns or that others can
 * write, or a directory that is any of these, is refused. An existing file
 * that its group or other users can only read is narrowed to 0600 (these
 * files are written only by omn, and narrowing a mode never breaks
 * anything).
 *
 * @example
 * ```ts
 * import { openPrivateAppend } from "./open_private_append.ts";
 * const dir = await Deno.makeTempDir();
 * using file = await openPrivateAppend(`${dir}/audit.jsonl`);
 * file.writeSync(new TextEncoder().encode('{"event":"key.set"}\n'));
 * ```
 *
 * @throws {RefusalError} when `path` or its directory is unsafe.
 */
export async function openPrivateAppend(
  path: string,
  options: { label?: string } = {},
): Promise<Deno.FsFile> {
  await ensurePrivateDir(dirname(path));
  const opened = await openPrivateFile(path, {
    access: "append",
    create: true,
    readable: "narrow",
    label: options.label,
  });
  return opened!.file;
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

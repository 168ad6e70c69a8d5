/**
 * Reading one of omn's JSON-lines files (the usage ledger, the audit log)
 * line by line, in memory proportional to the records kept, not the file.
 *
 * @module
 */
import { openPrivateFile } from "./open_private_file.ts";

/** What {@linkcode readJsonLines} found. */
export interface JsonLines<T> {
  /** The records `parse` accepted, in file order. */
  records: T[];
  /** Non-empty lines `parse` rejected (torn or edited lines). */
  skipped: number;
  /** Whether the file exists. */
  exists: boolean;
}

/**
 * Reads `path` line by line and keeps what `parse` returns for each
 * non-empty line (`undefined` skips and counts the line). A missing file
 * reads as empty. The file is opened with `openPrivateFile`: a link, or a
 * file another user owns or can write, is refused.
 *
 * @example
 * ```ts
 * import { readJsonLines } from "./read_json_lines.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.jsonl`, '{"n":1}\nnot json\n');
 * const { records, skipped } = await readJsonLines(`${dir}/a.jsonl`, (line) => {
 *   try { return JSON.parse(line); } catch { return undefined; }
 * });
 * // records: [{ n: 1 }], skipped: 1
 * ```
 */
export async function readJsonLines<T>(
  path: string,
  parse: (line: string) => T | undefined,
  options: { label?: string } = {},
): Promise<JsonLines<T>> {
  const result: JsonLines<T> = { records: [], skipped: 0, exists: false };
  const opened = await openPrivateFile(path, { access: "read", label: options.label });
  if (opened === undefined) return result;
  const file = opened.file;
  result.exists = true;
  const take = (line: string) => {
    if (line.trim() === "") return;
    const record = parse(line);
    if (record === undefined) result.skipped++;
    else result.records.push(record);
  };
  let pending = "";
  for await (const chunk of file.readable.pipeThrough(new TextDecoderStream())) {
    pending += chunk;
    let newline = pending.indexOf("\n");
    while (newline !== -1) {
      take(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf("\n");
    }
  }
  take(pending);
  return result;
}

/**
 * The usage ledger held open by a command that records many generations
 * (`batch`, `chat`), so that each record costs one write instead of the
 * directory and file checks and the open and close of `recordUsage`.
 *
 * @module
 */
import { join } from "node:path";
import { appendLineSync, openPrivateAppend } from "../config/open_private_append.ts";
import { redactJsonLine } from "../security/redact_json_line.ts";
import { createUsageRecord, type UsageInput, type UsageRecord } from "./usage_record.ts";
import type { Config } from "../config/schema.ts";

/** The ledger's file name in the config directory. */
export const LEDGER_FILE = "usage.jsonl";

/** The ledger's path in a config directory. */
export function ledgerPath(dir: string): string {
  return join(dir, LEDGER_FILE);
}

/** How a record is made. */
export interface UsageRecordOptions {
  /** The clock, for a record without `time`; injectable for tests. */
  now?: () => Date;
  /** The config whose model prices win over the catalogue's. */
  config?: Config;
}

/** A usage ledger opened once; see {@linkcode openUsageLedger}. */
export interface UsageLedger {
  /** Appends one record, as `recordUsage` does; the first call opens the file. */
  append(input: UsageInput, options?: UsageRecordOptions): Promise<UsageRecord>;
  /** Closes the file, if it was opened; a later append throws. */
  close(): void;
}

/**
 * The usage ledger of config directory `dir`, opened (with the checks of
 * `openPrivateAppend`: 0600, no symbolic link, no file of another user) at
 * its first record and kept open until `close`. Each record is still one
 * whole line in one `O_APPEND` write, redacted, so other `omn` processes
 * can append at the same time. The ledger is never renamed or rotated, so
 * the open file stays the ledger.
 *
 * @example
 * ```ts
 * import { openUsageLedger } from "./usage_ledger.ts";
 * const dir = await Deno.makeTempDir();
 * using ledger = openUsageLedger(dir);
 * await ledger.append({
 *   provider: "mock", model: "mock-1", key: "none",
 *   inputTokens: 2, outputTokens: 25, durationMs: 3,
 * });
 * ```
 */
export function openUsageLedger(dir: string): UsageLedger & Disposable {
  let opening: Promise<Deno.FsFile> | undefined;
  let closed = false;
  let file: Deno.FsFile | undefined;
  const close = () => {
    closed = true;
    file?.close();
    file = undefined;
  };
  const open = () =>
    openPrivateAppend(ledgerPath(dir)).then((opened) => {
      // Closed while it was opening: nobody will close it later.
      if (closed) opened.close();
      else file = opened;
      return opened;
    }, (error) => {
      // A failed open is tried again by the next record.
      opening = undefined;
      throw error;
    });
  return {
    async append(input, options = {}) {
      const record = createUsageRecord(input, (options.now ?? (() => new Date()))(), {
        config: options.config,
      });
      if (closed) throw new Error("The usage ledger was closed before this record");
      // Concurrent first records share one open.
      await (opening ??= open());
      if (!file) throw new Error("The usage ledger was closed before this record");
      appendLineSync(file, redactJsonLine(record));
      return record;
    },
    close,
    [Symbol.dispose]: close,
  };
}

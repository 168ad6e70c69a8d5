/**
 * Appending to the usage ledger, `usage.jsonl` in the config directory.
 *
 * @module
 */
import { join } from "node:path";
import { appendLineSync, openPrivateAppend } from "../config/open_private_append.ts";
import { redactJsonLine } from "../security/redact_json_line.ts";
import type { Config } from "../config/schema.ts";
import { createUsageRecord, type UsageInput, type UsageRecord } from "./usage_record.ts";

/** The ledger's file name in the config directory. */
export const LEDGER_FILE = "usage.jsonl";

/** The ledger's path in a config directory. */
export function ledgerPath(dir: string): string {
  return join(dir, LEDGER_FILE);
}

/** Options of {@linkcode recordUsage}. */
export interface RecordUsageOptions {
  /** The clock, for a record without `time`; injectable for tests. */
  now?: () => Date;
  /** The config whose model prices win over the catalogue's. */
  config?: Config;
}

/**
 * Appends one record to the usage ledger of config directory `dir`: time,
 * provider, model, key fingerprint, endpoint host, tokens, cost (at the
 * config's price for the model, else the catalogue's; `null` and
 * `"unknown"` for a model neither prices),
 * duration and outcome (`"ok"` or the error's class name). Never a prompt
 * or a reply: the input has no field for them, and the line passes through
 * the redaction module before it is written.
 *
 * The ledger is created 0600 (its directory 0700) and opened with
 * `O_APPEND`; each record is one whole line written in one call, so
 * concurrent `omn` processes never tear or interleave records.
 *
 * @example
 * ```ts
 * import { recordUsage } from "./record_usage.ts";
 * const dir = await Deno.makeTempDir();
 * await recordUsage(dir, {
 *   provider: "mock", model: "mock-1", key: "none",
 *   inputTokens: 2, outputTokens: 25, durationMs: 3,
 * });
 * ```
 *
 * @returns the record as written.
 */
export async function recordUsage(
  dir: string,
  input: UsageInput,
  options: RecordUsageOptions = {},
): Promise<UsageRecord> {
  const record = createUsageRecord(input, (options.now ?? (() => new Date()))(), {
    config: options.config,
  });
  using file = await openPrivateAppend(ledgerPath(dir));
  appendLineSync(file, redactJsonLine(record));
  return record;
}

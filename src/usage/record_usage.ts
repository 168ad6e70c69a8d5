/**
 * Appending to the usage ledger, `usage.jsonl` in the config directory.
 *
 * @module
 */
import type { UsageInput, UsageRecord } from "./usage_record.ts";
import { openUsageLedger, type UsageRecordOptions } from "./usage_ledger.ts";

/** Options of {@linkcode recordUsage}. */
export type RecordUsageOptions = UsageRecordOptions;

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
  using ledger = openUsageLedger(dir);
  return await ledger.append(input, options);
}

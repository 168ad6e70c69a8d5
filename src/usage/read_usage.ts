/**
 * Reading the usage ledger back.
 *
 * @module
 */
import { readJsonLines } from "../config/read_json_lines.ts";
import { ledgerPath } from "./usage_ledger.ts";
import { parseUsageRecord, type UsageRecord } from "./usage_record.ts";

/** Options of {@linkcode readUsage}. */
export interface ReadUsageOptions {
  /** Only records at or after this time. */
  since?: Date;
}

/** The ledger's records, and how many lines could not be read. */
export interface UsageLedger {
  records: UsageRecord[];
  skipped: number;
}

/**
 * The records of the usage ledger of config directory `dir`, in the order
 * they were written; a missing ledger is empty.
 */
export async function readUsage(dir: string, options: ReadUsageOptions = {}): Promise<UsageLedger> {
  const since = options.since?.getTime() ?? -Infinity;
  const { records, skipped } = await readJsonLines(ledgerPath(dir), (line) => {
    const record = parseUsageRecord(line);
    if (record === undefined) return undefined;
    return Date.parse(record.time) >= since ? record : null;
  });
  return { records: records.filter((record): record is UsageRecord => record !== null), skipped };
}

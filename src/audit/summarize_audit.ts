/**
 * Counts of audit records by event, for `omn audit`. Pure.
 *
 * @module
 */
import type { AuditRecord } from "./audit_record.ts";

/** The result of {@linkcode summarizeAudit}. */
export interface AuditSummary {
  /** How many records. */
  records: number;
  /** The time of the first and the last record, `null` when there are none. */
  first: string | null;
  last: string | null;
  /** Records per event name, most frequent first. */
  events: Record<string, number>;
}

/**
 * Counts records by event.
 *
 * @example
 * ```ts
 * import { summarizeAudit } from "./summarize_audit.ts";
 * summarizeAudit([]); // { records: 0, first: null, last: null, events: {} }
 * ```
 */
export function summarizeAudit(records: readonly AuditRecord[]): AuditSummary {
  const counts = new Map<string, number>();
  let first: string | null = null;
  let last: string | null = null;
  for (const record of records) {
    counts.set(record.event, (counts.get(record.event) ?? 0) + 1);
    if (first === null || Date.parse(record.time) < Date.parse(first)) first = record.time;
    if (last === null || Date.parse(record.time) > Date.parse(last)) last = record.time;
  }
  const events = Object.fromEntries(
    [...counts].sort(([leftName, left], [rightName, right]) =>
      right - left || leftName.localeCompare(rightName)
    ),
  );
  return { records: records.length, first, last, events };
}

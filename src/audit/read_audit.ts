/**
 * Reading the audit log back.
 *
 * @module
 */
import { readJsonLines } from "../config/read_json_lines.ts";
import { auditPath } from "./append_audit.ts";
import { type AuditRecord, parseAuditRecord } from "./audit_record.ts";

/** The audit log's records, and how many lines could not be read. */
export interface AuditLog {
  records: AuditRecord[];
  skipped: number;
}

/** The records of the audit log of config directory `dir`; a missing log is empty. */
export async function readAudit(dir: string): Promise<AuditLog> {
  const { records, skipped } = await readJsonLines(auditPath(dir), parseAuditRecord);
  return { records, skipped };
}

/**
 * The open alerts of a config directory: its audit log and usage ledger
 * read, and the thresholds of its config applied.
 *
 * @module
 */
import { readUsage } from "../usage/read_usage.ts";
import type { AuditRecord } from "./audit_record.ts";
import { readAuditSettings } from "./audit_settings.ts";
import { type AuditAlert, findAlerts } from "./find_alerts.ts";
import { readAudit } from "./read_audit.ts";

/** Options of {@linkcode openAlerts}. */
export interface OpenAlertsOptions {
  /** The current time. */
  now: Date;
  /** Alerts raised before this are closed; `now` minus `settings.audit_alert_hours` by default. */
  since?: Date;
}

/** What {@linkcode openAlerts} read and found. */
export interface OpenAlerts {
  alerts: AuditAlert[];
  /** Every record of the audit log. */
  audit: AuditRecord[];
  /** Unreadable lines of the audit log and of the ledger. */
  skipped: { audit: number; usage: number };
  /** Where alerts start counting as open. */
  since: Date;
}

/** Reads the audit log and the usage ledger of `dir` and finds the open alerts. */
export async function openAlerts(dir: string, options: OpenAlertsOptions): Promise<OpenAlerts> {
  const settings = await readAuditSettings(dir);
  const since = options.since ??
    new Date(options.now.getTime() - settings.alertHours * 3_600_000);
  const [audit, usage] = await Promise.all([readAudit(dir), readUsage(dir)]);
  return {
    alerts: findAlerts(audit.records, usage.records, { ...settings, since }),
    audit: audit.records,
    skipped: { audit: audit.skipped, usage: usage.skipped },
    since,
  };
}

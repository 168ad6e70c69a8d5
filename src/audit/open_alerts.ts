/**
 * The open alerts of a config directory: its audit log and usage ledger
 * read, and the thresholds of its config applied.
 *
 * @module
 */
import { sha256Hex } from "../security/sha256.ts";
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

/** An open alert with the id that `omn audit ack ID` takes. */
export interface IdentifiedAlert extends AuditAlert {
  /** 8 hex digits of the SHA-256 of its kind, time and key: the same on every read. */
  id: string;
}

/** What {@linkcode openAlerts} read and found. */
export interface OpenAlerts {
  /** The open alerts, acknowledged ones left out. */
  alerts: IdentifiedAlert[];
  /** Every record of the audit log. */
  audit: AuditRecord[];
  /** Unreadable lines of the audit log and of the ledger. */
  skipped: { audit: number; usage: number };
  /** Where alerts start counting as open. */
  since: Date;
}

/**
 * The id of an alert: 8 hex digits of the SHA-256 of its kind, time and key.
 *
 * @example
 * ```ts
 * import { alertId } from "./open_alerts.ts";
 * alertId({ kind: "auth-failures", time: "2026-01-01T00:00:00.000Z", message: "…" }).length; // 8
 * ```
 */
export function alertId(alert: AuditAlert): string {
  return sha256Hex(`${alert.kind}|${alert.time}|${alert.key ?? ""}`).slice(0, 8);
}

/** Reads the audit log and the usage ledger of `dir` and finds the open alerts. */
export async function openAlerts(dir: string, options: OpenAlertsOptions): Promise<OpenAlerts> {
  const settings = await readAuditSettings(dir);
  const since = options.since ??
    new Date(options.now.getTime() - settings.alertHours * 3_600_000);
  const [audit, usage] = await Promise.all([readAudit(dir), readUsage(dir)]);
  const acknowledged = new Set(
    audit.records.filter((record) => record.event === "alert.acknowledged")
      .map((record) => record.target),
  );
  const alerts = findAlerts(audit.records, usage.records, { ...settings, since })
    .map((alert) => ({ id: alertId(alert), ...alert }))
    .filter((alert) => !acknowledged.has(alert.id));
  return {
    alerts,
    audit: audit.records,
    skipped: { audit: audit.skipped, usage: usage.skipped },
    since,
  };
}

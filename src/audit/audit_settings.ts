/**
 * Retention and alert thresholds of the audit log, from the `settings` of
 * the config file.
 *
 * @module
 */
import { join } from "node:path";
import { readPrivateFile } from "../config/open_private_file.ts";

/** Retention and alert thresholds. */
export interface AuditSettings {
  /** Records older than this many days are pruned (`settings.audit_max_age_days`). */
  maxAgeDays: number;
  /** The log is kept under this many bytes, oldest records first out (`settings.audit_max_bytes`). */
  maxBytes: number;
  /** This many authentication failures... (`settings.audit_auth_failures`) */
  authFailures: number;
  /** ...within this many minutes raise an alert (`settings.audit_auth_window_minutes`). */
  authWindowMinutes: number;
  /** An alert stays open this many hours after what raised it (`settings.audit_alert_hours`). */
  alertHours: number;
}

/** The defaults: 180 days, 5 MiB, 3 failures in 10 minutes, alerts open 24 hours. */
export const DEFAULT_AUDIT_SETTINGS: Readonly<AuditSettings> = {
  maxAgeDays: 180,
  maxBytes: 5 * 1024 * 1024,
  authFailures: 3,
  authWindowMinutes: 10,
  alertHours: 24,
};

const FIELDS: Record<keyof AuditSettings, string> = {
  maxAgeDays: "audit_max_age_days",
  maxBytes: "audit_max_bytes",
  authFailures: "audit_auth_failures",
  authWindowMinutes: "audit_auth_window_minutes",
  alertHours: "audit_alert_hours",
};

/**
 * The audit settings of a config's `settings` object, each falling back to
 * its default when it is missing or not a whole number above 0. Pure.
 *
 * @example
 * ```ts
 * import { auditSettingsFrom } from "./audit_settings.ts";
 * auditSettingsFrom({ audit_max_age_days: 30 }).maxAgeDays; // 30
 * ```
 */
export function auditSettingsFrom(settings: unknown): AuditSettings {
  const result = { ...DEFAULT_AUDIT_SETTINGS };
  if (typeof settings !== "object" || settings === null) return result;
  for (const [name, field] of Object.entries(FIELDS) as [keyof AuditSettings, string][]) {
    const value = (settings as Record<string, unknown>)[field];
    if (typeof value === "number" && Number.isInteger(value) && value > 0) result[name] = value;
  }
  return result;
}

/**
 * The audit settings of the config file in `dir`. The file is read
 * leniently (a missing, unreadable or invalid config gives the defaults),
 * because recording an event must not depend on the config being valid:
 * an invalid config is reported by the command that reads it.
 */
export async function readAuditSettings(dir: string): Promise<AuditSettings> {
  try {
    const read = await readPrivateFile(join(dir, "config.json"), { label: "config file" });
    if (read === undefined) return { ...DEFAULT_AUDIT_SETTINGS };
    const config = JSON.parse(new TextDecoder().decode(read.bytes));
    return auditSettingsFrom(config?.settings);
  } catch {
    return { ...DEFAULT_AUDIT_SETTINGS };
  }
}

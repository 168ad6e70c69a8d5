/**
 * The alerts of `omn audit`, from the audit log and the usage ledger. Pure.
 *
 * @module
 */
import type { UsageRecord } from "../usage/usage_record.ts";
import type { AuditRecord } from "./audit_record.ts";
import type { AuditSettings } from "./audit_settings.ts";

/** What raised an alert. */
export type AuditAlertKind = "auth-failures" | "request-rate" | "new-provider" | "new-host";

/** One open alert. */
export interface AuditAlert {
  kind: AuditAlertKind;
  /** When it was raised (the record that raised it). */
  time: string;
  /** One line saying what happened and what to do. */
  message: string;
  /** The key fingerprint concerned, when there is one. */
  key?: string;
}

/** Options of {@linkcode findAlerts}. */
export interface FindAlertsOptions
  extends Pick<AuditSettings, "authFailures" | "authWindowMinutes"> {
  /** Alerts raised before this time are closed. */
  since: Date;
  /** An hour is "far above" the median at this multiple of it (default 10)… */
  rateFactor?: number;
  /** …and with at least this many requests (default 20). */
  rateMinimum?: number;
  /** Hours before an hour that its median is taken over (default 168, a week). */
  rateBaselineHours?: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

const byTime = <T extends { time: string }>(left: T, right: T) =>
  Date.parse(left.time) - Date.parse(right.time);

/** Keys that name a real credential (not `"none"` for keyless providers, nor unknown). */
function isKey(key: string | null): key is string {
  return key !== null && key !== "none" && key !== "";
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Bursts of `auth.failed` records: `authFailures` within `authWindowMinutes`. */
function authFailureAlerts(
  audit: readonly AuditRecord[],
  options: FindAlertsOptions,
): AuditAlert[] {
  const failures = audit.filter((record) => record.event === "auth.failed").sort(byTime);
  const window = options.authWindowMinutes * MINUTE;
  const alerts: AuditAlert[] = [];
  let start = 0;
  for (let end = 0; end < failures.length; end++) {
    const endTime = Date.parse(failures[end].time);
    while (endTime - Date.parse(failures[start].time) > window) start++;
    if (end - start + 1 < options.authFailures) continue;
    if (endTime >= options.since.getTime()) {
      const burst = failures.slice(start, end + 1);
      const providers = [...new Set(burst.map((record) => record.provider ?? "unknown"))];
      const keys = [...new Set(burst.map((record) => record.fingerprint).filter(Boolean))];
      alerts.push({
        kind: "auth-failures",
        time: failures[end].time,
        key: keys.length === 1 ? keys[0] : undefined,
        message:
          `${burst.length} authentication failures within ${options.authWindowMinutes} minutes ` +
          `(${providers.join(", ")}${keys.length > 0 ? `; ${keys.join(", ")}` : ""}), the last at ${
            failures[end].time
          }: check the key with omn providers test, rotate it with omn keys rotate if it may have leaked`,
      });
    }
    start = end + 1;
  }
  return alerts;
}

/** Hours in which a key made far more requests than the median of its active hours before. */
function requestRateAlerts(
  usage: readonly UsageRecord[],
  options: FindAlertsOptions,
): AuditAlert[] {
  const factor = options.rateFactor ?? 10;
  const minimum = options.rateMinimum ?? 20;
  const baselineHours = options.rateBaselineHours ?? 168;
  const perKey = new Map<string, Map<number, number>>();
  for (const record of usage) {
    if (!isKey(record.key)) continue;
    const hour = Math.floor(Date.parse(record.time) / HOUR);
    const hours = perKey.get(record.key) ?? new Map<number, number>();
    hours.set(hour, (hours.get(hour) ?? 0) + 1);
    perKey.set(record.key, hours);
  }
  const alerts: AuditAlert[] = [];
  const firstOpenHour = Math.floor(options.since.getTime() / HOUR);
  for (const [key, hours] of perKey) {
    for (const [hour, count] of [...hours].sort(([left], [right]) => left - right)) {
      if (hour < firstOpenHour || count < minimum) continue;
      const before = [...hours].filter(([other]) => other < hour && other >= hour - baselineHours)
        .map(([, other]) => other);
      const typical = median(before);
      if (count < factor * typical) continue;
      const time = new Date(hour * HOUR).toISOString();
      alerts.push({
        kind: "request-rate",
        time,
        key,
        message: `Key ${key} made ${count} requests in the hour from ${time}, ${
          before.length === 0
            ? "with no requests in the week before"
            : `against a median of ${typical} in its active hours of the week before`
        }: if this was not you, rotate the key (omn keys rotate) and check the provider's usage page`,
      });
    }
  }
  return alerts;
}

/** A key used with a provider, or sent to a host, that it was never used with before. */
function newPlaceAlerts(usage: readonly UsageRecord[], options: FindAlertsOptions): AuditAlert[] {
  const seen = new Map<string, { providers: Set<string>; hosts: Set<string> }>();
  const alerts: AuditAlert[] = [];
  for (const record of [...usage].sort(byTime)) {
    if (!isKey(record.key)) continue;
    const known = seen.get(record.key);
    const open = Date.parse(record.time) >= options.since.getTime();
    if (known && open && !known.providers.has(record.provider)) {
      alerts.push({
        kind: "new-provider",
        time: record.time,
        key: record.key,
        message:
          `Key ${record.key} was used with ${record.provider} for the first time at ${record.time} ` +
          `(before: ${[...known.providers].join(", ")}): if this was not you, rotate the key`,
      });
    }
    if (
      known && open && record.host !== null && known.hosts.size > 0 && !known.hosts.has(record.host)
    ) {
      alerts.push({
        kind: "new-host",
        time: record.time,
        key: record.key,
        message:
          `Key ${record.key} was sent to ${record.host} for the first time at ${record.time} ` +
          `(before: ${
            [...known.hosts].join(", ")
          }): check the endpoint (omn providers), rotate the key if it was not you`,
      });
    }
    const entry = known ?? { providers: new Set<string>(), hosts: new Set<string>() };
    entry.providers.add(record.provider);
    if (record.host !== null) entry.hosts.add(record.host);
    seen.set(record.key, entry);
  }
  return alerts;
}

/**
 * The open alerts: a burst of authentication failures (`authFailures`
 * within `authWindowMinutes`), an hour in which a key made far more
 * requests than the median of its active hours over the week before (at
 * least `rateFactor` times it and `rateMinimum` requests), and a key used
 * with a provider or sent to an endpoint host it was never used with before.
 * Only alerts raised at or after `since` are open; earlier records still
 * count as history. Sorted by time.
 *
 * @example
 * ```ts
 * import { findAlerts } from "./find_alerts.ts";
 * findAlerts([], [], { since: new Date(0), authFailures: 3, authWindowMinutes: 10 }); // []
 * ```
 */
export function findAlerts(
  audit: readonly AuditRecord[],
  usage: readonly UsageRecord[],
  options: FindAlertsOptions,
): AuditAlert[] {
  return [
    ...authFailureAlerts(audit, options),
    ...requestRateAlerts(usage, options),
    ...newPlaceAlerts(usage, options),
  ].sort(byTime);
}

/**
 * `omn audit ack [ALERT]`: acknowledge open alerts, so that `audit --check`
 * and `doctor` stop failing on what the user has already handled.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { UsageError } from "../core/errors.ts";
import { configPaths } from "../config/paths.ts";
import { auditChange } from "./audit_change.ts";
import { openAlerts } from "./open_alerts.ts";

/** The inputs of `audit ack`. */
export interface AcknowledgeOptions {
  /** The alert's id (`omn audit` prints it); every open alert when absent. */
  alert?: string;
}

/**
 * Records an `alert.acknowledged` event for the alert named (or for every
 * open alert) and says which on stderr. A new alert (a later burst) is
 * raised again whatever was acknowledged before.
 *
 * @throws {UsageError} when the id names no open alert.
 */
export async function acknowledgeAlerts(
  options: AcknowledgeOptions,
  context: CliContext,
): Promise<void> {
  const { dir } = configPaths(context.env);
  const { alerts } = await openAlerts(dir, { now: context.now() });
  const chosen = options.alert === undefined
    ? alerts
    : alerts.filter((alert) => alert.id === options.alert);
  if (options.alert !== undefined && chosen.length === 0) {
    const ids = alerts.map((alert) => alert.id).join(", ");
    throw new UsageError(
      `No open alert "${options.alert}": ${
        ids === "" ? "there is none" : `the open ones are ${ids}`
      } (omn audit lists them)`,
    );
  }
  if (chosen.length === 0) {
    context.io.message("info", "No open alerts to acknowledge");
    return;
  }
  for (const alert of chosen) {
    await auditChange(context, {
      command: "audit ack",
      event: "alert.acknowledged",
      target: alert.id,
    });
    context.io.message("info", `Acknowledged alert ${alert.id} (${alert.kind})`);
  }
}

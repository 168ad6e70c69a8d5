/**
 * The work of `omn audit`.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { ExitCode, SilentError } from "../core/errors.ts";
import { formatTable } from "../core/format_table.ts";
import { configPaths } from "../config/paths.ts";
import { auditPath } from "./append_audit.ts";
import { type IdentifiedAlert, openAlerts } from "./open_alerts.ts";
import { summarizeAudit } from "./summarize_audit.ts";

/** The inputs of `omn audit`, parsed from its flags by `src/cli/commands/audit.ts`. */
export interface AuditOptions {
  since?: Date;
  json: boolean;
  check: boolean;
}

function alertLines(alerts: readonly IdentifiedAlert[]): string {
  return alerts.map((alert) => `alert ${alert.kind}: ${alert.message} (id ${alert.id})\n`)
    .join("");
}

/** Runs `omn audit`; with `--check`, ends with exit 1 when an alert is open. */
export async function runAudit(flags: AuditOptions, context: CliContext): Promise<void> {
  const { dir } = configPaths(context.env);
  const found = await openAlerts(dir, { now: context.now(), since: flags.since });
  const sinceTime = flags.since?.getTime() ?? -Infinity;
  const summary = summarizeAudit(
    found.audit.filter((record) => Date.parse(record.time) >= sinceTime),
  );
  for (const [what, count] of Object.entries(found.skipped)) {
    if (count > 0) {
      context.io.message(
        "warn",
        `Skipped ${count} unreadable line${count === 1 ? "" : "s"} of the ${
          what === "audit" ? "audit log" : "usage ledger"
        }`,
      );
    }
  }
  if (flags.json) {
    await context.io.write(
      JSON.stringify(
        {
          file: auditPath(dir),
          since: flags.since?.toISOString() ?? null,
          ...summary,
          alerts_since: found.since.toISOString(),
          alerts: found.alerts,
        },
        null,
        2,
      ) + "\n",
    );
  } else if (flags.check) {
    await context.io.write(alertLines(found.alerts));
  } else {
    const events = Object.entries(summary.events);
    if (events.length === 0) {
      context.io.message(
        "info",
        flags.since
          ? `No audit records since ${flags.since.toISOString()} in ${auditPath(dir)}`
          : `No audit records yet in ${auditPath(dir)}`,
      );
    } else {
      await context.io.write(
        formatTable(
          [["event", "count"], ...events.map(([event, count]) => [event, String(count)])],
          {
            right: [1],
          },
        ) + `${summary.records} records from ${summary.first} to ${summary.last}\n`,
      );
    }
    await context.io.write(alertLines(found.alerts));
  }
  if (found.alerts.length === 0) {
    context.io.message("info", `No open alerts since ${found.since.toISOString()}`);
  } else if (flags.check) {
    throw new SilentError(ExitCode.Runtime);
  } else {
    context.io.message(
      "warn",
      `${found.alerts.length} open alert${
        found.alerts.length === 1 ? "" : "s"
      }; once handled, acknowledge with omn audit ack [ID]`,
    );
  }
}

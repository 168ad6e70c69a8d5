/**
 * `omn audit [--since DATE] [--json] [--check]`.
 *
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../../core/context.ts";
import { parseSince } from "../parse_since.ts";
import type { AuditOptions } from "../../audit/run_audit.ts";

async function defaultAction(flags: AuditOptions, context: CliContext): Promise<void> {
  const { runAudit } = await import("../../audit/run_audit.ts");
  await runAudit(flags, context);
}

/** `audit` as the root's help lists it: its name, description and arguments. */
export function auditHead() {
  return new Command("audit")
    .description(
      "the audit log: counts by event, and alerts (authentication failure bursts, unusual request rates, keys used somewhere new)",
    );
}

/** Declares `audit`. */
export function auditCommand(
  context: CliContext,
  action: (flags: AuditOptions, context: CliContext) => Promise<void> = defaultAction,
) {
  return auditHead()
    .option(
      "--since <date>",
      "only records since a date, date and time, or age (2026-01-31, 24h, 7d); alerts default to the last 24h",
      (value) => parseSince(value, context.now()),
    )
    .option("--json", "print JSON", false)
    .option(
      "--check",
      "print only the open alerts; exit 1 when there is any (for cron or CI)",
      false,
    )
    .addHelpText(
      "after",
      `
Examples:
  omn audit --since 7d
  omn -q audit --check || echo "omn: audit alerts are open" >&2
  omn audit ack`,
    )
    .addCommand(ackCommand(context))
    .action((options) =>
      action({ since: options.since, json: options.json, check: options.check }, context)
    );
}

/** Declares `audit ack [ALERT]`. */
function ackCommand(context: CliContext) {
  return new Command("ack")
    .description("acknowledge an open alert (or every one), once you have handled it")
    .argument("[alert]", "the alert's id, as omn audit prints it; every open alert when absent")
    .addHelpText(
      "after",
      `
Examples:
  omn audit ack
  omn audit --json | jq -r '.alerts[].id' | xargs -r -n 1 omn audit ack`,
    )
    .action(async (alert) => {
      const { acknowledgeAlerts } = await import("../../audit/acknowledge_alerts.ts");
      await acknowledgeAlerts({ alert }, context);
    });
}

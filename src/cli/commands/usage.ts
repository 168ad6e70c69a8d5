/**
 * `omn usage [--since DATE] [--by provider|model|key|day] [--json]`.
 *
 * @module
 */
import { Command, Option } from "@commander-js/extra-typings";
import type { CliContext } from "../../core/context.ts";
import { parseSince } from "../parse_since.ts";
import type { UsageOptions } from "../../usage/run_usage.ts";

async function defaultAction(flags: UsageOptions, context: CliContext): Promise<void> {
  const { runUsage } = await import("../../usage/run_usage.ts");
  await runUsage(flags, context);
}

/** `usage` as the root's help lists it: its name, description and arguments. */
export function usageHead() {
  return new Command("usage")
    .description(
      "tokens and cost from the usage ledger: totals, and groups by provider, model, key or day",
    );
}

/** Declares `usage`. */
export function usageCommand(
  context: CliContext,
  action: (flags: UsageOptions, context: CliContext) => Promise<void> = defaultAction,
) {
  return usageHead()
    .option(
      "--since <date>",
      "only requests since a date, date and time, or age (2026-01-31, 24h, 7d)",
      (value) => parseSince(value, context.now()),
    )
    .addOption(
      new Option("--by <group>", "group by provider, model, key (fingerprint) or day")
        .choices(["provider", "model", "key", "day"] as const).default("provider" as const),
    )
    .option("--json", "print JSON", false)
    .addHelpText(
      "after",
      `
Examples:
  omn usage --since 7d
  omn usage --by day --json`,
    )
    .action((options) =>
      action({ since: options.since, by: options.by, json: options.json }, context)
    );
}

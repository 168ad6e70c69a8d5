/**
 * The work of `omn usage`.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { formatList } from "../core/format_list.ts";
import { configPaths } from "../config/paths.ts";
import { formatCost, formatCount } from "./format_cost.ts";
import { readUsage } from "./read_usage.ts";
import {
  summarizeUsage,
  type UsageGrouping,
  type UsageSummary,
  type UsageTotals,
} from "./summarize_usage.ts";

/** The inputs of `omn usage`, parsed from its flags by `src/cli/commands/usage.ts`. */
export interface UsageOptions {
  since?: Date;
  by: UsageGrouping;
  json: boolean;
}

function costCell(totals: UsageTotals): string {
  if (totals.cost_usd === null) return totals.unpriced > 0 ? "unknown" : formatCost(0);
  const cost = formatCost(totals.cost_usd);
  return totals.unpriced > 0 ? `${cost} + ${totals.unpriced} unpriced` : cost;
}

/**
 * The text form of a summary: one row per group, then the total; a table
 * with a header on a terminal, tab-separated rows when piped.
 */
export function formatUsageText(summary: UsageSummary, terminal = true): string {
  const row = (name: string, totals: UsageTotals) => [
    name,
    formatCount(totals.requests),
    formatCount(totals.errors),
    formatCount(totals.input_tokens),
    formatCount(totals.output_tokens),
    formatCount(totals.cached_input_tokens),
    costCell(totals),
  ];
  return formatList({
    header: [summary.by, "requests", "errors", "input", "output", "cached", "cost"],
    rows: [...summary.groups.map((group) => row(group.group, group)), row("total", summary.total)],
    right: [1, 2, 3, 4, 5],
  }, { terminal });
}

/** Runs `omn usage`. */
export async function runUsage(flags: UsageOptions, context: CliContext): Promise<void> {
  const { dir } = configPaths(context.env);
  const { records, skipped } = await readUsage(dir, { since: flags.since });
  if (skipped > 0) {
    context.io.message(
      "warn",
      `Skipped ${skipped} unreadable line${skipped === 1 ? "" : "s"} of the usage ledger`,
    );
  }
  const summary = summarizeUsage(records, flags.by);
  const { readBudgets, formatBudgets } = await import("../budget/read_budgets.ts");
  const budgets = await readBudgets(context);
  if (flags.json) {
    await context.io.write(
      JSON.stringify({ since: flags.since?.toISOString() ?? null, ...summary, budgets }, null, 2) +
        "\n",
    );
    return;
  }
  if (budgets.length > 0) {
    // Piped, stdout holds only the usage rows (one shape for cut and awk); the caps go to stderr.
    const table = formatBudgets(budgets);
    if (context.io.stdoutIsTerminal) await context.io.write(`${table}\n`);
    else for (const line of table.trimEnd().split("\n")) context.io.message("info", line);
  }
  if (records.length === 0) {
    context.io.message(
      "info",
      flags.since ? `No requests since ${flags.since.toISOString()}` : "No requests recorded yet",
    );
    return;
  }
  await context.io.write(formatUsageText(summary, context.io.stdoutIsTerminal));
}

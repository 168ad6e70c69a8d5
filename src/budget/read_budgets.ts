/**
 * The caps of the run's profile with their spend, for `omn usage`.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { readConfig } from "../config/config_access.ts";
import { formatTable } from "../core/format_table.ts";
import { budgetStatus, type CapStatus } from "./budget_status.ts";
import { parseSpendLines } from "./period_spend.ts";
import { readLedger, spendLedgerPath } from "./spend_ledger.ts";

/** The profile's caps and their spend (none when the config sets no `budgets`). */
export async function readBudgets(context: CliContext): Promise<CapStatus[]> {
  const { store, config, profile } = await readConfig(context);
  if (config.budgets === undefined) return [];
  const text = await readLedger(spendLedgerPath(store.paths.dir));
  return budgetStatus(config.budgets, profile, parseSpendLines(text), context.now());
}

/** The caps as a table: cap, spent, left. */
export function formatBudgets(caps: readonly CapStatus[]): string {
  const money = (value: number) => `$${Number(value.toFixed(6))}`;
  return formatTable([
    ["cap", "period", "limit", "spent", "left"],
    ...caps.map((cap) => [
      cap.provider ?? "profile",
      cap.period,
      money(cap.cap_usd),
      money(cap.spent_usd),
      money(cap.remaining_usd),
    ]),
  ], { right: [2, 3, 4] });
}

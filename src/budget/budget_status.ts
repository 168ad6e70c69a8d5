/**
 * `omn usage`'s view of the caps: each cap of the profile's `budgets`, what
 * has been spent against it in its period, and what is left.
 *
 * @module
 */
import type { Budgets } from "../config/budget_schema.ts";
import { applicableCaps, type PeriodCap, type SpendLine, spentAgainst } from "./period_spend.ts";

/** One cap with its spend. */
export interface CapStatus {
  /** Where it is set (`budgets.daily_usd`). */
  key: string;
  period: "daily" | "monthly";
  /** `null` for the whole profile. */
  provider: string | null;
  cap_usd: number;
  spent_usd: number;
  remaining_usd: number;
}

/** Every cap of `budgets` with what `profile` spent against it by `now`. */
export function budgetStatus(
  budgets: Budgets | undefined,
  profile: string,
  lines: readonly SpendLine[],
  now: Date,
): CapStatus[] {
  const caps: PeriodCap[] = applicableCaps(budgets, "").filter((cap) => !cap.provider);
  for (const provider of Object.keys(budgets?.providers ?? {}).sort()) {
    caps.push(...applicableCaps({ providers: budgets?.providers }, provider));
  }
  return caps.map((cap) => {
    const spent = Number(spentAgainst(lines, cap, profile, now).toFixed(6));
    return {
      key: cap.key,
      period: cap.period,
      provider: cap.provider ?? null,
      cap_usd: cap.usd,
      spent_usd: spent,
      remaining_usd: Number(Math.max(0, cap.usd - spent).toFixed(6)),
    };
  });
}

/**
 * The caps of `budgets` that apply to a request, and what the spend ledger
 * says has been spent against each. Pure.
 *
 * @module
 */
import type { Budgets } from "../config/budget_schema.ts";

/** A reservation older than this is from a process that died: it no longer counts. */
export const STALE_RESERVATION_MS = 60 * 60 * 1000;

/** One line of the spend ledger (`spend.jsonl`). */
export interface SpendLine {
  /** `reserve`: an estimate held while a request runs; `settle`: its real cost, closing it. */
  type: "reserve" | "settle";
  id: string;
  /** ISO 8601, UTC. */
  time: string;
  profile: string;
  provider: string;
  usd: number;
}

/** One cap that applies to a request. */
export interface PeriodCap {
  period: "daily" | "monthly";
  /** The whole profile, or one provider in it. */
  provider?: string;
  usd: number;
  /** Where it is set, e.g. `budgets.providers.openai.daily_usd`. */
  key: string;
}

/** The caps of `budgets` that a request to `provider` is under. */
export function applicableCaps(budgets: Budgets | undefined, provider: string): PeriodCap[] {
  const caps: PeriodCap[] = [];
  if (budgets?.daily_usd !== undefined) {
    caps.push({ period: "daily", usd: budgets.daily_usd, key: "budgets.daily_usd" });
  }
  if (budgets?.monthly_usd !== undefined) {
    caps.push({ period: "monthly", usd: budgets.monthly_usd, key: "budgets.monthly_usd" });
  }
  const own = budgets?.providers?.[provider];
  for (const period of ["daily", "monthly"] as const) {
    const usd = own?.[`${period}_usd`];
    if (usd !== undefined) {
      caps.push({ period, provider, usd, key: `budgets.providers.${provider}.${period}_usd` });
    }
  }
  return caps;
}

/** The start of the UTC day or month holding `now`. */
export function periodStart(period: "daily" | "monthly", now: Date): Date {
  return period === "daily"
    ? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
    : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/**
 * What `profile` (and, for a provider's cap, that provider) has spent in the
 * cap's period: the settled costs, plus the estimates of requests still in
 * flight (reserved, not settled, not stale).
 */
export function spentAgainst(
  lines: readonly SpendLine[],
  cap: PeriodCap,
  profile: string,
  now: Date,
): number {
  const since = periodStart(cap.period, now).getTime();
  const settled = new Set(lines.filter((line) => line.type === "settle").map((line) => line.id));
  let spent = 0;
  for (const line of lines) {
    if (line.profile !== profile) continue;
    if (cap.provider !== undefined && line.provider !== cap.provider) continue;
    const time = Date.parse(line.time);
    if (!(time >= since)) continue;
    if (line.type === "settle") spent += line.usd;
    else if (!settled.has(line.id) && now.getTime() - time < STALE_RESERVATION_MS) {
      spent += line.usd;
    }
  }
  return spent;
}

/** Parses the ledger's text; lines that are not a spend line (cut by a crash) are skipped. */
export function parseSpendLines(text: string): SpendLine[] {
  const lines: SpendLine[] = [];
  for (const raw of text.split("\n")) {
    if (raw.trim() === "") continue;
    try {
      const value = JSON.parse(raw);
      if (
        (value?.type === "reserve" || value?.type === "settle") && typeof value.id === "string" &&
        typeof value.time === "string" && typeof value.profile === "string" &&
        typeof value.provider === "string" && typeof value.usd === "number" &&
        Number.isFinite(value.usd)
      ) {
        lines.push(value);
      }
    } catch {
      // a line cut short by a crash
    }
  }
  return lines;
}

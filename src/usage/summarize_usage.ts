/**
 * Totals and groups of usage records, for `omn usage`. Pure.
 *
 * @module
 */
import type { UsageRecord } from "./usage_record.ts";

/** What records can be grouped by. */
export const USAGE_GROUPINGS = ["provider", "model", "key", "day"] as const;

/** One of {@linkcode USAGE_GROUPINGS}. */
export type UsageGrouping = typeof USAGE_GROUPINGS[number];

/** Sums over a set of records. */
export interface UsageTotals {
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  /** Sum of the priced records' costs; `null` when no record is priced. */
  cost_usd: number | null;
  /** Records whose model the catalogue does not price (their cost is unknown). */
  unpriced: number;
}

/** One group of {@linkcode UsageSummary.groups}. */
export interface UsageGroup extends UsageTotals {
  /** The provider, `provider/model`, key fingerprint or UTC day (`2026-01-31`). */
  group: string;
}

/** The result of {@linkcode summarizeUsage}. */
export interface UsageSummary {
  by: UsageGrouping;
  total: UsageTotals;
  groups: UsageGroup[];
}

function emptyTotals(): UsageTotals {
  return {
    requests: 0,
    errors: 0,
    input_tokens: 0,
    output_tokens: 0,
    cached_input_tokens: 0,
    cost_usd: null,
    unpriced: 0,
  };
}

function add(totals: UsageTotals, record: UsageRecord): void {
  totals.requests++;
  if (record.outcome !== "ok") totals.errors++;
  totals.input_tokens += record.input_tokens;
  totals.output_tokens += record.output_tokens;
  totals.cached_input_tokens += record.cached_input_tokens;
  if (record.cost_usd === null) totals.unpriced++;
  else totals.cost_usd = roundCost((totals.cost_usd ?? 0) + record.cost_usd);
}

function roundCost(value: number): number {
  return Number(value.toFixed(8));
}

/** The group a record falls in. */
export function groupOf(record: UsageRecord, by: UsageGrouping): string {
  switch (by) {
    case "provider":
      return record.provider;
    case "model":
      return `${record.provider}/${record.model}`;
    case "key":
      return record.key ?? "unknown";
    case "day":
      return new Date(record.time).toISOString().slice(0, 10);
  }
}

/**
 * Totals over `records` and the same sums per group: days in order, other
 * groups by cost, then requests, descending.
 *
 * @example
 * ```ts
 * import { summarizeUsage } from "./summarize_usage.ts";
 * summarizeUsage([], "provider").total.requests; // 0
 * ```
 */
export function summarizeUsage(records: readonly UsageRecord[], by: UsageGrouping): UsageSummary {
  const total = emptyTotals();
  const groups = new Map<string, UsageGroup>();
  for (const record of records) {
    add(total, record);
    const name = groupOf(record, by);
    let group = groups.get(name);
    if (!group) groups.set(name, group = { group: name, ...emptyTotals() });
    add(group, record);
  }
  const sorted = [...groups.values()].sort((left, right) =>
    by === "day"
      ? left.group.localeCompare(right.group)
      : (right.cost_usd ?? 0) - (left.cost_usd ?? 0) || right.requests - left.requests ||
        left.group.localeCompare(right.group)
  );
  return { by, total, groups: sorted };
}

/**
 * The one line `omn ask --usage` prints on stderr.
 *
 * @module
 */
import { formatCost, formatCount } from "./format_cost.ts";
import type { UsageRecord } from "./usage_record.ts";

/** The fields of a usage record the summary line shows. */
export type UsageLineFields = Pick<
  UsageRecord,
  "model" | "input_tokens" | "output_tokens" | "cached_input_tokens" | "cost_usd"
>;

/**
 * `1,234 in / 567 out tokens, $0.0012 (gpt-4o-mini)`; cached input tokens,
 * when there are any, in brackets after the input count; `cost unknown` for
 * a model the catalogue does not price.
 *
 * @example
 * ```ts
 * import { usageSummaryLine } from "./usage_summary_line.ts";
 * usageSummaryLine({
 *   model: "gpt-4o-mini", input_tokens: 1234, output_tokens: 567,
 *   cached_input_tokens: 0, cost_usd: 0.0012,
 * }); // "1,234 in / 567 out tokens, $0.0012 (gpt-4o-mini)"
 * ```
 */
export function usageSummaryLine(fields: UsageLineFields): string {
  const cached = fields.cached_input_tokens > 0
    ? ` (${formatCount(fields.cached_input_tokens)} cached)`
    : "";
  const cost = fields.cost_usd === null ? "cost unknown" : formatCost(fields.cost_usd);
  return `${formatCount(fields.input_tokens)} in${cached} / ${
    formatCount(fields.output_tokens)
  } out tokens, ${cost} (${fields.model})`;
}

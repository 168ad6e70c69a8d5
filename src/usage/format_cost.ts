/**
 * Money and token counts as `omn usage` and `ask --usage` print them.
 *
 * @module
 */

/**
 * A cost in US dollars: four decimals (`$0.0012`), more significant digits
 * for a cost too small to show in four (`$0.0000075`), `unknown` for `null`.
 *
 * @example
 * ```ts
 * import { formatCost } from "./format_cost.ts";
 * formatCost(0.0012); // "$0.0012"
 * formatCost(null); // "unknown"
 * ```
 */
export function formatCost(cost: number | null): string {
  if (cost === null) return "unknown";
  if (cost === 0 || cost >= 0.0001) return `$${cost.toFixed(4)}`;
  return `$${cost.toPrecision(2)}`;
}

/**
 * A whole number with thousands separators (`1,234`).
 *
 * @example
 * ```ts
 * import { formatCount } from "./format_cost.ts";
 * formatCount(1234567); // "1,234,567"
 * ```
 */
export function formatCount(value: number): string {
  return Math.round(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

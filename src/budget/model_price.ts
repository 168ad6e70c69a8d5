/**
 * The price of a model under a spending cap: the config's
 * `models.<id>.input_usd_per_mtok` and `output_usd_per_mtok` (by
 * `PROVIDER/ID` or by `ID`) win over the built-in catalogue.
 *
 * @module
 */
import type { Config } from "../config/schema.ts";
import { findModel } from "../providers/catalog.ts";

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  cachedInput?: number;
}

/** The price of `provider`'s `modelId`, or `undefined` when neither the config nor the catalogue has one. */
export function modelPrice(
  provider: string,
  modelId: string,
  config: Config,
): ModelPrice | undefined {
  const configured = config.models?.[`${provider}/${modelId}`] ?? config.models?.[modelId];
  if (configured) {
    return { input: configured.input_usd_per_mtok, output: configured.output_usd_per_mtok };
  }
  const listed = findModel(provider, modelId);
  return listed === undefined
    ? undefined
    : { input: listed.input, output: listed.output, cachedInput: listed.cachedInput };
}

/** Token counts to price; `unreported` when the provider sent none. */
export interface PricedTokens {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  unreported?: boolean;
}

/**
 * The cost in USD of some tokens at a price, or `undefined` when it is
 * unknown: the provider reported no usage, or a count (or the cost) is not
 * a finite number. A negative count is priced as 0, so that a reported
 * usage never lowers a recorded spend.
 */
export function priceOf(price: ModelPrice, tokens: PricedTokens): number | undefined {
  if (tokens.unreported === true) return undefined;
  const counts = [tokens.inputTokens, tokens.outputTokens, tokens.cachedInputTokens ?? 0];
  if (!counts.every(Number.isFinite)) return undefined;
  const [input, output, cachedCount] = counts.map((count) => Math.max(0, count));
  const cached = Math.min(cachedCount, input);
  const cost = ((input - cached) * price.input + cached * (price.cachedInput ?? price.input) +
    output * price.output) / 1e6;
  return Number.isFinite(cost) ? cost : undefined;
}

/**
 * The cost in USD of a reply's usage at a model's price (rounded to eight
 * decimals), or `null` when the model has no price or the cost is unknown:
 * what results and summaries report.
 */
export function usageCostUsd(price: ModelPrice | undefined, tokens: PricedTokens): number | null {
  const cost = price === undefined ? undefined : priceOf(price, tokens);
  return cost === undefined ? null : Number(cost.toFixed(8));
}

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

/** The cost in USD of some tokens at a price. */
export function priceOf(
  price: ModelPrice,
  tokens: { inputTokens: number; outputTokens: number; cachedInputTokens?: number },
): number {
  const cached = Math.min(tokens.cachedInputTokens ?? 0, tokens.inputTokens);
  return ((tokens.inputTokens - cached) * price.input +
    cached * (price.cachedInput ?? price.input) + tokens.outputTokens * price.output) / 1e6;
}

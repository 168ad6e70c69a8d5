/**
 * `--max-cost USD` and `--allow-unpriced`, shared by `ask`, `chat` and
 * `batch`.
 *
 * @module
 */
import { Option } from "@commander-js/extra-typings";
import { commanderParser } from "../commander_parser.ts";
import { usdValue } from "../flag_values.ts";

/** Parses `--max-cost` (US dollars above 0). */
export const parseUsd: (value: string) => number = commanderParser(usdValue);

/** The `--max-cost` option. */
export function maxCostOption(what: string) {
  return new Option(
    "--max-cost <usd>",
    `stop before a request that would take ${what}'s spend past USD (and after a reply that did)`,
  ).argParser(parseUsd);
}

/** The `--allow-unpriced` option. */
export function allowUnpricedOption() {
  return new Option(
    "--allow-unpriced",
    "under --max-cost, use a model without a price (its cost is not counted)",
  );
}

/**
 * `--max-cost USD` and `--allow-unpriced`, shared by `ask`, `chat` and
 * `batch`.
 *
 * @module
 */
import { InvalidArgumentError, Option } from "@commander-js/extra-typings";

/** Parses `--max-cost` (US dollars above 0). */
export function parseUsd(value: string): number {
  const number = Number(value.replace(/^\$/, ""));
  if (value.trim() === "" || !Number.isFinite(number) || number <= 0) {
    throw new InvalidArgumentError("expected an amount of US dollars above 0, e.g. 0.50");
  }
  return number;
}

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

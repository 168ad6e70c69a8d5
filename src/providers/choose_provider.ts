/**
 * The one provider chooser of `ask`, `chat` and `batch`: the first name
 * given, in the order the command ranks them (flag, template, resumed
 * conversation, config default…), as its canonical id; a refusal naming the
 * fix when none is given.
 *
 * @module
 */
import { RefusalError } from "../core/errors.ts";
import type { Config } from "../config/schema.ts";
import { canonicalProvider } from "./registry.ts";

/** How `ask` and `chat` say how to choose a provider. */
export const CHOOSE_PROVIDER_FIX =
  'pass --provider NAME, or set a default with "omn config set default_provider NAME" (try --provider mock)';

/**
 * The canonical id of the first provider name given.
 *
 * @example
 * ```ts
 * import { chooseProvider } from "./choose_provider.ts";
 * chooseProvider([undefined, "Claude"], { version: 1 }); // "anthropic"
 * ```
 *
 * @throws {RefusalError} `No provider chosen: <fix>` when no name is given.
 * @throws {UsageError} when the name is no provider's.
 */
export function chooseProvider(
  names: readonly (string | undefined)[],
  config: Config,
  fix: string = CHOOSE_PROVIDER_FIX,
): string {
  const name = names.find((candidate) => candidate !== undefined);
  if (!name) throw new RefusalError(`No provider chosen: ${fix}`);
  return canonicalProvider(name, config);
}

/**
 * What `/model NAME` means in `omn chat`: the same rules as `--model` in
 * `ask` (src/providers/model_choice.ts), with the session's provider in the
 * place of `--provider`.
 *
 * - a model alias (`omn models alias`) switches to its provider and model;
 * - `PROVIDER/MODEL` switches to that provider when the prefix names one omn
 *   knows, except while the session talks to OpenRouter, whose own ids are
 *   `vendor/model` (`/model anthropic/claude-sonnet-4.5` stays on OpenRouter;
 *   `/model openrouter/…` and `/provider` still switch);
 * - anything else is a model id of the session's provider, sent as it is.
 *
 * @module
 */
import { UsageError } from "../core/errors.ts";
import type { Config } from "../config/schema.ts";
import { splitProviderModel } from "../providers/model_choice.ts";

/** The provider and model `/model NAME` opens. */
export interface ChatModelChoice {
  provider: string;
  model: string;
}

/**
 * Resolves `/model NAME` while `currentProvider` answers.
 *
 * @throws {UsageError} when `name` is an alias whose target names no provider omn knows.
 */
export function chooseChatModel(
  name: string,
  currentProvider: string,
  config: Config,
): ChatModelChoice {
  const target = config.model_aliases?.[name];
  if (target !== undefined) {
    const pair = splitProviderModel(target, config);
    if (!pair) {
      throw new UsageError(
        `Cannot use model alias "${name}": its target "${target}" names no provider omn knows; change it with "omn models alias ${name} PROVIDER/MODEL"`,
      );
    }
    return pair;
  }
  const pair = splitProviderModel(name, config);
  if (pair && (currentProvider !== "openrouter" || pair.provider === "openrouter")) return pair;
  return { provider: currentProvider, model: name };
}

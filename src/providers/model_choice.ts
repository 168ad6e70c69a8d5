/**
 * What `--model` means: a model alias (`omn models alias`), a
 * `PROVIDER/MODEL` pair that also chooses the provider, or a model id passed
 * to the provider as it is.
 *
 * The rule for ids with a slash (OpenRouter's `anthropic/claude-…`, Ollama's
 * `library/llama3`): the part before the first `/` chooses the provider only
 * when it names a provider omn knows (a built-in id, the alias `claude`, or a
 * custom endpoint in the config) and `--provider` is not given. With
 * `--provider`, or when the prefix is not a provider, the whole id goes to
 * the provider unchanged. `openrouter/anthropic/claude-sonnet-4.5` is
 * OpenRouter's `anthropic/claude-sonnet-4.5`.
 *
 * @module
 */
import { UsageError } from "../core/errors.ts";
import type { Config } from "../config/schema.ts";
import { canonicalProvider, isCustomProvider, PROVIDER_IDS, providerIdOf } from "./registry.ts";

/** Alias names: a letter or digit, then up to 63 letters, digits, `.`, `_` or `-` (never a `/`). */
export const MODEL_ALIAS_PATTERN: RegExp = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The provider and model a run's `--provider` and `--model` choose. */
export interface ModelChoice {
  /** The provider name given or implied, not yet canonical; `undefined`: not chosen here. */
  provider?: string;
  /** The model id to send; `undefined`: the provider's default. */
  model?: string;
  /** The alias `--model` named, if it was one. */
  alias?: string;
}

/** The canonical id of `name` when it names a provider omn knows, else `undefined`. */
export function knownProvider(name: string, config?: Config): string | undefined {
  const id = providerIdOf(name);
  if ((PROVIDER_IDS as readonly string[]).includes(id) || isCustomProvider(id, config)) return id;
  return undefined;
}

/** Splits `PROVIDER/MODEL` when its prefix is a known provider; else `undefined`. */
export function splitProviderModel(
  value: string,
  config?: Config,
): { provider: string; model: string } | undefined {
  const slash = value.indexOf("/");
  if (slash <= 0 || slash === value.length - 1) return undefined;
  const provider = knownProvider(value.slice(0, slash), config);
  return provider === undefined ? undefined : { provider, model: value.slice(slash + 1) };
}

/**
 * Resolves `--provider` and `--model` against the config's aliases and the
 * `PROVIDER/MODEL` rule.
 *
 * @throws {UsageError} when an alias's provider differs from `--provider`,
 * or an alias's target no longer names a known provider.
 */
export function resolveModelChoice(
  flags: { provider?: string; model?: string },
  config: Config,
): ModelChoice {
  const { provider, model } = flags;
  if (model === undefined) return { provider };
  // Own names only: a model may be called toString or constructor.
  const aliases = config.model_aliases ?? {};
  const target = Object.hasOwn(aliases, model) ? aliases[model] : undefined;
  if (target !== undefined) {
    const pair = splitProviderModel(target, config);
    if (!pair) {
      throw new UsageError(
        `Cannot use model alias "${model}": its target "${target}" names no provider omn knows; change it with "omn models alias ${model} PROVIDER/MODEL"`,
      );
    }
    if (provider !== undefined && canonicalProvider(provider, config) !== pair.provider) {
      throw new UsageError(
        `Cannot use model alias "${model}" with --provider ${provider}: it stands for ${target}; drop --provider or give a model id`,
      );
    }
    return { provider: pair.provider, model: pair.model, alias: model };
  }
  if (provider !== undefined) return { provider, model };
  const pair = splitProviderModel(model, config);
  return pair ?? { model };
}

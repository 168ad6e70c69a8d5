/**
 * Every provider omn knows, with aliases, and the factory that turns a
 * provider id and model id into a {@linkcode LanguageModel}. Provider modules
 * are imported only when that provider is used.
 *
 * @module
 */
import { ProviderError, UsageError } from "../cli/errors.ts";
import type { LanguageModel } from "./language_model.ts";

/** Provider ids, in the order `omn` lists them. */
export const PROVIDER_IDS = [
  "openai",
  "anthropic",
  "gemini",
  "vertex",
  "bedrock",
  "azure",
  "mistral",
  "xai",
  "perplexity",
  "openrouter",
  "ollama",
  "mock",
] as const;

/** A provider id. */
export type ProviderId = typeof PROVIDER_IDS[number];

/** Other names users give providers. */
export const PROVIDER_ALIASES: Readonly<Record<string, ProviderId>> = { claude: "anthropic" };

/** Providers that `ask` can reach in this version. */
export const AVAILABLE_PROVIDERS: readonly ProviderId[] = ["mock"];

/** Each provider's default model. */
export const DEFAULT_MODELS: Partial<Record<ProviderId, string>> = { mock: "mock-1" };

/** The canonical id of a provider name or alias, or a usage error listing the known ones. */
export function canonicalProvider(name: string): ProviderId {
  const lower = name.toLowerCase();
  const id = PROVIDER_ALIASES[lower] ?? lower;
  if ((PROVIDER_IDS as readonly string[]).includes(id)) return id as ProviderId;
  throw new UsageError(
    `Unknown provider "${name}": choose one of ${PROVIDER_IDS.join(", ")} (or the alias claude)`,
  );
}

/** Creates the model that `ask` will use. */
export async function createModel(provider: ProviderId, modelId?: string): Promise<LanguageModel> {
  if (provider === "mock") {
    const { createMockModel, MOCK_MODELS } = await import("./mock.ts");
    const model = modelId ?? DEFAULT_MODELS.mock!;
    if (!(MOCK_MODELS as readonly string[]).includes(model)) {
      throw new UsageError(
        `Unknown mock model "${model}": choose one of ${MOCK_MODELS.join(", ")}`,
      );
    }
    return createMockModel(model);
  }
  throw new ProviderError(
    `Provider "${provider}" cannot be reached by omnimancer yet: this version answers only through --provider mock`,
  );
}

/**
 * Every provider omn knows, with aliases, default models and endpoints, and
 * the factory that turns a provider and model id into a
 * {@linkcode LanguageModel}. A provider's module, and with it its AI SDK
 * package, is imported only when that provider is used; so is the
 * credential and network code every provider but the mock needs
 * (`create_provider_model.ts`).
 *
 * @module
 */
import type { Clock } from "../core/clock.ts";
import { UsageError } from "../core/errors.ts";
import type { Config, ProviderConfig } from "../config/schema.ts";
import type { SourcesFor } from "../credentials/load_credential_sources.ts";
import type { NetworkOptions } from "../net/retrying_fetch.ts";
import type { RequestRecord } from "../net/request_log.ts";
import type { LanguageModel } from "./language_model.ts";
import type { CreateLanguageModel } from "./provider_setup.ts";
import { looksLikeName, quoteName } from "../security/quote_input.ts";
import type { OnSecret } from "./guard_request.ts";

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

/** A built-in provider id. */
export type ProviderId = typeof PROVIDER_IDS[number];

/** Other names users give providers. */
export const PROVIDER_ALIASES: Readonly<Record<string, ProviderId>> = { claude: "anthropic" };

/** What omn knows of a provider without loading its package. */
export interface ProviderDescriptor {
  /** The provider's name for people. */
  label: string;
  /** The model used when neither `--model` nor `default_model` is set. */
  defaultModel: string;
  /** The endpoint used when no base URL is set, for this config entry (`undefined`: settings missing). */
  endpoint: (entry: ProviderConfig | undefined) => string | undefined;
  /** Loads the provider's factory. */
  load?: () => Promise<CreateLanguageModel>;
}

const withEntry =
  (template: (entry: ProviderConfig) => string | undefined) =>
  (entry: ProviderConfig | undefined) => entry ? template(entry) : undefined;

/** The built-in providers. */
export const PROVIDERS: Readonly<Record<ProviderId, ProviderDescriptor>> = {
  openai: {
    label: "OpenAI",
    defaultModel: "gpt-4o-mini",
    endpoint: () => "https://api.openai.com/v1",
    load: async () =>
      (await import("./openai.ts"))
        .createOpenAIModel,
  },
  anthropic: {
    label: "Anthropic",
    defaultModel: "claude-sonnet-4-5",
    endpoint: () => "https://api.anthropic.com/v1",
    load: async () =>
      (await import("./anthropic.ts"))
        .createAnthropicModel,
  },
  gemini: {
    label: "Google Gemini",
    defaultModel: "gemini-2.5-flash",
    endpoint: () => "https://generativelanguage.googleapis.com/v1beta",
    load: async () =>
      (await import("./gemini.ts"))
        .createGeminiModel,
  },
  vertex: {
    label: "Google Vertex AI",
    defaultModel: "gemini-2.5-flash",
    endpoint: withEntry((entry) =>
      entry.location ? `https://${entry.location}-aiplatform.googleapis.com` : undefined
    ),
    load: async () =>
      (await import("./vertex.ts"))
        .createVertexModel,
  },
  bedrock: {
    label: "AWS Bedrock",
    defaultModel: "anthropic.claude-3-5-haiku-20241022-v1:0",
    endpoint: withEntry((entry) =>
      entry.region ? `https://bedrock-runtime.${entry.region}.amazonaws.com` : undefined
    ),
    load: async () =>
      (await import("./bedrock.ts"))
        .createBedrockModel,
  },
  azure: {
    label: "Azure OpenAI",
    defaultModel: "gpt-4o-mini",
    endpoint: withEntry((entry) =>
      entry.resource ? `https://${entry.resource}.openai.azure.com/openai` : undefined
    ),
    load: async () =>
      (await import("./azure.ts"))
        .createAzureModel,
  },
  mistral: {
    label: "Mistral",
    defaultModel: "mistral-small-latest",
    endpoint: () => "https://api.mistral.ai/v1",
    load: async () =>
      (await import("./mistral.ts"))
        .createMistralModel,
  },
  xai: {
    label: "xAI",
    defaultModel: "grok-3-mini",
    endpoint: () => "https://api.x.ai/v1",
    load: async () => (await import("./xai.ts")).createXaiModel,
  },
  perplexity: {
    label: "Perplexity",
    defaultModel: "sonar",
    endpoint: () => "https://api.perplexity.ai",
    load: async () =>
      (await import("./perplexity.ts"))
        .createPerplexityModel,
  },
  openrouter: {
    label: "OpenRouter",
    defaultModel: "openai/gpt-4o-mini",
    endpoint: () => "https://openrouter.ai/api/v1",
    load: async () =>
      (await import("./openrouter.ts"))
        .createOpenRouterModel,
  },
  ollama: {
    label: "Ollama",
    defaultModel: "llama3.2",
    endpoint: () => "http://localhost:11434/v1",
    load: async () =>
      (await import("./ollama.ts"))
        .createOllamaModel,
  },
  mock: { label: "Mock (offline)", defaultModel: "mock-1", endpoint: () => undefined },
};

/** Each provider's default model. */
export const DEFAULT_MODELS: Readonly<Record<ProviderId, string>> = Object.fromEntries(
  PROVIDER_IDS.map((id) => [id, PROVIDERS[id].defaultModel]),
) as Record<ProviderId, string>;

/** Whether `name` is a custom OpenAI-compatible endpoint configured in `config`. */
export function isCustomProvider(name: string, config?: Config): boolean {
  return !(PROVIDER_IDS as readonly string[]).includes(name) &&
    config?.providers?.[name]?.base_url !== undefined;
}

/**
 * `name` in lower case, an alias replaced by its provider's id; own names
 * only: "constructor" is a custom endpoint's name, not Object's constructor.
 */
export function providerIdOf(name: string): string {
  const lower = name.toLowerCase();
  return Object.hasOwn(PROVIDER_ALIASES, lower) ? PROVIDER_ALIASES[lower] : lower;
}

/**
 * The canonical id of a provider name or alias (or a custom endpoint named in
 * the config), or a usage error listing the known ones.
 */
export function canonicalProvider(name: string, config?: Config): string {
  const id = providerIdOf(name);
  if ((PROVIDER_IDS as readonly string[]).includes(id) || isCustomProvider(id, config)) return id;
  // The name is quoted (and repeated in the hint) only when it plainly is one: it may be a pasted key.
  const custom = looksLikeName(name) ? name.toLowerCase() : "NAME";
  throw new UsageError(
    `Unknown provider ${quoteName(name)}: choose one of ${
      PROVIDER_IDS.join(", ")
    } (or the alias claude), ` +
      `or configure a custom endpoint with "omn config set providers.${custom}.base_url URL"`,
  );
}

/**
 * Starts loading a built-in provider's module (and its AI SDK package) now,
 * so that it loads while the config and credentials are read; `createModel`
 * then finds it loaded (with `create_provider_model.ts`, for any provider
 * but the mock). Unknown names and failures are left to `createModel`.
 */
export function preloadProvider(name: string): void {
  const id = providerIdOf(name);
  if (id === "mock") {
    import("./mock.ts").catch(() => {});
    return;
  }
  import("./create_provider_model.ts").catch(() => {});
  PROVIDERS[id as ProviderId]?.load?.().catch(() => {});
}

/** What {@linkcode createModel} needs. */
export interface ModelRequest {
  /** Provider name or alias. */
  provider: string;
  /** Model id; else the config's `default_model`, else the provider's default. */
  modelId?: string;
  /** `--base-url` for this run. */
  baseUrl?: string;
  /** The `--on-secret` policy the base URL is checked under; else the config's, else `redact`. */
  onSecret?: OnSecret;
  /** Told of the warning of a base URL holding a secret under `--on-secret allow`. */
  onWarning?: (message: string) => void;
  /** The config. */
  config: Config;
  /** Where credentials come from. */
  sourcesFor: SourcesFor;
  /** Total time allowed for each request, retries included (`network.timeoutMs` wins). */
  timeoutMs?: number;
  /** Retries and timeouts of each request, and who hears of a retry; defaults otherwise. */
  network?: NetworkOptions;
  /** Told of each request when it ends (`-v`, `--log-level debug`); nothing is recorded otherwise. */
  requestLog?: (record: RequestRecord) => void;
  /** The fetch under the secure fetch (`CliContext.fetch`); the global fetch when absent. */
  fetch?: typeof fetch;
  /** The clock and sleep of retries (`CliContext.clock`); the real ones when absent. */
  clock?: Clock;
}

/** Creates the model that `ask` will use, checking endpoint and credentials before any request. */
export async function createModel(request: ModelRequest): Promise<LanguageModel> {
  const id = canonicalProvider(request.provider, request.config);
  const entry = request.config.providers?.[id];
  const modelId = request.modelId ?? entry?.default_model ??
    PROVIDERS[id as ProviderId]?.defaultModel;
  if (id === "mock") return await createMockModelNamed(modelId);
  return await (await import("./create_provider_model.ts")).createProviderModel(
    request,
    id,
    modelId,
  );
}

/** The mock provider's model of that name; any other name is a usage error. */
async function createMockModelNamed(modelId: string): Promise<LanguageModel> {
  const { createMockModel, MOCK_MODELS } = await import("./mock.ts");
  if (!(MOCK_MODELS as readonly string[]).includes(modelId)) {
    throw new UsageError(
      `Unknown mock model ${quoteName(modelId)}: choose one of ${MOCK_MODELS.join(", ")}`,
    );
  }
  return createMockModel(modelId);
}

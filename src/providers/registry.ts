/**
 * Every provider omn knows, with aliases, default models and endpoints, and
 * the factory that turns a provider and model id into a
 * {@linkcode LanguageModel}. A provider's module, and with it its AI SDK
 * package, is imported only when that provider is used.
 *
 * @module
 */
import type { Clock } from "../core/clock.ts";
import { RefusalError, UsageError } from "../core/errors.ts";
import type { Config, ProviderConfig } from "../config/schema.ts";
import { requireCredentials } from "../credentials/require_credentials.ts";
import { registerResolvedSecrets } from "../credentials/register_resolved_secrets.ts";
import {
  resolveCredentials,
  type ResolvedCredentials,
} from "../credentials/resolve_credentials.ts";
import { checkCredentialSet } from "../credentials/key_formats.ts";
import type { SourcesFor } from "../credentials/load_credential_sources.ts";
import { assertSecureUrl, createSecureFetch } from "../net/secure_fetch.ts";
import { createRetryingFetch, type NetworkOptions } from "../net/retrying_fetch.ts";
import { maskUrl } from "../net/mask_url.ts";
import { createRequestLog, type RequestLog, type RequestRecord } from "../net/request_log.ts";
import { registerSecret } from "../security/redact.ts";
import { fromAiSdkModel } from "./ai_sdk_model.ts";
import { retryBeforeText } from "./retry_before_text.ts";
import type { LanguageModel } from "./language_model.ts";
import type { CreateLanguageModel } from "./provider_setup.ts";
import { looksLikeName, quoteName } from "../security/quote_input.ts";
import { guardBaseUrl } from "./guard_base_url.ts";
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
 * The canonical id of a provider name or alias (or a custom endpoint named in
 * the config), or a usage error listing the known ones.
 */
export function canonicalProvider(name: string, config?: Config): string {
  const lower = name.toLowerCase();
  const id = PROVIDER_ALIASES[lower] ?? lower;
  if ((PROVIDER_IDS as readonly string[]).includes(id) || isCustomProvider(id, config)) return id;
  // The name is quoted (and repeated in the hint) only when it plainly is one: it may be a pasted key.
  const custom = looksLikeName(name) ? lower : "NAME";
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
 * then finds it loaded. Unknown names and failures are left to `createModel`.
 */
export function preloadProvider(name: string): void {
  const id = PROVIDER_ALIASES[name.toLowerCase()] ?? name.toLowerCase();
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
  const custom = isCustomProvider(id, request.config);
  if (!modelId) {
    throw new UsageError(`No model for ${id}: pass --model or set providers.${id}.default_model`);
  }
  const baseUrl = request.baseUrl ?? entry?.base_url;
  if (baseUrl !== undefined) assertUsableBaseUrl(baseUrl, id);
  const resolved = resolveCredentials(id, request.sourcesFor(id));
  registerResolvedSecrets(resolved, registerSecret);
  if (baseUrl !== undefined) {
    // Checked once the provider's own key is known, so that it is found in the URL too.
    const warning = guardBaseUrl(
      baseUrl,
      request.baseUrl === undefined ? `providers.${id}.base_url` : "--base-url",
      request.onSecret ?? request.config.settings?.on_secret ?? "redact",
    );
    if (warning) request.onWarning?.(warning);
  }
  if (custom) {
    assertCustomKeyFormat(id, resolved);
  } else {
    requireCredentials(resolved);
  }
  const factory = await loadFactory(id, custom);
  const model = await factory({
    provider: id,
    modelId,
    baseUrl,
    entry,
    credentials: resolved,
    fetch: createProviderFetch(request, id),
  });
  // The same limits and clock as the fetch's: both layers share one retry session per request.
  return retryBeforeText(fromAiSdkModel(model, id, resolved), {
    ...networkOf(request),
    clock: request.clock,
  });
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

/** Throws unless the base URL parses, is secure for the provider and carries no credentials. */
function assertUsableBaseUrl(baseUrl: string, provider: string): void {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UsageError(`Invalid base URL "${maskUrl(baseUrl)}": expected an https:// URL`);
  }
  assertSecureUrl(url, provider);
  if (url.username || url.password) {
    throw new RefusalError(
      `Refusing base URL "${maskUrl(url)}": put credentials in a key, not in the URL`,
    );
  }
}

/** Throws when the key of a custom (OpenAI-compatible) provider is malformed. */
function assertCustomKeyFormat(provider: string, resolved: ResolvedCredentials): void {
  const values = Object.fromEntries(
    Object.entries(resolved.fields).map(([field, found]) => [field, found!.value]),
  );
  const check = checkCredentialSet(provider, values);
  if (!check.ok) throw new RefusalError(`Refusing the key for ${provider}: ${check.rule}`);
}

/** Loads the factory of a built-in provider, or the OpenAI-compatible one of a custom provider. */
async function loadFactory(provider: string, custom: boolean): Promise<CreateLanguageModel> {
  const load = custom
    ? async () =>
      (await import("./compatible.ts"))
        .createCompatibleModel
    : PROVIDERS[provider as ProviderId]?.load;
  if (!load) {
    throw new RefusalError(`Provider "${provider}" is not available in this build yet`);
  }
  return await load();
}

/**
 * The fetch a provider's requests go through: the secure fetch, under
 * retries, under the request log when one is asked for.
 */
function createProviderFetch(request: ModelRequest, provider: string): typeof fetch {
  // Assigned once below; the retry callback made before it reads it when a retry happens.
  // deno-lint-ignore prefer-const
  let requestLog: RequestLog | undefined;
  const retryingFetch = createRetryingFetch({
    ...networkOf(request),
    provider,
    fetch: createSecureFetch({ provider, fetch: request.fetch }),
    onRetry: (event) => {
      requestLog?.noteRetry(event.reason);
      return request.network?.onRetry?.(event);
    },
    clock: request.clock,
  });
  requestLog = request.requestLog
    ? createRequestLog(retryingFetch, { provider, write: request.requestLog })
    : undefined;
  return requestLog?.fetch ?? retryingFetch;
}

/** The retries and timeouts of each request: `network`, its total timeout else `timeoutMs`. */
function networkOf(request: ModelRequest): NetworkOptions {
  return { ...request.network, timeoutMs: request.network?.timeoutMs ?? request.timeoutMs };
}

/**
 * Asks a provider for its current model ids, where it has an endpoint for
 * that, through the secure fetch.
 *
 * @module
 */
import { ProviderError } from "../core/errors.ts";
import type { ResolvedCredentials } from "../credentials/resolve_credentials.ts";
import { maskUrl } from "../net/mask_url.ts";
import { readWholeUpTo } from "../net/read_body.ts";
import { mapProviderError } from "./map_provider_error.ts";

/** How to ask one provider for its models. */
interface ListRequest {
  path: string;
  headers: (key: string | undefined) => Record<string, string>;
  ids: (body: unknown) => string[];
}

const bearer = (key: string | undefined): Record<string, string> =>
  key ? { authorization: `Bearer ${key}` } : {};
const dataIds = (body: unknown) =>
  ((body as { data?: { id?: unknown }[] })?.data ?? []).map((model) => String(model.id ?? ""))
    .filter(Boolean);

/**
 * The most of a model list omn reads (OpenRouter's, the longest, is a few
 * MiB): a longer answer is cancelled, so an endpoint that never ends its
 * answer cannot exhaust memory.
 */
export const MAX_MODEL_LIST_BYTES = 16 * 1024 * 1024;

const OPENAI_STYLE: ListRequest = { path: "/models", headers: bearer, ids: dataIds };

/** Providers with a model-list endpoint, and how to call it. */
export const LIVE_LISTS: Readonly<Record<string, ListRequest>> = {
  openai: OPENAI_STYLE,
  mistral: OPENAI_STYLE,
  xai: OPENAI_STYLE,
  openrouter: OPENAI_STYLE,
  ollama: OPENAI_STYLE,
  anthropic: {
    path: "/models",
    headers: (key): Record<string, string> => ({
      "x-api-key": key ?? "",
      "anthropic-version": "2023-06-01",
    }),
    ids: dataIds,
  },
  gemini: {
    path: "/models",
    headers: (key): Record<string, string> => ({ "x-goog-api-key": key ?? "" }),
    ids: (body) =>
      ((body as { models?: { name?: unknown }[] })?.models ?? [])
        .map((model) => String(model.name ?? "").replace(/^models\//, "")).filter(Boolean),
  },
};

/** The provider's live model ids; custom endpoints are asked like OpenAI. */
export async function listLiveModels(
  provider: string,
  endpoint: string,
  credentials: ResolvedCredentials,
  secureFetch: typeof fetch,
): Promise<string[]> {
  const request = Object.hasOwn(LIVE_LISTS, provider) ? LIVE_LISTS[provider] : OPENAI_STYLE;
  const key = credentials.fields.api_key?.value;
  const url = `${endpoint.replace(/\/+$/, "")}${request.path}`;
  const response = await secureFetch(url, {
    headers: { accept: "application/json", ...request.headers(key) },
  });
  const text = await readWholeUpTo(response, MAX_MODEL_LIST_BYTES);
  if (text === undefined) {
    throw new ProviderError(
      `${provider}: the model list from "${maskUrl(url)}" is larger than ${
        MAX_MODEL_LIST_BYTES / 1024 / 1024
      } MiB: not read`,
    );
  }
  if (!response.ok) {
    throw mapProviderError(
      Object.assign(new Error(`HTTP ${response.status}`), {
        name: "AI_APICallError",
        statusCode: response.status,
        responseBody: text,
        url,
      }),
      provider,
      credentials,
    );
  }
  try {
    return request.ids(JSON.parse(text)).sort();
  } catch {
    throw new ProviderError(`${provider}: the model list from "${maskUrl(url)}" is not JSON`);
  }
}

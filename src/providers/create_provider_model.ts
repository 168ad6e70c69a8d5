/**
 * Creates the model of a provider other than the mock: checks the endpoint
 * and the credentials before any request, and puts the provider's requests
 * under the secure fetch, retries and the request log. Imported by
 * `createModel` (registry.ts) only for such a provider, so that an offline
 * `ask --provider mock` loads none of the credential and network code.
 *
 * @module
 */
import { RefusalError, UsageError } from "../core/errors.ts";
import { requireCredentials, requireCustomKeyFormat } from "../credentials/require_credentials.ts";
import { registerResolvedSecrets } from "../credentials/register_resolved_secrets.ts";
import { resolveCredentials } from "../credentials/resolve_credentials.ts";
import { refuseSharedEnvKey } from "../credentials/refuse_shared_env_key.ts";
import { assertSecureUrl, createSecureFetch } from "../net/secure_fetch.ts";
import { createRetryingFetch, type NetworkOptions } from "../net/retrying_fetch.ts";
import { maskUrl } from "../net/mask_url.ts";
import { createRequestLog, type RequestLog } from "../net/request_log.ts";
import { registerSecret } from "../security/redact.ts";
import { fromAiSdkModel } from "./ai_sdk_model.ts";
import { retryBeforeText } from "./retry_before_text.ts";
import type { LanguageModel } from "./language_model.ts";
import type { CreateLanguageModel } from "./provider_setup.ts";
import { guardBaseUrl } from "./guard_base_url.ts";
import { isCustomProvider, type ModelRequest, type ProviderId, PROVIDERS } from "./registry.ts";

/**
 * The model of provider `id` (canonical, not the mock) and model `modelId`
 * (as `createModel` chose it) for `request`.
 */
export async function createProviderModel(
  request: ModelRequest,
  id: string,
  modelId: string | undefined,
): Promise<LanguageModel> {
  const entry = request.config.providers?.[id];
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
    refuseSharedEnvKey(resolved, Object.keys(request.config.providers ?? {}));
    requireCustomKeyFormat(resolved);
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

/**
 * The endpoint a provider's requests go to for one run.
 *
 * @module
 */
import type { Config } from "../config/schema.ts";
import { type ProviderId, PROVIDERS } from "./registry.ts";

/**
 * The endpoint of `provider`'s requests: `baseUrl` (`--base-url`), else the
 * config entry's `base_url`, else the provider's own endpoint for that
 * entry; `undefined` when there is none (mock, or settings missing).
 *
 * @example
 * ```ts
 * import { providerEndpoint } from "./provider_endpoint.ts";
 * providerEndpoint("openai", { version: 1 }); // "https://api.openai.com/v1"
 * providerEndpoint("openai", { version: 1 }, "http://127.0.0.1:8080/v1"); // "http://127.0.0.1:8080/v1"
 * ```
 */
export function providerEndpoint(
  provider: string,
  config: Config,
  baseUrl?: string,
): string | undefined {
  const entry = config.providers?.[provider];
  if (baseUrl !== undefined || entry?.base_url !== undefined) return baseUrl ?? entry?.base_url;
  // Only omn's own providers have an endpoint of their own (not `toString` or `constructor`).
  return Object.hasOwn(PROVIDERS, provider)
    ? PROVIDERS[provider as ProviderId].endpoint(entry)
    : undefined;
}

/**
 * Where each provider's keys are managed: the page on which a compromised
 * key is revoked (deleted, disabled) at the provider, which no local
 * command can do.
 *
 * @module
 */

/** The key-management page of each provider with keys. */
export const KEY_MANAGEMENT_PAGES: Readonly<Record<string, string>> = {
  openai: "https://platform.openai.com/api-keys",
  anthropic: "https://console.anthropic.com/settings/keys",
  gemini: "https://aistudio.google.com/apikey",
  vertex: "https://console.cloud.google.com/iam-admin/serviceaccounts",
  bedrock: "https://console.aws.amazon.com/iam",
  azure: "https://portal.azure.com",
  mistral: "https://console.mistral.ai/api-keys",
  xai: "https://console.x.ai",
  perplexity: "https://www.perplexity.ai/settings/api",
  openrouter: "https://openrouter.ai/keys",
};

/**
 * The page on which `provider`'s keys are revoked, or `undefined` for a
 * custom endpoint (its operator's console is the place).
 *
 * @example
 * ```ts
 * import { keyManagementPage } from "./key_management_pages.ts";
 * keyManagementPage("openai"); // "https://platform.openai.com/api-keys"
 * ```
 */
export function keyManagementPage(provider: string): string | undefined {
  return Object.hasOwn(KEY_MANAGEMENT_PAGES, provider) ? KEY_MANAGEMENT_PAGES[provider] : undefined;
}

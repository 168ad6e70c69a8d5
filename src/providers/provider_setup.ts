/**
 * What a provider module gets to build its model: the model id, the endpoint,
 * the validated credentials and the secure fetch. Provider modules are thin
 * factories over the AI SDK packages; they never read the environment or
 * files themselves.
 *
 * @module
 */
import type { LanguageModelV4 } from "@ai-sdk/provider";
import type { ProviderConfig } from "../config/schema.ts";
import type { ResolvedCredentials } from "../credentials/resolve_credentials.ts";

/** The inputs of one provider's model factory. */
export interface ProviderSetup {
  /** Canonical provider id (a custom endpoint's own name for custom ones). */
  provider: string;
  /** Model id as the provider names it. */
  modelId: string;
  /** The endpoint to use: `--base-url`, else `providers.<id>.base_url`, else undefined (the default). */
  baseUrl?: string;
  /** The provider's config entry (deployment, api_version, region, project, location…). */
  entry: ProviderConfig | undefined;
  /** Credentials found for the provider, already checked by format. */
  credentials: ResolvedCredentials;
  /** The fetch every request must go through: retries and timeouts over the secure fetch. */
  fetch: typeof fetch;
}

/** A provider module's factory. */
export type CreateLanguageModel = (
  setup: ProviderSetup,
) => LanguageModelV4 | Promise<LanguageModelV4>;

/** The value of one credential field, or undefined. */
export function credential(
  setup: ProviderSetup,
  field: keyof ResolvedCredentials["fields"],
): string | undefined {
  return setup.credentials.fields[field]?.value;
}

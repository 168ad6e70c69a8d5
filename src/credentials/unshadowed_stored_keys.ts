/**
 * The config keys of a provider's entry whose stored value a command will
 * actually use (no environment variable or `.env` shadows it) and that match
 * a predicate: references to fetch, envelopes to open.
 *
 * @module
 */
import { providerCredentials } from "../permissions/provider_credentials.ts";
import { type CredentialSources, resolveCredentials } from "./resolve_credentials.ts";

/** The unshadowed secret config keys of `provider` whose value satisfies `matches`. */
export function unshadowedStoredKeys(
  provider: string,
  sources: CredentialSources,
  matches: (value: string) => boolean,
): string[] {
  const entry = sources.config;
  if (entry === undefined) return [];
  const shadowing = resolveCredentials(provider, { ...sources, config: undefined }).fields;
  return providerCredentials(provider).fields
    .filter((field) => field.secret && field.configKey !== undefined)
    .filter((field) => shadowing[field.field] === undefined)
    .map((field) => field.configKey!)
    .filter((key) => {
      const value = Object.hasOwn(entry, key) ? entry[key] : undefined;
      return typeof value === "string" && matches(value);
    });
}

/**
 * Which stored credentials a `./.env` hides: when `./.env` of a trusted
 * directory supplies a field, a key stored in the config file (or in the
 * config directory's `.env`) is not used, and `keys list` and `providers`
 * say so. Pure; reads no stored value (an encrypted key stays closed).
 *
 * @module
 */
import {
  type CredentialFieldName,
  providerCredentials,
} from "../permissions/provider_credentials.ts";
import type { CredentialSources, ResolvedField } from "./resolve_credentials.ts";

/** Where the hidden credential is stored. */
export type ShadowedSource = "config" | "config-dir .env";

/**
 * For each field that `./.env` supplies, the stored credential it hides, if
 * any: the config directory's `.env` first (it comes next in the order of
 * `resolve_credentials.ts`), then the config file.
 *
 * @example
 * ```ts
 * import { shadowedByDotenv } from "./dotenv_shadowing.ts";
 * shadowedByDotenv("openai", {
 *   env: () => undefined,
 *   dotenvCwd: { OPENAI_API_KEY: "from-dotenv" },
 *   dotenvConfig: {},
 *   config: { api_key: "stored" },
 * }, { api_key: { value: "from-dotenv", source: ".env", variable: "OPENAI_API_KEY" } });
 * // { api_key: "config" }
 * ```
 */
export function shadowedByDotenv(
  provider: string,
  sources: CredentialSources,
  fields: Partial<Record<CredentialFieldName, ResolvedField>>,
): Partial<Record<CredentialFieldName, ShadowedSource>> {
  const shadowed: Partial<Record<CredentialFieldName, ShadowedSource>> = {};
  for (const spec of providerCredentials(provider).fields) {
    if (fields[spec.field]?.source !== ".env") continue;
    const inConfigDir = spec.envNames.some((name) =>
      Object.hasOwn(sources.dotenvConfig, name) && sources.dotenvConfig[name] !== ""
    );
    const stored = spec.configKey !== undefined && sources.config !== undefined &&
      Object.hasOwn(sources.config, spec.configKey) &&
      typeof sources.config[spec.configKey] === "string" && sources.config[spec.configKey] !== "";
    if (inConfigDir) shadowed[spec.field] = "config-dir .env";
    else if (stored) shadowed[spec.field] = "config";
  }
  return shadowed;
}

/** The note shown beside a credential from `./.env` that hides a stored one. */
export function shadowNote(shadowed: ShadowedSource): string {
  return shadowed === "config"
    ? "./.env hides the key stored in the config"
    : "./.env hides the key in the config directory's .env";
}

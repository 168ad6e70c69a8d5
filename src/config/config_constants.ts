/**
 * The plain constants of `config.json` (its version, the patterns of provider
 * ids and profile names, the secret fields) and the empty config, without the
 * zod schemas of `schema.ts`: a run that only reads these, or finds no config
 * file, loads no zod (`omn ask --provider mock` on a fresh machine).
 *
 * @module
 */
import type { Config } from "./schema.ts";

/** The config format version this build reads and writes. */
export const CONFIG_VERSION = 1;

/** Provider ids: a lowercase letter or digit, then lowercase letters, digits, `_` or `-`. */
export const PROVIDER_ID_PATTERN: RegExp = /^[a-z0-9][a-z0-9_-]*$/;

/** Profile names: a lowercase letter or digit, then up to 31 lowercase letters, digits, `_` or `-`. */
export const PROFILE_NAME_PATTERN: RegExp = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** The profile the top-level `default_provider` and `providers` form; always present. */
export const DEFAULT_PROFILE = "default";

/**
 * Names of the provider fields that hold secrets. They are masked by
 * `maskConfig`, dropped by `stripSecrets` (`mask_config.ts`), and refused by
 * `setConfigValue` (`schema.ts`) unless `allowSecrets` is set.
 */
export const SECRET_FIELDS = [
  "api_key",
  "aws_access_key_id",
  "aws_secret_access_key",
  "aws_session_token",
  "service_account",
] as const;

/** One of {@linkcode SECRET_FIELDS}. */
export type SecretField = typeof SECRET_FIELDS[number];

/** Whether a provider field name is one of {@linkcode SECRET_FIELDS}. */
export function isSecretField(field: string): field is SecretField {
  return (SECRET_FIELDS as readonly string[]).includes(field);
}

/**
 * A config with nothing in it but its version.
 *
 * @example
 * ```ts
 * import { emptyConfig } from "./config_constants.ts";
 * emptyConfig(); // { version: 1 }
 * ```
 */
export function emptyConfig(): Config {
  return { version: CONFIG_VERSION };
}

/**
 * The fields of a profile (the keys of `ProfileSchema` in `schema.ts`): the
 * rest of a config is shared by every profile.
 */
export const PROFILE_FIELDS: readonly string[] = ["default_provider", "providers", "budgets"];

/**
 * Finds each credential of a provider in the documented order.
 *
 * For every field, the first of these that holds a non-empty value wins:
 *
 * 1. the environment, `OMNIMANCER_<PROVIDER>_<FIELD>` (e.g. `OMNIMANCER_OPENAI_API_KEY`);
 * 2. the environment, the provider's standard variables in table order
 *    (e.g. `ANTHROPIC_API_KEY`, then `CLAUDE_API_KEY`);
 * 3. `./.env`, the same variables in the same order;
 * 4. `.env` in the config directory, the same variables in the same order;
 * 5. the provider's entry in the config file, where a key may be a secret
 *    reference (`vault://…`, see `src/secrets/`), resolved before this runs.
 *
 * So a `.env` file never overrides a variable set in the environment, and the
 * environment always beats stored keys. An empty value counts as unset.
 * Each field is resolved on its own: for Bedrock, the access key id and the
 * secret access key may come from different sources.
 *
 * Everything here is pure over its inputs; reading the environment, the
 * files and the config is the caller's business.
 *
 * @module
 */

import { RefusalError } from "../core/errors.ts";
import { isEncryptedValue } from "../config/is_encrypted_value.ts";
import type { SecretRefKind } from "../config/parse_secret_ref.ts";
import {
  type CredentialFieldName,
  providerCredentials,
  type ProviderCredentialSpec,
} from "../permissions/provider_credentials.ts";

/**
 * Where a credential was found; for a secret reference stored in the config
 * file, the reference's kind (`vault`, `aws-sm`, `azure-kv`, `gcp-sm`, `env`);
 * `config (encrypted)` for a key stored encrypted (`src/keystore/`).
 */
export type CredentialSource =
  | "env"
  | ".env"
  | "config-dir .env"
  | "config"
  | "config (encrypted)"
  | SecretRefKind;

/** A secret reference of the config file, already resolved in `config`. */
export interface StoredReference {
  /** The reference's kind. */
  readonly kind: SecretRefKind;
  /** The reference as stored, e.g. `vault://secret/openai#api_key`. */
  readonly text: string;
}

/** The provider's entry of the config file, as far as credentials go. */
export interface StoredCredentials {
  /** API key of the provider (for Bedrock, a Bedrock API key). */
  readonly api_key?: string;
  /** Bedrock: AWS access key id. */
  readonly aws_access_key_id?: string;
  /** Bedrock: AWS secret access key. */
  readonly aws_secret_access_key?: string;
  /** Bedrock: AWS session token of temporary credentials. */
  readonly aws_session_token?: string;
  /** Bedrock: AWS region. */
  readonly region?: string;
  /** Vertex: the JSON text of a service account key. */
  readonly service_account?: string;
  /** When the stored key was last set, as an ISO 8601 timestamp. */
  readonly key_updated_at?: string;
  /** Other settings of the provider entry, ignored here. */
  readonly [key: string]: unknown;
}

/** Everything credentials may be resolved from. */
export interface CredentialSources {
  /** Reads one environment variable; only names from `credentialEnvNames()` are asked for. */
  readonly env: (name: string) => string | undefined;
  /** Credential variables of `./.env` (from `loadDotenv`). */
  readonly dotenvCwd: Readonly<Record<string, string>>;
  /** Credential variables of `.env` in the config directory (from `loadDotenv`). */
  readonly dotenvConfig: Readonly<Record<string, string>>;
  /** The provider's entry of the config file, if any; references already replaced by values. */
  readonly config: StoredCredentials | undefined;
  /** The references that `config` held, by config file key. */
  readonly references?: Readonly<Record<string, StoredReference>>;
  /** The config file keys whose values `config` holds decrypted (they are stored encrypted). */
  readonly encrypted?: readonly string[];
}

/** One resolved credential field. */
export interface ResolvedField {
  /** The value. A secret unless the field is `region` or `credentials_file` (a path). */
  readonly value: string;
  /** Where it was found. */
  readonly source: CredentialSource;
  /** The variable name, or the config file key, or the secret reference, that held it. */
  readonly variable?: string;
  /** For config values: when the key was last set (`key_updated_at`). */
  readonly updatedAt?: string;
}

/** The credentials of one provider, as found. */
export interface ResolvedCredentials {
  /** The canonical provider id (aliases resolved). */
  readonly provider: string;
  /** Found fields by name; absent fields are left out. */
  readonly fields: Partial<Record<CredentialFieldName, ResolvedField>>;
  /** Required fields that were not found; empty when the provider has what it needs. */
  readonly missing: CredentialFieldName[];
}

function nonEmpty(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}

function findInRecord(
  record: Readonly<Record<string, string>>,
  names: readonly string[],
): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = Object.hasOwn(record, name) ? record[name] : undefined;
    if (nonEmpty(value)) return { name, value };
  }
  return undefined;
}

function resolveField(
  envNames: readonly string[],
  configKey: string | undefined,
  sources: CredentialSources,
): ResolvedField | undefined {
  for (const name of envNames) {
    const value = sources.env(name);
    if (nonEmpty(value)) return { value, source: "env", variable: name };
  }
  const fromCwd = findInRecord(sources.dotenvCwd, envNames);
  if (fromCwd !== undefined) {
    return { value: fromCwd.value, source: ".env", variable: fromCwd.name };
  }
  const fromConfigDir = findInRecord(sources.dotenvConfig, envNames);
  if (fromConfigDir !== undefined) {
    return { value: fromConfigDir.value, source: "config-dir .env", variable: fromConfigDir.name };
  }
  const config = sources.config;
  const stored =
    config === undefined || configKey === undefined || !Object.hasOwn(config, configKey)
      ? undefined
      : config[configKey];
  if (nonEmpty(stored)) {
    const updatedAt = nonEmpty(config?.key_updated_at) ? config.key_updated_at : undefined;
    const reference = configKey !== undefined && sources.references !== undefined &&
        Object.hasOwn(sources.references, configKey)
      ? sources.references[configKey]
      : undefined;
    const encrypted = configKey !== undefined && sources.encrypted?.includes(configKey) === true;
    if (!encrypted && isEncryptedValue(stored)) {
      // An envelope is decrypted by loadCredentialSources or refused; it is never a key.
      throw new RefusalError(
        `The stored ${configKey} is encrypted and was not decrypted for this command`,
      );
    }
    const origin = reference !== undefined
      ? { source: reference.kind, variable: reference.text }
      : {
        source: encrypted ? "config (encrypted)" as const : "config" as const,
        variable: configKey,
      };
    return updatedAt === undefined
      ? { value: stored, ...origin }
      : { value: stored, ...origin, updatedAt };
  }
  return undefined;
}

/**
 * The required fields still missing: none when one required set is complete,
 * otherwise the absent fields of the set with the most fields present (the
 * first set on a tie, so with nothing found Bedrock asks for access keys).
 */
function missingFields(
  spec: ProviderCredentialSpec,
  found: Partial<Record<CredentialFieldName, ResolvedField>>,
): CredentialFieldName[] {
  let best: { present: number; absent: CredentialFieldName[] } | undefined;
  for (const set of spec.requiredSets) {
    const absent = set.filter((field) => found[field] === undefined);
    if (absent.length === 0) return [];
    const present = set.length - absent.length;
    if (best === undefined || present > best.present) best = { present, absent };
  }
  return best?.absent ?? [];
}

/**
 * Resolves every credential field of a provider from the given sources.
 * `provider` may be an alias (`claude`) or a custom provider id.
 *
 * @example
 * ```ts
 * import { resolveCredentials } from "./resolve_credentials.ts";
 * const resolved = resolveCredentials("openai", {
 *   env: (name) => Deno.env.get(name),
 *   dotenvCwd: {},
 *   dotenvConfig: {},
 *   config: undefined,
 * });
 * if (resolved.missing.length > 0) {
 *   // throw new RefusalError(missingCredentialMessage("openai", resolved.missing))
 * }
 * ```
 */
export function resolveCredentials(
  provider: string,
  sources: CredentialSources,
): ResolvedCredentials {
  const spec = providerCredentials(provider);
  const fields: Partial<Record<CredentialFieldName, ResolvedField>> = {};
  for (const fieldSpec of spec.fields) {
    const resolved = resolveField(fieldSpec.envNames, fieldSpec.configKey, sources);
    if (resolved !== undefined) fields[fieldSpec.field] = resolved;
  }
  return { provider: spec.provider, fields, missing: missingFields(spec, fields) };
}

/** The variable to suggest for a field: the first standard one, else the omnimancer one. */
function suggestedVariable(envNames: readonly string[]): string {
  return envNames.length > 1 ? envNames[1] : envNames[0];
}

function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * The one-line error for a provider whose credentials are missing, naming
 * the exact ways to fix it. `missing` (from `resolveCredentials`) narrows the
 * message to the absent fields; by default it names the provider's first
 * required set.
 *
 * @example
 * ```ts
 * import { missingCredentialMessage } from "./resolve_credentials.ts";
 * missingCredentialMessage("openai");
 * // 'No API key for openai: set OPENAI_API_KEY or run "omn keys set openai"'
 * ```
 */
export function missingCredentialMessage(
  provider: string,
  missing?: readonly string[],
): string {
  const spec = providerCredentials(provider);
  const wanted = missing !== undefined && missing.length > 0 ? missing : spec.requiredSets[0] ?? [];
  const fieldSpecs = spec.fields.filter((fieldSpec) => wanted.includes(fieldSpec.field));
  if (fieldSpecs.length === 0) return `${spec.displayName} does not use credentials`;
  let what = "credentials";
  if (fieldSpecs.length === 1) what = fieldSpecs[0].label;
  else if (spec.provider === "bedrock") what = "AWS credentials";
  const variables = joinAnd(fieldSpecs.map((fieldSpec) => suggestedVariable(fieldSpec.envNames)));
  return `No ${what} for ${spec.provider}: set ${variables} or run "omn keys set ${spec.provider}"`;
}

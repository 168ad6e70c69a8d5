/**
 * What the `keys` verbs share: the secret fields of a provider entry, which
 * provider may store a key, and what to say after storing one.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { UsageError } from "../core/errors.ts";
import {
  type Config,
  type ProviderConfig,
  SECRET_FIELDS,
  type SecretField,
} from "../config/schema.ts";
import { providerEntries } from "../config/profile_view.ts";
import {
  canonicalProviderId,
  type CredentialFieldName,
  isKnownProvider,
  PROVIDER_CREDENTIALS,
  providerCredentials,
} from "../permissions/provider_credentials.ts";
import { looksLikeName, quoteName } from "../security/quote_input.ts";

/** Secret fields as they are named in the config file. */
export const STORED_SECRET_KEYS = SECRET_FIELDS;

export type StoredSecretKey = SecretField;

/** The provider id a key may be stored under, or a usage error naming the choices. */
export function storableProvider(provider: string, config: Config): string {
  const id = canonicalProviderId(provider);
  const spec = providerCredentials(id);
  if (isKnownProvider(id) && !spec.fields.some((field) => field.secret)) {
    throw new UsageError(`Provider "${id}" needs no key`);
  }
  if (!isKnownProvider(id) && config.providers?.[id]?.base_url === undefined) {
    throw new UsageError(
      `Unknown provider ${quoteName(provider)}: choose one of ${
        Object.keys(PROVIDER_CREDENTIALS).join(", ")
      }, or configure providers.${
        looksLikeName(provider) ? id : "NAME"
      }.base_url for a custom endpoint first`,
    );
  }
  return id;
}

/** The config key that holds a credential field of a provider. */
export function configKeyOf(provider: string, field: CredentialFieldName): StoredSecretKey {
  const spec = providerCredentials(provider).fields.find((candidate) => candidate.field === field);
  return (spec?.configKey ?? field) as StoredSecretKey;
}

/** The stored secret values of a provider entry. */
export function storedSecrets(entry: ProviderConfig | undefined): string[] {
  return STORED_SECRET_KEYS.map((key) => entry?.[key]).filter((value): value is string => !!value);
}

/** Removes every secret field whose value is one of `values`, from every provider of every profile. */
export function withoutValues(config: Config, values: ReadonlySet<string>): Config {
  const next = structuredClone(config);
  for (const { entry } of providerEntries(next)) {
    let removed = false;
    for (const key of STORED_SECRET_KEYS) {
      if (entry[key] !== undefined && values.has(entry[key]!)) {
        delete entry[key];
        removed = true;
      }
    }
    if (removed && storedSecrets(entry).length === 0) delete entry.key_updated_at;
  }
  return next;
}

/** The environment variable that holds a secret of the provider and so wins over a stored key. */
export function shadowingVariable(provider: string, context: CliContext): string | undefined {
  return providerCredentials(provider).fields
    .filter((field) => field.secret)
    .flatMap((field) => field.envNames)
    .find((name) => (context.env(name) ?? "") !== "");
}

/** What `set`, `rotate` and `--ref` say after storing: the purge, and an environment variable that wins. */
export function afterStore(
  context: CliContext,
  provider: string,
  purged: number | undefined,
  stored: "key" | "reference",
): void {
  if (purged !== undefined) {
    context.io.message(
      "info",
      `Purged the old key from ${purged} backup${purged === 1 ? "" : "s"}`,
    );
  }
  const variable = shadowingVariable(provider, context);
  if (variable) {
    context.io.message(
      "warn",
      `${variable} is set in the environment and takes precedence over the stored ${stored}`,
    );
  }
}

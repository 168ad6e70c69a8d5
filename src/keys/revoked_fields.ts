/**
 * The secret fields of the key `omn keys revoke` revokes: the key in effect
 * for a provider, wherever it comes from, with its value when it can be had.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { RefusalError } from "../core/errors.ts";
import { type Config, SECRET_FIELDS, type SecretField } from "../config/schema.ts";
import type { ConfigStore } from "../config/store.ts";
import { DecryptionError } from "../keystore/keyring.ts";
import { isSecretRef } from "../config/parse_secret_ref.ts";
import {
  loadCredentialSources,
  loadStoredSources,
} from "../credentials/load_credential_sources.ts";
import { providerCredentials } from "../permissions/provider_credentials.ts";
import {
  type CredentialSources,
  resolveCredentials,
  type ResolvedField,
} from "../credentials/resolve_credentials.ts";

/** One secret field of the key revoked. */
export interface RevokedField {
  field: string;
  /** The value, when it could be had (not for a reference that cannot be resolved). */
  value?: string;
  /** Where it came from, as `keys list` says it. */
  source: string;
  /** The variable, config key or reference that held it. */
  variable?: string;
  /** Whether omn can remove it (it is in the config file). */
  stored: boolean;
}

/** The secret fields of the key in effect, with their values when they can be had. */
export async function revokedFields(
  provider: string,
  context: CliContext,
  store: ConfigStore,
  config: Config,
): Promise<RevokedField[]> {
  const spec = providerCredentials(provider);
  const secretFields = spec.fields.filter((field) => field.secret);
  let sources: CredentialSources;
  try {
    sources = (await loadCredentialSources(context, store.paths, config, {
      providers: [provider],
    }))(provider);
  } catch (error) {
    const entry = config.providers?.[provider];
    const hasReference = SECRET_FIELDS.some((key) => {
      const text = entry?.[key];
      return typeof text === "string" && isSecretRef(text);
    });
    // A wrong passphrase or a damaged envelope stops here, with nothing changed.
    if (!(error instanceof RefusalError) || error instanceof DecryptionError || !hasReference) {
      if (error instanceof DecryptionError) {
        throw new DecryptionError(
          `${error.message}; nothing was changed (without the passphrase, omn keys remove ${provider} removes the encrypted key)`,
        );
      }
      throw error;
    }
    // A reference that cannot be resolved is removed all the same; its value stays unknown.
    context.io.message("warn", `${error.message}: its value cannot be searched for`);
    const stored = (await loadStoredSources(context, store.paths, config))(provider);
    const outside = resolveCredentials(provider, { ...stored, config: undefined }).fields;
    return secretFields.flatMap((field): RevokedField[] => {
      const found = outside[field.field];
      if (found !== undefined) return [fromResolved(field.field, found)];
      const text = field.configKey === undefined
        ? undefined
        : entry?.[field.configKey as SecretField];
      return typeof text === "string" && isSecretRef(text)
        ? [{ field: field.field, source: "secret reference", variable: text, stored: true }]
        : [];
    });
  }
  const resolved = resolveCredentials(provider, sources).fields;
  return secretFields.flatMap((field) => {
    const found = resolved[field.field];
    return found === undefined ? [] : [fromResolved(field.field, found)];
  });
}

/** A revoked field from where the resolver found it. */
function fromResolved(field: string, found: ResolvedField): RevokedField {
  const fromEnvironment = found.source === "env" || found.source === ".env" ||
    found.source === "config-dir .env";
  return {
    field,
    value: found.value,
    source: found.source,
    // For stored keys, `variable` is the config key that holds it (or the reference).
    variable: found.variable,
    stored: !fromEnvironment,
  };
}

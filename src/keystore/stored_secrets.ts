/**
 * The secret fields of a config, of every provider of every profile: to
 * find the encrypted ones, and to replace them in a copy. Pure.
 *
 * @module
 */
import { providerEntries } from "../config/profile_view.ts";
import type { Config } from "../config/schema.ts";
import { SECRET_FIELDS, type SecretField } from "../config/config_constants.ts";
import { type EnvelopeBinding, isEncryptedValue } from "../config/envelope.ts";

/** One stored secret field. */
export interface StoredSecret {
  /** The profile whose provider holds it. */
  profile: string;
  /** The provider id. */
  provider: string;
  /** The config key (`api_key`, `aws_secret_access_key`, …). */
  field: SecretField;
  /** The text stored: a key, a secret reference or an envelope. */
  text: string;
}

/** The field an envelope of `provider`'s `field` is bound to: `openai/api_key`. */
export function envelopeLabel(provider: string, field: string): string {
  return `${provider}/${field}`;
}

/** What the envelope of a stored secret is bound to (its additional data): field and profile. */
export function envelopeBinding(
  secret: Pick<StoredSecret, "profile" | "provider" | "field">,
): EnvelopeBinding {
  return { profile: secret.profile, label: envelopeLabel(secret.provider, secret.field) };
}

/** Every secret field of every provider of every profile of `config`. */
export function storedSecrets(config: Config): StoredSecret[] {
  return providerEntries(config).flatMap(({ profile, provider, entry }) =>
    SECRET_FIELDS.flatMap((field) => {
      const text = entry[field];
      return typeof text === "string" && text !== "" ? [{ profile, provider, field, text }] : [];
    })
  );
}

/** The stored secret fields that hold an envelope. */
export function storedEnvelopes(config: Config): StoredSecret[] {
  return storedSecrets(config).filter((secret) => isEncryptedValue(secret.text));
}

/**
 * A copy of `config` in which each stored secret is replaced by what
 * `replace` returns for it: the same text to keep it, another text, or
 * `undefined` to remove it (and the entry's `key_updated_at` with the last
 * secret of an entry).
 */
export function replaceStoredSecrets(
  config: Config,
  replace: (secret: StoredSecret) => string | undefined,
): Config {
  const next = structuredClone(config);
  for (const { profile, provider, entry } of providerEntries(next)) {
    let removed = false;
    for (const field of SECRET_FIELDS) {
      const text = entry[field];
      if (typeof text !== "string" || text === "") continue;
      const replaced = replace({ profile, provider, field, text });
      if (replaced === undefined) {
        delete entry[field];
        removed = true;
      } else {
        entry[field] = replaced;
      }
    }
    if (removed && SECRET_FIELDS.every((field) => entry[field] === undefined)) {
      delete entry.key_updated_at;
    }
  }
  return next;
}

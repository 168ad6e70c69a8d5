/**
 * The hook of encrypted keys into credential resolution, beside secret
 * references: a key stored encrypted is decrypted when the credential
 * sources are loaded, before any provider request, and its value replaces
 * the envelope in memory only, registered with the redaction module at
 * once. Envelopes that a higher source (the environment, a `.env` file)
 * shadows are not opened, and neither are those of providers the command
 * does not use, so the passphrase is asked for only when it is needed.
 *
 * @module
 */
import { unshadowedStoredKeys } from "./unshadowed_stored_keys.ts";
import { RefusalError } from "../core/errors.ts";
import type { Config } from "../config/schema.ts";
import type { CredentialSources, StoredCredentials } from "./resolve_credentials.ts";
import { registerSecret } from "../security/redact.ts";
import { isEncryptedValue } from "../config/envelope.ts";
import type { Keyring } from "../keystore/keyring.ts";
import { envelopeLabel } from "../keystore/stored_secrets.ts";

/** One provider's config entry with its keys decrypted, or why they could not be. */
export type DecryptionOutcome =
  | { readonly entry: StoredCredentials; readonly encrypted: readonly string[] }
  | { readonly error: RefusalError };

/** Options of {@linkcode decryptStoredKeys}. */
export interface DecryptStoredKeysOptions {
  /** Each provider's sources as loaded (config entries still holding envelopes). */
  sourcesFor: (provider: string) => CredentialSources;
  /** The profile whose keys these are: version 2 envelopes are bound to it. */
  profile: string;
  /** The keyring of the run; asked for only when there is an envelope to open. */
  keyring: (provider: string) => Promise<Keyring>;
  /**
   * Only these providers' keys are decrypted; the others' are reported as
   * not decrypted. Every configured provider when absent.
   */
  providers?: readonly string[];
}

/** The config keys of a provider's entry that hold envelopes to open (not shadowed). */
export function encryptedKeys(provider: string, sources: CredentialSources): string[] {
  return unshadowedStoredKeys(provider, sources, isEncryptedValue);
}

/**
 * Decrypts the keys of every configured provider (or of
 * `options.providers`), each provider on its own: a failure (no passphrase,
 * a wrong one, a damaged envelope) makes only that provider's outcome an
 * error, thrown when its sources are asked for. Errors other than refusals
 * (Ctrl-C at the prompt) are thrown at once. Providers without encrypted
 * keys are absent from the result.
 */
export async function decryptStoredKeys(
  config: Config,
  options: DecryptStoredKeysOptions,
): Promise<Map<string, DecryptionOutcome>> {
  const outcomes = new Map<string, DecryptionOutcome>();
  const pending = Object.keys(config.providers ?? {}).map(async (provider) => {
    const sources = options.sourcesFor(provider);
    const keys = encryptedKeys(provider, sources);
    if (keys.length === 0) return;
    if (options.providers !== undefined && !options.providers.includes(provider)) {
      outcomes.set(provider, {
        error: new RefusalError(
          `The stored ${provider} key is encrypted and was not decrypted for this command`,
        ),
      });
      return;
    }
    const entry = sources.config!;
    try {
      const keyring = await options.keyring(provider);
      const values = await Promise.all(
        keys.map((key) =>
          keyring.open(entry[key] as string, {
            profile: options.profile,
            label: envelopeLabel(provider, key),
          })
        ),
      );
      const next: Record<string, unknown> = { ...entry };
      keys.forEach((key, index) => {
        registerDecrypted(values[index], `${provider}/${key}`);
        next[key] = values[index];
      });
      outcomes.set(provider, { entry: next as StoredCredentials, encrypted: keys });
    } catch (error) {
      if (!(error instanceof RefusalError)) throw error;
      outcomes.set(provider, { error });
    }
  });
  await Promise.all(pending);
  return outcomes;
}

/** A provider's sources with its decrypted keys; throws the provider's decryption failure. */
export function withDecryptedKeys(
  sources: CredentialSources,
  outcome: DecryptionOutcome | undefined,
): CredentialSources {
  if (outcome === undefined) return sources;
  if ("error" in outcome) throw outcome.error;
  return { ...sources, config: outcome.entry, encrypted: outcome.encrypted };
}

/** Registers a decrypted value, and the private key of a service account's JSON. */
function registerDecrypted(value: string, kind: string): void {
  registerSecret(value, kind);
  try {
    const privateKey: unknown = JSON.parse(value)?.private_key;
    if (typeof privateKey === "string") registerSecret(privateKey, `${kind}/private_key`);
  } catch {
    // not JSON: a plain key
  }
}

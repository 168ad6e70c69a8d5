/**
 * What `omn keys set` and `omn keys rotate` write for a key: its value, or,
 * when keys are to be stored encrypted, its envelope.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import type { Config } from "../config/schema.ts";
import { envelopeLabel, storedEnvelopes } from "./stored_secrets.ts";
import { writingKeyring } from "./writing_keyring.ts";
import { selectProfile } from "../config/select_profile.ts";

/**
 * Whether a key being stored is encrypted: `--encrypt` or `--no-encrypt`
 * when given, else `settings.encrypt_keys` when set, else whether the
 * config (the whole file) already holds an encrypted key, so that an
 * encrypted store stays encrypted.
 */
export function shouldEncrypt(flag: boolean | undefined, config: Config): boolean {
  return flag ?? config.settings?.encrypt_keys ?? storedEnvelopes(config).length > 0;
}

/** What {@linkcode sealNewKey} returns. */
export interface SealedKey {
  /** The text to store by config key: the value, or its envelope. */
  texts: Record<string, string>;
  /** Whether the texts are envelopes. */
  encrypted: boolean;
}

/**
 * The texts to store for `provider`'s new key (`values` by config key):
 * the values themselves, or their envelopes sealed in one write under the
 * passphrase (the one of the keys already encrypted, else a new one), bound
 * to `options.profile` (the run's profile when absent).
 *
 * @throws {RefusalError} (exit 3) when the passphrase cannot be had or does
 * not open the keys already encrypted; nothing has been written then.
 */
export async function sealNewKey(
  context: CliContext,
  config: Config,
  provider: string,
  values: Readonly<Record<string, string>>,
  options: { encrypt?: boolean; profile?: string } = {},
): Promise<SealedKey> {
  if (!shouldEncrypt(options.encrypt, config)) return { texts: { ...values }, encrypted: false };
  const { keyring, iterations } = await writingKeyring(context, config);
  const profile = options.profile ??
    selectProfile({ flag: context.profile, env: context.env("OMNIMANCER_PROFILE") }).name;
  const entries = Object.entries(values);
  const envelopes = await keyring.seal(
    entries.map(([key, value]) => ({ label: envelopeLabel(provider, key), profile, value })),
    { iterations },
  );
  return {
    texts: Object.fromEntries(entries.map(([key], index) => [key, envelopes[index]])),
    encrypted: true,
  };
}

/**
 * The purge of `omn keys revoke`: every stored copy of a key, in the config
 * (every profile) and every backup, in every form: the value, the envelope
 * that encrypts it (opened to compare when the passphrase is at hand), the
 * reference that named it.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { openConfigStore } from "../config/config_access.ts";
import { RefusalError } from "../core/errors.ts";
import type { Config, ProviderConfig, SecretField } from "../config/schema.ts";
import type { ConfigStore } from "../config/store.ts";
import { parseConfig } from "../config/parse_config.ts";
import { type EnvelopeBinding, isEncryptedValue } from "../config/envelope.ts";
import { acceptedIterations, Keyring } from "../keystore/keyring.ts";
import { PASSPHRASE_ENV, readPassphrase } from "../keystore/passphrase.ts";
import {
  envelopeBinding,
  replaceStoredSecrets,
  storedSecrets,
} from "../keystore/stored_secrets.ts";
import { providerCredentials } from "../permissions/provider_credentials.ts";
import { removeUnreadableBackupsHolding } from "./purge_backups.ts";
import type { RevokedField } from "./revoked_fields.ts";

/**
 * Removes every stored copy of the key from the config and its backups: its
 * values, the envelopes and references that hold them, and encrypted copies
 * that decrypt to them.
 */
export async function removeStoredCopies(
  key: {
    provider: string;
    fields: readonly RevokedField[];
    values: ReadonlySet<string>;
    entry: ProviderConfig | undefined;
  },
  context: CliContext,
  store: ConfigStore,
): Promise<{ texts: Set<string>; removedFrom: string[]; unchecked: number }> {
  const { provider, fields, values, entry } = key;
  // The texts stored for the key in effect: its value, envelope or reference.
  const texts = new Set(values);
  for (const field of fields.filter((field) => field.stored)) {
    const configKey = configKeyOf(provider, field.field);
    const text = configKey === undefined ? undefined : entry?.[configKey as SecretField];
    if (typeof text === "string") texts.add(text);
  }

  const whole = (await store.read()).config;
  const keyring = await keyringAtHand(context, fields, whole);
  const check = await encryptedCopies(store, whole, values, keyring);
  for (const text of check.matching) texts.add(text);

  const removedFrom: string[] = [];
  const configStore = openConfigStore(context);
  if (JSON.stringify(withoutTexts(whole, texts)) !== JSON.stringify(whole)) {
    await configStore.update((current) => withoutTexts(current, texts), {
      reason: `revoke ${provider} key`,
    });
    removedFrom.push("config.json");
  }
  removedFrom.push(...await purgeTextsFromBackups(configStore, texts));
  return { texts, removedFrom, unchecked: check.unchecked };
}

/** The config key that stores a field of a provider. */
function configKeyOf(provider: string, field: string): string | undefined {
  return providerCredentials(provider).fields.find((spec) => spec.field === field)?.configKey;
}

/**
 * The keyring to compare encrypted copies with: the passphrase already read
 * this run, or the variable's; never a new prompt when the key in effect
 * was not encrypted.
 */
async function keyringAtHand(
  context: CliContext,
  fields: readonly RevokedField[],
  config: Config,
): Promise<Keyring | undefined> {
  const encrypted = fields.some((field) => field.source === "config (encrypted)");
  if (!encrypted && !context.env(PASSPHRASE_ENV)) return undefined;
  try {
    return new Keyring(await readPassphrase(context, { reason: "", prompt: false }), {
      iterations: acceptedIterations(config.settings?.kdf_iterations),
    });
  } catch {
    return undefined;
  }
}

/**
 * The envelopes of the config and its backups that hold one of `values`
 * (opened with `keyring`), and how many could not be opened.
 */
async function encryptedCopies(
  store: ConfigStore,
  config: Config,
  values: ReadonlySet<string>,
  keyring: Keyring | undefined,
): Promise<{ matching: Set<string>; unchecked: number }> {
  const configs = [config];
  for (const backup of await store.listBackups()) {
    try {
      configs.push(parseConfig(await Deno.readTextFile(backup.path), backup.path));
    } catch {
      // unreadable backups are handled by the purge
    }
  }
  const envelopes = new Map<string, EnvelopeBinding>();
  for (const secret of configs.flatMap(storedSecrets)) {
    if (isEncryptedValue(secret.text)) envelopes.set(secret.text, envelopeBinding(secret));
  }
  const matching = new Set<string>();
  let unchecked = 0;
  await Promise.all([...envelopes].map(async ([text, label]) => {
    if (keyring === undefined || values.size === 0) {
      unchecked++;
      return;
    }
    try {
      if (values.has(await keyring.open(text, label))) matching.add(text);
    } catch (error) {
      if (!(error instanceof RefusalError)) throw error;
      unchecked++;
    }
  }));
  return { matching, unchecked };
}

/** `config` without every secret field holding one of `texts`, in every profile. */
function withoutTexts(config: Config, texts: ReadonlySet<string>): Config {
  return replaceStoredSecrets(config, ({ text }) => texts.has(text) ? undefined : text);
}

/**
 * Removes `texts` from every backup; a backup that cannot be parsed is
 * deleted when it holds one of them (raw or JSON-escaped).
 *
 * @returns the names (`backups/…`) of the backups changed or deleted.
 */
async function purgeTextsFromBackups(
  store: ConfigStore,
  texts: ReadonlySet<string>,
): Promise<string[]> {
  if (texts.size === 0) return [];
  const result = await store.purgeFromBackups((config) => withoutTexts(config, texts));
  const names = [
    ...result.rewritten,
    ...result.removed,
    ...await removeUnreadableBackupsHolding(store, result.unreadable, texts),
  ];
  return names.sort().map((name) => `backups/${name}`);
}

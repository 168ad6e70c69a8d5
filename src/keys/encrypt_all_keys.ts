/**
 * `omn keys encrypt`: encrypts every key stored in plain text in the config
 * file (every provider of every profile) under the passphrase, then does
 * the same in every backup, so that no plain copy of a key is left in the
 * config directory. The config is backed up before it changes (that backup
 * is encrypted with the others); secret references are left as they are.
 *
 * @module
 */
import { join } from "node:path";
import { auditChange } from "../audit/audit_change.ts";
import type { CliContext } from "../core/context.ts";
import { readConfigFile } from "../config/config_access.ts";
import type { Config } from "../config/schema.ts";
import type { ConfigStore } from "../config/store.ts";
import { parseConfig } from "../config/parse_config.ts";
import { isSecretRef } from "../config/parse_secret_ref.ts";
import { fingerprint } from "../security/fingerprint.ts";
import { ENVELOPE_PREFIX, isEncryptedValue } from "../config/envelope.ts";
import type { Keyring } from "../keystore/keyring.ts";
import {
  envelopeBinding,
  envelopeLabel,
  replaceStoredSecrets,
  type StoredSecret,
  storedSecrets,
} from "../keystore/stored_secrets.ts";
import { writingKeyring } from "../keystore/writing_keyring.ts";

/** Whether a stored secret is a key in plain text (not a reference, not encrypted). */
export function isPlainKey(secret: StoredSecret): boolean {
  return !isSecretRef(secret.text) && !isEncryptedValue(secret.text);
}

/**
 * Whether a stored secret is a version 1 envelope: bound to its field but
 * not its profile, and without the hint `omn redact` recognises it by.
 */
export function isLegacyEnvelope(secret: StoredSecret): boolean {
  return secret.text.startsWith(ENVELOPE_PREFIX);
}

/** Runs `omn keys encrypt`; it also rewrites version 1 envelopes as version 2. */
export async function encryptAllKeys(context: CliContext): Promise<void> {
  const { store, config } = await readConfigFile(context);
  const backups = await readBackups(store);
  const plain = [config, ...backups.map(({ config }) => config)].flatMap(storedSecrets)
    .filter(isPlainKey);
  const legacy = storedSecrets(config).filter(isLegacyEnvelope);
  if (plain.length === 0 && legacy.length === 0) {
    context.io.message("info", "No key is stored in plain text: nothing to encrypt");
    return;
  }
  const { keyring, iterations } = await writingKeyring(context, config);
  const sealed: StoredSecret[] = [];
  let migrated = 0;
  await store.update(async (current) => {
    const secrets = storedSecrets(current).filter(isPlainKey);
    const olds = storedSecrets(current).filter(isLegacyEnvelope);
    const opened = await Promise.all(
      olds.map(async (secret) => ({
        ...secret,
        text: await keyring.open(secret.text, envelopeBinding(secret)),
      })),
    );
    const envelopes = await sealAll(keyring, [...secrets, ...opened], iterations);
    const reopened = new Map(olds.map((secret, index) => [sealKey(secret), opened[index]]));
    sealed.push(...secrets);
    migrated = olds.length;
    return replaceStoredSecrets(current, (secret) => {
      const value = reopened.get(sealKey(secret));
      return envelopes.get(sealKey(value ?? secret)) ?? secret.text;
    });
  }, { reason: "encrypt stored keys" });
  if (migrated > 0) {
    context.io.message(
      "info",
      `Rewrote ${migrated} encrypted key${
        migrated === 1 ? "" : "s"
      } in the current envelope format (bound to its profile, recognised by omn redact)`,
    );
    if (plain.length === 0) return;
  }
  const purged = await encryptBackups(store, keyring, iterations);
  await auditChange(context, {
    command: "keys encrypt",
    event: "key.encrypted",
    previous: [...new Set(sealed.map(({ text }) => fingerprint(text)))],
    purged: purged.map((name) => `backups/${name}`),
  });
  const providers = [...new Set(sealed.map(({ provider }) => provider))].sort();
  context.io.message(
    "info",
    sealed.length === 0
      ? `The config holds no plain key any more; ${purged.length} backup${
        purged.length === 1 ? "" : "s"
      } rewritten without plain keys`
      : `Encrypted ${sealed.length} stored key${sealed.length === 1 ? "" : "s"} (${
        providers.join(", ")
      }) in ${store.paths.file} (${iterations} PBKDF2 iterations), and the plain keys in ${purged.length} backup${
        purged.length === 1 ? "" : "s"
      }`,
  );
  if (config.settings?.encrypt_keys !== true) {
    context.io.message(
      "info",
      "Keys stored from now on are encrypted too while the config holds encrypted keys; to make it explicit: omn config set settings.encrypt_keys true",
    );
  }
}

/**
 * Encrypts the plain keys of every backup: those known beforehand are
 * sealed in one write, and a plain key that appeared since is removed. A
 * backup that cannot be parsed is deleted when it holds a plain key.
 *
 * @returns the names of the backups rewritten or deleted.
 */
async function encryptBackups(
  store: ConfigStore,
  keyring: Keyring,
  iterations: number,
): Promise<string[]> {
  const backups = await readBackups(store);
  const secrets = backups.flatMap(({ config }) => storedSecrets(config)).filter(isPlainKey);
  const envelopes = await sealAll(keyring, secrets, iterations);
  const plainTexts = new Set(secrets.map(({ text }) => text));
  const result = await store.purgeFromBackups((config) =>
    replaceStoredSecrets(
      config,
      (secret) => isPlainKey(secret) ? envelopes.get(sealKey(secret)) : secret.text,
    )
  );
  const names = [...result.rewritten, ...result.removed];
  for (const name of result.unreadable) {
    const path = join(store.paths.backups, name);
    const text = await Deno.readTextFile(path);
    const holds = [...plainTexts].some((value) =>
      text.includes(value) || text.includes(JSON.stringify(value).slice(1, -1))
    );
    if (holds) {
      await Deno.remove(path);
      names.push(name);
    }
  }
  return names.sort();
}

/** The backups that parse, with their configs. */
export async function readBackups(
  store: ConfigStore,
): Promise<{ name: string; config: Config }[]> {
  const backups: { name: string; config: Config }[] = [];
  for (const backup of await store.listBackups()) {
    try {
      backups.push({
        name: backup.name,
        config: parseConfig(await Deno.readTextFile(backup.path), backup.path),
      });
    } catch {
      // a backup that cannot be parsed is dealt with by the purge
    }
  }
  return backups;
}

function sealKey(secret: StoredSecret): string {
  return `${secret.profile}\n${envelopeLabel(secret.provider, secret.field)}\n${secret.text}`;
}

/** Seals each distinct (field, value) of `secrets` in one write; by {@linkcode sealKey}. */
async function sealAll(
  keyring: Keyring,
  secrets: readonly StoredSecret[],
  iterations: number,
): Promise<Map<string, string>> {
  const distinct = [...new Map(secrets.map((secret) => [sealKey(secret), secret])).values()];
  if (distinct.length === 0) return new Map();
  const envelopes = await keyring.seal(
    distinct.map((secret) => ({ ...envelopeBinding(secret), value: secret.text })),
    { iterations },
  );
  return new Map(distinct.map((secret, index) => [sealKey(secret), envelopes[index]]));
}

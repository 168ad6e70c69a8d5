/**
 * `omn keys decrypt`: stores every encrypted key of the config file (every
 * provider of every profile) in plain text again, after a backup. It asks
 * for the passphrase and changes nothing unless every envelope opens. The
 * backups keep their encrypted copies.
 *
 * @module
 */
import { auditChange } from "../audit/audit_change.ts";
import type { CliContext } from "../core/context.ts";
import { readConfigFile } from "../config/config_access.ts";
import { fingerprint } from "../security/fingerprint.ts";
import { isEncryptedValue } from "../config/envelope.ts";
import { acceptedIterations, Keyring } from "../keystore/keyring.ts";
import { readPassphrase } from "../keystore/passphrase.ts";
import {
  envelopeBinding,
  replaceStoredSecrets,
  storedEnvelopes,
} from "../keystore/stored_secrets.ts";

/** Runs `omn keys decrypt`. */
export async function decryptAllKeys(context: CliContext): Promise<void> {
  const { store, config } = await readConfigFile(context);
  if (storedEnvelopes(config).length === 0) {
    context.io.message("info", "No key is stored encrypted: nothing to decrypt");
    return;
  }
  const keyring = new Keyring(
    await readPassphrase(context, { reason: "The config holds encrypted keys" }),
    { iterations: acceptedIterations(config.settings?.kdf_iterations) },
  );
  const opened: string[] = [];
  await store.update(async (current) => {
    const envelopes = storedEnvelopes(current);
    // Every envelope opens, or the update throws and nothing is written.
    const values = await Promise.all(
      envelopes.map((secret) => keyring.open(secret.text, envelopeBinding(secret))),
    );
    const plain = new Map(envelopes.map(({ text }, index) => [text, values[index]]));
    opened.push(...values);
    return replaceStoredSecrets(
      current,
      (secret) => isEncryptedValue(secret.text) ? plain.get(secret.text) : secret.text,
    );
  }, { reason: "decrypt stored keys" });
  await auditChange(context, {
    command: "keys decrypt",
    event: "key.decrypted",
    previous: [...new Set(opened.map(fingerprint))],
  });
  context.io.message(
    "info",
    `Decrypted ${opened.length} stored key${
      opened.length === 1 ? "" : "s"
    } in ${store.paths.file}: they are in plain text there now (the backups keep their encrypted copies)`,
  );
  if (config.settings?.encrypt_keys === true) {
    context.io.message(
      "warn",
      "settings.encrypt_keys is true: keys stored from now on are still encrypted (omn config set settings.encrypt_keys false)",
    );
  }
}

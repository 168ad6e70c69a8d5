/**
 * The keyring that keys are encrypted with when they are stored: under the
 * passphrase of the keys the config already holds encrypted (so that one
 * passphrase opens them all), else under a new one.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import type { Config } from "../config/schema.ts";
import { DEFAULT_KDF_ITERATIONS } from "../config/envelope.ts";
import { acceptedIterations, Keyring } from "./keyring.ts";
import { readNewPassphrase, readPassphrase } from "./passphrase.ts";
import { envelopeBinding, storedEnvelopes } from "./stored_secrets.ts";

/** A keyring and the iteration count to seal with. */
export interface WritingKeyring {
  keyring: Keyring;
  /** `settings.kdf_iterations`, else {@linkcode DEFAULT_KDF_ITERATIONS}. */
  iterations: number;
}

/**
 * The keyring to encrypt with. When `config` (the whole file, every
 * profile) already holds encrypted keys, the passphrase must open every one
 * of them; otherwise it is a new passphrase ({@linkcode readNewPassphrase}).
 * A setting below {@linkcode DEFAULT_KDF_ITERATIONS} is warned about.
 *
 * @throws {RefusalError} (exit 3) when the passphrase cannot be had or
 * does not open the keys already encrypted; nothing has changed then.
 */
export async function writingKeyring(context: CliContext, config: Config): Promise<WritingKeyring> {
  const iterations = config.settings?.kdf_iterations ?? DEFAULT_KDF_ITERATIONS;
  if (iterations < DEFAULT_KDF_ITERATIONS) {
    context.io.message(
      "warn",
      `settings.kdf_iterations is ${iterations}, below the ${DEFAULT_KDF_ITERATIONS} that OWASP recommends for PBKDF2-SHA256`,
    );
  }
  const envelopes = storedEnvelopes(config);
  const keyringOptions = { iterations: acceptedIterations(config.settings?.kdf_iterations) };
  if (envelopes.length === 0) {
    return { keyring: new Keyring(await readNewPassphrase(context), keyringOptions), iterations };
  }
  const keyring = new Keyring(
    await readPassphrase(context, { reason: "The config holds encrypted keys" }),
    keyringOptions,
  );
  // Every envelope must open: one passphrase for all, and nothing damaged is carried along.
  await Promise.all(envelopes.map((secret) => keyring.open(secret.text, envelopeBinding(secret))));
  return { keyring, iterations };
}

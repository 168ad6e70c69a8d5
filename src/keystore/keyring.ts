/**
 * Encrypting and decrypting stored keys with one passphrase, with Web
 * Crypto only: PBKDF2-HMAC-SHA256 derives a 256-bit AES-GCM key from the
 * passphrase and a random salt; each value gets a random 96-bit nonce, and
 * is bound to the field it belongs to by GCM's additional data.
 *
 * @module
 */
import { RefusalError } from "../cli/errors.ts";
import { registerSecret } from "../security/redact.ts";
import {
  associatedData,
  DEFAULT_KDF_ITERATIONS,
  encodeBase64,
  type Envelope,
  formatEnvelope,
  NONCE_BYTES,
  parseEnvelope,
  SALT_BYTES,
} from "./envelope.ts";

/** One value to encrypt and the field it belongs to (`openai/api_key`). */
export interface SealRequest {
  label: string;
  value: string;
}

/** Options of {@linkcode Keyring.seal}. */
export interface SealOptions {
  /** PBKDF2 iterations; {@linkcode DEFAULT_KDF_ITERATIONS} when absent. */
  iterations?: number;
}

/** An envelope that cannot be decrypted: malformed, altered, or sealed under another passphrase. */
export class DecryptionError extends RefusalError {}

/**
 * A passphrase and the keys derived from it, each derived once per salt
 * and iteration count.
 *
 * @example
 * ```ts
 * import { Keyring } from "./keyring.ts";
 * const keyring = new Keyring("correct horse battery staple");
 * const [envelope] = await keyring.seal([{ label: "openai/api_key", value: "sk-…" }]);
 * await keyring.open(envelope, "openai/api_key"); // "sk-…"
 * ```
 */
export class Keyring {
  readonly #passphrase: Promise<CryptoKey>;
  readonly #derived = new Map<string, Promise<CryptoKey>>();

  constructor(passphrase: string) {
    this.#passphrase = crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(passphrase.normalize("NFC")),
      "PBKDF2",
      false,
      ["deriveKey"],
    );
  }

  /**
   * Encrypts the values of one write: one fresh random salt for all of
   * them (one key derivation), a fresh random nonce for each.
   *
   * @returns the envelope texts, in the order of `requests`.
   */
  async seal(requests: readonly SealRequest[], options: SealOptions = {}): Promise<string[]> {
    const iterations = options.iterations ?? DEFAULT_KDF_ITERATIONS;
    const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
    const key = await this.#key(salt, iterations);
    return await Promise.all(requests.map(async ({ label, value }) => {
      const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
      const ciphertext = new Uint8Array(
        await crypto.subtle.encrypt(
          {
            name: "AES-GCM",
            iv: nonce,
            additionalData: associatedData({ iterations }, label),
            tagLength: 128,
          },
          key,
          new TextEncoder().encode(value),
        ),
      );
      return formatEnvelope({ iterations, salt, nonce, ciphertext });
    }));
  }

  /**
   * Decrypts one envelope of the field `label`. The value is registered
   * with the redaction module before it is returned.
   *
   * @throws {DecryptionError} (exit 3) when the envelope is malformed, or
   * GCM refuses it: a wrong passphrase, or any change to the envelope.
   * Nothing undecryptable is ever returned.
   */
  async open(text: string, label: string): Promise<string> {
    let envelope: Envelope;
    try {
      envelope = parseEnvelope(text);
    } catch (error) {
      throw new DecryptionError(
        `The encrypted ${label} in the config is damaged (${
          (error as Error).message
        }): restore a backup (omn config backups) or store the key again`,
      );
    }
    let plain: ArrayBuffer;
    try {
      plain = await crypto.subtle.decrypt(
        {
          name: "AES-GCM",
          iv: envelope.nonce,
          additionalData: associatedData(envelope, label),
          tagLength: 128,
        },
        await this.#key(envelope.salt, envelope.iterations),
        envelope.ciphertext,
      );
    } catch {
      throw new DecryptionError(
        `Cannot decrypt the stored ${label}: wrong passphrase, or the encrypted value was altered`,
      );
    }
    let value: string;
    try {
      value = new TextDecoder("utf-8", { fatal: true }).decode(plain);
    } catch {
      throw new DecryptionError(`The decrypted ${label} is not text: the envelope was forged`);
    }
    registerSecret(value, label);
    return value;
  }

  #key(salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
    const id = `${iterations}:${encodeBase64(salt)}`;
    let key = this.#derived.get(id);
    if (key === undefined) {
      key = this.#passphrase.then((base) =>
        crypto.subtle.deriveKey(
          { name: "PBKDF2", hash: "SHA-256", salt, iterations },
          base,
          { name: "AES-GCM", length: 256 },
          false,
          ["encrypt", "decrypt"],
        )
      );
      this.#derived.set(id, key);
    }
    return key;
  }
}

/**
 * Encrypting and decrypting stored keys with one passphrase, with Web
 * Crypto only: PBKDF2-HMAC-SHA256 derives a 256-bit AES-GCM key from the
 * passphrase and a random salt; each value gets a random 96-bit nonce, and
 * is bound to the field it belongs to by GCM's additional data.
 *
 * @module
 */
import { RefusalError } from "../core/errors.ts";
import { registerSecret } from "../security/redact.ts";
import { secretHint } from "../security/secret_hint.ts";
import {
  associatedData,
  DEFAULT_KDF_ITERATIONS,
  encodeBase64,
  type Envelope,
  type EnvelopeBinding,
  formatEnvelope,
  NONCE_BYTES,
  parseEnvelope,
  SALT_BYTES,
} from "../config/envelope.ts";

/** One value to encrypt, the field it belongs to (`openai/api_key`) and its profile. */
export interface SealRequest extends EnvelopeBinding {
  value: string;
}

/** Options of a {@linkcode Keyring}. */
export interface KeyringOptions {
  /**
   * The PBKDF2 iteration counts an envelope may ask for: those omn writes
   * ({@linkcode acceptedIterations}). Any other count is refused before any
   * key derivation. {@linkcode DEFAULT_KDF_ITERATIONS} alone when absent.
   */
  iterations?: readonly number[];
}

/**
 * The iteration counts omn writes for a config: the default and
 * `settings.kdf_iterations` when set.
 */
export function acceptedIterations(kdfIterations: number | undefined): number[] {
  return [...new Set([DEFAULT_KDF_ITERATIONS, kdfIterations ?? DEFAULT_KDF_ITERATIONS])];
}

/** How a field is named in messages: `openai/api_key`, with its profile unless `default`. */
export function describeBinding(binding: EnvelopeBinding): string {
  return binding.profile === "default"
    ? binding.label
    : `${binding.label} of profile "${binding.profile}"`;
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
  readonly #iterations: ReadonlySet<number>;

  constructor(passphrase: string, options: KeyringOptions = {}) {
    this.#iterations = new Set(options.iterations ?? [DEFAULT_KDF_ITERATIONS]);
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
   * them (one key derivation), a fresh random nonce for each. Each envelope
   * is bound to its field and profile, and carries the value's hint when
   * the value has one (`src/security/secret_hint.ts`).
   *
   * @returns the envelope texts, in the order of `requests`.
   */
  async seal(requests: readonly SealRequest[], options: SealOptions = {}): Promise<string[]> {
    const iterations = options.iterations ?? DEFAULT_KDF_ITERATIONS;
    const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
    const key = await this.#key(salt, iterations);
    return await Promise.all(requests.map(async ({ label, profile, value }) => {
      const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
      const match = secretHint(value);
      const header = { version: 2 as const, iterations, ...(match ? { match } : {}) };
      const ciphertext = new Uint8Array(
        await crypto.subtle.encrypt(
          {
            name: "AES-GCM",
            iv: nonce,
            additionalData: associatedData(header, { label, profile }),
            tagLength: 128,
          },
          key,
          new TextEncoder().encode(value),
        ),
      );
      return formatEnvelope({ ...header, salt, nonce, ciphertext });
    }));
  }

  /**
   * Decrypts one envelope stored at `binding` (its field and profile). The
   * value is registered with the redaction module before it is returned.
   *
   * @throws {DecryptionError} (exit 3) when the envelope is malformed, asks
   * for an iteration count omn does not write (refused before any key
   * derivation), or GCM refuses it: a wrong passphrase, any change to the
   * envelope, or an envelope moved to another field or (version 2) profile.
   * Nothing undecryptable is ever returned.
   */
  async open(text: string, binding: EnvelopeBinding): Promise<string> {
    const label = describeBinding(binding);
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
    if (!this.#iterations.has(envelope.iterations)) {
      throw new DecryptionError(
        `The encrypted ${label} in the config asks for ${envelope.iterations} PBKDF2 iterations, not ${
          [...this.#iterations].join(" or ")
        } as omn writes (settings.kdf_iterations): restore a backup (omn config backups), set settings.kdf_iterations to the count you chose, or store the key again`,
      );
    }
    let plain: ArrayBuffer;
    try {
      plain = await crypto.subtle.decrypt(
        {
          name: "AES-GCM",
          iv: envelope.nonce,
          additionalData: associatedData(envelope, binding),
          tagLength: 128,
        },
        await this.#key(envelope.salt, envelope.iterations),
        envelope.ciphertext,
      );
    } catch {
      throw new DecryptionError(
        `Cannot decrypt the stored ${label}: wrong passphrase, or the encrypted value was altered or moved from another field or profile`,
      );
    }
    let value: string;
    try {
      value = new TextDecoder("utf-8", { fatal: true }).decode(plain);
    } catch {
      throw new DecryptionError(`The decrypted ${label} is not text: the envelope was forged`);
    }
    registerSecret(value, binding.label);
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

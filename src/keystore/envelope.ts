/**
 * The envelope of a key stored encrypted in the config file: a versioned
 * text that replaces the key's value, and carries everything needed to
 * decrypt it except the passphrase.
 *
 * ```text
 * omn-enc:v1:<base64 of {"kdf","iterations","salt","cipher","nonce","ciphertext"}>
 * ```
 *
 * Version 1 is AES-256-GCM under a key derived from the passphrase with
 * PBKDF2-HMAC-SHA256; `salt` (16 bytes), `nonce` (12 bytes) and
 * `ciphertext` (the encrypted value followed by GCM's 16-byte tag) are
 * base64. Only the canonical text is accepted: the JSON exactly as
 * {@linkcode formatEnvelope} writes it, and base64 exactly as it encodes,
 * so that no bit of an envelope can change without it being refused,
 * whether by this parser or by GCM's authentication. Pure: no I/O, no
 * cryptography.
 *
 * @module
 */

/** What every envelope starts with. */
export const ENVELOPE_SCHEME = "omn-enc:";

/** The prefix of the envelopes of this version. */
export const ENVELOPE_PREFIX = "omn-enc:v1:";

/** The key derivation of version 1. */
export const KDF = "pbkdf2-sha256";

/** The cipher of version 1. */
export const CIPHER = "aes-256-gcm";

/** PBKDF2 iterations when `settings.kdf_iterations` does not say (OWASP's figure for SHA-256). */
export const DEFAULT_KDF_ITERATIONS = 600_000;

/** Fewest iterations accepted, in the setting and in an envelope. */
export const MIN_KDF_ITERATIONS = 100_000;

/** Most iterations accepted: an envelope asking for more is refused rather than run for minutes. */
export const MAX_KDF_ITERATIONS = 10_000_000;

/** Bytes of salt. */
export const SALT_BYTES = 16;

/** Bytes of GCM nonce. */
export const NONCE_BYTES = 12;

/** Bytes of GCM authentication tag at the end of the ciphertext. */
export const TAG_BYTES = 16;

/** The fields of a version 1 envelope, bytes decoded. */
export interface Envelope {
  /** PBKDF2-HMAC-SHA256 iterations. */
  iterations: number;
  /** The salt of the key derivation. */
  salt: Uint8Array<ArrayBuffer>;
  /** The AES-GCM nonce. */
  nonce: Uint8Array<ArrayBuffer>;
  /** The encrypted value, GCM tag included. */
  ciphertext: Uint8Array<ArrayBuffer>;
}

/**
 * Whether a stored value is (or was) an envelope: it starts with
 * `omn-enc:`, or, so that a damaged prefix cannot turn an envelope into
 * what looks like a plain key, it ends in the base64 of an envelope's JSON. Such a value is never used as a key: it is decrypted
 * or refused.
 *
 * @example
 * ```ts
 * import { isEncryptedValue } from "./envelope.ts";
 * isEncryptedValue("omn-enc:v1:eyJrZGYiOi…"); // true
 * isEncryptedValue("sk-proj-…"); // false
 * ```
 */
export function isEncryptedValue(value: string): boolean {
  if (value.startsWith(ENVELOPE_SCHEME)) return true;
  const tail = /eyJ[A-Za-z0-9+/]{20,}={0,2}$/.exec(value)?.[0];
  const json = tail === undefined ? undefined : decodeBase64Text(tail);
  return json !== undefined && /"(ciphertext|kdf)"\s*:/.test(json);
}

/**
 * The envelope text of `envelope`.
 *
 * @throws {RangeError} when a field is out of bounds.
 */
export function formatEnvelope(envelope: Envelope): string {
  checkBounds(envelope);
  return ENVELOPE_PREFIX + encodeBase64(new TextEncoder().encode(canonicalJson(envelope)));
}

/**
 * Reads an envelope text, accepting only the canonical form.
 *
 * @throws {SyntaxError} naming what is wrong (never echoing the text) when
 * the text is not a version 1 envelope.
 */
export function parseEnvelope(text: string): Envelope {
  if (!text.startsWith(ENVELOPE_SCHEME)) {
    throw new SyntaxError(`it does not start with "${ENVELOPE_SCHEME}"`);
  }
  if (!text.startsWith(ENVELOPE_PREFIX)) {
    throw new SyntaxError(`unknown envelope version (this omn reads "${ENVELOPE_PREFIX}")`);
  }
  const payload = text.slice(ENVELOPE_PREFIX.length);
  const json = decodeBase64Text(payload);
  if (json === undefined || encodeBase64(new TextEncoder().encode(json)) !== payload) {
    throw new SyntaxError("its payload is not canonical base64");
  }
  let fields: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error();
    fields = parsed as Record<string, unknown>;
  } catch {
    throw new SyntaxError("its payload is not a JSON object");
  }
  if (fields.kdf !== KDF) throw new SyntaxError(`unknown key derivation (expected "${KDF}")`);
  if (fields.cipher !== CIPHER) throw new SyntaxError(`unknown cipher (expected "${CIPHER}")`);
  const iterations = fields.iterations;
  if (typeof iterations !== "number" || !Number.isSafeInteger(iterations)) {
    throw new SyntaxError("its iteration count is not a whole number");
  }
  const envelope: Envelope = {
    iterations,
    salt: decodeField(fields.salt, "salt"),
    nonce: decodeField(fields.nonce, "nonce"),
    ciphertext: decodeField(fields.ciphertext, "ciphertext"),
  };
  try {
    checkBounds(envelope);
  } catch (error) {
    throw new SyntaxError((error as Error).message);
  }
  if (canonicalJson(envelope) !== json) throw new SyntaxError("its payload is not canonical JSON");
  return envelope;
}

/**
 * The additional authenticated data of an envelope's encryption: the
 * version, cipher, derivation and iteration count, and `label`, which names
 * the field the value belongs to (`openai/api_key`), so that an envelope
 * moved to another field fails to decrypt.
 */
export function associatedData(
  envelope: Pick<Envelope, "iterations">,
  label: string,
): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(
    `${ENVELOPE_PREFIX}${CIPHER}:${KDF}:${envelope.iterations}:${label}`,
  );
}

function canonicalJson(envelope: Envelope): string {
  return JSON.stringify({
    kdf: KDF,
    iterations: envelope.iterations,
    salt: encodeBase64(envelope.salt),
    cipher: CIPHER,
    nonce: encodeBase64(envelope.nonce),
    ciphertext: encodeBase64(envelope.ciphertext),
  });
}

function checkBounds(envelope: Envelope): void {
  if (
    !Number.isSafeInteger(envelope.iterations) || envelope.iterations < MIN_KDF_ITERATIONS ||
    envelope.iterations > MAX_KDF_ITERATIONS
  ) {
    throw new RangeError(
      `iteration count ${envelope.iterations} is outside ${MIN_KDF_ITERATIONS} to ${MAX_KDF_ITERATIONS}`,
    );
  }
  if (envelope.salt.length !== SALT_BYTES) throw new RangeError(`salt is not ${SALT_BYTES} bytes`);
  if (envelope.nonce.length !== NONCE_BYTES) {
    throw new RangeError(`nonce is not ${NONCE_BYTES} bytes`);
  }
  if (envelope.ciphertext.length < TAG_BYTES) throw new RangeError("ciphertext is cut short");
}

function decodeField(value: unknown, name: string): Uint8Array<ArrayBuffer> {
  const bytes = typeof value === "string" ? decodeBase64(value) : undefined;
  if (bytes === undefined || encodeBase64(bytes) !== value) {
    throw new SyntaxError(`its ${name} is not canonical base64`);
  }
  return bytes;
}

/** Standard base64 with padding. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let index = 0; index < bytes.length; index++) binary += String.fromCharCode(bytes[index]);
  return btoa(binary);
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    const binary = atob(text);
    return Uint8Array.from(binary, (character) => character.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function decodeBase64Text(text: string): string | undefined {
  const bytes = decodeBase64(text);
  if (bytes === undefined) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

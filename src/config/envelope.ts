/**
 * The envelope of a key stored encrypted in the config file: a versioned
 * text that replaces the key's value, and carries everything needed to
 * decrypt it except the passphrase.
 *
 * ```text
 * omn-enc:v2:<base64 of {"kdf","iterations","salt","cipher","nonce","ciphertext"[,"match"]}>
 * ```
 *
 * AES-256-GCM under a key derived from the passphrase with
 * PBKDF2-HMAC-SHA256; `salt` (16 bytes), `nonce` (12 bytes) and
 * `ciphertext` (the encrypted value followed by GCM's 16-byte tag) are
 * base64. Version 2, written since, binds the envelope to its profile as
 * well as to its field (both in GCM's additional data), and may carry
 * `match`, the value's {@linkcode SecretHint} (authenticated too), so that
 * `omn redact` recognises the key without decrypting it. Version 1 (no
 * profile, no hint) is still read; `omn keys encrypt` rewrites it as
 * version 2. Only the canonical text is accepted: the JSON exactly as
 * {@linkcode formatEnvelope} writes it, and base64 exactly as it encodes,
 * so that no bit of an envelope can change without it being refused,
 * whether by this parser or by GCM's authentication. Pure: no I/O, no
 * cryptography.
 *
 * @module
 */

import { isSecretHint, type SecretHint } from "../security/secret_hint.ts";
import { decodeBase64, decodeBase64Text, ENVELOPE_SCHEME } from "./is_encrypted_value.ts";

export { ENVELOPE_SCHEME, isEncryptedValue } from "./is_encrypted_value.ts";

/** The prefix of the envelopes of version 1 (read, no longer written). */
export const ENVELOPE_PREFIX = "omn-enc:v1:";

/** The prefix of the envelopes of version 2 (written). */
export const ENVELOPE_PREFIX_V2 = "omn-enc:v2:";

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

/** The fields of an envelope, bytes decoded. */
export interface Envelope {
  /** 2 for a version 2 envelope; absent for version 1. */
  version?: 2;
  /** Version 2: the hint that lets the redactor recognise the value, when it has one. */
  match?: SecretHint;
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
 * The envelope text of `envelope`.
 *
 * @throws {RangeError} when a field is out of bounds.
 */
export function formatEnvelope(envelope: Envelope): string {
  checkBounds(envelope);
  return (envelope.version === 2 ? ENVELOPE_PREFIX_V2 : ENVELOPE_PREFIX) +
    encodeBase64(new TextEncoder().encode(canonicalJson(envelope)));
}

/**
 * Reads an envelope text, accepting only the canonical form.
 *
 * @throws {SyntaxError} naming what is wrong (never echoing the text) when
 * the text is not a version 1 or 2 envelope.
 */
export function parseEnvelope(text: string): Envelope {
  if (!text.startsWith(ENVELOPE_SCHEME)) {
    throw new SyntaxError(`it does not start with "${ENVELOPE_SCHEME}"`);
  }
  const version = text.startsWith(ENVELOPE_PREFIX_V2)
    ? 2
    : text.startsWith(ENVELOPE_PREFIX)
    ? 1
    : undefined;
  if (version === undefined) {
    throw new SyntaxError(
      `unknown envelope version (this omn reads "${ENVELOPE_PREFIX}" and "${ENVELOPE_PREFIX_V2}")`,
    );
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
  if (version === 1 && "match" in fields) {
    throw new SyntaxError("a version 1 envelope has no match");
  }
  if ("match" in fields && !isSecretHint(fields.match)) {
    throw new SyntaxError("its match is not a well-formed hint");
  }
  const envelope: Envelope = {
    ...(version === 2 ? { version: 2 as const } : {}),
    ...("match" in fields ? { match: fields.match as SecretHint } : {}),
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

/** Where an envelope is stored: what it is bound to. */
export interface EnvelopeBinding {
  /** The profile whose provider holds it (`default`, `work`…). */
  profile: string;
  /** The field: `openai/api_key`. */
  label: string;
}

/**
 * The additional authenticated data of an envelope's encryption: the
 * version, cipher, derivation and iteration count, and the field the value
 * belongs to (`openai/api_key`), so that an envelope moved to another field
 * fails to decrypt. Version 2 adds the profile (an envelope copied into
 * another profile fails to decrypt) and the hint.
 */
export function associatedData(
  envelope: Pick<Envelope, "iterations" | "version" | "match">,
  binding: EnvelopeBinding,
): Uint8Array<ArrayBuffer> {
  if (envelope.version !== 2) {
    return new TextEncoder().encode(
      `${ENVELOPE_PREFIX}${CIPHER}:${KDF}:${envelope.iterations}:${binding.label}`,
    );
  }
  return new TextEncoder().encode(
    `${ENVELOPE_PREFIX_V2}${CIPHER}:${KDF}:${envelope.iterations}:${
      JSON.stringify([binding.profile, binding.label, envelope.match ?? null])
    }`,
  );
}

function canonicalJson(envelope: Envelope): string {
  const match = envelope.match;
  return JSON.stringify({
    kdf: KDF,
    iterations: envelope.iterations,
    salt: encodeBase64(envelope.salt),
    cipher: CIPHER,
    nonce: encodeBase64(envelope.nonce),
    ciphertext: encodeBase64(envelope.ciphertext),
    ...(match === undefined ? {} : {
      match: {
        length: match.length,
        prefix: match.prefix,
        alphabet: match.alphabet,
        salt: match.salt,
        bucket: match.bucket,
        sha256: match.sha256,
      },
    }),
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
  return bytes.toBase64();
}

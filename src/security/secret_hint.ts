/**
 * What lets the redactor recognise one exact secret without holding it:
 * its length, the public prefix of its format (`sk-proj-`, none for a
 * Mistral key), the characters it is made of, and a salted SHA-256 of it
 * (with 12 bits of a cheap salted hash that spares the SHA-256 of most
 * candidates).
 * Kept beside a key stored encrypted, so that `omn redact` and `omn scan`
 * mask that key without the passphrase.
 *
 * A fast hash of a guessable value would give the value away to whoever
 * reads the config: a hint is made only for a value that looks random and
 * long enough that no search can reach it (at least
 * {@linkcode MIN_HINT_ENTROPY_BITS} bits, estimated from its length after
 * the prefix and the character classes it uses, and at least 12 distinct
 * characters). Keys issued by providers pass; a short or repetitive value
 * gets no hint (SECURITY.md, "Stored keys and `omn redact`"). Pure apart
 * from the random salt.
 *
 * @module
 */
import { classifySecret, maskWith } from "./patterns.ts";
import { sha256Hex } from "./sha256.ts";

/** The recognition data of one secret. It never holds the secret. */
export interface SecretHint {
  /** Length of the value, in characters. */
  length: number;
  /** The public prefix of its format (`sk-proj-`), or `""`. */
  prefix: string;
  /** Its characters: `a-z`, `A-Z`, `0-9` when used, then each other character used. */
  alphabet: string;
  /** 16 random bytes, base64. */
  salt: string;
  /**
   * 12 bits (0 to 4095) of the FNV-1a hash of the salt's bytes followed by
   * the value's: a cheap filter, so that SHA-256 runs on about one candidate
   * in 4,096 only.
   */
  bucket: number;
  /** SHA-256 of the salt's bytes followed by the value's UTF-8, lower-case hex. */
  sha256: string;
}

/** The fewest estimated bits of randomness a value needs to get a hint. */
export const MIN_HINT_ENTROPY_BITS = 128;

/** The fewest distinct characters a value needs to get a hint. */
export const MIN_HINT_DISTINCT_CHARACTERS = 12;

/** The longest value given a hint. */
export const MAX_HINT_LENGTH = 4096;

const PRINTABLE = /^[!-~]+$/;
const ALPHABET = /^(a-z)?(A-Z)?(0-9)?([!-/:-@[-`{-~]*)$/;

/** The estimated bits of randomness of `value` after its public `prefix`. */
export function estimatedEntropyBits(value: string, prefix: string): number {
  const body = value.slice(prefix.length);
  let size = 0;
  if (/[a-z]/.test(body)) size += 26;
  if (/[A-Z]/.test(body)) size += 26;
  if (/[0-9]/.test(body)) size += 10;
  if (/[^a-zA-Z0-9]/.test(body)) size += 32;
  return size === 0 ? 0 : body.length * Math.log2(size);
}

/**
 * The hint of `value`, or `undefined` when the value is too weak for one
 * to be safe (see the module), or not printable ASCII.
 *
 * @example
 * ```ts
 * import { hintMatches, secretHint } from "./secret_hint.ts";
 * const hint = secretHint("Xk3Lq9TzWm2Rv8Np5Bc7Hd4Gf6Js1Ya0");
 * hintMatches(hint!, "Xk3Lq9TzWm2Rv8Np5Bc7Hd4Gf6Js1Ya0"); // true
 * ```
 */
export function secretHint(
  value: string,
  salt: Uint8Array = crypto.getRandomValues(new Uint8Array(16)),
): SecretHint | undefined {
  if (!PRINTABLE.test(value) || value.length > MAX_HINT_LENGTH) return undefined;
  const prefix = maskWith(classifySecret(value), value).slice(0, -3);
  if (estimatedEntropyBits(value, prefix) < MIN_HINT_ENTROPY_BITS) return undefined;
  if (new Set(value.slice(prefix.length)).size < MIN_HINT_DISTINCT_CHARACTERS) return undefined;
  const symbols = [...new Set(value.replace(/[a-zA-Z0-9]/g, ""))].sort().join("");
  const alphabet = (/[a-z]/.test(value) ? "a-z" : "") + (/[A-Z]/.test(value) ? "A-Z" : "") +
    (/[0-9]/.test(value) ? "0-9" : "") + symbols;
  return {
    length: value.length,
    prefix,
    alphabet,
    salt: toBase64(salt),
    bucket: bucketOf(saltedMessage(salt, value)),
    sha256: sha256Hex(saltedMessage(salt, value)),
  };
}

/** Whether `candidate` is the value `hint` was made from. */
export function hintMatches(hint: SecretHint, candidate: string): boolean {
  return hintMatcher(hint)(candidate);
}

/**
 * {@linkcode hintMatches} for one hint, prepared for many candidates: the
 * salt is decoded once and the hashed message reuses one buffer.
 */
export function hintMatcher(hint: SecretHint): (candidate: string) => boolean {
  const salt = fromBase64(hint.salt);
  const message = new Uint8Array(salt.length + hint.length);
  message.set(salt);
  return (candidate) => {
    if (candidate.length !== hint.length || !candidate.startsWith(hint.prefix)) return false;
    for (let index = 0; index < candidate.length; index++) {
      const code = candidate.charCodeAt(index);
      if (code > 0x7e) return false; // a hinted value is printable ASCII
      message[salt.length + index] = code;
    }
    return bucketOf(message) === hint.bucket && sha256Hex(message) === hint.sha256;
  };
}

/**
 * The start of every candidate for `hint` in `text`: a run of the hint's
 * characters exactly as long as its value (not part of a longer run) that
 * starts with its prefix. No regex: only every `length`-th character is
 * looked at until one belongs to the alphabet (a run that long must hold
 * one of them), and the run around it is measured.
 */
export function findHintCandidates(hint: SecretHint, text: string): number[] {
  const member = hintCharacterTable(hint);
  const isMember = (index: number) => {
    const code = text.charCodeAt(index);
    return code < 128 && member[code] === 1;
  };
  const found: number[] = [];
  const length = hint.length;
  let index = length - 1;
  let floor = 0; // no run starts before it: the character before it is not in the alphabet
  while (index < text.length) {
    if (!isMember(index)) {
      index += length;
      continue;
    }
    let start = index;
    while (start > floor && isMember(start - 1)) start--;
    let end = index + 1;
    while (end < text.length && isMember(end)) end++;
    if (end - start === length && text.startsWith(hint.prefix, start)) found.push(start);
    floor = end + 1;
    index = end + length;
  }
  return found;
}

/** Which ASCII codes belong to the hint's alphabet (1) or not (0). */
export function hintCharacterTable(hint: SecretHint): Uint8Array {
  const table = new Uint8Array(128);
  const pattern = new RegExp(hintCharacterClass(hint));
  for (let code = 0x21; code < 0x7f; code++) {
    if (pattern.test(String.fromCharCode(code))) table[code] = 1;
  }
  return table;
}

/** Whether `value` is a well-formed hint (as read from a config file). */
export function isSecretHint(value: unknown): value is SecretHint {
  if (typeof value !== "object" || value === null) return false;
  const hint = value as Record<string, unknown>;
  return Object.keys(hint).join() === "length,prefix,alphabet,salt,bucket,sha256" &&
    Number.isSafeInteger(hint.length) && (hint.length as number) >= 8 &&
    (hint.length as number) <= MAX_HINT_LENGTH &&
    typeof hint.prefix === "string" && hint.prefix.length < (hint.length as number) &&
    /^[!-~]{0,32}$/.test(hint.prefix) &&
    typeof hint.alphabet === "string" && hint.alphabet !== "" && ALPHABET.test(hint.alphabet) &&
    typeof hint.salt === "string" && /^[A-Za-z0-9+/]{22}==$/.test(hint.salt) &&
    Number.isInteger(hint.bucket) && (hint.bucket as number) >= 0 &&
    (hint.bucket as number) < 4096 &&
    typeof hint.sha256 === "string" && /^[0-9a-f]{64}$/.test(hint.sha256);
}

/** The regex character class of the hint's alphabet (`[a-zA-Z0-9_\-]`). */
export function hintCharacterClass(hint: SecretHint): string {
  const [, lower, upper, digits, symbols] = ALPHABET.exec(hint.alphabet) ?? [];
  const escaped = [...(symbols ?? "")].map((symbol) => `\\${symbol}`).join("");
  return `[${lower ?? ""}${upper ?? ""}${digits ?? ""}${escaped}]`;
}

function saltedMessage(salt: Uint8Array, value: string): Uint8Array {
  const bytes = new TextEncoder().encode(value);
  const message = new Uint8Array(salt.length + bytes.length);
  message.set(salt);
  message.set(bytes, salt.length);
  return message;
}

/** The low 12 bits of the 32-bit FNV-1a hash of `bytes`. */
function bucketOf(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < bytes.length; index++) {
    hash = Math.imul(hash ^ bytes[index], 0x01000193) >>> 0;
  }
  return hash & 0xfff;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (character) => character.charCodeAt(0));
}

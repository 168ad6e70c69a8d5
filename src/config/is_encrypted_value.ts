/**
 * Whether a stored value is an encrypted envelope, in a module of its own:
 * every `ask` asks it of the config's values, and the envelope's parser
 * (`envelope.ts`), which only a config holding one needs, stays out of the
 * code that `ask` loads.
 *
 * @module
 */

/** What every envelope starts with. */
export const ENVELOPE_SCHEME = "omn-enc:";

/**
 * Whether a stored value is (or was) an envelope: it starts with
 * `omn-enc:`, or, so that a damaged prefix cannot turn an envelope into
 * what looks like a plain key, it ends in the base64 of an envelope's JSON. Such a value is never used as a key: it is decrypted
 * or refused.
 *
 * @example
 * ```ts
 * import { isEncryptedValue } from "./is_encrypted_value.ts";
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

/** The bytes of standard base64 `text`, or `undefined` when it is not base64. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    return Uint8Array.fromBase64(text);
  } catch {
    return undefined;
  }
}

/** The UTF-8 text of standard base64 `text`, or `undefined` when it is not both. */
export function decodeBase64Text(text: string): string | undefined {
  const bytes = decodeBase64(text);
  if (bytes === undefined) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Version 1 envelopes for tests, made as omn made them before envelopes
 * were bound to a profile and carried a hint.
 *
 * @module
 */
import { associatedData, formatEnvelope } from "../../src/config/envelope.ts";

/** A version 1 envelope, as omn wrote before envelopes were bound to a profile. */
export async function legacyEnvelope(
  passphrase: string,
  value: string,
  label: string,
  iterations = 100_000,
): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const nonce = crypto.getRandomValues(new Uint8Array(12));
  const base = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(passphrase),
    "PBKDF2",
    false,
    ["deriveKey"],
  );
  const key = await crypto.subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt"],
  );
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt(
      {
        name: "AES-GCM",
        iv: nonce,
        additionalData: associatedData({ iterations }, { profile: "ignored", label }),
      },
      key,
      new TextEncoder().encode(value),
    ),
  );
  return formatEnvelope({ iterations, salt, nonce, ciphertext });
}

import assert from "node:assert/strict";
import {
  CIPHER,
  encodeBase64,
  ENVELOPE_PREFIX,
  formatEnvelope,
  isEncryptedValue,
  KDF,
  MAX_KDF_ITERATIONS,
  MIN_KDF_ITERATIONS,
  parseEnvelope,
} from "../../src/config/envelope.ts";

const sample = {
  iterations: 600_000,
  salt: new Uint8Array(16).fill(1),
  nonce: new Uint8Array(12).fill(2),
  ciphertext: new Uint8Array(40).fill(3),
};

function payloadOf(json: string): string {
  return ENVELOPE_PREFIX + encodeBase64(new TextEncoder().encode(json));
}

Deno.test("an envelope is omn-enc:v1: and the base64 of its parameters, read back as written", () => {
  const text = formatEnvelope(sample);
  assert.ok(text.startsWith("omn-enc:v1:"));
  const json = JSON.parse(atob(text.slice(ENVELOPE_PREFIX.length)));
  assert.deepEqual(Object.keys(json), [
    "kdf",
    "iterations",
    "salt",
    "cipher",
    "nonce",
    "ciphertext",
  ]);
  assert.equal(json.kdf, KDF);
  assert.equal(json.cipher, CIPHER);
  assert.equal(json.iterations, 600_000);
  assert.deepEqual(parseEnvelope(text), sample);
});

Deno.test("only the canonical text is accepted: other JSON, other base64, other versions are refused", () => {
  const canonical = atob(formatEnvelope(sample).slice(ENVELOPE_PREFIX.length));
  const parsed = JSON.parse(canonical);
  const refused = [
    "omn-enc:v3:" + formatEnvelope(sample).slice(ENVELOPE_PREFIX.length),
    "omn-enc:",
    ENVELOPE_PREFIX,
    ENVELOPE_PREFIX + "not base64!",
    payloadOf(JSON.stringify(parsed, null, 1)), // same fields, other spacing
    payloadOf(JSON.stringify({ ...parsed, extra: 1 })),
    payloadOf(JSON.stringify({ ...parsed, kdf: "argon2id" })),
    payloadOf(JSON.stringify({ ...parsed, cipher: "aes-128-gcm" })),
    payloadOf(JSON.stringify({ ...parsed, iterations: MIN_KDF_ITERATIONS - 1 })),
    payloadOf(JSON.stringify({ ...parsed, iterations: MAX_KDF_ITERATIONS + 1 })),
    payloadOf(JSON.stringify({ ...parsed, iterations: 600000.5 })),
    payloadOf(JSON.stringify({ ...parsed, salt: encodeBase64(new Uint8Array(8)) })),
    payloadOf(JSON.stringify({ ...parsed, nonce: encodeBase64(new Uint8Array(16)) })),
    payloadOf(JSON.stringify({ ...parsed, ciphertext: encodeBase64(new Uint8Array(15)) })),
    payloadOf(JSON.stringify({ ...parsed, salt: parsed.salt.replace(/=+$/, "") })),
    payloadOf("[]"),
    // base64 whose unused bits differ decodes to the same bytes: refused all the same
    formatEnvelope(sample).replace(/Q==$/, "R=="),
  ];
  for (const text of refused) assert.throws(() => parseEnvelope(text), SyntaxError, text);
});

Deno.test("a value is taken for an envelope even with a damaged prefix, never for a key", () => {
  const text = formatEnvelope(sample);
  assert.ok(isEncryptedValue(text));
  assert.ok(isEncryptedValue("omn-enc:v9:anything"));
  assert.ok(isEncryptedValue("xmn-enc:v1:" + text.slice(ENVELOPE_PREFIX.length)));
  assert.ok(isEncryptedValue("omn-enc;v1;" + text.slice(ENVELOPE_PREFIX.length)));
  assert.ok(isEncryptedValue(text.slice(ENVELOPE_PREFIX.length)));
  for (
    const key of ["sk-proj-abc", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "vault://a/b#c", ""]
  ) {
    assert.equal(isEncryptedValue(key), false, key);
  }
});

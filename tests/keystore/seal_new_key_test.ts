import assert from "node:assert/strict";
import { isEncryptedValue, parseEnvelope } from "../../src/config/envelope.ts";
import { Keyring } from "../../src/keystore/keyring.ts";
import { PASSPHRASE_ENV } from "../../src/keystore/passphrase.ts";
import { sealNewKey, shouldEncrypt } from "../../src/keystore/seal_new_key.ts";
import { memoryContext } from "../cli/_memory_io.ts";

const PASSPHRASE = "correct horse battery staple";

Deno.test("a key is encrypted on --encrypt, else by settings.encrypt_keys, else when others are", async () => {
  const [envelope] = await new Keyring(PASSPHRASE, { iterations: [100_000, 600_000] }).seal([{
    label: "a/api_key",
    profile: "default",
    value: "v",
  }], {
    iterations: 100_000,
  });
  const plain = { version: 1 as const };
  const encryptedStore = { version: 1 as const, providers: { a: { api_key: envelope } } };
  assert.equal(shouldEncrypt(undefined, plain), false);
  assert.equal(shouldEncrypt(true, plain), true);
  assert.equal(shouldEncrypt(undefined, { version: 1, settings: { encrypt_keys: true } }), true);
  assert.equal(shouldEncrypt(undefined, encryptedStore), true);
  assert.equal(shouldEncrypt(false, encryptedStore), false);
  assert.equal(
    shouldEncrypt(undefined, { ...encryptedStore, settings: { encrypt_keys: false } }),
    false,
  );
});

Deno.test("a new key is sealed with settings.kdf_iterations, under the passphrase of the keys already encrypted", async () => {
  const context = memoryContext({ env: { [PASSPHRASE_ENV]: PASSPHRASE } });
  const config = { version: 1 as const, settings: { kdf_iterations: 100_000 } };
  const first = await sealNewKey(context, config, "bedrock", {
    aws_access_key_id: "AKIA-id",
    aws_secret_access_key: "secret",
  }, { encrypt: true });
  assert.equal(first.encrypted, true);
  const texts = Object.values(first.texts);
  assert.ok(texts.every(isEncryptedValue));
  assert.equal(parseEnvelope(texts[0]).iterations, 100_000);
  assert.deepEqual(parseEnvelope(texts[0]).salt, parseEnvelope(texts[1]).salt);
  const stored = { ...config, providers: { bedrock: first.texts } };
  // Another passphrase cannot add keys to a store encrypted under this one.
  const other = memoryContext({ env: { [PASSPHRASE_ENV]: "another passphrase entirely" } });
  await assert.rejects(
    sealNewKey(other, stored, "openai", { api_key: "k" }),
    /wrong passphrase/,
  );
  const second = await sealNewKey(context, stored, "openai", { api_key: "k" });
  assert.equal(second.encrypted, true);
  assert.equal(
    await new Keyring(PASSPHRASE, { iterations: [100_000, 600_000] }).open(second.texts.api_key, {
      profile: "default",
      label: "openai/api_key",
    }),
    "k",
  );
  const plain = await sealNewKey(context, stored, "openai", { api_key: "k" }, { encrypt: false });
  assert.deepEqual(plain, { texts: { api_key: "k" }, encrypted: false });
});

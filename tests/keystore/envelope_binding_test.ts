import assert from "node:assert/strict";
import type { Config } from "../../src/config/schema.ts";
import { ConfigStore } from "../../src/config/store.ts";
import { configPaths } from "../../src/config/paths.ts";
import { encryptAllKeys } from "../../src/keys/encrypt_all_keys.ts";
import {
  ENVELOPE_PREFIX,
  ENVELOPE_PREFIX_V2,
  formatEnvelope,
  MAX_KDF_ITERATIONS,
  parseEnvelope,
} from "../../src/config/envelope.ts";
import { acceptedIterations, DecryptionError, Keyring } from "../../src/keystore/keyring.ts";
import { PASSPHRASE_ENV } from "../../src/keystore/passphrase.ts";
import { clearKnownSecrets } from "../../src/security/redact.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { legacyEnvelope } from "./_legacy_envelope.ts";
import { mistralKey, openaiProjectKey } from "../credentials/_canaries.ts";

const PASSPHRASE = "correct horse battery staple";
const fast = { iterations: 100_000 };
const accepting = { iterations: [100_000, 600_000] };
const work = { profile: "work", label: "openai/api_key" };

Deno.test("an envelope copied into another profile does not decrypt (exit 3); in its own it does", async () => {
  const key = openaiProjectKey("BIND");
  const [envelope] = await new Keyring(PASSPHRASE, accepting).seal([{ ...work, value: key }], fast);
  assert.ok(envelope.startsWith(ENVELOPE_PREFIX_V2));
  const keyring = new Keyring(PASSPHRASE, accepting);
  assert.equal(await keyring.open(envelope, work), key);
  for (const profile of ["default", "prod", "work2"]) {
    const error = await keyring.open(envelope, { ...work, profile }).catch((error) => error);
    assert.ok(error instanceof DecryptionError, String(error));
    assert.equal(error.exitCode, 3);
    assert.match(error.message, /moved from another field or profile/);
    assert.ok(!error.message.includes(key));
  }
});

Deno.test("a version 1 envelope still opens, and keys encrypt rewrites it bound to its profile", async () => {
  clearKnownSecrets();
  const dir = await Deno.makeTempDir({ prefix: "omn-bind-" });
  try {
    const key = mistralKey("LEGACY");
    const legacy = await legacyEnvelope(PASSPHRASE, key, "mistral/api_key");
    assert.ok(legacy.startsWith(ENVELOPE_PREFIX));
    assert.equal(
      await new Keyring(PASSPHRASE, accepting).open(legacy, {
        profile: "any",
        label: "mistral/api_key",
      }),
      key,
      "version 1 is read as it always was",
    );
    const store = new ConfigStore(
      configPaths((name) => name === "OMNIMANCER_HOME" ? dir : undefined),
    );
    const config: Config = {
      version: 1,
      settings: { kdf_iterations: 100_000 },
      providers: { mistral: { api_key: legacy } },
      profiles: { work: { providers: { mistral: { api_key: legacy } } } },
    };
    await store.update(() => config, { reason: "test" });
    const context = memoryContext({ env: { OMNIMANCER_HOME: dir, [PASSPHRASE_ENV]: PASSPHRASE } });
    await encryptAllKeys(context);
    await context.io.close();
    assert.match(context.stderr(), /Rewrote 2 encrypted keys in the current envelope format/);
    const written = (await store.read()).config;
    const inDefault = written.providers!.mistral.api_key!;
    const inWork = written.profiles!.work.providers!.mistral.api_key!;
    for (const text of [inDefault, inWork]) {
      assert.ok(text.startsWith(ENVELOPE_PREFIX_V2));
      assert.equal(parseEnvelope(text).match?.length, key.length, "it carries its hint now");
    }
    const keyring = new Keyring(PASSPHRASE, accepting);
    const binding = { label: "mistral/api_key" };
    assert.equal(await keyring.open(inWork, { ...binding, profile: "work" }), key);
    await assert.rejects(keyring.open(inWork, { ...binding, profile: "default" }), DecryptionError);
    await assert.rejects(keyring.open(inDefault, { ...binding, profile: "work" }), DecryptionError);
  } finally {
    await Deno.remove(dir, { recursive: true });
    clearKnownSecrets();
  }
});

Deno.test("an iteration count omn does not write is refused by name before any key derivation", async () => {
  const [envelope] = await new Keyring(PASSPHRASE, accepting).seal([{ ...work, value: "v" }], fast);
  const parsed = parseEnvelope(envelope);
  const derive = crypto.subtle.deriveKey;
  let derivations = 0;
  crypto.subtle.deriveKey = ((...args: Parameters<typeof derive>) => {
    derivations++;
    return derive.apply(crypto.subtle, args);
  }) as typeof derive;
  try {
    for (const iterations of [MAX_KDF_ITERATIONS, 9_999_999, 600_001, 200_000]) {
      const tampered = formatEnvelope({ ...parsed, iterations });
      const keyring = new Keyring(PASSPHRASE, { iterations: acceptedIterations(100_000) });
      const error = await keyring.open(tampered, work).catch((error) => error);
      assert.ok(error instanceof DecryptionError, String(error));
      assert.equal(error.exitCode, 3);
      assert.match(error.message, /openai\/api_key of profile "work"/);
      assert.match(error.message, new RegExp(`asks for ${iterations} PBKDF2 iterations`));
      assert.match(error.message, /settings\.kdf_iterations/);
    }
    assert.equal(derivations, 0, "no key was derived for a refused count");
  } finally {
    crypto.subtle.deriveKey = derive;
  }
  assert.deepEqual(acceptedIterations(undefined), [600_000]);
  assert.deepEqual(acceptedIterations(1_000_000), [600_000, 1_000_000]);
});

Deno.test("the hint of a version 2 envelope is authenticated: changing it makes the envelope refused", async () => {
  const key = mistralKey("HINTED");
  const [envelope] = await new Keyring(PASSPHRASE, accepting).seal([{ ...work, value: key }], fast);
  const parsed = parseEnvelope(envelope);
  assert.ok(parsed.match !== undefined);
  const changed = [
    { ...parsed, match: { ...parsed.match!, prefix: "x" } },
    { ...parsed, match: undefined },
    { ...parsed, version: undefined },
  ];
  for (const envelope of changed) {
    await assert.rejects(
      new Keyring(PASSPHRASE, accepting).open(formatEnvelope(envelope), work),
      DecryptionError,
    );
  }
});

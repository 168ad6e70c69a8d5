import assert from "node:assert/strict";
import { RefusalError } from "../../src/core/errors.ts";
import type { Config } from "../../src/config/schema.ts";
import type { CredentialSources } from "../../src/credentials/resolve_credentials.ts";
import { resolveCredentials } from "../../src/credentials/resolve_credentials.ts";
import { decryptStoredKeys, withDecryptedKeys } from "../../src/credentials/decrypt_stored_keys.ts";
import { Keyring } from "../../src/keystore/keyring.ts";
import * as canary from "./_canaries.ts";

const PASSPHRASE = "correct horse battery staple";
const openai = canary.openaiProjectKey("DECRYPT");
const anthropic = canary.anthropicKey("DECRYPT");

function sourcesOf(config: Config, env: Record<string, string> = {}) {
  return (provider: string): CredentialSources => ({
    env: (name) => env[name],
    dotenvCwd: {},
    dotenvConfig: {},
    config: config.providers?.[provider],
  });
}

async function encryptedConfig(): Promise<Config> {
  const keyring = new Keyring(PASSPHRASE, { iterations: [100_000, 600_000] });
  const [a] = await keyring.seal([{ label: "openai/api_key", profile: "default", value: openai }], {
    iterations: 100_000,
  });
  const [b] = await keyring.seal([{
    label: "anthropic/api_key",
    profile: "default",
    value: anthropic,
  }], {
    iterations: 100_000,
  });
  return {
    version: 1,
    providers: { openai: { api_key: a }, anthropic: { api_key: b }, mock: { default_model: "m" } },
  };
}

/** A keyring source that counts how often it is asked. */
function counting(passphrase: string) {
  const asked: string[] = [];
  return {
    asked,
    keyring: (provider: string) => {
      asked.push(provider);
      return Promise.resolve(new Keyring(passphrase, { iterations: [100_000, 600_000] }));
    },
  };
}

Deno.test("encrypted keys are decrypted in memory and their source is config (encrypted)", async () => {
  const config = await encryptedConfig();
  const source = counting(PASSPHRASE);
  const outcomes = await decryptStoredKeys(config, {
    profile: "default",
    sourcesFor: sourcesOf(config),
    ...source,
  });
  const sources = withDecryptedKeys(sourcesOf(config)("openai"), outcomes.get("openai"));
  const { fields } = resolveCredentials("openai", sources);
  assert.equal(fields.api_key?.value, openai);
  assert.equal(fields.api_key?.source, "config (encrypted)");
  assert.ok(config.providers!.openai.api_key!.startsWith("omn-enc:v2:"), "the config is untouched");
  assert.equal(outcomes.has("mock"), false);
});

Deno.test("only the providers asked for are decrypted; the passphrase is not asked for otherwise", async () => {
  const config = await encryptedConfig();
  const source = counting(PASSPHRASE);
  const outcomes = await decryptStoredKeys(config, {
    profile: "default",
    sourcesFor: sourcesOf(config),
    ...source,
    providers: ["openai"],
  });
  assert.deepEqual(source.asked, ["openai"]);
  assert.throws(
    () => withDecryptedKeys(sourcesOf(config)("anthropic"), outcomes.get("anthropic")),
    /encrypted and was not decrypted/,
  );
  const none = counting(PASSPHRASE);
  await decryptStoredKeys(config, {
    profile: "default",
    sourcesFor: sourcesOf(config),
    ...none,
    providers: ["mock"],
  });
  assert.deepEqual(none.asked, []);
});

Deno.test("a key the environment shadows is not decrypted", async () => {
  const config = await encryptedConfig();
  const env = { OPENAI_API_KEY: canary.openaiProjectKey("ENV"), ANTHROPIC_API_KEY: anthropic };
  const source = counting(PASSPHRASE);
  const outcomes = await decryptStoredKeys(config, {
    profile: "default",
    sourcesFor: sourcesOf(config, env),
    ...source,
  });
  assert.deepEqual(source.asked, []);
  assert.equal(outcomes.size, 0);
});

Deno.test("a wrong passphrase fails each provider with exit 3, and an undecrypted envelope is never a key", async () => {
  const config = await encryptedConfig();
  const outcomes = await decryptStoredKeys(config, {
    profile: "default",
    sourcesFor: sourcesOf(config),
    ...counting("not the passphrase"),
  });
  for (const provider of ["openai", "anthropic"]) {
    assert.throws(
      () => withDecryptedKeys(sourcesOf(config)(provider), outcomes.get(provider)),
      (error) => error instanceof RefusalError && /wrong passphrase/.test(error.message),
    );
  }
  // Sources that skipped decryption refuse the envelope rather than use it.
  assert.throws(() => resolveCredentials("openai", sourcesOf(config)("openai")), RefusalError);
});

Deno.test("a failing keyring (no passphrase) is one refusal per provider; other errors are thrown", async () => {
  const config = await encryptedConfig();
  const outcomes = await decryptStoredKeys(config, {
    profile: "default",
    sourcesFor: sourcesOf(config),
    keyring: () => Promise.reject(new RefusalError("set OMNIMANCER_PASSPHRASE")),
  });
  assert.ok("error" in outcomes.get("openai")!);
  await assert.rejects(
    decryptStoredKeys(config, {
      profile: "default",
      sourcesFor: sourcesOf(config),
      keyring: () => Promise.reject(new Error("interrupted")),
    }),
    /interrupted/,
  );
});

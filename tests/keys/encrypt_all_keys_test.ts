import assert from "node:assert/strict";
import type { Config } from "../../src/config/schema.ts";
import { ConfigStore } from "../../src/config/store.ts";
import { configPaths } from "../../src/config/paths.ts";
import { decryptAllKeys } from "../../src/keys/decrypt_all_keys.ts";
import { encryptAllKeys } from "../../src/keys/encrypt_all_keys.ts";
import { isEncryptedValue } from "../../src/config/envelope.ts";
import { Keyring } from "../../src/keystore/keyring.ts";
import { PASSPHRASE_ENV } from "../../src/keystore/passphrase.ts";
import { clearKnownSecrets } from "../../src/security/redact.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";

const PASSPHRASE = "correct horse battery staple";

async function readAll(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (path: string) => {
    for await (const entry of Deno.readDir(path)) {
      const child = `${path}/${entry.name}`;
      if (entry.isDirectory) await walk(child);
      else files.set(child.slice(dir.length + 1), await Deno.readTextFile(child));
    }
  };
  await walk(dir);
  return files;
}

Deno.test("keys encrypt seals every plain key of every profile, in the config and every backup", async () => {
  clearKnownSecrets();
  const dir = await Deno.makeTempDir({ prefix: "omn-encrypt-" });
  try {
    const [openai, anthropic, prod] = [
      openaiProjectKey("MIGRATE"),
      anthropicKey("MIGRATE"),
      openaiProjectKey("PROD"),
    ];
    const store = new ConfigStore(
      configPaths((name) => name === "OMNIMANCER_HOME" ? dir : undefined),
    );
    const steps: Config[] = [
      { version: 1, providers: { openai: { api_key: openai } } },
      {
        version: 1,
        settings: { kdf_iterations: 100_000 },
        providers: {
          openai: { api_key: openai },
          anthropic: { api_key: anthropic },
          vault: { api_key: "env://OMNIMANCER_TEAM_KEY" },
        },
        profiles: { prod: { providers: { openai: { api_key: prod } } } },
      },
    ];
    for (const step of steps) await store.update(() => step, { reason: "test" });
    const context = memoryContext({ env: { OMNIMANCER_HOME: dir, [PASSPHRASE_ENV]: PASSPHRASE } });
    await encryptAllKeys(context);
    await context.io.close();
    assert.match(context.stderr(), /Encrypted 3 stored keys \(anthropic, openai\)/);

    const files = await readAll(dir);
    for (const [name, text] of files) {
      for (const key of [openai, anthropic, prod]) {
        assert.ok(!text.includes(key.slice(0, 24)), `${key.slice(0, 12)} in ${name}`);
      }
    }
    const config = JSON.parse(files.get("config.json")!);
    assert.equal(config.providers.vault.api_key, "env://OMNIMANCER_TEAM_KEY");
    const keyring = new Keyring(PASSPHRASE, { iterations: [100_000, 600_000] });
    assert.equal(
      await keyring.open(config.profiles.prod.providers.openai.api_key, {
        profile: "prod",
        label: "openai/api_key",
      }),
      prod,
    );
    const backups = [...files].filter(([name]) => name.startsWith("backups/"));
    assert.equal(backups.length, 2); // the config before step 2, and before the encryption
    for (const [, text] of backups) {
      const openaiText = JSON.parse(text).providers?.openai?.api_key;
      if (openaiText !== undefined) {
        assert.ok(isEncryptedValue(openaiText));
        assert.equal(
          await keyring.open(openaiText, { profile: "default", label: "openai/api_key" }),
          openai,
        );
      }
    }
    assert.ok(files.get("audit.jsonl")!.includes('"key.encrypted"'));

    // Running it again finds nothing to do; decrypting with a wrong passphrase changes nothing.
    const again = memoryContext({ env: { OMNIMANCER_HOME: dir, [PASSPHRASE_ENV]: PASSPHRASE } });
    await encryptAllKeys(again);
    await again.io.close();
    assert.match(again.stderr(), /nothing to encrypt/);
    const wrong = memoryContext({
      env: { OMNIMANCER_HOME: dir, [PASSPHRASE_ENV]: "wrong passphrase!" },
    });
    const before = await Deno.readFile(`${dir}/config.json`);
    await assert.rejects(decryptAllKeys(wrong), /wrong passphrase/);
    assert.deepEqual(await Deno.readFile(`${dir}/config.json`), before);

    const right = memoryContext({ env: { OMNIMANCER_HOME: dir, [PASSPHRASE_ENV]: PASSPHRASE } });
    await decryptAllKeys(right);
    const plain = JSON.parse(await Deno.readTextFile(`${dir}/config.json`));
    assert.equal(plain.providers.openai.api_key, openai);
    assert.equal(plain.profiles.prod.providers.openai.api_key, prod);
  } finally {
    await Deno.remove(dir, { recursive: true });
    clearKnownSecrets();
  }
});

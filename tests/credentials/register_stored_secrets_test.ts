import assert from "node:assert/strict";
import { MIN_KDF_ITERATIONS } from "../../src/config/envelope.ts";
import { SECRET_FIELDS } from "../../src/config/schema.ts";
import {
  registerStoredSecrets,
  STORED_SECRET_FIELDS,
} from "../../src/credentials/register_stored_secrets.ts";
import { Keyring } from "../../src/keystore/keyring.ts";
import { clearKnownSecrets, redact } from "../../src/security/redact.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { legacyEnvelope } from "../keystore/_legacy_envelope.ts";
import {
  awsSecretAccessKey,
  mistralKey,
  openaiProjectKey,
  serviceAccountJson,
} from "./_canaries.ts";

const PASSPHRASE = "correct horse battery staple";

async function setup(config: unknown, files: { dotenv?: string; configDotenv?: string } = {}) {
  const root = await Deno.makeTempDir({ prefix: "omn-stored-" });
  const home = `${root}/home`;
  await Deno.mkdir(home, { mode: 0o700 });
  await Deno.mkdir(`${root}/work`);
  await Deno.writeTextFile(`${home}/config.json`, JSON.stringify(config), { mode: 0o600 });
  if (files.dotenv) await Deno.writeTextFile(`${root}/work/.env`, files.dotenv);
  if (files.configDotenv) {
    await Deno.writeTextFile(`${home}/.env`, files.configDotenv, { mode: 0o600 });
  }
  return {
    run: async (env: Record<string, string> = {}) => {
      clearKnownSecrets();
      const context = {
        ...memoryContext({
          env: { OMNIMANCER_HOME: home, OMNIMANCER_TRUST_DOTENV: "1", ...env },
        }),
        cwd: `${root}/work`,
      };
      await registerStoredSecrets(context);
      await context.io.close();
      return context.stderr();
    },
    [Symbol.asyncDispose]: async () => {
      clearKnownSecrets();
      await Deno.remove(root, { recursive: true });
    },
  };
}

Deno.test("the secret fields searched are the config schema's", () => {
  assert.deepEqual([...STORED_SECRET_FIELDS], [...SECRET_FIELDS]);
});

Deno.test("plain keys of every profile, an env:// reference, a service account's private key and both .env files are registered", async () => {
  const [mistral, prod, aws, dotenv, configDotenv] = [
    mistralKey("PLAIN"),
    openaiProjectKey("PRODPLAIN"),
    awsSecretAccessKey("PLAIN"),
    mistralKey("DOTENV"),
    mistralKey("CFGDOTENV"),
  ];
  const account = serviceAccountJson("PLAIN");
  const privateKey = JSON.parse(account).private_key;
  await using store = await setup({
    version: 1,
    providers: {
      mistral: { api_key: mistral },
      vault: { api_key: "vault://secret/data/x#key" },
      gateway: { api_key: "env://OMNIMANCER_TEAM_KEY" },
      vertex: { service_account: account },
    },
    profiles: {
      prod: { providers: { openai: { api_key: prod }, bedrock: { aws_secret_access_key: aws } } },
    },
  }, { dotenv: `XAI_API_KEY=${dotenv}\n`, configDotenv: `MISTRAL_API_KEY=${configDotenv}\n` });
  const team = mistralKey("TEAMREF");
  assert.equal(await store.run({ OMNIMANCER_TEAM_KEY: team }), "");
  for (const secret of [mistral, prod, aws, dotenv, configDotenv, privateKey, team]) {
    assert.ok(!redact(`x ${secret} y`).includes(secret), secret.slice(0, 12));
  }
  assert.equal(redact("vault://secret/data/x#key"), "vault://secret/data/x#key");
});

Deno.test("an encrypted key is known by its hint without a passphrase; an old envelope warns, or opens with the variable", async () => {
  const [sealed, old, weak] = [mistralKey("SEALED"), mistralKey("OLD"), "short-weak-key"];
  // The least iteration count a config may set (settings.kdf_iterations), not the default
  // 600 000: the test makes six key derivations.
  const iterations = MIN_KDF_ITERATIONS;
  const keyring = new Keyring(PASSPHRASE, { iterations: [iterations] });
  const [sealedText, weakText] = await keyring.seal([
    { label: "mistral/api_key", profile: "work", value: sealed },
    { label: "openai/api_key", profile: "default", value: weak },
  ], { iterations });
  const oldText = await legacyEnvelope(PASSPHRASE, old, "xai/api_key", iterations);
  await using store = await setup({
    version: 1,
    settings: { kdf_iterations: iterations },
    providers: { xai: { api_key: oldText }, openai: { api_key: weakText } },
    profiles: { work: { providers: { mistral: { api_key: sealedText } } } },
  });
  const warnings = await store.run();
  assert.ok(!redact(`log ${sealed}`).includes(sealed));
  assert.ok(redact(`log ${old}`).includes(old), "not known without the passphrase");
  assert.match(
    warnings,
    /Cannot recognise the encrypted xai\/api_key without the passphrase: run omn keys encrypt once/,
  );
  assert.match(warnings, /encrypted openai\/api_key without the passphrase: it is too short/);
  assert.equal(await store.run({ OMNIMANCER_PASSPHRASE: PASSPHRASE }), "");
  for (const secret of [sealed, old, weak]) assert.ok(!redact(`log ${secret}`).includes(secret));
  assert.match(
    await store.run({ OMNIMANCER_PASSPHRASE: "another passphrase here" }),
    /Cannot recognise the encrypted openai\/api_key, xai\/api_key: OMNIMANCER_PASSPHRASE does not open them/,
  );
});

Deno.test("a config that is not valid JSON is read as every command reads it, and refused the same way", async () => {
  const root = await Deno.makeTempDir({ prefix: "omn-stored-bad-" });
  try {
    await Deno.mkdir(`${root}/home`, { mode: 0o700 });
    await Deno.writeTextFile(`${root}/home/config.json`, "{ not json", { mode: 0o600 });
    const context = memoryContext({ env: { OMNIMANCER_HOME: `${root}/home` } });
    await assert.rejects(
      registerStoredSecrets({ ...context, cwd: root }),
      (error: Error & { exitCode?: number }) => error.exitCode === 3,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a ./.env key is known even where ./.env is not trusted (only its use needs trust)", async () => {
  const untrusted = mistralKey("UNTRUSTED");
  await using store = await setup({ version: 1 }, { dotenv: `MISTRAL_API_KEY=${untrusted}\n` });
  const warnings = await store.run({ OMNIMANCER_TRUST_DOTENV: "0" });
  assert.match(warnings, /omn trust/);
  assert.ok(!warnings.includes(untrusted));
  assert.ok(!redact(`log ${untrusted}`).includes(untrusted));
});

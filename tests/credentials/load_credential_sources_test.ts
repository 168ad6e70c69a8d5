import assert from "node:assert/strict";
import type { Config } from "../../src/config/schema.ts";
import { configPaths } from "../../src/config/paths.ts";
import { loadCredentialSources } from "../../src/credentials/load_credential_sources.ts";
import { resolveCredentials } from "../../src/credentials/resolve_credentials.ts";
import { Keyring } from "../../src/keystore/keyring.ts";
import { PASSPHRASE_ENV } from "../../src/keystore/passphrase.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import * as canary from "./_canaries.ts";

const PASSPHRASE = "correct horse battery staple";
const openai = canary.openaiProjectKey("LOAD");
const anthropic = canary.anthropicKey("LOAD");

async function setup(env: Record<string, string> = {}) {
  const home = await Deno.makeTempDir({ prefix: "omn-load-" });
  const keyring = new Keyring(PASSPHRASE, { iterations: [100_000, 600_000] });
  const [a, b] = await keyring.seal([
    { label: "openai/api_key", profile: "default", value: openai },
    { label: "anthropic/api_key", profile: "default", value: anthropic },
  ], { iterations: 100_000 });
  const config: Config = {
    version: 1,
    settings: { kdf_iterations: 100_000 },
    providers: { openai: { api_key: a }, anthropic: { api_key: b } },
  };
  const context = memoryContext({ env: { OMNIMANCER_HOME: home, ...env } });
  return {
    config,
    context,
    paths: configPaths(context.env),
    [Symbol.asyncDispose]: () => Deno.remove(home, { recursive: true }),
  };
}

Deno.test("scoped loading decrypts only the command's provider; prepare adds another", async () => {
  await using run = await setup({ [PASSPHRASE_ENV]: PASSPHRASE });
  const sourcesFor = await loadCredentialSources(run.context, run.paths, run.config, {
    providers: ["openai"],
  });
  assert.equal(resolveCredentials("openai", sourcesFor("openai")).fields.api_key?.value, openai);
  assert.throws(() => sourcesFor("anthropic"), /not decrypted for this command/);
  await sourcesFor.prepare("anthropic");
  const fields = resolveCredentials("anthropic", sourcesFor("anthropic")).fields;
  assert.equal(fields.api_key?.value, anthropic);
  assert.equal(fields.api_key?.source, "config (encrypted)");
  assert.equal(resolveCredentials("openai", sourcesFor("openai")).fields.api_key?.value, openai);
});

Deno.test("without a passphrase, a provider without encrypted keys still loads, an encrypted one refuses", async () => {
  await using run = await setup();
  const config: Config = {
    ...run.config,
    providers: { ...run.config.providers, mistral: { api_key: "m".repeat(32) } },
  };
  const sourcesFor = await loadCredentialSources(run.context, run.paths, config, {
    providers: ["mistral"],
  });
  assert.equal(
    resolveCredentials("mistral", sourcesFor("mistral")).fields.api_key?.source,
    "config",
  );
  await sourcesFor.prepare("openai", { prompt: false });
  assert.throws(() => sourcesFor("openai"), /set OMNIMANCER_PASSPHRASE/);
});

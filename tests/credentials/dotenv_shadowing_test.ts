import assert from "node:assert/strict";
import { shadowedByDotenv, shadowNote } from "../../src/credentials/dotenv_shadowing.ts";
import { resolveCredentials } from "../../src/credentials/resolve_credentials.ts";
import type { CredentialSources } from "../../src/credentials/resolve_credentials.ts";
import { openaiProjectKey } from "./_canaries.ts";

function sources(extra: Partial<CredentialSources>): CredentialSources {
  return { env: () => undefined, dotenvCwd: {}, dotenvConfig: {}, config: undefined, ...extra };
}

Deno.test("a ./.env key hides a key stored in the config, or in the config directory's .env", () => {
  const [dotenv, stored, configDir] = ["W", "C", "D"].map((tag) => openaiProjectKey(tag));
  const overConfig = sources({
    dotenvCwd: { OPENAI_API_KEY: dotenv },
    config: { api_key: stored },
  });
  assert.deepEqual(
    shadowedByDotenv("openai", overConfig, resolveCredentials("openai", overConfig).fields),
    { api_key: "config" },
  );
  const overConfigDir = sources({
    dotenvCwd: { OPENAI_API_KEY: dotenv },
    dotenvConfig: { OPENAI_API_KEY: configDir },
    config: { api_key: stored },
  });
  assert.deepEqual(
    shadowedByDotenv("openai", overConfigDir, resolveCredentials("openai", overConfigDir).fields),
    { api_key: "config-dir .env" },
  );
  assert.equal(shadowNote("config"), "./.env hides the key stored in the config");
});

Deno.test("nothing is hidden when ./.env is alone, or when the environment wins anyway", () => {
  const alone = sources({ dotenvCwd: { OPENAI_API_KEY: openaiProjectKey("A") } });
  assert.deepEqual(
    shadowedByDotenv("openai", alone, resolveCredentials("openai", alone).fields),
    {},
  );
  const env = sources({
    env: (name) => name === "OPENAI_API_KEY" ? openaiProjectKey("E") : undefined,
    dotenvCwd: { OPENAI_API_KEY: openaiProjectKey("A") },
    config: { api_key: openaiProjectKey("C") },
  });
  assert.deepEqual(shadowedByDotenv("openai", env, resolveCredentials("openai", env).fields), {});
  // An encrypted stored key is hidden too, and never needs opening to say so.
  const encrypted = sources({
    dotenvCwd: { OPENAI_API_KEY: openaiProjectKey("A") },
    config: { api_key: "omn-enc:v1:not-opened" },
  });
  const fields = { api_key: { value: openaiProjectKey("A"), source: ".env" as const } };
  assert.deepEqual(shadowedByDotenv("openai", encrypted, fields), { api_key: "config" });
});

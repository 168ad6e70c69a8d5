import assert from "node:assert/strict";
import { UsageError } from "../../src/core/errors.ts";
import {
  ConfigSchema,
  getConfigValue,
  maskConfig,
  setConfigValue,
} from "../../src/config/schema.ts";

Deno.test("secrets.* settings are set, read back and checked like other keys", () => {
  let config = setConfigValue(
    { version: 1 },
    "secrets.azure_kv.endpoint",
    "https://{vault}.kv.example",
  );
  config = setConfigValue(config, "secrets.azure_kv.authority_host", "https://login.example");
  config = setConfigValue(config, "secrets.gcp_sm.endpoint", "http://127.0.0.1:8080");
  assert.deepEqual(config.secrets, {
    azure_kv: { endpoint: "https://{vault}.kv.example", authority_host: "https://login.example" },
    gcp_sm: { endpoint: "http://127.0.0.1:8080" },
  });
  assert.equal(getConfigValue(config, "secrets.gcp_sm.endpoint"), "http://127.0.0.1:8080");
  for (
    const [key, value] of [
      ["secrets.gcp_sm.endpoint", "https://user:pass@sm.example"],
      ["secrets.gcp_sm.endpoint", "ftp://sm.example"],
      ["secrets.azure_kv.endpoint", "https://kv.example/?x=1"],
      ["secrets.vault.addr", "https://vault.example"],
      ["secrets.constructor.x", "https://vault.example"],
      ["secrets.gcp_sm.endpoint.x", "https://sm.example"],
    ]
  ) {
    assert.throws(() => setConfigValue({ version: 1 }, key, value), UsageError, key);
  }
});

Deno.test("a secret reference is accepted where a key is stored and shown unmasked", () => {
  const config = ConfigSchema.parse({
    version: 1,
    providers: {
      openai: { api_key: "vault://secret/openai#api_key" },
      vertex: { service_account: "gcp-sm://projects/my-project/secrets/vertex-key" },
    },
  });
  const masked = maskConfig(config, () => "***");
  assert.equal(masked.providers?.openai.api_key, "vault://secret/openai#api_key");
  assert.equal(
    masked.providers?.vertex.service_account,
    "gcp-sm://projects/my-project/secrets/vertex-key",
  );
  assert.equal(
    ConfigSchema.safeParse({ version: 1, providers: { vertex: { service_account: "nope" } } })
      .success,
    false,
  );
});

import assert from "node:assert/strict";
import { checkKeySources } from "../../src/doctor/check_key_sources.ts";
import { PassphraseUnavailableError } from "../../src/keystore/passphrase.ts";
import type { SourcesFor } from "../../src/credentials/load_credential_sources.ts";
import type { StoredCredentials } from "../../src/credentials/resolve_credentials.ts";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";

const NOW = new Date("2026-11-29T12:00:00Z");

function sources(
  env: Record<string, string>,
  config: Record<string, StoredCredentials> = {},
  dotenvCwd: Record<string, string> = {},
): SourcesFor {
  return (provider) => ({
    env: (name) => env[name],
    dotenvCwd,
    dotenvConfig: {},
    config: config[provider],
  });
}

const statuses = (checks: { id: string; status: string }[]) =>
  checks.map((check) => `${check.status} ${check.id}`);

Deno.test("a key from the environment passes; its age is unknown", () => {
  const checks = checkKeySources(
    ["openai", "mock"],
    sources({ OPENAI_API_KEY: openaiProjectKey("ENV") }),
    NOW,
  );
  assert.deepEqual(statuses(checks), ["pass key-source.openai", "unknown key-age.openai"]);
  assert.match(checks[0].detail, /comes from the environment \(OPENAI_API_KEY\)/);
  assert.match(checks[0].detail, /fp:[0-9a-f]{12}/);
});

Deno.test("a stored key warns with the fix; its age follows the 30-day schedule", () => {
  const fresh = checkKeySources(
    ["openai"],
    sources({}, {
      openai: { api_key: openaiProjectKey("S"), key_updated_at: "2026-11-20T00:00:00Z" },
    }),
    NOW,
  );
  assert.deepEqual(statuses(fresh), ["warn key-source.openai", "pass key-age.openai"]);
  assert.match(fresh[0].fix!, /export OPENAI_API_KEY .* omn keys remove openai/);
  const old = checkKeySources(
    ["anthropic"],
    sources({}, {
      anthropic: { api_key: anthropicKey("S"), key_updated_at: "2026-10-01T00:00:00Z" },
    }),
    NOW,
  );
  assert.deepEqual(statuses(old), ["warn key-source.anthropic", "warn key-age.anthropic"]);
  assert.match(old[1].detail, /59 days old/);
  assert.match(old[1].fix!, /omn keys rotate anthropic/);
});

Deno.test("a stored key shadowed by the environment warns; a malformed key fails; ./.env warns", () => {
  const checks = checkKeySources(
    ["openai", "xai"],
    sources(
      { OPENAI_API_KEY: openaiProjectKey("E") },
      { openai: { api_key: openaiProjectKey("STORED") } },
      { XAI_API_KEY: "xai-short" },
    ),
    NOW,
  );
  assert.deepEqual(statuses(checks), [
    "pass key-source.openai",
    "warn key-source.openai",
    "unknown key-age.openai",
    "warn key-source.xai",
    "unknown key-age.xai",
    "fail key-format.xai",
  ]);
  assert.match(checks[1].detail, /never used/);
  assert.match(checks[3].detail, /\.\/\.env \(XAI_API_KEY\)/);
  assert.ok(!JSON.stringify(checks).includes("xai-short"));
});

Deno.test("a provider whose secret reference fails is one failed item", () => {
  const failing: SourcesFor = (provider) => {
    if (provider === "openai") throw new Error('Cannot resolve "vault://x": denied');
    return sources({})(provider);
  };
  const checks = checkKeySources(["openai", "anthropic"], failing, NOW);
  assert.deepEqual(statuses(checks), ["fail key-source.openai"]);
});

Deno.test("an encrypted stored key warns like a stored one and follows the schedule", () => {
  const key = openaiProjectKey("ENC");
  const checks = checkKeySources(
    ["openai"],
    (provider) => ({
      env: () => undefined,
      dotenvCwd: {},
      dotenvConfig: {},
      config: provider === "openai"
        ? { api_key: key, key_updated_at: "2026-11-20T00:00:00Z" }
        : undefined,
      encrypted: provider === "openai" ? ["api_key"] : undefined,
    }),
    NOW,
  );
  assert.deepEqual(statuses(checks), ["warn key-source.openai", "pass key-age.openai"]);
  assert.match(checks[0].detail, /comes from the config file, encrypted, not from the environment/);
});

Deno.test("an encrypted key without a passphrase is unknown, not a failure", () => {
  const checks = checkKeySources(["openai"], () => {
    throw new PassphraseUnavailableError("The stored openai key is encrypted: set …");
  }, NOW);
  assert.deepEqual(statuses(checks), ["unknown key-source.openai"]);
  assert.match(checks[0].fix ?? "", /OMNIMANCER_PASSPHRASE/);
});

Deno.test("a key from a secret reference is not a stored copy it shadows; the environment still shadows it", () => {
  const key = openaiProjectKey("REF");
  for (
    const reference of [
      { kind: "vault" as const, text: "vault://secret/openai#api_key" },
      { kind: "env" as const, text: "env://OMNIMANCER_OPENAI_REF" },
    ]
  ) {
    const fromReference: SourcesFor = () => ({
      env: () => undefined,
      dotenvCwd: {},
      dotenvConfig: {},
      config: { api_key: key },
      references: { api_key: reference },
    });
    const checks = checkKeySources(["openai"], fromReference, NOW);
    assert.deepEqual(statuses(checks), ["pass key-source.openai", "unknown key-age.openai"]);
    assert.ok(!checks.some((check) => /never used/.test(check.detail)), reference.text);
  }
  const shadowed: SourcesFor = () => ({
    env: (name) => name === "OPENAI_API_KEY" ? openaiProjectKey("ENV") : undefined,
    dotenvCwd: {},
    dotenvConfig: {},
    config: { api_key: key },
    references: { api_key: { kind: "vault", text: "vault://secret/openai#api_key" } },
  });
  const checks = checkKeySources(["openai"], shadowed, NOW);
  assert.deepEqual(statuses(checks), [
    "pass key-source.openai",
    "warn key-source.openai",
    "unknown key-age.openai",
  ]);
  assert.match(checks[1].detail, /never used: the environment \(OPENAI_API_KEY\)/);
});

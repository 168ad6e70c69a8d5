import assert from "node:assert/strict";
import { UsageError } from "../../src/core/errors.ts";
import {
  ConfigSchema,
  describeIssues,
  getConfigValue,
  maskConfig,
  setConfigValue,
  stripSecrets,
} from "../../src/config/schema.ts";

const withProfiles = {
  version: 1,
  providers: { openai: { api_key: "dev-key" } },
  profiles: {
    prod: {
      default_provider: "anthropic",
      providers: { anthropic: { api_key: "prod-key", default_model: "claude" } },
    },
  },
};

Deno.test('profiles are named [a-z0-9][a-z0-9_-]{0,31}, strict, and never "default"', () => {
  assert.ok(ConfigSchema.safeParse(withProfiles).success);
  assert.ok(ConfigSchema.safeParse({ version: 1, profiles: { "dev_2-eu": {} } }).success);
  for (
    const profiles of [
      { default: {} },
      { Prod: {} },
      { "../x": {} },
      { ["x".repeat(33)]: {} },
      { prod: { settings: {} } },
      { prod: { providers: { openai: { api_kye: "x" } } } },
      { prod: { default_provider: "Not An Id" } },
    ]
  ) {
    assert.equal(
      ConfigSchema.safeParse({ version: 1, profiles }).success,
      false,
      JSON.stringify(profiles),
    );
  }
  const typo = ConfigSchema.safeParse({
    version: 1,
    profiles: { prod: { providers: { openai: { default_modle: "x" } } } },
  });
  assert.ok(!typo.success);
  assert.match(describeIssues(typo.error.issues), /did you mean "default_model"/);
});

Deno.test("masking and exports cover every profile's secrets", () => {
  const config = ConfigSchema.parse(withProfiles);
  const masked = maskConfig(config, () => "***");
  assert.equal(masked.providers?.openai.api_key, "***");
  assert.equal(masked.profiles?.prod.providers?.anthropic.api_key, "***");
  const stripped = stripSecrets(config);
  assert.equal(stripped.profiles?.prod.providers?.anthropic.api_key, undefined);
  assert.equal(stripped.profiles?.prod.providers?.anthropic.default_model, "claude");
  assert.ok(!JSON.stringify(stripped).includes("-key"));
});

Deno.test("profiles.* is not a config key: profiles are chosen with --profile", () => {
  for (const key of ["profiles", "profiles.prod", "profiles.prod.default_provider"]) {
    assert.throws(() => getConfigValue({ version: 1 }, key), UsageError, key);
    assert.throws(() => setConfigValue({ version: 1 }, key, "x"), /--profile NAME/, key);
  }
});

import assert from "node:assert/strict";
import { RefusalError, UsageError } from "../../src/core/errors.ts";
import {
  type Config,
  ConfigSchema,
  describeIssues,
  emptyConfig,
  getConfigValue,
  maskConfig,
  SECRET_FIELDS,
  setConfigValue,
  stripSecrets,
  unsetConfigValue,
} from "../../src/config/schema.ts";
import { CANARY_KEY, errorLike } from "./_helpers.ts";

const SERVICE_ACCOUNT = JSON.stringify({
  type: "service_account",
  private_key: "-----BEGIN PRIVATE KEY-----\nCANARY-PEM\n-----END PRIVATE KEY-----\n",
});

function fullConfig(): Config {
  return {
    version: 1,
    default_provider: "openai",
    settings: { on_secret: "redact", color: true, timeout_ms: 30000 },
    providers: {
      openai: {
        api_key: CANARY_KEY,
        key_updated_at: "2025-01-02T03:04:05.678Z",
        default_model: "gpt-5",
        base_url: "https://api.openai.com/v1",
      },
      bedrock: {
        aws_access_key_id: "AKIACANARY0000000000",
        aws_secret_access_key: "CANARYsecretAccessKey0000000000000000000",
        aws_session_token: "CANARYsessionToken",
        region: "us-east-1",
      },
      vertex: { service_account: SERVICE_ACCOUNT, project: "p", location: "us-central1" },
    },
  };
}

Deno.test("emptyConfig is a valid version 1 config", () => {
  assert.deepEqual(emptyConfig(), { version: 1 });
  assert.ok(ConfigSchema.safeParse(emptyConfig()).success);
  assert.ok(ConfigSchema.safeParse(fullConfig()).success);
});

Deno.test("ConfigSchema rejects unknown keys with their path and a suggestion", () => {
  const result = ConfigSchema.safeParse({ version: 1, settings: { colour: true } });
  assert.ok(!result.success);
  assert.equal(
    describeIssues(result.error.issues),
    'settings.colour: unknown key (did you mean "color"?)',
  );
  const provider = ConfigSchema.safeParse({ version: 1, providers: { openai: { apikey: "x" } } });
  assert.ok(!provider.success);
  assert.match(describeIssues(provider.error.issues), /^providers\.openai\.apikey: unknown key/);
});

Deno.test("describeIssues does not repeat a long key, which may be a pasted secret", () => {
  const result = ConfigSchema.safeParse({ version: 1, providers: { openai: { [CANARY_KEY]: 1 } } });
  assert.ok(!result.success);
  const message = describeIssues(result.error.issues);
  assert.ok(!message.includes("CANARY"), message);
  assert.match(message, /providers\.openai\.<name of \d+ characters>: unknown key/);
});

Deno.test("ConfigSchema checks versions, provider ids, URLs, dates and service accounts", () => {
  const cases: [unknown, RegExp][] = [
    [{ version: 2 }, /^version: /],
    [{}, /^version: /],
    [[], /^\(top level\): /],
    [{ version: 1, providers: { "Open AI": {} } }, /^providers\.Open AI: invalid key/],
    [{ version: 1, providers: { x: { base_url: "not a url" } } }, /^providers\.x\.base_url: /],
    [{ version: 1, providers: { x: { base_url: "javascript:alert(1)" } } }, /http/],
    [{ version: 1, providers: { x: { base_url: "https://u:p@h.example" } } }, /user name/],
    [{ version: 1, providers: { x: { key_updated_at: "yesterday" } } }, /key_updated_at/],
    [{ version: 1, providers: { x: { service_account: "{not json" } } }, /service_account/],
    [{ version: 1, settings: { timeout_ms: 0 } }, /^settings\.timeout_ms: /],
    [{ version: 1, settings: { on_secret: "maybe" } }, /^settings\.on_secret: /],
  ];
  for (const [input, pattern] of cases) {
    const result = ConfigSchema.safeParse(input);
    assert.ok(!result.success, JSON.stringify(input));
    assert.match(describeIssues(result.error.issues), pattern, JSON.stringify(input));
  }
});

Deno.test("getConfigValue reads leaves and copies of objects", () => {
  const config = fullConfig();
  assert.equal(getConfigValue(config, "providers.openai.default_model"), "gpt-5");
  assert.equal(getConfigValue(config, "settings.color"), true);
  assert.equal(getConfigValue(config, "default_provider"), "openai");
  assert.equal(getConfigValue(config, "providers.nope.default_model"), undefined);
  const settings = getConfigValue(config, "settings") as Record<string, unknown>;
  settings.color = false;
  assert.equal(config.settings?.color, true);
  assert.throws(
    () => getConfigValue(config, "settings.colour"),
    errorLike(UsageError, 'Unknown config key "settings.colour": did you mean "settings.color"?'),
  );
});

Deno.test("setConfigValue coerces per schema and returns a new config", () => {
  const original = emptyConfig();
  let config = setConfigValue(original, "settings.color", "false");
  config = setConfigValue(config, "settings.timeout_ms", "45000");
  config = setConfigValue(config, "settings.on_secret", "block");
  config = setConfigValue(config, "providers.openai.default_model", "gpt-5");
  config = setConfigValue(config, "default_provider", "openai");
  assert.deepEqual(config, {
    version: 1,
    default_provider: "openai",
    settings: { color: false, timeout_ms: 45000, on_secret: "block" },
    providers: { openai: { default_model: "gpt-5" } },
  });
  assert.deepEqual(original, { version: 1 });
});

Deno.test("setConfigValue refuses bad keys and values with a usage error", () => {
  const config = emptyConfig();
  const cases: [string, string, string][] = [
    ["settings.color", "yes", "expected true or false"],
    ["settings.timeout_ms", "soon", "expected a number"],
    ["settings.timeout_ms", "-5", 'Invalid value for "settings.timeout_ms"'],
    ["settings.on_secret", "maybe", "settings.on_secret"],
    ["providers.openai.base_url", "nope", "providers.openai.base_url"],
    ["providers.Open.base_url", "https://x.example", 'Invalid provider id "Open"'],
    ["providers.openai.default_modle", "x", 'did you mean "providers.openai.default_model"'],
    ["settings", "x", "it holds several values"],
    ["providers.openai", "x", "it holds several values"],
    ["version", "2", "omn manages it"],
    ["a..b", "x", "Invalid config key"],
    ["colour", "x", "Unknown config key"],
  ];
  for (const [key, value, message] of cases) {
    assert.throws(() => setConfigValue(config, key, value), errorLike(UsageError, message), key);
  }
});

Deno.test("setConfigValue does not repeat a long value in its errors", () => {
  assert.throws(
    () => setConfigValue(emptyConfig(), "settings.color", CANARY_KEY),
    (error) => error instanceof UsageError && !error.message.includes("CANARY"),
  );
});

Deno.test("setConfigValue refuses secrets unless allowSecrets", () => {
  for (const field of SECRET_FIELDS) {
    assert.throws(
      () => setConfigValue(emptyConfig(), `providers.openai.${field}`, "x"),
      errorLike(RefusalError, `Refusing to set the secret "providers.openai.${field}"`),
    );
  }
  const config = setConfigValue(emptyConfig(), "providers.openai.api_key", CANARY_KEY, {
    allowSecrets: true,
  });
  assert.equal(config.providers?.openai.api_key, CANARY_KEY);
});

Deno.test("unsetConfigValue removes a value and the objects it leaves empty", () => {
  const config = fullConfig();
  let next = unsetConfigValue(config, "providers.openai.api_key");
  assert.equal(next.providers?.openai.api_key, undefined);
  assert.equal(config.providers?.openai.api_key, CANARY_KEY);
  next = unsetConfigValue(next, "providers.bedrock");
  assert.deepEqual(Object.keys(next.providers ?? {}).sort(), ["openai", "vertex"]);
  next = unsetConfigValue(next, "settings");
  assert.equal(next.settings, undefined);
  let small = setConfigValue(emptyConfig(), "settings.color", "true");
  small = unsetConfigValue(small, "settings.color");
  assert.deepEqual(small, { version: 1 });
  assert.deepEqual(unsetConfigValue(emptyConfig(), "providers.x.region"), { version: 1 });
  assert.throws(() => unsetConfigValue(config, "version"), errorLike(UsageError, "version"));
});

Deno.test("maskConfig masks every secret field and nothing else", () => {
  const config = fullConfig();
  const masked = maskConfig(config, (value) => `${value.slice(0, 3)}****`);
  const text = JSON.stringify(masked);
  assert.ok(!text.includes("CANARY"), text);
  assert.equal(masked.providers?.openai.api_key, "sk-****");
  assert.equal(masked.providers?.bedrock.region, "us-east-1");
  assert.equal(masked.providers?.openai.default_model, "gpt-5");
  assert.equal(config.providers?.openai.api_key, CANARY_KEY);
});

Deno.test("stripSecrets drops every secret field", () => {
  const stripped = stripSecrets(fullConfig());
  assert.ok(!JSON.stringify(stripped).includes("CANARY"));
  for (const provider of Object.values(stripped.providers ?? {})) {
    for (const field of SECRET_FIELDS) assert.equal(field in provider, false);
  }
  assert.equal(stripped.providers?.vertex.project, "p");
  assert.ok(ConfigSchema.safeParse(stripped).success);
});

Deno.test("settings: retry and timeout limits are whole numbers, retries and waits may be 0", () => {
  let config = emptyConfig();
  for (
    const [key, value] of [
      ["settings.max_retries", "0"],
      ["settings.max_retry_wait_ms", "0"],
      ["settings.connect_timeout_ms", "5000"],
      ["settings.first_byte_timeout_ms", "90000"],
      ["settings.idle_timeout_ms", "15000"],
    ]
  ) {
    config = setConfigValue(config, key, value);
  }
  assert.deepEqual(config.settings, {
    max_retries: 0,
    max_retry_wait_ms: 0,
    connect_timeout_ms: 5000,
    first_byte_timeout_ms: 90000,
    idle_timeout_ms: 15000,
  });
  assert.throws(() => setConfigValue(config, "settings.max_retries", "-1"), UsageError);
  assert.throws(() => setConfigValue(config, "settings.idle_timeout_ms", "0"), UsageError);
});

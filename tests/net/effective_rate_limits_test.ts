import assert from "node:assert/strict";
import { BATCH_RATE_LIMITS, effectiveRateLimits } from "../../src/net/effective_rate_limits.ts";
import { ConfigSchema, setConfigValue } from "../../src/config/schema.ts";
import { UsageError } from "../../src/core/errors.ts";

Deno.test("interactive runs have no limits unless the config sets them", () => {
  assert.deepEqual(effectiveRateLimits({ mode: "interactive", provider: "openai" }), {});
  assert.deepEqual(
    effectiveRateLimits({
      mode: "interactive",
      provider: "openai",
      entry: { requests_per_minute: 30 },
    }),
    { requestsPerMinute: 30 },
  );
});

Deno.test("batch runs default to BATCH_RATE_LIMITS for remote providers", () => {
  assert.deepEqual(
    effectiveRateLimits({
      mode: "batch",
      provider: "openai",
      endpoint: "https://api.openai.com/v1",
    }),
    { requestsPerMinute: 50, tokensPerMinute: 40_000 },
  );
  assert.deepEqual(BATCH_RATE_LIMITS, { requestsPerMinute: 50, tokensPerMinute: 40_000 });
});

Deno.test("batch runs against mock or a loopback endpoint have no default limits", () => {
  assert.deepEqual(effectiveRateLimits({ mode: "batch", provider: "mock" }), {});
  for (
    const endpoint of ["http://localhost:11434/v1", "http://127.0.0.1:8080/v1", "http://[::1]:1/v1"]
  ) {
    assert.deepEqual(effectiveRateLimits({ mode: "batch", provider: "ollama", endpoint }), {});
  }
  assert.deepEqual(
    effectiveRateLimits({
      mode: "batch",
      provider: "openai",
      endpoint: "http://127.0.0.1:8080/v1",
      entry: { tokens_per_minute: 1000 },
    }),
    { tokensPerMinute: 1000 },
  );
});

Deno.test("flags beat the config, the config beats the defaults, and 0 lifts a limit", () => {
  const entry = { requests_per_minute: 500, tokens_per_minute: 0 };
  assert.deepEqual(effectiveRateLimits({ mode: "batch", provider: "openai", entry }), {
    requestsPerMinute: 500,
  });
  assert.deepEqual(
    effectiveRateLimits({
      mode: "batch",
      provider: "openai",
      entry,
      overrides: { requestsPerMinute: 0, tokensPerMinute: 9000 },
    }),
    { tokensPerMinute: 9000 },
  );
});

Deno.test("config: providers.<id>.requests_per_minute and tokens_per_minute are validated", () => {
  const config = setConfigValue({ version: 1 }, "providers.openai.requests_per_minute", "500");
  assert.equal(config.providers?.openai?.requests_per_minute, 500);
  assert.equal(
    setConfigValue(config, "providers.openai.tokens_per_minute", "0").providers?.openai
      ?.tokens_per_minute,
    0,
  );
  assert.throws(
    () => setConfigValue(config, "providers.openai.requests_per_minute", "1.5"),
    (error) =>
      error instanceof UsageError &&
      /requests_per_minute.*whole number of requests per minute \(0 for no limit\)/.test(
        error.message,
      ),
  );
  const parsed = ConfigSchema.safeParse({
    version: 1,
    providers: { openai: { tokens_per_minute: -1 } },
  });
  assert.equal(parsed.success, false);
});

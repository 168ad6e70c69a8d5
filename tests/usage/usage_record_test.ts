import assert from "node:assert/strict";
import { createUsageRecord, errorClass, parseUsageRecord } from "../../src/usage/usage_record.ts";
import { RateLimitError } from "../../src/core/errors.ts";

const NOW = new Date("2026-11-29T12:00:00Z");

Deno.test("createUsageRecord prices a catalogue model and marks an unknown one null and unknown", () => {
  const known = createUsageRecord({
    provider: "openai",
    model: "gpt-4o-mini",
    key: "fp:0123456789ab",
    host: "api.openai.com",
    inputTokens: 1234,
    outputTokens: 567,
    cachedInputTokens: 200,
    durationMs: 812.6,
  }, NOW);
  assert.deepEqual(known, {
    time: "2026-11-29T12:00:00.000Z",
    provider: "openai",
    model: "gpt-4o-mini",
    key: "fp:0123456789ab",
    host: "api.openai.com",
    input_tokens: 1234,
    output_tokens: 567,
    cached_input_tokens: 200,
    cost_usd: 0.0005103,
    cost: "catalogue",
    duration_ms: 813,
    outcome: "ok",
  });
  const unknown = createUsageRecord({
    provider: "openai",
    model: "my-finetune",
    inputTokens: 1,
    outputTokens: 1,
    durationMs: 1,
    error: new RateLimitError("Rate limited: the prompt said something private"),
  }, NOW);
  assert.equal(unknown.cost_usd, null);
  assert.equal(unknown.cost, "unknown");
  assert.equal(unknown.outcome, "RateLimitError");
  assert.equal(unknown.key, null);
  assert.ok(!JSON.stringify(unknown).includes("private"));
});

Deno.test("errorClass keeps only a plain class name, never a message", () => {
  assert.equal(errorClass(new TypeError("x")), "TypeError");
  assert.equal(errorClass(new Deno.errors.NotCapable("x")), "NotCapable");
  assert.equal(errorClass("a string thrown"), "string");
  const odd = new Error("x");
  odd.name = "has spaces and sk-secret";
  assert.equal(errorClass(odd), "Error");
});

Deno.test("parseUsageRecord reads a record back and rejects torn or foreign lines", () => {
  const record = createUsageRecord(
    { provider: "mock", model: "mock-1", inputTokens: 2, outputTokens: 25, durationMs: 3 },
    NOW,
  );
  assert.deepEqual(parseUsageRecord(JSON.stringify(record)), record);
  assert.equal(parseUsageRecord(JSON.stringify(record).slice(0, 40)), undefined);
  assert.equal(parseUsageRecord('{"time":"yesterday"}'), undefined);
  assert.equal(parseUsageRecord("[]"), undefined);
});

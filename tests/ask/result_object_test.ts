import assert from "node:assert/strict";
import { resultObject } from "../../src/ask/result_object.ts";

const base = {
  text: "partial",
  sessionId: "00000000-0000-4000-8000-000000000000",
  provider: "mock",
  model: "mock-1",
  costUsd: 0,
  durationMs: 12,
};

Deno.test("a success result has every field of the headless shape", () => {
  assert.deepEqual(
    resultObject({
      ...base,
      usage: { inputTokens: 1, outputTokens: 2, cachedInputTokens: 3 },
      finishReason: "stop",
    }),
    {
      type: "result",
      subtype: "success",
      is_error: false,
      result: "partial",
      session_id: base.sessionId,
      provider: "mock",
      model: "mock-1",
      usage: { input_tokens: 1, output_tokens: 2, cached_input_tokens: 3, total_cost_usd: 0 },
      stop_reason: "stop",
      duration_ms: 12,
      retries: 0,
    },
  );
});

Deno.test("an error result keeps the partial text and carries the error", () => {
  const object = resultObject({ ...base, error: "boom" });
  assert.equal(object.subtype, "error");
  assert.equal(object.is_error, true);
  assert.equal(object.result, "partial");
  assert.equal(object.error, "boom");
  assert.equal(object.stop_reason, "error");
  assert.equal(object.usage.output_tokens, 0);
});

Deno.test("the result counts the retries of failed requests", () => {
  assert.equal(resultObject({ ...base, retries: 3 }).retries, 3);
});

import assert from "node:assert/strict";
import { usageSummaryLine } from "../../src/usage/usage_summary_line.ts";
import { createUsageRecord } from "../../src/usage/usage_record.ts";

Deno.test("usageSummaryLine is the one --usage line: tokens, cost and model", () => {
  assert.equal(
    usageSummaryLine({
      model: "gpt-4o-mini",
      input_tokens: 1234,
      output_tokens: 567,
      cached_input_tokens: 0,
      cost_usd: 0.0012,
    }),
    "1,234 in / 567 out tokens, $0.0012 (gpt-4o-mini)",
  );
  assert.equal(
    usageSummaryLine({
      model: "my-model",
      input_tokens: 1_000_000,
      output_tokens: 2,
      cached_input_tokens: 4096,
      cost_usd: null,
    }),
    "1,000,000 in (4,096 cached) / 2 out tokens, cost unknown (my-model)",
  );
  const record = createUsageRecord({
    provider: "openai",
    model: "gpt-4o-mini",
    inputTokens: 10,
    outputTokens: 5,
    durationMs: 1,
  }, new Date());
  assert.equal(usageSummaryLine(record), "10 in / 5 out tokens, $0.0000045 (gpt-4o-mini)");
});

import assert from "node:assert/strict";
import { summarizeUsage } from "../../src/usage/summarize_usage.ts";
import { createUsageRecord, type UsageInput } from "../../src/usage/usage_record.ts";

const record = (input: Partial<Omit<UsageInput, "time">> & { time: string }) =>
  createUsageRecord({
    provider: "openai",
    model: "gpt-4o-mini",
    key: "fp:aaaaaaaaaaaa",
    inputTokens: 1000,
    outputTokens: 100,
    durationMs: 1,
    ...input,
    time: new Date(input.time),
  }, new Date());

const RECORDS = [
  record({ time: "2026-11-01T10:00:00Z" }),
  record({ time: "2026-11-01T11:00:00Z", error: new TypeError("x") }),
  record({ time: "2026-11-02T10:00:00Z", provider: "mock", model: "mock-1", key: "none" }),
  record({ time: "2026-11-03T10:00:00Z", model: "my-finetune", key: "fp:bbbbbbbbbbbb" }),
];

Deno.test("summarizeUsage sums tokens and known costs, and counts unpriced requests and errors", () => {
  const { total, groups } = summarizeUsage(RECORDS, "provider");
  assert.deepEqual(total, {
    requests: 4,
    errors: 1,
    input_tokens: 4000,
    output_tokens: 400,
    cached_input_tokens: 0,
    cost_usd: 0.00042,
    unpriced: 1,
  });
  assert.deepEqual(groups.map((group) => [group.group, group.requests]), [["openai", 3], [
    "mock",
    1,
  ]]);
});

Deno.test("summarizeUsage groups by model, key and UTC day", () => {
  assert.deepEqual(
    summarizeUsage(RECORDS, "model").groups.map((group) => [group.group, group.cost_usd]),
    [["openai/gpt-4o-mini", 0.00042], ["mock/mock-1", 0], ["openai/my-finetune", null]],
  );
  assert.deepEqual(
    summarizeUsage(RECORDS, "key").groups.map((group) => group.group).sort(),
    ["fp:aaaaaaaaaaaa", "fp:bbbbbbbbbbbb", "none"],
  );
  assert.deepEqual(
    summarizeUsage(RECORDS, "day").groups.map((group) => [group.group, group.requests]),
    [["2026-11-01", 2], ["2026-11-02", 1], ["2026-11-03", 1]],
  );
});

import assert from "node:assert/strict";
import { priceOf } from "../../src/budget/model_price.ts";

const price = { input: 1_000_000, output: 2_000_000, cachedInput: 500_000 };

Deno.test("priceOf prices reported tokens", () => {
  assert.equal(priceOf(price, { inputTokens: 3, outputTokens: 2, cachedInputTokens: 1 }), 6.5);
});

Deno.test("priceOf never prices a negative count below 0", () => {
  const hostile = [
    { inputTokens: -1_000_000, outputTokens: 4 },
    { inputTokens: 2, outputTokens: -5 },
    { inputTokens: 2, outputTokens: 0, cachedInputTokens: -7 },
    { inputTokens: -0, outputTokens: -1e308, cachedInputTokens: -1e308 },
  ];
  for (const tokens of hostile) {
    const cost = priceOf(price, tokens);
    assert.ok(cost !== undefined && cost >= 0, `${JSON.stringify(tokens)} priced at ${cost}`);
  }
  assert.equal(priceOf(price, { inputTokens: -1_000_000, outputTokens: 4 }), 8);
});

Deno.test("priceOf calls a non-finite or unreported usage unknown", () => {
  for (
    const tokens of [
      { inputTokens: Number.NaN, outputTokens: 1 },
      { inputTokens: 1, outputTokens: Number.POSITIVE_INFINITY },
      { inputTokens: 1, outputTokens: 1, cachedInputTokens: Number.NEGATIVE_INFINITY },
      { inputTokens: 1e308, outputTokens: 1e308 },
      { inputTokens: 0, outputTokens: 0, unreported: true },
    ]
  ) {
    assert.equal(priceOf(price, tokens), undefined, JSON.stringify(tokens));
  }
});

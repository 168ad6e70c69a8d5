import assert from "node:assert/strict";
import { estimateUsd, promptCharacters } from "../../src/budget/spending_cap.ts";

/** $1 a token in and out. */
const PRICE = { input: 1_000_000, output: 1_000_000 };

Deno.test("the estimate counts every part of the request that is sent", () => {
  const schema = { type: "object", description: "x".repeat(400) };
  const request = {
    system: "s".repeat(40),
    messages: [
      { role: "user" as const, content: "u".repeat(80) },
      { role: "assistant" as const, content: "a".repeat(120) },
    ],
    jsonSchema: schema,
    maxTokens: 2,
  };
  const schemaCharacters = JSON.stringify(schema).length;
  assert.equal(promptCharacters(request), 40 + 80 + 120 + schemaCharacters);
  assert.equal(estimateUsd(PRICE, request), Math.ceil((240 + schemaCharacters) / 4) + 2);
  // Leaving any part out lowers the estimate.
  for (const part of ["system", "jsonSchema"] as const) {
    const { [part]: _, ...without } = request;
    assert.ok(estimateUsd(PRICE, without) < estimateUsd(PRICE, request), part);
  }
  assert.ok(estimateUsd(PRICE, { ...request, messages: [] }) < estimateUsd(PRICE, request));
});

import assert from "node:assert/strict";
import { catalogModels, costUsd, findModel } from "../../src/providers/catalog.ts";
import { PROVIDER_IDS, PROVIDERS } from "../../src/providers/registry.ts";

Deno.test("every provider's default model is in the catalogue", () => {
  for (const id of PROVIDER_IDS) {
    assert.ok(findModel(id, PROVIDERS[id].defaultModel), `${id}/${PROVIDERS[id].defaultModel}`);
  }
  assert.ok(
    catalogModels().every((model) => model.context > 0 && model.input >= 0 && model.output >= 0),
  );
});

Deno.test("findModel finds exactly the catalogue's entry, and nothing for other names", () => {
  const models = catalogModels();
  assert.ok(models.length > 20);
  assert.equal(catalogModels(), models);
  for (const model of models) assert.deepEqual(findModel(model.provider, model.id), model);
  for (
    const [provider, id] of [
      ["openai", "no-such-model"],
      ["no-such-provider", "gpt-5"],
      ["__proto__", "gpt-5"],
      ["constructor", "name"],
      ["hasOwnProperty", "x"],
      ["openai", "GPT-5"],
    ]
  ) {
    assert.equal(findModel(provider, id), undefined, `${provider}/${id}`);
  }
});

Deno.test("cost prices input, cached input and output apart; unknown models cost null", () => {
  // gpt-4o-mini: 0.15 in, 0.075 cached, 0.60 out per million
  assert.equal(
    costUsd("openai", "gpt-4o-mini", {
      inputTokens: 1_000_000,
      cachedInputTokens: 400_000,
      outputTokens: 100_000,
    }),
    0.6 * 0.15 + 0.4 * 0.075 + 0.1 * 0.6,
  );
  assert.equal(
    costUsd("mistral", "mistral-small-latest", {
      inputTokens: 10,
      cachedInputTokens: 10,
      outputTokens: 0,
    }),
    0.000001,
  );
  assert.equal(
    costUsd("openai", "no-such-model", { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1 }),
    null,
  );
  assert.equal(
    costUsd("mock", "mock-1", { inputTokens: 5, cachedInputTokens: 0, outputTokens: 5 }),
    0,
  );
});

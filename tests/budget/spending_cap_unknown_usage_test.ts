import assert from "node:assert/strict";
import { SpendingCap } from "../../src/budget/spending_cap.ts";
import type { Config } from "../../src/config/schema.ts";
import type { LanguageModel, ModelEvent, Usage } from "../../src/providers/language_model.ts";

/** $1 a token in and out, by the config. */
const CONFIG: Config = {
  version: 1,
  models: { "fake/priced": { input_usd_per_mtok: 1_000_000, output_usd_per_mtok: 1_000_000 } },
};

/** A model whose reply ends as `ending` says: a usage, or a cut stream. */
function endingModel(ending: Usage | "cut"): LanguageModel {
  return {
    provider: "fake",
    modelId: "priced",
    async *stream(): AsyncIterable<ModelEvent> {
      yield { type: "text-delta", text: "x" };
      if (ending === "cut") throw new Error("the reply stream ended early");
      yield { type: "finish", finishReason: "stop", usage: ending };
    },
  };
}

async function ask(model: LanguageModel): Promise<void> {
  // Estimate: 1 prompt token ("abcd") + 3 reply tokens = $4.
  for await (
    const _ of model.stream({ messages: [{ role: "user", content: "abcd" }], maxTokens: 3 })
  ) {
    // drain
  }
}

const ENDINGS: Record<string, Usage | "cut"> = {
  "an unreported usage": {
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    unreported: true,
  },
  "a cut stream": "cut",
  "a non-finite usage": { inputTokens: Number.NaN, outputTokens: 1, cachedInputTokens: 0 },
};

for (const [name, ending] of Object.entries(ENDINGS)) {
  Deno.test(`--max-cost counts ${name} at the request's estimate`, async () => {
    const cap = new SpendingCap({ capUsd: 100, allowUnpriced: false });
    await ask(cap.wrap(endingModel(ending), CONFIG)).catch(() => {});
    assert.equal(cap.spentUsd, 4);
  });
}

Deno.test("--max-cost never counts a negative usage below 0", async () => {
  const cap = new SpendingCap({ capUsd: 100, allowUnpriced: false });
  const usage = { inputTokens: -1_000_000, outputTokens: 2, cachedInputTokens: 0 };
  await ask(cap.wrap(endingModel(usage), CONFIG));
  assert.equal(cap.spentUsd, 2);
});

import assert from "node:assert/strict";
import { PeriodBudget } from "../../src/budget/period_budget.ts";
import { parseSpendLines } from "../../src/budget/period_spend.ts";
import { spendLedgerPath } from "../../src/budget/spend_ledger.ts";
import type { Config } from "../../src/config/schema.ts";
import type { LanguageModel, ModelEvent, Usage } from "../../src/providers/language_model.ts";

const CONFIG: Config = {
  version: 1,
  budgets: { daily_usd: 100 },
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

const ENDINGS: Record<string, [Usage | "cut", number]> = {
  // Estimate: 1 prompt token ("abcd") + 3 reply tokens = $4.
  "an unreported usage": [{
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    unreported: true,
  }, 4],
  "a cut stream": ["cut", 4],
  "an infinite usage": [{ inputTokens: 1, outputTokens: Infinity, cachedInputTokens: 0 }, 4],
  "a negative usage": [{ inputTokens: -1_000_000, outputTokens: 2, cachedInputTokens: 0 }, 2],
};

for (const [name, [ending, settled]] of Object.entries(ENDINGS)) {
  Deno.test(`budgets settle ${name} at ${settled === 4 ? "the estimate" : "no less than 0"}`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const budget = new PeriodBudget({
        dir,
        profile: "default",
        config: CONFIG,
        allowUnpriced: false,
      });
      const stream = budget.wrap(endingModel(ending)).stream({
        messages: [{ role: "user", content: "abcd" }],
        maxTokens: 3,
      });
      try {
        for await (const _ of stream) {
          // drain
        }
      } catch {
        // the cut stream's error
      }
      const lines = parseSpendLines(await Deno.readTextFile(spendLedgerPath(dir)));
      assert.deepEqual(lines.map((line) => [line.type, line.usd]), [
        ["reserve", 4],
        ["settle", settled],
      ]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

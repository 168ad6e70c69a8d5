import assert from "node:assert/strict";
import { BudgetError } from "../../src/budget/budget_error.ts";
import { modelPrice } from "../../src/budget/model_price.ts";
import { DEFAULT_REPLY_TOKENS, SpendingCap } from "../../src/budget/spending_cap.ts";
import { exitCodeOf } from "../../src/core/errors.ts";
import type { Config } from "../../src/config/schema.ts";
import type {
  GenerateRequest,
  LanguageModel,
  ModelEvent,
} from "../../src/providers/language_model.ts";

/** $1 a token in and out, by the config. */
const CONFIG: Config = {
  version: 1,
  models: { "fake/priced": { input_usd_per_mtok: 1_000_000, output_usd_per_mtok: 1_000_000 } },
};

/** A model that counts its requests and reports `outputTokens` for each reply. */
function countingModel(modelId: string, outputTokens: number) {
  const sent: GenerateRequest[] = [];
  const model: LanguageModel = {
    provider: "fake",
    modelId,
    async *stream(request): AsyncIterable<ModelEvent> {
      sent.push(request);
      yield { type: "text-delta", text: "x" };
      yield {
        type: "finish",
        finishReason: "stop",
        usage: { inputTokens: 1, outputTokens, cachedInputTokens: 0 },
      };
    },
  };
  return { model, sent };
}

async function ask(model: LanguageModel, maxTokens?: number): Promise<void> {
  for await (
    const _ of model.stream({ messages: [{ role: "user", content: "abcd" }], maxTokens })
  ) {
    // drain
  }
}

Deno.test("a request whose estimate would pass the cap is refused before it is sent (exit 5)", async () => {
  const { model, sent } = countingModel("priced", 1);
  const cap = new SpendingCap({ capUsd: 10, allowUnpriced: false });
  // Estimate: 1 prompt token + 20 reply tokens = $21 > $10.
  await assert.rejects(ask(cap.wrap(model, CONFIG), 20), (error: unknown) => {
    assert.ok(error instanceof BudgetError);
    assert.equal(error.errorType, "budget_exceeded");
    assert.equal(exitCodeOf(error), 5);
    assert.match(
      error.message,
      /^Cannot send the request: --max-cost \$10 reached \(spent \$0, this request estimated at \$21\); raise --max-cost/,
    );
    return true;
  });
  assert.equal(sent.length, 0);
  // Without --max-tokens the reply is estimated at DEFAULT_REPLY_TOKENS.
  const roomy = new SpendingCap({ capUsd: DEFAULT_REPLY_TOKENS, allowUnpriced: false });
  await assert.rejects(ask(roomy.wrap(model, CONFIG)), BudgetError);
});

Deno.test("spend adds up from the replies' real usage; a reply that passed the cap stops the next", async () => {
  const { model, sent } = countingModel("priced", 8);
  const cap = new SpendingCap({ capUsd: 12, allowUnpriced: false });
  const capped = cap.wrap(model, CONFIG);
  await ask(capped, 3); // estimate $4, spends $9
  assert.equal(cap.spentUsd, 9);
  assert.equal(cap.passed, false);
  await assert.rejects(ask(capped, 3), BudgetError); // 9 + 4 > 12
  assert.equal(sent.length, 1);
  const small = new SpendingCap({ capUsd: 5, allowUnpriced: false });
  await ask(small.wrap(model, CONFIG), 1); // estimate $2, spends $9: past the cap
  assert.equal(small.passed, true);
  await assert.rejects(ask(small.wrap(model, CONFIG), 1), BudgetError);
});

Deno.test("requests in flight count their estimate, so concurrent ones cannot pass the cap together", async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => release = resolve);
  const slow: LanguageModel = {
    provider: "fake",
    modelId: "priced",
    async *stream(): AsyncIterable<ModelEvent> {
      await gate;
      yield {
        type: "finish",
        finishReason: "stop",
        usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 },
      };
    },
  };
  const cap = new SpendingCap({ capUsd: 5, allowUnpriced: false });
  const capped = cap.wrap(slow, CONFIG);
  const first = ask(capped, 2); // estimate $3, in flight
  await new Promise((resolve) => setTimeout(resolve, 0));
  await assert.rejects(ask(capped, 2), BudgetError); // 3 + 3 > 5
  release();
  await first;
  assert.equal(cap.spentUsd, 2);
});

Deno.test("an unpriced model is refused under a cap unless --allow-unpriced (then warned once)", async () => {
  const { model, sent } = countingModel("unknown-model", 1);
  await assert.rejects(
    ask(new SpendingCap({ capUsd: 1, allowUnpriced: false }).wrap(model, CONFIG)),
    (error: unknown) =>
      error instanceof BudgetError && error.errorType === "budget_unpriced" &&
      /set models\.unknown-model\.input_usd_per_mtok and output_usd_per_mtok in the config file \(omn config path names it; omn config set does not take prices\), or pass --allow-unpriced/
        .test(error.message),
  );
  assert.equal(sent.length, 0);
  const warnings: string[] = [];
  const allowed = new SpendingCap({
    capUsd: 1,
    allowUnpriced: true,
    onWarning: (line) => warnings.push(line),
  });
  await ask(allowed.wrap(model, CONFIG));
  await ask(allowed.wrap(model, CONFIG));
  assert.equal(sent.length, 2);
  assert.equal(warnings.length, 1);
});

Deno.test("batch's cap stops at the first refusal, even for a smaller later request", async () => {
  const { model } = countingModel("priced", 1);
  const cap = new SpendingCap({ capUsd: 5, allowUnpriced: false, stopAtFirstRefusal: true });
  await assert.rejects(ask(cap.wrap(model, CONFIG), 10), BudgetError);
  await assert.rejects(ask(cap.wrap(model, CONFIG), 1), BudgetError);
});

Deno.test("prices: the config (by PROVIDER/ID or ID) wins over the catalogue", () => {
  assert.deepEqual(modelPrice("openai", "gpt-4o-mini", { version: 1 }), {
    input: 0.15,
    output: 0.6,
    cachedInput: 0.075,
  });
  assert.deepEqual(
    modelPrice("openai", "gpt-4o-mini", {
      version: 1,
      models: { "gpt-4o-mini": { input_usd_per_mtok: 1, output_usd_per_mtok: 2 } },
    }),
    { input: 1, output: 2 },
  );
  assert.equal(modelPrice("ollama", "mistral-nemo", { version: 1 }), undefined);
});

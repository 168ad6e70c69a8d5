/**
 * The token counts a provider reports are clamped once, where they enter
 * omn (`fromAiSdkModel`'s finish event), so that the JSON result, the cost
 * and the usage ledger agree: a negative, fractional, non-finite or absurd
 * count (`-1e12`, `1e300`) becomes a whole number from 0 to
 * `Number.MAX_SAFE_INTEGER`.
 */
import assert from "node:assert/strict";
import { tokenCount } from "../../src/providers/token_count.ts";
import { chunk, omnStreamOf, sse, streamReply } from "./_openai_chat_differential.ts";
import { priceOf } from "../../src/budget/model_price.ts";

Deno.test("tokenCount: a whole number from 0 to the largest safe integer", () => {
  assert.equal(tokenCount(7), 7);
  assert.equal(tokenCount(0), 0);
  assert.equal(tokenCount(-1), 0);
  assert.equal(tokenCount(-1e12), 0);
  assert.equal(tokenCount(2.6), 3);
  assert.equal(tokenCount(1e300), Number.MAX_SAFE_INTEGER);
  assert.equal(tokenCount(Number.POSITIVE_INFINITY), 0);
  assert.equal(tokenCount(Number.NaN), 0);
  assert.equal(tokenCount(undefined), 0);
});

for (
  const [prompt, completion, cached, expected] of [
    [-1e12, -1e12, -5, { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 }],
    [1e300, 1e300, 1e300, {
      inputTokens: Number.MAX_SAFE_INTEGER,
      outputTokens: Number.MAX_SAFE_INTEGER,
      cachedInputTokens: Number.MAX_SAFE_INTEGER,
    }],
    [11, -1e12, 0, { inputTokens: 11, outputTokens: 0, cachedInputTokens: 0 }],
  ] as const
) {
  for (const flavor of ["openai", "compatible"] as const) {
    Deno.test(`${flavor}: usage ${prompt}/${completion}/${cached} is reported clamped, its cost not negative`, async () => {
      const usage = {
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: 0,
        prompt_tokens_details: { cached_tokens: cached },
      };
      const body = sse(
        chunk({ content: "Hi" }),
        chunk({}, { finish_reason: "stop" }),
        { ...chunk({}), choices: [], usage },
        "[DONE]",
      );
      const fetch = (() =>
        Promise.resolve(streamReply(body)(new Request("http://x")))) as typeof globalThis.fetch;
      const { events, error } = await omnStreamOf(flavor, fetch);
      if (error !== undefined) {
        throw error;
      }
      const finish = events.at(-1) as unknown as { type: string; usage: Record<string, number> };
      assert.equal(finish.type, "finish");
      assert.deepEqual(
        {
          inputTokens: finish.usage.inputTokens,
          outputTokens: finish.usage.outputTokens,
          cachedInputTokens: finish.usage.cachedInputTokens,
        },
        expected,
      );
      const cost = priceOf({ input: 1, output: 1 }, finish.usage as never);
      assert.ok(cost === undefined || (cost >= 0 && Number.isFinite(cost)), String(cost));
    });
  }
}

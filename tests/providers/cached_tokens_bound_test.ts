/**
 * The cached input tokens a reply reports are part of its input tokens, so
 * omn never keeps more of them than input tokens: a server claiming 1e15
 * cached tokens for a 5-token prompt gives 5 in the JSON result, the cost
 * and the usage ledger, not 1e15 beside 5 (the usage ledger is summed by
 * `omn usage`).
 */
import assert from "node:assert/strict";
import { chunk, omnStreamOf, sse, streamReply } from "./_openai_chat_differential.ts";

const CASES: [number | null, number, number, number][] = [
  // prompt, cached, kept input, kept cached
  [5, 1e15, 5, 5],
  [5, 3, 5, 3],
  [-7, 4, 0, 0],
  [null, 9, 0, 0],
  [1e300, 1e300, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
];

for (const flavor of ["openai", "compatible"] as const) {
  for (const [prompt, cached, input, keptCached] of CASES) {
    Deno.test(`${flavor}: ${cached} cached tokens of a ${prompt}-token prompt are kept as ${keptCached}`, async () => {
      const body = sse(
        chunk({ content: "Hi" }),
        chunk({}, { finish_reason: "stop" }),
        {
          ...chunk({}),
          choices: [],
          usage: {
            prompt_tokens: prompt,
            completion_tokens: 2,
            prompt_tokens_details: { cached_tokens: cached },
          },
        },
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
      assert.equal(finish.usage.inputTokens, input);
      assert.equal(finish.usage.cachedInputTokens, keptCached);
    });
  }
}

import assert from "node:assert/strict";
import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { fakeSdkModel } from "./_fake_sdk_model.ts";
import { fromAiSdkModel } from "../../src/providers/ai_sdk_model.ts";
import { ProviderError } from "../../src/core/errors.ts";
import type { ModelEvent } from "../../src/providers/language_model.ts";

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 1, text: 1, reasoning: undefined },
};

Deno.test("a stream that ends without the provider's finish is an error, the text before it kept", async () => {
  const { model } = fakeSdkModel([
    { type: "text-delta", id: "0", delta: "Hello" },
    { type: "finish", finishReason: { unified: "interrupted", raw: undefined }, usage },
  ] as unknown as LanguageModelV4StreamPart[]);
  const seen: ModelEvent[] = [];
  await assert.rejects(
    (async () => {
      for await (const event of fromAiSdkModel(model, "fake").stream({ messages: [] })) {
        seen.push(event);
      }
    })(),
    (error: Error) =>
      error instanceof ProviderError &&
      error.message === "fake: the reply stream ended before the reply was complete",
  );
  assert.deepEqual(seen, [{ type: "text-delta", text: "Hello" }]);
});

Deno.test("stopping early cancels the SDK's stream (and with it the connection)", async () => {
  const { model, state } = fakeSdkModel(
    [{ type: "text-delta", id: "0", delta: "Hello" }] as unknown as LanguageModelV4StreamPart[],
    { hang: true },
  );
  for await (const _event of fromAiSdkModel(model, "fake").stream({ messages: [] })) break;
  assert.ok(state.cancelled);
});

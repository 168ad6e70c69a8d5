import assert from "node:assert/strict";
import type { LanguageModelV4, LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { fromAiSdkModel } from "../../src/providers/ai_sdk_model.ts";
import { ProviderError } from "../../src/core/errors.ts";
import type { ModelEvent } from "../../src/providers/language_model.ts";

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 1, text: 1, reasoning: undefined },
};

/** An SDK model whose stream gives these parts, and that records whether it was cancelled. */
function sdkModel(parts: LanguageModelV4StreamPart[], hang = false) {
  const state = { cancelled: false };
  const model = {
    specificationVersion: "v4",
    provider: "fake",
    modelId: "fake-1",
    supportedUrls: {},
    doGenerate: () => Promise.reject(new Error("unused")),
    doStream: () =>
      Promise.resolve({
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          start(controller) {
            for (const part of parts) controller.enqueue(part);
            if (!hang) controller.close();
          },
          cancel() {
            state.cancelled = true;
          },
        }),
      }),
  } as unknown as LanguageModelV4;
  return { model, state };
}

Deno.test("a stream that ends without the provider's finish is an error, the text before it kept", async () => {
  const { model } = sdkModel([
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
  const { model, state } = sdkModel(
    [{ type: "text-delta", id: "0", delta: "Hello" }] as unknown as LanguageModelV4StreamPart[],
    true,
  );
  for await (const _event of fromAiSdkModel(model, "fake").stream({ messages: [] })) break;
  assert.ok(state.cancelled);
});

/**
 * A stream error keeps the headers of the 200 answer that carried it, so a
 * wait the provider asked for there is honoured by the retry before the
 * first text (tests/providers/retry_before_text_budget_test.ts).
 */
import assert from "node:assert/strict";
import type { LanguageModelV4, LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { fromAiSdkModel } from "../../src/providers/ai_sdk_model.ts";
import { fakeSdkModel } from "./_fake_sdk_model.ts";
import { responseHeadersOf } from "../../src/providers/stream_error_headers.ts";
import { errorTypeOf } from "../../src/core/error_type.ts";

async function failure(model: LanguageModelV4): Promise<unknown> {
  try {
    for await (const _ of fromAiSdkModel(model, "anthropic").stream({ messages: [] })) {
      // Only the error matters.
    }
  } catch (error) {
    return error;
  }
  throw new Error("the stream did not fail");
}

const OVERLOADED = {
  type: "error",
  error: { type: "overloaded_error", message: "Overloaded" },
} as unknown as LanguageModelV4StreamPart;

Deno.test("a stream error keeps the response headers of its answer (retry-after and the rest)", async () => {
  const error = await failure(
    fakeSdkModel([OVERLOADED], {
      headers: { "retry-after": "7", "content-type": "text/event-stream" },
    })
      .model,
  );
  assert.equal(errorTypeOf(error), "overloaded");
  assert.equal(responseHeadersOf(error)?.get("retry-after"), "7");
});

Deno.test("a stream error without response headers has none", async () => {
  const error = await failure(fakeSdkModel([OVERLOADED]).model);
  assert.equal(errorTypeOf(error), "overloaded");
  assert.equal(responseHeadersOf(error), undefined);
});

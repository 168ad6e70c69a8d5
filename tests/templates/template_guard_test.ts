import assert from "node:assert/strict";
import { runAsk } from "../../src/ask/run_ask.ts";
import type {
  GenerateRequest,
  LanguageModel,
  ModelEvent,
} from "../../src/providers/language_model.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

/** A model that keeps every request it is sent. */
function capturingModel(requests: GenerateRequest[]): LanguageModel {
  return {
    provider: "fake",
    modelId: "fake-1",
    async *stream(request): AsyncIterable<ModelEvent> {
      requests.push(request);
      yield { type: "text-delta", text: "ok" };
      yield {
        type: "finish",
        finishReason: "stop",
        usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 },
      };
    },
  };
}

Deno.test("a template's prompt is filled with stdin and words, and a secret in either goes through the guard", async () => {
  const key = openaiProjectKey("guard");
  const requests: GenerateRequest[] = [];
  const context = memoryContext({ stdin: `piped ${key}\n` });
  await runAsk({
    words: ["and", "words"],
    output: "text",
    stream: true,
    onSecret: "redact",
    // A template edited into the config by hand is not scanned at save time: the guard still runs.
    promptTemplate: `Check {input} against ${key}`,
    system: `system ${key}`,
  }, { io: context.io, model: capturingModel(requests), now: () => 0, sessionId: "s" });
  await context.io.close();
  assert.equal(requests.length, 1);
  const sent = JSON.stringify(requests[0]);
  assert.ok(!sent.includes(key), "no secret leaves");
  assert.match(requests[0].messages[0].content, /^Check piped .+\n\nand words against /);
  assert.match(
    context.stderr(),
    /Masked secrets in the request before sending \(openai in the system prompt; openai in the prompt\)/,
  );
});

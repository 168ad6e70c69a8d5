/**
 * A reply that breaks off in the middle of a key (the provider's stream
 * fails, or Ctrl-C) never shows the part of the key that came: the tail
 * that could be the start of a secret is masked, in every output mode.
 */
import assert from "node:assert/strict";
import { type AskOptions, runAsk } from "../../src/ask/run_ask.ts";
import { ProviderError } from "../../src/core/errors.ts";
import type {
  FinishReason,
  LanguageModel,
  ModelEvent,
} from "../../src/providers/language_model.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { oneReplyModel } from "../_support/one_reply_model.ts";
import { knownCanaries, leakedPart, patternCanaries } from "../security/_leak_checks.ts";

function brokenModel(text: string): LanguageModel {
  return {
    provider: "fake",
    modelId: "fake-1",
    async *stream(): AsyncIterable<ModelEvent> {
      yield { type: "text-delta", text };
      throw new ProviderError("fake: the connection was lost");
    },
  };
}

Deno.test("a reply broken off inside a key shows no part of it, in every mode", async () => {
  clearKnownSecrets();
  const [known] = knownCanaries("CUT");
  registerSecret(known.value, "MISTRAL_API_KEY");
  for (const canary of [known, ...patternCanaries("CUT")]) {
    for (let kept = 6; kept < canary.value.length; kept += 5) {
      for (const output of ["text", "json", "stream-json"] as AskOptions["output"][]) {
        const context = memoryContext();
        await assert.rejects(
          runAsk({ words: ["hi"], output, stream: true, onSecret: "redact" }, {
            io: context.io,
            model: brokenModel(`the key is ${canary.value.slice(0, kept)}`),
            now: () => 0,
            sessionId: "s",
          }),
          ProviderError,
        );
        await context.io.close();
        const part = leakedPart(context.stdout(), canary);
        if (part !== undefined) assert.fail(`${canary.name}, ${kept} kept, ${output}: "${part}"`);
        assert.match(context.stdout(), /the key is \*\*\*/);
      }
    }
  }
  clearKnownSecrets();
});

Deno.test("a reply cut at --max-tokens inside a key shows no part of it, in every mode", async () => {
  clearKnownSecrets();
  const [known] = knownCanaries("MAX");
  registerSecret(known.value, "MISTRAL_API_KEY");
  for (const kept of [8, known.value.length / 2, known.value.length - 1]) {
    for (const output of ["text", "json", "stream-json"] as AskOptions["output"][]) {
      const context = memoryContext();
      const reply = await runAsk({ words: ["hi"], output, stream: true, onSecret: "redact" }, {
        io: context.io,
        model: oneReplyModel(`the key is ${known.value.slice(0, kept)}`, "length"),
        now: () => 0,
        sessionId: "s",
      });
      await context.io.close();
      for (const [where, text] of [["stdout", context.stdout()], ["the kept reply", reply]]) {
        const part = leakedPart(text, known);
        if (part !== undefined) assert.fail(`${kept} kept, ${output}, ${where}: "${part}"`);
      }
      assert.match(context.stdout(), /the key is \*\*\*/);
    }
  }
  clearKnownSecrets();
});

Deno.test("a reply that ends for a reason other than its natural end ('error', 'other') is cut short too", async () => {
  // review: an OpenAI-compatible server's finish reason outside OpenAI's list (vLLM's "abort"),
  // or Gemini's OTHER or MALFORMED_FUNCTION_CALL, ends the reply as "other" or "error": the
  // first 12 characters of a loaded Mistral key reached stdout, as at --max-tokens before.
  clearKnownSecrets();
  const [known] = knownCanaries("ODD");
  registerSecret(known.value, "MISTRAL_API_KEY");
  for (const finishReason of ["other", "error"] as FinishReason[]) {
    const context = memoryContext();
    const reply = await runAsk(
      { words: ["hi"], output: "text", stream: true, onSecret: "redact" },
      {
        io: context.io,
        model: oneReplyModel(`the key is ${known.value.slice(0, 12)}`, finishReason),
        now: () => 0,
        sessionId: "s",
      },
    );
    await context.io.close();
    for (const [where, text] of [["stdout", context.stdout()], ["the kept reply", reply]]) {
      const part = leakedPart(text, known);
      if (part !== undefined) assert.fail(`${finishReason}, ${where}: "${part}"`);
    }
  }
  clearKnownSecrets();
});

import assert from "node:assert/strict";
import { retryBeforeText } from "../../src/providers/retry_before_text.ts";
import { classifyStreamError } from "../../src/providers/classify_stream_error.ts";
import type { LanguageModel, ModelEvent } from "../../src/providers/language_model.ts";
import type { RetryEvent } from "../../src/net/retrying_fetch.ts";
import { RateLimitError } from "../../src/core/errors.ts";
import { withErrorType } from "../../src/core/error_type.ts";
import { instantClock } from "../_support/instant_clock.ts";

const FINISH: ModelEvent = {
  type: "finish",
  finishReason: "stop",
  usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 },
};

/** A model whose attempts each send some text and then fail with a stream error, or succeed. */
function scriptedModel(attempts: { texts: string[]; error?: unknown }[]) {
  let calls = 0;
  const model: LanguageModel = {
    provider: "anthropic",
    modelId: "m",
    async *stream() {
      const attempt = attempts[Math.min(calls, attempts.length - 1)];
      calls += 1;
      for (const text of attempt.texts) yield { type: "text-delta", text };
      if (attempt.error) throw attempt.error;
      yield FINISH;
    },
  };
  return { model, calls: () => calls };
}

const overloaded = () =>
  classifyStreamError(
    { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
    "anthropic",
  );
const quota = () =>
  classifyStreamError({ error: { type: "insufficient_quota", message: "quota" } }, "openai");

async function collect(model: LanguageModel): Promise<{ texts: string[]; error?: unknown }> {
  const texts: string[] = [];
  try {
    for await (const event of model.stream({ messages: [] })) {
      if (event.type === "text-delta") texts.push(event.text);
    }
    return { texts };
  } catch (error) {
    return { texts, error };
  }
}

Deno.test("retryBeforeText: an overload before the first text is retried and the reply completes", async () => {
  const scripted = scriptedModel([{ texts: [], error: overloaded() }, { texts: ["Hi", "!"] }]);
  const retries: RetryEvent[] = [];
  const clock = instantClock();
  const model = retryBeforeText(scripted.model, {
    random: () => 0.5,
    clock,
    onRetry: (event) => void retries.push(event),
  });
  const result = await collect(model);
  assert.equal(result.error, undefined);
  assert.deepEqual(result.texts, ["Hi", "!"]);
  assert.equal(scripted.calls(), 2);
  assert.equal(retries.length, 1);
  assert.equal(retries[0].attempt, 1);
  assert.match(retries[0].reason, /overloaded/);
  assert.deepEqual(clock.waits, [500]);
});

Deno.test("retryBeforeText: an error after text is never retried (the text stays, the error is reported)", async () => {
  const error = overloaded();
  const scripted = scriptedModel([{ texts: ["Part"], error }, { texts: ["Whole"] }]);
  const model = retryBeforeText(scripted.model, { clock: instantClock() });
  const result = await collect(model);
  assert.equal(result.error, error);
  assert.deepEqual(result.texts, ["Part"]);
  assert.equal(scripted.calls(), 1);
});

Deno.test("retryBeforeText: an exhausted quota is not retried; retries stop at maxRetries", async () => {
  const exhausted = quota();
  const once = scriptedModel([{ texts: [], error: exhausted }]);
  const result = await collect(retryBeforeText(once.model, { clock: instantClock() }));
  assert.equal(result.error, exhausted);
  assert.equal(once.calls(), 1);

  const always = scriptedModel([{ texts: [], error: overloaded() }]);
  const limited = await collect(
    retryBeforeText(always.model, { maxRetries: 2, clock: instantClock() }),
  );
  assert.ok(limited.error);
  assert.equal(always.calls(), 3);
});

Deno.test("retryBeforeText: an HTTP error the retrying fetch already retried is not retried again", async () => {
  const exhausted = withErrorType(
    new RateLimitError("openai returned 503 after 4 retries"),
    "overloaded",
  );
  const scripted = scriptedModel([{ texts: [], error: exhausted }, { texts: ["never"] }]);
  const result = await collect(retryBeforeText(scripted.model, { clock: instantClock() }));
  assert.equal(result.error, exhausted);
  assert.equal(scripted.calls(), 1);
});

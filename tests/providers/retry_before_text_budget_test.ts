/**
 * One retry budget per request across both retrying layers: the retrying
 * fetch (an HTTP status) and `retryBeforeText` (an error event before the
 * first text). A fake fetch counts every attempt; the model under test calls
 * the real retrying fetch the way an AI SDK model does, and turns an error
 * event in the body into a stream error.
 */
import assert from "node:assert/strict";
import { retryBeforeText } from "../../src/providers/retry_before_text.ts";
import { classifyStreamError } from "../../src/providers/classify_stream_error.ts";
import type { LanguageModel } from "../../src/providers/language_model.ts";
import { createRetryingFetch, type RetryEvent } from "../../src/net/retrying_fetch.ts";
import { exitCodeOf } from "../../src/core/errors.ts";
import { errorTypeOf } from "../../src/core/error_type.ts";
import { withResponseHeaders } from "../../src/providers/stream_error_headers.ts";
import { instantClock } from "../_support/instant_clock.ts";

type Answer = "503" | "529" | "stream-error" | "ok";

/** A fetch that answers each attempt from `script` (the last answer repeats) and counts them. */
function scriptedFetch(
  script: Answer[],
  retryAfterSeconds?: number,
  streamRetryAfterSeconds?: number,
) {
  let count = 0;
  const fetch = (_input: RequestInfo | URL, _init?: RequestInit) => {
    const answer = script[Math.min(count, script.length - 1)];
    count += 1;
    if (answer === "503" || answer === "529") {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (retryAfterSeconds !== undefined) headers["retry-after"] = String(retryAfterSeconds);
      return Promise.resolve(
        new Response(JSON.stringify({ error: { message: "Overloaded" } }), {
          status: Number(answer),
          headers,
        }),
      );
    }
    const body = answer === "ok" ? JSON.stringify({ text: "Hello" }) : JSON.stringify({
      type: "error",
      error: { type: "overloaded_error", message: "Overloaded" },
    });
    const headers: Record<string, string> = {};
    if (answer === "stream-error" && streamRetryAfterSeconds !== undefined) {
      headers["retry-after"] = String(streamRetryAfterSeconds);
    }
    return Promise.resolve(new Response(body, { status: 200, headers }));
  };
  return { fetch: fetch as typeof globalThis.fetch, count: () => count };
}

/** A model that fetches like an AI SDK model: an HTTP error throws, an error event is a stream error. */
function fetchingModel(fetch: typeof globalThis.fetch): LanguageModel {
  return {
    provider: "anthropic",
    modelId: "m",
    async *stream(request) {
      const response = await fetch("https://api.anthropic.com/v1/messages", {
        method: "POST",
        body: "{}",
        signal: request.signal,
      });
      const body = await response.json();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      if (body.type === "error") {
        throw withResponseHeaders(classifyStreamError(body, "anthropic"), response.headers);
      }
      yield { type: "text-delta", text: body.text };
      yield {
        type: "finish",
        finishReason: "stop",
        usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 },
      };
    },
  };
}

async function collect(model: LanguageModel): Promise<{ text: string; error?: unknown }> {
  let text = "";
  try {
    for await (const event of model.stream({ messages: [] })) {
      if (event.type === "text-delta") text += event.text;
    }
    return { text };
  } catch (error) {
    return { text, error };
  }
}

/** Both layers as the registry composes them, over `script`, with one instant clock. */
function composed(
  script: Answer[],
  limits: {
    maxRetries: number;
    timeoutMs?: number;
    /** `retry-after` of each 503 and 529. */
    retryAfterSeconds?: number;
    /** `retry-after` of each 200 answer whose stream carries an error. */
    streamRetryAfterSeconds?: number;
  },
) {
  const clock = instantClock(0);
  const fake = scriptedFetch(script, limits.retryAfterSeconds, limits.streamRetryAfterSeconds);
  const events: RetryEvent[] = [];
  const network = {
    maxRetries: limits.maxRetries,
    timeoutMs: limits.timeoutMs,
    onRetry: (event: RetryEvent) => void events.push(event),
  };
  const retryingFetch = createRetryingFetch({
    ...network,
    provider: "anthropic",
    fetch: fake.fetch,
    clock,
    random: () => 0.5,
  });
  const model = retryBeforeText(fetchingModel(retryingFetch), {
    ...network,
    clock,
    random: () => 0.5,
  });
  return { model, clock, events, attempts: fake.count };
}

for (const status of ["503", "529"] as const) {
  Deno.test(`retry budget: a ${status} on every attempt makes maxRetries + 1 attempts, the waits on the clock`, async () => {
    const run = composed([status], { maxRetries: 3 });
    const result = await collect(run.model);
    assert.equal(run.attempts(), 4);
    assert.equal(exitCodeOf(result.error), 5);
    assert.deepEqual(run.clock.waits, [500, 1000, 2000]);
    assert.deepEqual(run.events.map((event) => event.attempt), [1, 2, 3]);
  });
}

Deno.test("retry budget: an error event before the first text on every attempt makes maxRetries + 1 attempts, the waits on the clock", async () => {
  const run = composed(["stream-error"], { maxRetries: 3 });
  const result = await collect(run.model);
  assert.equal(run.attempts(), 4);
  assert.equal(errorTypeOf(result.error), "overloaded");
  assert.equal(exitCodeOf(result.error), 5);
  assert.match(String((result.error as Error).message), /after 3 retries/);
  assert.deepEqual(run.clock.waits, [500, 1000, 2000]);
  assert.deepEqual(run.events.map((event) => event.attempt), [1, 2, 3]);
});

Deno.test("retry budget: HTTP statuses and error events mixed share one budget of maxRetries + 1 attempts", async () => {
  for (const script of [["503", "stream-error"], ["stream-error", "529", "stream-error", "503"]]) {
    const cycle = (count: number) =>
      Array.from({ length: count }, (_, i) => script[i % script.length]);
    const run = composed(cycle(20) as Answer[], { maxRetries: 4 });
    const result = await collect(run.model);
    assert.ok(result.error, "every attempt failed");
    assert.equal(run.attempts(), 5, `script ${script.join(", ")}`);
    assert.deepEqual(run.events.map((event) => event.attempt), [1, 2, 3, 4]);
    assert.equal(run.clock.waits.length, 4);
  }
});

Deno.test("retry budget: a reply after mixed failures completes within the budget", async () => {
  const run = composed(["503", "stream-error", "ok"], { maxRetries: 2 });
  const result = await collect(run.model);
  assert.equal(result.error, undefined);
  assert.equal(result.text, "Hello");
  assert.equal(run.attempts(), 3);
  assert.deepEqual(run.events.map((event) => event.attempt), [1, 2]);
});

Deno.test("retry budget: the total timeout counts from the request's start, not from each attempt", async () => {
  // Each 503 asks for 3 s, each error event waits its backoff (random 0.5: 1 s, then 4 s);
  // the fourth wait would end past 10 s from the request's start, so the request ends there.
  const script = Array.from({ length: 20 }, (_, i) => i % 2 === 0 ? "503" : "stream-error");
  const run = composed(script as Answer[], {
    maxRetries: 10,
    timeoutMs: 10_000,
    retryAfterSeconds: 3,
  });
  const result = await collect(run.model);
  assert.match(String((result.error as Error).message), /would pass the total time limit/);
  assert.deepEqual(run.clock.waits, [3000, 1000, 3000]);
  assert.equal(run.attempts(), 4);
});

Deno.test("retry budget: an error event before the first text in an answer that asks to wait waits that long, like an HTTP retry", async () => {
  const run = composed(["stream-error", "stream-error", "ok"], {
    maxRetries: 4,
    streamRetryAfterSeconds: 7,
  });
  const result = await collect(run.model);
  assert.equal(result.error, undefined);
  assert.deepEqual(run.clock.waits, [7000, 7000]);
});

Deno.test("retry budget: an error event whose answer asks for a wait past --max-retry-wait gives up at once, saying so", async () => {
  const run = composed(["stream-error"], { maxRetries: 4, streamRetryAfterSeconds: 120 });
  const result = await collect(run.model);
  assert.equal(run.attempts(), 1);
  assert.deepEqual(run.clock.waits, []);
  assert.match(String((result.error as Error).message), /asks to wait 2 min 0 s/);
  assert.equal(errorTypeOf(result.error), "overloaded");
});

/**
 * Concurrent requests through one model (a batch) each have their own retry
 * session: each makes at most `maxRetries + 1` attempts, whatever mix of HTTP
 * statuses and error events it meets and whatever the others do meanwhile.
 * The model calls the real retrying fetch the way an AI SDK model does (the
 * request's signal as `init.signal`); the fake fetch tells the requests apart
 * by their body and answers each from its own script.
 */
import assert from "node:assert/strict";
import { retryBeforeText } from "../../src/providers/retry_before_text.ts";
import { classifyStreamError } from "../../src/providers/classify_stream_error.ts";
import type { LanguageModel } from "../../src/providers/language_model.ts";
import { createRetryingFetch } from "../../src/net/retrying_fetch.ts";
import { exitCodeOf } from "../../src/core/errors.ts";
import { instantClock } from "../_support/instant_clock.ts";

type Answer = "503" | "stream-error" | "ok";

/** A fetch that answers each request (named by its body) from its script, and logs the order. */
function scriptedFetch(scripts: Record<string, Answer[]>) {
  const counts: Record<string, number> = {};
  const order: string[] = [];
  const fetch = async (_input: RequestInfo | URL, init?: RequestInit) => {
    // The retrying fetch sends the body it read as an ArrayBuffer.
    const name = new TextDecoder().decode(init?.body as ArrayBuffer);
    // Lets the other requests run between any two attempts of this one.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const script = scripts[name];
    const answer = script[Math.min(counts[name] ?? 0, script.length - 1)];
    counts[name] = (counts[name] ?? 0) + 1;
    order.push(name);
    if (answer === "503") {
      return new Response(JSON.stringify({ error: { message: "Overloaded" } }), { status: 503 });
    }
    return new Response(
      answer === "ok" ? JSON.stringify({ text: `Hello ${name}` }) : JSON.stringify({
        type: "error",
        error: { type: "overloaded_error", message: "Overloaded" },
      }),
      { status: 200 },
    );
  };
  return { fetch: fetch as typeof globalThis.fetch, counts, order };
}

/** A model that fetches like an AI SDK model: the request's signal goes to the fetch. */
function fetchingModel(fetch: typeof globalThis.fetch): LanguageModel {
  return {
    provider: "anthropic",
    modelId: "m",
    async *stream(request) {
      const response = await fetch("https://api.anthropic.com/v1/messages", {
        method: "POST",
        body: request.messages[0].content,
        signal: request.signal,
      });
      const body = await response.json();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      if (body.type === "error") throw classifyStreamError(body, "anthropic");
      yield { type: "text-delta", text: body.text };
      yield {
        type: "finish",
        finishReason: "stop",
        usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 },
      };
    },
  };
}

async function collect(model: LanguageModel, name: string) {
  let text = "";
  try {
    for await (const event of model.stream({ messages: [{ role: "user", content: name }] })) {
      if (event.type === "text-delta") text += event.text;
    }
    return { text };
  } catch (error) {
    return { text, error };
  }
}

function composed(scripts: Record<string, Answer[]>, maxRetries: number) {
  const clock = instantClock(0);
  const fake = scriptedFetch(scripts);
  const retryingFetch = createRetryingFetch({
    maxRetries,
    provider: "anthropic",
    fetch: fake.fetch,
    clock,
    random: () => 0.5,
  });
  return { model: retryBeforeText(fetchingModel(retryingFetch), { maxRetries, clock }), fake };
}

const mixed = (first: Answer, count: number): Answer[] =>
  Array.from(
    { length: count },
    (_, i) => (i % 2 === 0) === (first === "503") ? "503" : "stream-error",
  );

Deno.test("concurrent requests through one model each make maxRetries + 1 attempts, in mixed failures", async () => {
  const names = ["a", "b", "c"];
  const { model, fake } = composed(
    { a: mixed("503", 20), b: mixed("stream-error", 20), c: mixed("503", 20) },
    3,
  );
  const results = await Promise.all(names.map((name) => collect(model, name)));
  for (const [index, name] of names.entries()) {
    assert.equal(fake.counts[name], 4, `attempts of request ${name}`);
    assert.equal(exitCodeOf(results[index].error), 5, `request ${name} failed as unreachable`);
    assert.match(String((results[index].error as Error).message), /after 3 retries/);
  }
  // The requests ran at the same time: some attempt of one came between two of another.
  assert.notDeepEqual(fake.order, [...fake.order].sort(), fake.order.join(","));
});

Deno.test("a request that fails alone keeps its budget while another completes beside it", async () => {
  const { model, fake } = composed(
    { ok: ["503", "stream-error", "ok"], failing: mixed("stream-error", 20) },
    2,
  );
  const [ok, failing] = await Promise.all([collect(model, "ok"), collect(model, "failing")]);
  assert.equal(ok.error, undefined);
  assert.equal(ok.text, "Hello ok");
  assert.equal(fake.counts.ok, 3);
  assert.equal(fake.counts.failing, 3);
  assert.match(String((failing.error as Error).message), /after 2 retries/);
});

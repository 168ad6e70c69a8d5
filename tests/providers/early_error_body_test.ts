/**
 * An error frame before any output fails the OpenAI call (so that it is
 * retried before any text is shown); the rest of that reply's body is then
 * cancelled, not read on in the background: a server that follows the
 * error frame with an endless body cannot keep a connection busy (and
 * memory and bandwidth spent) for every failed attempt until a timeout.
 */
import assert from "node:assert/strict";
import { DIFFERENTIAL_KEY, modelOf, sse } from "./_openai_chat_differential.ts";

/** A body: the error frame, then endless keep-alives (up to 5000 pieces), counting reads. */
function errorThenEndless() {
  const encoder = new TextEncoder();
  let pulls = 0;
  let cancelled = false;
  const filler = encoder.encode(": keep-alive\n\n".repeat(100));
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulls++;
      if (pulls === 1) {
        return controller.enqueue(
          encoder.encode(
            sse({ error: { message: `overloaded ${DIFFERENTIAL_KEY}`, type: "server_error" } }),
          ),
        );
      }
      if (pulls > 5000) return controller.close();
      controller.enqueue(filler);
    },
    cancel() {
      cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { body, pulls: () => pulls, cancelled: () => cancelled };
}

Deno.test("openai: the body after an error frame before any output is cancelled, not drained", async () => {
  const reply = errorThenEndless();
  const model = await modelOf(
    "omn",
    "gpt-4o-mini",
    (() =>
      Promise.resolve(
        new Response(reply.body, { headers: { "content-type": "text/event-stream" } }),
      )) as typeof fetch,
  );
  await assert.rejects(
    async () =>
      await model.doStream(
        {
          prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
        } as Parameters<typeof model.doStream>[0],
      ),
    (error: Error) => {
      assert.equal(error.name, "AI_APICallError");
      return true;
    },
  );
  for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
  assert.ok(reply.cancelled(), `not cancelled; ${reply.pulls()} pieces read`);
  assert.ok(reply.pulls() <= 3, `${reply.pulls()} pieces read`);
});

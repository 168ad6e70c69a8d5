/**
 * `data: [DONE]` ends a reply in omn's own chat clients (OpenAI, custom
 * endpoints, Ollama): a server that keeps the body open after it (silent, or
 * sending keep-alive comments or more events for ever) cannot hold the
 * reply until a timeout. The reply ends with its text, finish and usage;
 * what follows `[DONE]` is not read as reply (OpenAI sends nothing after
 * it), and a body that goes on is cancelled. A well-behaved body that ends
 * right after `[DONE]` is read to its end, as before.
 */
import assert from "node:assert/strict";
import { ReplyEvents } from "../../src/providers/chat_completions_request.ts";
import {
  answeringWith,
  chunk,
  DIFFERENTIAL_KEY,
  type Flavor,
  HELLO,
  omnStreamOf,
  sse,
  USAGE_CHUNK,
} from "./_openai_chat_differential.ts";

/**
 * A body that sends `start`, then `after` again and again (200 times, then
 * it ends, so that a client reading to the end does not read for ever), or,
 * when `after` is empty, waits silently until cancelled or released.
 */
function neverEnding(start: string, after: string) {
  const encoder = new TextEncoder();
  let cancelled = false;
  let pulls = 0;
  let release: (() => void) | undefined;
  let waiting: () => void = () => {};
  const silent = new Promise<void>((resolve) => waiting = resolve);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      pulls++;
      if (pulls === 1) return controller.enqueue(encoder.encode(start));
      if (after === "") {
        waiting();
        await new Promise<void>((resolve) => release = resolve);
        return controller.close();
      }
      if (pulls > 200) return controller.close();
      controller.enqueue(encoder.encode(after));
    },
    cancel() {
      cancelled = true;
      release?.();
    },
  }, { highWaterMark: 0 });
  return {
    body,
    cancelled: () => cancelled,
    /** Resolves once the body is waiting silently after its start. */
    silent,
    release: () => release?.(),
  };
}

/** Lets the event loop turn a few times (no clock: each turn runs what is ready). */
async function turns(count: number): Promise<void> {
  for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
}

const AFTER_DONE: Record<string, string> = {
  "keep-alive comments": ": keep-alive\n\n",
  "more text events": sse(chunk({ content: " more" })),
  "an error frame": sse({ error: { message: `late ${DIFFERENTIAL_KEY}` } }),
  "silence": "",
};

async function run(flavor: Flavor, body: ReadableStream<Uint8Array>): Promise<unknown[]> {
  const { events, error } = await omnStreamOf(flavor, answeringWith(body));
  if (error !== undefined) throw error;
  return events;
}

function textOf(events: unknown[]): string {
  return events.map((event) => (event as { text?: string }).text ?? "").join("");
}

for (const flavor of ["openai", "compatible", "ollama"] as const) {
  for (const [name, after] of Object.entries(AFTER_DONE)) {
    Deno.test(`${flavor}: a body that goes on after [DONE] with ${name} ends the reply at [DONE]`, async () => {
      const stream = neverEnding(HELLO, after);
      const running = run(flavor, stream.body);
      let ended = false;
      running.then(() => ended = true, () => ended = true);
      if (after === "") {
        await Promise.race([stream.silent, running]);
        await turns(20);
        const endedBeforeRelease = ended;
        stream.release();
        await running;
        assert.ok(endedBeforeRelease, "the reply waited for the body to end after [DONE]");
      }
      const events = await running;
      assert.equal(textOf(events), "Hello, world");
      const finish = events.at(-1) as { type: string; usage?: { inputTokens?: number } };
      assert.equal(finish.type, "finish", JSON.stringify(finish));
      assert.equal(finish.usage?.inputTokens, USAGE_CHUNK.usage.prompt_tokens);
      assert.ok(!JSON.stringify(events).includes(DIFFERENTIAL_KEY));
      if (after !== "") {
        await turns(20);
        assert.ok(stream.cancelled(), "the body that went on after [DONE] was not cancelled");
      }
    });
  }
}

Deno.test("reply events: a body that ends right after [DONE] is read to its end, not cancelled", async () => {
  let cancelled = false;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(HELLO));
      controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  const events = new ReplyEvents(
    {
      response: new Response(body) as never,
      responseHeaders: {},
    },
    "http://127.0.0.1:9/v1/chat/completions",
    {},
  );
  const seen: string[] = [];
  for (let data = await events.next(); data !== undefined; data = await events.next()) {
    seen.push(data);
  }
  assert.equal(seen.length, 5);
  await events.settled();
  assert.equal(cancelled, false);
});

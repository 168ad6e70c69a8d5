/**
 * The reply events of omn's own chat clients (OpenAI, custom endpoints,
 * Ollama) stay bounded: an event longer than the limit (one endless `data:`
 * line, or endless `data:` lines without the blank line that ends an event)
 * fails with a one-line error naming the limit, after reading no more than
 * the limit and one piece of the body; the text-less chunks before the first
 * text are not kept (tests/providers/openai_chat_look_ahead_test.ts).
 */
import assert from "node:assert/strict";
import {
  MAX_REPLY_EVENT_CHARACTERS,
  ReplyEvents,
  ReplyEventTooLargeError,
} from "../../src/providers/chat_completions_request.ts";
import { fromAiSdkModel } from "../../src/providers/ai_sdk_model.ts";
import {
  chunk,
  DIFFERENTIAL_KEY,
  endlessBody,
  modelOf,
  outcomeOf,
  sse,
  streamReply,
  USAGE_CHUNK,
} from "./_openai_chat_differential.ts";
import { ProviderError } from "../../src/core/errors.ts";

const PIECE = 64 * 1024;

function replyOf(body: ReadableStream<Uint8Array>) {
  return {
    response: new Response(body, { headers: { "content-type": "text/event-stream" } }) as never,
    responseHeaders: { "content-type": "text/event-stream" },
  };
}

const LIMIT = 1024 * 1024;
const CASES = {
  "one endless data line": ['data: {"x":"', "a"],
  "endless data lines without the blank line": ["", "data: aaaaaaaaaaaaaaaaaaaaaaaa\n"],
  "an endless line after a first event": [
    `data: ${JSON.stringify(chunk({ content: "Hi" }))}\n\ndata: `,
    "b",
  ],
  "an endless line of carriage-return lines": ["", "data: cccc\r"],
};

for (const [name, [start, filler]] of Object.entries(CASES)) {
  Deno.test(`reply events: ${name} fails at the limit, having read a few times it at most`, async () => {
    const stream = endlessBody(start, filler, 40 * LIMIT);
    const events = new ReplyEvents(
      replyOf(stream.body),
      "http://127.0.0.1:9/v1/chat/completions",
      {},
      LIMIT,
    );
    const seen: string[] = [];
    let failure: unknown;
    try {
      for (;;) {
        const data = await events.next();
        if (data === undefined) break;
        seen.push(data);
      }
    } catch (error) {
      failure = error;
    }
    assert.ok(failure instanceof ReplyEventTooLargeError, `no error: ${seen.length} events`);
    assert.match(
      failure.message,
      /^Cannot read the reply stream: one event exceeded the limit of 1048576 characters \(1 MiB\)/,
    );
    assert.ok(!failure.message.includes("\n"));
    // The limit counts characters of the event; each line's `data: ` and end add bytes.
    assert.ok(stream.sent() <= 4 * LIMIT, `read ${stream.sent()} bytes`);
    assert.ok(seen.every((data) => data.length < 1000), "only the short events came before");
    await assert.rejects(events.next(), ReplyEventTooLargeError, "it stays failed");
  });
}

Deno.test("reply events: the default limit is a few MiB, above any real event", () => {
  assert.equal(MAX_REPLY_EVENT_CHARACTERS, 8 * 1024 * 1024);
});

for (const flavor of ["openai", "compatible", "ollama"] as const) {
  Deno.test(`${flavor}: an event over the limit is a one-line provider error naming it`, async () => {
    const huge = `data: {"x":"${"a".repeat(MAX_REPLY_EVENT_CHARACTERS + 4 * PIECE)}"}\n\n`;
    const model = await modelOf(
      "omn",
      "m",
      (() =>
        Promise.resolve(
          streamReply(huge, Array(200).fill(PIECE))(new Request("http://x")),
        )) as typeof fetch,
      undefined,
      flavor,
    );
    const provider = { openai: "openai", compatible: "mycorp", ollama: "ollama" }[flavor];
    const error = await (async () => {
      try {
        for await (
          const _ of fromAiSdkModel(model, provider).stream({
            messages: [{ role: "user", content: "hi" }],
          })
        );
      } catch (error) {
        return error;
      }
    })();
    assert.ok(error instanceof ProviderError, String(error));
    assert.equal(
      error.message,
      `${provider}: Cannot read the reply stream: one event exceeded the limit of 8388608 characters (8 MiB); the server did not send a normal chat stream`,
    );
  });
}

Deno.test("openai: text-less chunks before the text, then an error frame or text: the same as the SDK's", async () => {
  const textLess = Array.from(
    { length: 600 },
    (_, index) => [chunk({ content: "" }), USAGE_CHUNK, chunk({ role: "assistant" })][index % 3],
  );
  for (
    const tail of [
      [chunk({ content: "Hi" }), chunk({}, { finish_reason: "stop" }), "[DONE]"],
      [{ error: { message: "overloaded", type: "server_error" } }],
      ["{not json"],
      [],
    ]
  ) {
    const reply = streamReply(sse(...textLess, ...tail), [100, 5000, 7]);
    const ours = await outcomeOf("omn", reply);
    const theirs = await outcomeOf("sdk", reply);
    assert.deepEqual(ours, theirs);
    assert.ok(!JSON.stringify(ours.omn).includes(DIFFERENTIAL_KEY));
  }
});

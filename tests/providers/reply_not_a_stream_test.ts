/**
 * A success answer that is not an event stream (a JSON error sent with
 * status 200, a whole non-streamed completion, a captive portal's HTML page,
 * plain text) is reported by omn's chat clients (OpenAI, custom endpoints,
 * Ollama) as one line naming what the server sent, with its message
 * (redacted), instead of the SDK's "the stream ended early". A body that
 * could be an event stream (empty, comments only, an event without its
 * blank line) still reads as the SDK reads it.
 */
import assert from "node:assert/strict";
import { looksLikeEventStream } from "../../src/providers/reply_not_a_stream.ts";
import {
  DIFFERENTIAL_KEY,
  type Flavor,
  omnStreamOf,
  outcomeOf,
  providerOf,
  streamReply,
} from "./_openai_chat_differential.ts";

const BODIES: [string, string, string, string][] = [
  [
    "a JSON error",
    "application/json",
    JSON.stringify({
      error: { message: "Model gpt-9 does not exist", type: "invalid_request_error" },
    }),
    'the server sent JSON saying "Model gpt-9 does not exist", not an event stream',
  ],
  [
    "a JSON error echoing the key",
    "application/json",
    JSON.stringify({ error: { message: `Bad key ${DIFFERENTIAL_KEY}` } }),
    'the server sent JSON saying "Bad key sk-proj-***", not an event stream',
  ],
  [
    "a whole non-streamed completion",
    "application/json",
    JSON.stringify({
      object: "chat.completion",
      choices: [{ index: 0, message: { role: "assistant", content: "Hi" } }],
    }),
    "the server sent JSON with no error message, not an event stream",
  ],
  [
    "a captive portal's page",
    "text/html",
    "<!doctype html><html><head><title>Wi-Fi login</title></head><body>…</body></html>",
    'the server sent an HTML page "Wi-Fi login", not an event stream',
  ],
  [
    "plain text",
    "text/plain",
    "upstream connect error\nor disconnect",
    'the server sent text "upstream connect error or disconnect", not an event stream',
  ],
];

async function failureOf(flavor: Flavor, type: string, body: string): Promise<Error> {
  const fetch = (() =>
    Promise.resolve(
      new Response(body, { headers: { "content-type": type } }),
    )) as typeof globalThis.fetch;
  const { error } = await omnStreamOf(flavor, fetch, "m");
  if (error === undefined) throw new Error("the call did not fail");
  return error;
}

for (const flavor of ["openai", "compatible", "ollama"] as const) {
  for (const [name, type, body, says] of BODIES) {
    Deno.test(`${flavor}: a 200 with ${name} names what the server sent`, async () => {
      const error = await failureOf(flavor, type, body);
      assert.equal(error.constructor.name, "ProviderError");
      assert.equal(error.message, `${providerOf(flavor)}: Cannot read the reply stream: ${says}`);
      assert.ok(!error.message.includes(DIFFERENTIAL_KEY.slice(20, 50)));
    });
  }
  Deno.test(`${flavor}: bodies that could be event streams read as the SDK reads them`, async () => {
    for (
      const body of [
        "",
        "   ",
        ": keep-alive\n\n",
        "data: {}",
        "\uFEFF: hi\n",
        "\n\n",
        "retry: 5\n",
      ]
    ) {
      const reply = streamReply(body);
      assert.deepEqual(
        await outcomeOf("omn", reply, undefined, undefined, flavor),
        await outcomeOf("sdk", reply, undefined, undefined, flavor),
        JSON.stringify(body),
      );
    }
  });
}

Deno.test("looksLikeEventStream: fields, comments and blank lines, not JSON, HTML or text", () => {
  for (
    const start of [
      "",
      "data: x",
      "data:x",
      "event: e\n",
      "id:1",
      "retry: 3",
      ": c",
      "\n",
      "\uFEFFdata: x",
    ]
  ) {
    assert.ok(looksLikeEventStream(start), JSON.stringify(start));
  }
  for (const start of ["{}", "[1]", "<html>", "Bad gateway", "database error"]) {
    assert.ok(!looksLikeEventStream(start), JSON.stringify(start));
  }
});

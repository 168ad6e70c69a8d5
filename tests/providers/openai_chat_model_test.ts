/**
 * omn's own OpenAI chat client does what the AI SDK's chat model does, reply
 * by reply: the same request, the same parts, the same errors (thrown, in the
 * stream, or ending it), and so the same events and error for omn. Each case
 * runs both over the same bytes (tests/providers/_openai_chat_differential.ts).
 */
import assert from "node:assert/strict";
import {
  chunk,
  DIFFERENTIAL_KEY,
  errorView,
  HELLO,
  modelOf,
  type Outcome,
  outcomeOf,
  type Reply,
  replyText,
  sse,
  streamReply,
} from "./_openai_chat_differential.ts";
import type { GenerateRequest } from "../../src/providers/language_model.ts";
import { fromAiSdkModel } from "../../src/providers/ai_sdk_model.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { DEFAULT_REPLY, type Scenario } from "../fakes/_fake_server.ts";

/** Runs both, asserts the same outcome and no key outside the request headers; returns omn's. */
async function same(
  reply: Reply,
  request?: GenerateRequest,
  modelId?: string,
): Promise<Outcome> {
  const ours = await outcomeOf("omn", reply, request, modelId);
  const theirs = await outcomeOf("sdk", reply, request, modelId);
  assert.deepEqual(ours, theirs);
  const { requests: _requests, ...rest } = ours;
  assert.ok(!JSON.stringify(rest).includes(DIFFERENTIAL_KEY), "the key appears in an outcome");
  assert.ok(!JSON.stringify(ours.requests.map((sent) => sent.body)).includes(DIFFERENTIAL_KEY));
  return ours;
}

Deno.test("a plain reply: same request, text, finish and usage", async () => {
  const outcome = await same(streamReply(HELLO));
  assert.equal(replyText(outcome), "Hello, world");
  assert.equal(outcome.requests.length, 1);
  assert.equal(outcome.requests[0].url, "http://127.0.0.1:9/v1/chat/completions");
  assert.equal(outcome.requests[0].headers.authorization, `Bearer ${DIFFERENTIAL_KEY}`);
  assert.deepEqual(outcome.omn.events.at(-1), {
    type: "finish",
    finishReason: "stop",
    usage: { inputTokens: 5, outputTokens: 7, cachedInputTokens: 0 },
  });
});

Deno.test("a system prompt, a conversation, temperature and a limit: the same body", async () => {
  const request: GenerateRequest = {
    system: "be brief",
    messages: [
      { role: "user", content: "hi" },
      { role: "assistant", content: "hello" },
      { role: "user", content: "again" },
    ],
    temperature: 0.3,
    maxTokens: 50,
  };
  for (const modelId of ["gpt-4o-mini", "o3-mini", "gpt-5", "gpt-4o-search-preview"]) {
    const outcome = await same(streamReply(HELLO), request, modelId);
    assert.equal(replyText(outcome), "Hello, world");
  }
});

Deno.test("the reply split at every byte, a multi-byte character split too", async () => {
  const body = sse(chunk({ content: "héllo → ünïcode 🎉" }), chunk({}, { finish_reason: "stop" }));
  const length = new TextEncoder().encode(body).length;
  for (let size = 1; size <= 7; size++) {
    const outcome = await same(streamReply(body, Array(Math.ceil(length / size)).fill(size)));
    assert.equal(replyText(outcome), "héllo → ünïcode 🎉");
  }
});

Deno.test("SSE variants: CRLF, CR, comments, event and id fields, multi-line data, a BOM, no final blank line", async () => {
  const line = JSON.stringify(chunk({ content: "A" }));
  const bodies = [
    `data: ${line}\r\n\r\ndata: [DONE]\r\n\r\n`,
    `data: ${line}\r\rdata: [DONE]\r\r`,
    `: keep-alive\n\nevent: message\nid: 7\ndata: ${line}\n\n`,
    `data: {"id":"x","choices":[{"index":0,\ndata: "delta":{"content":"B"}}]}\n\n`,
    `\uFEFFdata: ${line}\n\n`,
    `data:${line}\n\ndata: ${JSON.stringify(chunk({ content: "lost" }))}`,
    `retry: 10\ndata: ${line}\n\n\n\n`,
  ];
  for (const body of bodies) await same(streamReply(body));
});

Deno.test("finish reasons: each one the SDK knows, an unknown one, a refusal, none at all", async () => {
  for (const reason of ["stop", "length", "content_filter", "tool_calls", "function_call", "odd"]) {
    await same(streamReply(sse(chunk({ content: "x" }), chunk({}, { finish_reason: reason }))));
  }
  await same(streamReply(sse(chunk({ refusal: "I can't" }), chunk({}, { finish_reason: "stop" }))));
  const interrupted = await same(streamReply(sse(chunk({ content: "cut" }))));
  assert.equal(interrupted.omn.error?.class, "ProviderError");
});

Deno.test("usage: none, cached and reasoning tokens, nulls, details", async () => {
  const usages = [
    null,
    { prompt_tokens: 10, completion_tokens: 3 },
    {
      prompt_tokens: 10,
      completion_tokens: 30,
      total_tokens: 40,
      prompt_tokens_details: { cached_tokens: 4, cache_write_tokens: 2 },
      completion_tokens_details: { reasoning_tokens: 20, accepted_prediction_tokens: 1 },
    },
    { prompt_tokens: null, completion_tokens: null, prompt_tokens_details: null },
  ];
  for (const usage of usages) {
    await same(streamReply(sse(chunk({ content: "x" }, { finish_reason: "stop", usage }))));
  }
  await same(streamReply(sse(chunk({ content: "x" }, { finish_reason: "stop" }))));
});

Deno.test("chunks the fast reader leaves to the SDK's: tool calls, annotations, log probabilities, extra keys", async () => {
  const toolCall = {
    tool_calls: [{
      index: 0,
      id: "call_1",
      type: "function",
      function: { name: "f", arguments: "{}" },
    }],
  };
  const annotation = {
    content: "see",
    annotations: [{
      type: "url_citation",
      url_citation: { start_index: 0, end_index: 3, url: "https://example.test", title: "t" },
    }],
  };
  const withLogprobs = {
    ...chunk({ content: "p" }),
    choices: [{
      index: 0,
      delta: { content: "p" },
      logprobs: { content: [{ token: "p", logprob: -0.1, top_logprobs: [] }] },
    }],
  };
  const replies = [
    sse(chunk(toolCall), chunk({}, { finish_reason: "tool_calls" })),
    sse(chunk({ tool_calls: [{ index: 0, function: { arguments: "{" } }] })),
    sse(
      chunk({ content: "a", tool_calls: [{ index: 0, id: "c", function: { arguments: "{}" } }] }),
    ),
    sse(
      chunk({
        content: "b",
        tool_calls: [{ index: 0, id: "c", type: "function", function: { name: "f" } }],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"x":1}' } }] }),
      chunk({}, { finish_reason: "tool_calls" }),
    ),
    sse(chunk(annotation), chunk({}, { finish_reason: "stop" })),
    sse(withLogprobs, chunk({}, { finish_reason: "stop" })),
    sse({ ...chunk({ content: "e" }), error: { message: "ignored" }, obfuscation: "x" }),
    sse({ ...chunk({ content: "r", reasoning_content: "thinking" }), service_tier: "default" }),
    sse({ choices: [] }, chunk(null), chunk({ content: "n" })),
  ];
  for (const reply of replies) await same(streamReply(reply));
});

Deno.test("unreadable chunks: not JSON, wrong types, a missing field, prototype keys", async () => {
  const bad = [
    "{not json",
    '{"choices":[{"index":"0","delta":{"content":"x"}}]}',
    '{"choices":[{"index":0,"delta":{"content":5}}]}',
    '{"choices":[{"index":0,"delta":{"role":"user","content":"x"}}]}',
    '{"id":1,"choices":[]}',
    '{"model":"m"}',
    "[1,2]",
    "42",
    '{"choices":[{"index":1e999,"delta":{"content":"x"}}]}',
    '{"__proto__":{"x":1},"choices":[{"index":0,"delta":{"content":"x"}}]}',
    '{"\\u005f_proto__":{"x":1},"choices":[{"index":0,"delta":{"content":"x"}}]}',
    '{"constructor":{"prototype":{}},"choices":[{"index":0,"delta":{"content":"x"}}]}',
    '{"constructor":"fine","choices":[{"index":0,"delta":{"content":"ok"}}]}',
  ];
  for (const data of bad) {
    // Before any output (the look-ahead stops) and after some.
    await same(streamReply(sse(data, chunk({ content: "after" }))));
    await same(streamReply(sse(chunk({ content: "before" }), data, chunk({ content: "after" }))));
  }
});

Deno.test("error frames in a 200 stream, before any output and after it", async () => {
  const frames = [
    { error: { message: "Overloaded", type: "server_error", code: "overloaded" } },
    { error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } },
    { error: { message: "Quota", type: "insufficient_quota", code: "insufficient_quota" } },
    { error: { message: "Bad", type: "invalid_request_error", param: null, code: null } },
    { error: { message: "Numeric", code: 503 } },
    { error: { message: "Code text", code: "502" } },
    { error: { message: "Plain" } },
    { error: { message: "Extra", type: "x", detail: "kept out", status: 500 } },
    { error: { type: "no message" } },
    { error: "just text" },
  ];
  for (const frame of frames) {
    await same(streamReply(sse(frame)));
    await same(
      streamReply(sse(chunk({ role: "assistant", content: "" }), frame, chunk({ content: "x" }))),
    );
    const after = await same(streamReply(sse(chunk({ content: "Hi" }), frame)));
    assert.equal(replyText(after), "Hi");
  }
});

Deno.test("error statuses: OpenAI's error JSON, other JSON, text, an empty body", async () => {
  const bodies = [
    JSON.stringify({
      error: {
        message: "Incorrect API key provided",
        type: "invalid_request_error",
        code: "invalid_api_key",
      },
    }),
    JSON.stringify({ error: { message: "m", type: null, param: "p", code: 400 } }),
    JSON.stringify({ error: { message: "m", code: { nested: true } } }),
    JSON.stringify({ message: "not OpenAI's shape" }),
    '{"__proto__":{"a":1},"error":{"message":"polluted"}}',
    "<html>Bad Gateway</html>",
    "",
    "   ",
  ];
  for (const status of [400, 401, 403, 404, 429, 500, 503]) {
    for (const body of bodies) {
      const outcome = await same(() =>
        new Response(body, {
          status,
          statusText: "Status Text",
          headers: { "content-type": "application/json", "x-request-id": "req_1" },
        })
      );
      assert.ok(outcome.thrown !== undefined);
    }
  }
});

Deno.test("a failed connection, an abort, a body that fails while streaming, no body at all", async () => {
  await same(() => {
    throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") });
  });
  await same(() => {
    throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
  });
  await same(() => {
    throw new DOMException("The signal has been aborted", "AbortError");
  });
  await same(() => {
    throw new Error("anything else");
  });
  await same(() => new Response(null, { status: 200 }));
  await same(() =>
    new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(sse(chunk({ content: "Hi" }))));
          controller.error(new TypeError("connection reset"));
        },
      }),
      { headers: { "content-type": "text/event-stream" } },
    )
  );
});

Deno.test("calls the client leaves to the SDK (a file, a JSON schema) are the SDK's", async () => {
  const requests: GenerateRequest[] = [
    {
      messages: [{
        role: "user",
        content: "look",
        attachment: { mediaType: "image/png", data: new Uint8Array([1, 2, 3]) },
      }],
    },
    {
      messages: [{ role: "user", content: "json" }],
      jsonSchema: { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
    },
  ];
  for (const request of requests) {
    const outcome = await same(streamReply(HELLO), request);
    assert.equal(replyText(outcome), "Hello, world");
  }
});

const RECORDED = "/work/shared/fixtures/recorded";
const recorded = [
  "openai--openai-text",
  "openai-compatible--xai-text",
  "xai--xai-text",
  "mistral--mistral-text",
  "perplexity--perplexity-text",
];

for (const name of recorded) {
  const path = `${RECORDED}/${name}.chunks.txt`;
  let exists = false;
  try {
    exists = Deno.statSync(path).isFile;
  } catch {
    exists = false;
  }
  Deno.test({
    name: `a recorded reply (${name}) reads the same${
      exists ? "" : " (ignored: no recording here)"
    }`,
    ignore: !exists,
    fn: async () => {
      const lines = Deno.readTextFileSync(path).split("\n").filter((line) => line.trim() !== "");
      const outcome = await same(streamReply(sse(...lines, "[DONE]"), [7, 300, 1, 4096]));
      assert.ok(replyText(outcome).length > 0);
    },
  });
}

Deno.test("stopping early cancels the reply body (and with it the connection)", async () => {
  let cancelled = false;
  const reply: Reply = () =>
    new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(sse(chunk({ content: "Hi" }))));
        },
        cancel() {
          cancelled = true;
        },
      }),
    );
  const model = await modelOf(
    "omn",
    "gpt-4o-mini",
    async (input, init) => await reply(new Request(input, init)),
  );
  for await (const event of fromAiSdkModel(model, "openai").stream({ messages: [] })) {
    assert.deepEqual(event, { type: "text-delta", text: "Hi" });
    break;
  }
  assert.ok(cancelled);
});

Deno.test("an abort while the reply streams ends the stream with the abort, as the SDK's does", async () => {
  const outcomes = [];
  for (const which of ["omn", "sdk"] as const) {
    const controller = new AbortController();
    const model = await modelOf(which, "gpt-4o-mini", (_input, init) => {
      const signal = init?.signal ?? undefined;
      return Promise.resolve(
        new Response(
          new ReadableStream({
            start(stream) {
              stream.enqueue(new TextEncoder().encode(sse(chunk({ content: "Hi" }))));
              signal?.addEventListener("abort", () => stream.error(signal.reason));
            },
          }),
        ),
      );
    });
    const events: unknown[] = [];
    let error: unknown;
    try {
      for await (
        const event of fromAiSdkModel(model, "openai").stream({
          messages: [{ role: "user", content: "hi" }],
          signal: controller.signal,
        })
      ) {
        events.push(event);
        controller.abort(new DOMException("stopped", "AbortError"));
      }
    } catch (caught) {
      error = caught;
    }
    outcomes.push({ events, error: errorView(error) });
  }
  assert.deepEqual(outcomes[0], outcomes[1]);
  const error = outcomes[0].error as { message: string; cause: { name: string } };
  assert.deepEqual(outcomes[0].events, [{ type: "text-delta", text: "Hi" }]);
  assert.equal(error.message, "openai: stopped");
  assert.equal(error.cause.name, "AbortError");
});

Deno.test("against the local OpenAI fake: every scenario of the contract reads the same", async () => {
  const scenarios: Scenario[] = [
    "ok",
    "unauthorized",
    "bad-request",
    "rate-limited",
    { streamError: "overloaded" },
    { streamError: "overloaded", afterChunks: 0 },
    { streamError: "rate-limited" },
    { streamError: "quota" },
    { streamError: "server-error", afterChunks: 0 },
    { streamError: "content-filter" },
  ];
  for (const scenario of scenarios) {
    await using fake = await startOpenAIChatFake({
      apiKey: DIFFERENTIAL_KEY,
      scenario,
      flavor: "openai",
    });
    // The fake's answer, without the headers that differ from one request to the next.
    const reply: Reply = async (request) => {
      const response = await fetch(
        new Request(request.url.replace("http://127.0.0.1:9/v1", fake.baseURL), request),
      );
      const headers = new Headers(response.headers);
      for (const name of ["date", "x-request-id"]) headers.delete(name);
      return new Response(response.body, {
        status: response.status,
        statusText: response.statusText,
        headers,
      });
    };
    const outcome = await same(reply);
    assert.ok(
      outcome.omn.error !== undefined || replyText(outcome) === DEFAULT_REPLY,
      JSON.stringify(scenario),
    );
    assert.deepEqual(fake.violations, []);
  }
});

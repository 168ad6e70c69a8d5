/**
 * omn's own OpenAI-compatible client (custom endpoints, Ollama) does what
 * `@ai-sdk/openai-compatible`'s chat model does, reply by reply: the same
 * request, parts and errors, and so the same events and error for omn
 * (tests/providers/_openai_chat_differential.ts runs both over the same
 * bytes).
 */
import assert from "node:assert/strict";
import {
  chunk,
  DIFFERENTIAL_KEY,
  type Flavor,
  HELLO,
  type Outcome,
  outcomeOf,
  type Reply,
  replyText,
  sse,
  streamReply,
  USAGE_CHUNK,
} from "./_openai_chat_differential.ts";
import type { GenerateRequest } from "../../src/providers/language_model.ts";
import { compatibleChatBody } from "../../src/providers/compatible_chat_body.ts";
import { toCallOptions } from "../../src/providers/ai_sdk_model.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { DEFAULT_REPLY, type Scenario } from "../fakes/_fake_server.ts";

const FLAVORS: Flavor[] = ["compatible", "ollama"];

async function same(
  reply: Reply,
  request?: GenerateRequest,
  modelId = "llama3.2",
): Promise<Outcome[]> {
  const outcomes = [];
  for (const flavor of FLAVORS) {
    const ours = await outcomeOf("omn", reply, request, modelId, flavor);
    const theirs = await outcomeOf("sdk", reply, request, modelId, flavor);
    assert.deepEqual(ours, theirs, flavor);
    const { requests: _requests, ...rest } = ours;
    assert.ok(!JSON.stringify(rest).includes(DIFFERENTIAL_KEY), "the key appears in an outcome");
    outcomes.push(ours);
  }
  return outcomes;
}

Deno.test("compatible and Ollama: a plain reply, the same request (key only where one is set)", async () => {
  const [custom, ollama] = await same(streamReply(HELLO));
  for (const outcome of [custom, ollama]) {
    assert.equal(replyText(outcome), "Hello, world");
    assert.equal(outcome.requests[0].url, "http://127.0.0.1:9/v1/chat/completions");
  }
  assert.equal(custom.requests[0].headers.authorization, `Bearer ${DIFFERENTIAL_KEY}`);
  assert.equal(ollama.requests[0].headers.authorization, undefined);
  assert.deepEqual(custom.omn.events.at(-1), {
    type: "finish",
    finishReason: "stop",
    usage: { inputTokens: 5, outputTokens: 7, cachedInputTokens: 0 },
  });
});

Deno.test("compatible: system prompt, conversation, temperature, limit, odd model ids", async () => {
  const request: GenerateRequest = {
    system: "be brief",
    messages: [
      { role: "user", content: "hi" },
      { role: "assistant", content: "hello" },
      { role: "user", content: "" },
    ],
    temperature: 0.3,
    maxTokens: 50,
  };
  for (const modelId of ["llama3.2", "o3-mini", "gpt-5", "qwen2.5:7b", "a/b c"]) {
    const [outcome] = await same(streamReply(HELLO), request, modelId);
    assert.equal(replyText(outcome), "Hello, world");
  }
});

Deno.test("compatible: the reply split at every byte, SSE variants", async () => {
  const body = sse(chunk({ content: "héllo 🎉" }), chunk({}, { finish_reason: "stop" }));
  const length = new TextEncoder().encode(body).length;
  for (const size of [1, 2, 3, 5]) {
    await same(streamReply(body, Array(Math.ceil(length / size)).fill(size)));
  }
  const line = JSON.stringify(chunk({ content: "A" }, { finish_reason: "stop" }));
  for (
    const variant of [
      `data: ${line}\r\n\r\n`,
      `: ping\n\nevent: x\ndata: ${line}\n\n`,
      `\uFEFFdata:${line}\n\n`,
      `data: ${line}`,
    ]
  ) {
    await same(streamReply(variant));
  }
});

Deno.test("compatible: finish reasons, a refusal, no finish reason (an error), usage forms", async () => {
  for (const reason of ["stop", "length", "content_filter", "tool_calls", "function_call", "eos"]) {
    await same(streamReply(sse(chunk({ content: "x" }), chunk({}, { finish_reason: reason }))));
  }
  await same(streamReply(sse(chunk({ refusal: "no" }), chunk({}, { finish_reason: "stop" }))));
  await same(
    streamReply(sse(chunk({ refusal: 42, content: "n" }), chunk({}, { finish_reason: "stop" }))),
  );
  const [unfinished] = await same(streamReply(sse(chunk({ content: "cut" }))));
  assert.equal(replyText(unfinished), "cut");
  assert.ok(unfinished.omn.error !== undefined);
  for (
    const usage of [
      null,
      { prompt_tokens: 3 },
      {
        prompt_tokens: 9,
        completion_tokens: 4,
        prompt_tokens_details: { cached_tokens: 2, x: 1 },
        completion_tokens_details: { reasoning_tokens: 1 },
        extra: "kept",
      },
    ]
  ) {
    await same(streamReply(sse(chunk({ content: "u" }, { finish_reason: "stop", usage }))));
  }
});

Deno.test('compatible: reasoning, content parts, role "", no index, extra keys, an error key beside choices', async () => {
  const replies = [
    sse(
      chunk({ reasoning_content: "think" }),
      chunk({ reasoning: "more", content: "done" }),
      chunk({}, { finish_reason: "stop" }),
    ),
    sse(
      chunk({
        content: [{ type: "text", text: "part" }, {
          type: "thinking",
          thinking: [{ type: "text", text: "t" }],
        }, { type: "image" }],
      }),
      chunk({}, { finish_reason: "stop" }),
    ),
    sse(
      chunk({ content: [{ type: "text", text: "" }, { type: "text", text: 5 }] }),
      chunk({}, { finish_reason: "stop" }),
    ),
    sse(chunk({ role: "", content: "r" }), chunk({}, { finish_reason: "stop" })),
    sse({ choices: [{ delta: { content: "no index" }, finish_reason: "stop" }] }),
    sse(
      { ...chunk({ content: "e" }), error: { message: "beside" } },
      chunk({}, { finish_reason: "stop" }),
    ),
    sse({ ...chunk({ content: "e" }), error: "text" }),
    sse({ choices: [] }, chunk(null), chunk({ content: "n" }, { finish_reason: "stop" }), {
      ...USAGE_CHUNK,
      x_groq: { id: 1 },
    }),
  ];
  for (const reply of replies) await same(streamReply(reply));
});

Deno.test("compatible: tool calls buffered by index, a refused one, a named one", async () => {
  const replies = [
    sse(
      chunk({ tool_calls: [{ index: 0, id: "c", function: { arguments: '{"a":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { name: "f", arguments: "1}" } }] }),
      chunk({}, { finish_reason: "tool_calls" }),
    ),
    sse(
      chunk({ tool_calls: [{ index: 0, id: "c", function: { arguments: "{}" } }] }),
      chunk({}, { finish_reason: "stop" }),
    ),
    sse(
      chunk({ content: "t", tool_calls: [{ id: "c", function: { name: "g", arguments: "{}" } }] }),
      chunk({}, { finish_reason: "tool_calls" }),
    ),
    sse(chunk({ tool_calls: [{ index: "0", function: {} }] })),
  ];
  for (const reply of replies) await same(streamReply(reply));
});

Deno.test("compatible: unreadable chunks and error frames", async () => {
  const bad = [
    "{not json",
    '{"choices":[{"delta":{"content":5}}]}',
    '{"choices":[{"delta":{"role":"user"}}]}',
    '{"choices":"x"}',
    '{"__proto__":{},"choices":[]}',
    '{"constructor":{"prototype":{}},"choices":[]}',
    JSON.stringify({ error: { message: "Overloaded", type: "server_error", code: "overloaded" } }),
    JSON.stringify({ error: { message: "Rate limited", code: 429 } }),
    JSON.stringify({ error: { type: "no message" } }),
  ];
  for (const data of bad) {
    await same(streamReply(sse(data, chunk({ content: "after" }, { finish_reason: "stop" }))));
    await same(streamReply(sse(chunk({ content: "before" }), data)));
  }
});

Deno.test("compatible: error statuses, failed connections, no body", async () => {
  const bodies = [
    JSON.stringify({ error: { message: "model not found", type: "not_found" } }),
    JSON.stringify({ detail: "other shape" }),
    "plain text",
    "",
  ];
  for (const status of [400, 401, 404, 429, 500, 503]) {
    for (const body of bodies) {
      const [outcome] = await same(() => new Response(body, { status, statusText: "Why" }));
      assert.ok(outcome.thrown !== undefined);
    }
  }
  await same(() => {
    throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") });
  });
  await same(() => new Response(null, { status: 200 }));
});

Deno.test("compatible: a file or a JSON schema goes to the package, with the same outcome", async () => {
  const requests: GenerateRequest[] = [
    {
      messages: [{
        role: "user",
        content: "look",
        attachment: { mediaType: "image/png", data: new Uint8Array([1, 2, 3]) },
      }],
    },
    { messages: [{ role: "user", content: "json" }], jsonSchema: { type: "object" } },
  ];
  for (const request of requests) {
    assert.equal(compatibleChatBody("m", toCallOptions(request)), undefined);
    const [outcome] = await same(streamReply(HELLO), request);
    assert.equal(replyText(outcome), "Hello, world");
  }
});

const RECORDED = "/work/shared/fixtures/recorded";
for (
  const name of ["openai-compatible--xai-text", "openai--openai-text", "mistral--mistral-text"]
) {
  const path = `${RECORDED}/${name}.chunks.txt`;
  let exists = false;
  try {
    exists = Deno.statSync(path).isFile;
  } catch {
    exists = false;
  }
  Deno.test({
    name: `compatible: a recorded reply (${name}) reads the same${
      exists ? "" : " (ignored: no recording here)"
    }`,
    ignore: !exists,
    fn: async () => {
      const lines = Deno.readTextFileSync(path).split("\n").filter((line) => line.trim() !== "");
      const [outcome] = await same(streamReply(sse(...lines, "[DONE]"), [5, 200, 1]));
      assert.ok(replyText(outcome).length > 0);
    },
  });
}

Deno.test("compatible: an error status after a conversation carries the same request values", async () => {
  const request: GenerateRequest = {
    system: "s",
    messages: [{ role: "user", content: "a" }, { role: "assistant", content: "b" }, {
      role: "user",
      content: "c",
    }],
    temperature: 1,
  };
  const [outcome] = await same(() => new Response("{}", { status: 500 }), request);
  assert.ok(outcome.thrown !== undefined);
});

Deno.test("compatible: a plain call never loads the package's model", async () => {
  const { createCompatibleChatModel } = await import(
    "../../src/providers/compatible_chat_model.ts"
  );
  let loads = 0;
  const model = createCompatibleChatModel({
    modelId: "m",
    provider: "mycorp.chat",
    baseUrl: "http://127.0.0.1:9/v1/",
    apiKey: undefined,
    fetch: () =>
      Promise.resolve(new Response(sse(chunk({ content: "x" }, { finish_reason: "stop" })))),
    sdkModel: () => {
      loads++;
      return Promise.reject(new Error("the package's model was asked for"));
    },
  });
  const result = await model.doStream(
    toCallOptions({ messages: [{ role: "user", content: "q" }] }),
  );
  const reader = result.stream.getReader();
  while (!(await reader.read()).done);
  assert.equal(loads, 0);
  await assert.rejects(
    async () =>
      await model.doStream(
        toCallOptions({ messages: [{ role: "user", content: "q" }], jsonSchema: {} }),
      ),
    /the package's model was asked for/,
  );
  assert.equal(loads, 1);
});

Deno.test("against the local OpenAI-compatible and Ollama fakes: every scenario reads the same", async () => {
  const scenarios: Scenario[] = [
    "ok",
    "unauthorized",
    "bad-request",
    "rate-limited",
    { streamError: "overloaded" },
    { streamError: "rate-limited", afterChunks: 0 },
    { streamError: "quota" },
    { streamError: "server-error" },
    { streamError: "content-filter" },
  ];
  for (const flavor of FLAVORS) {
    for (const scenario of scenarios) {
      await using fake = await startOpenAIChatFake({
        apiKey: flavor === "ollama" ? "" : DIFFERENTIAL_KEY,
        scenario,
        flavor,
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
      const ours = await outcomeOf("omn", reply, undefined, "local-model", flavor);
      const theirs = await outcomeOf("sdk", reply, undefined, "local-model", flavor);
      assert.deepEqual(ours, theirs, `${flavor} ${JSON.stringify(scenario)}`);
      assert.ok(!JSON.stringify({ ...ours, requests: [] }).includes(DIFFERENTIAL_KEY));
      assert.ok(ours.omn.error !== undefined || replyText(ours) === DEFAULT_REPLY);
      assert.deepEqual(fake.violations, []);
    }
  }
});

/**
 * Self-tests of the Messages API fake, with a plain `fetch` client.
 */
import assert from "node:assert/strict";
import { BAD_REQUEST_TEXT, DEFAULT_REPLY, SLOW_EVENT_DELAY_MILLISECONDS } from "./_fake_server.ts";
import { readServerSentEvents } from "./_sse.ts";
import { type AnthropicFake, startAnthropicFake } from "./anthropic_fake.ts";
import { drain } from "../_support/drain.ts";

const KEY = "sk-ant-api03-test-0123456789";
const HEADERS = {
  "x-api-key": KEY,
  "anthropic-version": "2023-06-01",
  "content-type": "application/json",
};

function messagesBody(stream: boolean): Record<string, unknown> {
  return {
    model: "claude-sonnet-4-5",
    max_tokens: 256,
    system: [{ type: "text", text: "Be brief." }],
    messages: [{ role: "user", content: [{ type: "text", text: "Say hello" }] }],
    temperature: 0.5,
    ...(stream ? { stream: true } : {}),
  };
}

function post(
  fake: AnthropicFake,
  body: unknown,
  headers: Record<string, string> = HEADERS,
  init: RequestInit = {},
  path = "/v1/messages",
): Promise<Response> {
  return fetch(`${fake.url}${path}`, {
    method: "POST",
    headers,
    body: JSON.stringify(body),
    ...init,
  });
}

Deno.test("anthropic fake: streams the named events with the reply in several deltas and usage", async () => {
  await using fake = await startAnthropicFake({ apiKey: KEY });
  assert.equal(fake.baseURL, `${fake.url}/v1`);
  const response = await post(fake, messagesBody(true));
  assert.equal(response.status, 200);
  assert.match(response.headers.get("request-id") ?? "", /^req_/);
  const events = await readServerSentEvents(response);
  const payloads = events.map((event) => JSON.parse(event.data));
  for (const [index, event] of events.entries()) {
    assert.equal(event.event, payloads[index].type, "event: names the data's type");
  }

  const names = events.map((event) => event.event);
  const deltas = names.filter((name) => name === "content_block_delta").length;
  assert.ok(deltas >= 3, `several deltas, got ${deltas}`);
  assert.deepEqual(names, [
    "message_start",
    "content_block_start",
    "ping",
    ...Array(deltas).fill("content_block_delta"),
    "content_block_stop",
    "message_delta",
    "message_stop",
  ]);
  const text = payloads.filter((payload) => payload.type === "content_block_delta").map(
    (payload) => {
      assert.equal(payload.delta.type, "text_delta");
      return payload.delta.text;
    },
  ).join("");
  assert.equal(text, DEFAULT_REPLY);

  const start = payloads[0].message;
  assert.match(start.id, /^msg_/);
  assert.equal(start.model, "claude-sonnet-4-5");
  assert.deepEqual(start.content, []);
  assert.ok(start.usage.input_tokens > 0);
  assert.equal(start.usage.cache_read_input_tokens, 0);
  const messageDelta = payloads.at(-2);
  assert.deepEqual(messageDelta.delta, { stop_reason: "end_turn", stop_sequence: null });
  assert.equal(messageDelta.usage.output_tokens, deltas);
  assert.deepEqual(fake.violations, []);
});

Deno.test("anthropic fake: answers a Message", async () => {
  await using fake = await startAnthropicFake({ apiKey: KEY, reply: "Just three words" });
  const response = await post(fake, messagesBody(false));
  assert.equal(response.status, 200);
  const message = await response.json();
  assert.equal(message.type, "message");
  assert.equal(message.role, "assistant");
  assert.deepEqual(message.content, [{ type: "text", text: "Just three words" }]);
  assert.equal(message.stop_reason, "end_turn");
  assert.equal(message.stop_sequence, null);
  assert.equal(message.usage.output_tokens, 3);
  for (const field of ["input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"]) {
    assert.equal(typeof message.usage[field], "number", field);
  }
  assert.deepEqual(fake.violations, []);
});

Deno.test("anthropic fake: a wrong, missing or bearer key gets Anthropic's 401", async () => {
  await using fake = await startAnthropicFake({ apiKey: KEY });
  const cases: [Record<string, string>, string][] = [
    [{ ...HEADERS, "x-api-key": "sk-ant-wrong" }, "invalid x-api-key"],
    [
      { "anthropic-version": "2023-06-01", "content-type": "application/json" },
      "x-api-key header is required",
    ],
    [
      {
        "authorization": `Bearer ${KEY}`,
        "anthropic-version": "2023-06-01",
        "content-type": "application/json",
      },
      "x-api-key header is required",
    ],
  ];
  for (const [headers, message] of cases) {
    const response = await post(fake, messagesBody(false), headers);
    assert.equal(response.status, 401);
    const body = await response.json();
    assert.match(body.request_id, /^req_/);
    assert.deepEqual({ type: body.type, error: body.error }, {
      type: "error",
      error: { type: "authentication_error", message },
    });
  }
  assert.equal(fake.violations.length, 3);
  fake.takeViolations();
});

Deno.test("anthropic fake: anthropic-version is required", async () => {
  await using fake = await startAnthropicFake({ apiKey: KEY });
  const missing = await post(fake, messagesBody(false), {
    "x-api-key": KEY,
    "content-type": "application/json",
  });
  assert.equal(missing.status, 400);
  assert.deepEqual((await missing.json()).error, {
    type: "invalid_request_error",
    message: "anthropic-version: header is required",
  });
  const unknown = await post(fake, messagesBody(false), {
    ...HEADERS,
    "anthropic-version": "2099-01-01",
  });
  assert.equal(unknown.status, 400);
  await unknown.body?.cancel();
  assert.equal(fake.violations.length, 2);
  fake.takeViolations();
});

Deno.test("anthropic fake: checks the body the way the API does", async () => {
  await using fake = await startAnthropicFake({ apiKey: KEY });
  const base = messagesBody(false);
  const rejected: [Record<string, unknown>, string][] = [
    [{ ...base, max_tokens: undefined }, "max_tokens: Field required"],
    [{ ...base, max_tokens: 0 }, "max_tokens: Input should be greater than or equal to 1"],
    [{ ...base, model: undefined }, "model: Field required"],
    [{ ...base, messages: [] }, "messages: at least one message is required"],
    [
      { ...base, messages: [{ role: "system", content: "x" }] },
      'messages.0.role: Unexpected role "system"',
    ],
    [
      { ...base, messages: [{ role: "robot", content: "x" }] },
      "messages.0.role: Input should be 'user' or 'assistant'",
    ],
    [
      { ...base, messages: [{ role: "user", content: "" }] },
      "messages.0: all messages must have non-empty content",
    ],
    [
      { ...base, messages: [{ role: "user", content: [{ type: "text", text: "" }] }] },
      "messages: text content blocks must be non-empty",
    ],
    [{ ...base, temperature: 1.5 }, "temperature: range: 0..1"],
    [{ ...base, system: 42 }, "system: Input should be a valid string or a list of text blocks"],
    [{ ...base, stream: "yes" }, "stream: Input should be a valid boolean"],
  ];
  for (const [body, message] of rejected) {
    const response = await post(fake, body);
    assert.equal(response.status, 400, JSON.stringify(body));
    const error = await response.json();
    assert.equal(error.type, "error");
    assert.equal(error.error.type, "invalid_request_error");
    assert.ok(
      error.error.message.startsWith(message),
      `${error.error.message} starts with ${message}`,
    );
  }
  assert.equal(fake.violations.length, rejected.length);
  fake.takeViolations();

  fake.takeViolations();
  const accepted = [
    { ...base, system: "Be brief." },
    {
      ...base,
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello" },
        { role: "user", content: "Go on" },
        { role: "assistant", content: "" },
      ],
    },
    { ...base, top_k: 5, top_p: 0.9, stop_sequences: ["END"], metadata: { user_id: "u1" } },
  ];
  for (const body of accepted) {
    const response = await post(fake, body);
    assert.equal(response.status, 200, await response.text());
  }
  assert.deepEqual(fake.violations, []);
});

Deno.test("anthropic fake: plays the error scenarios", async () => {
  for (const scenario of ["unauthorized", "bad-request", "rate-limited"] as const) {
    await using fake = await startAnthropicFake({ apiKey: KEY, scenario });
    const response = await post(fake, messagesBody(true));
    const body = await response.json();
    assert.equal(body.type, "error");
    if (scenario === "unauthorized") {
      assert.equal(response.status, 401);
      assert.equal(body.error.type, "authentication_error");
    } else if (scenario === "bad-request") {
      assert.equal(response.status, 400);
      assert.equal(body.error.type, "invalid_request_error");
      assert.ok(body.error.message.includes(BAD_REQUEST_TEXT));
    } else {
      assert.equal(response.status, 429);
      assert.equal(body.error.type, "rate_limit_error");
      assert.equal(response.headers.get("retry-after"), "1");
    }
    assert.deepEqual(fake.violations, []);
  }
});

Deno.test("anthropic fake: redirects to another origin with the same path and query", async () => {
  await using fake = await startAnthropicFake({
    apiKey: KEY,
    scenario: { redirectTo: "http://127.0.0.2:9" },
  });
  const response = await post(
    fake,
    messagesBody(false),
    HEADERS,
    { redirect: "manual" },
    "/v1/messages?beta=true",
  );
  assert.equal(response.status, 307);
  assert.equal(response.headers.get("location"), "http://127.0.0.2:9/v1/messages?beta=true");
  await response.body?.cancel();
  assert.deepEqual(fake.violations, []);
});

Deno.test("anthropic fake: lists models with the same auth", async () => {
  await using fake = await startAnthropicFake({ apiKey: KEY });
  const response = await fetch(`${fake.url}/v1/models`, { headers: HEADERS });
  assert.equal(response.status, 200);
  const list = await response.json();
  assert.equal(list.has_more, false);
  assert.equal(list.data[0].type, "model");
  assert.equal(list.first_id, list.data[0].id);
  assert.equal(list.last_id, list.data.at(-1).id);
  const anonymous = await fetch(`${fake.url}/v1/models`, {
    headers: { "anthropic-version": "2023-06-01" },
  });
  assert.equal(anonymous.status, 401);
  await anonymous.body?.cancel();
  assert.equal(fake.violations.length, 1);
  fake.takeViolations();
});

Deno.test("anthropic fake: rejects a wrong route or method", async () => {
  await using fake = await startAnthropicFake({ apiKey: KEY });
  const wrongPath = await post(fake, messagesBody(false), HEADERS, {}, "/v1/complete");
  assert.equal(wrongPath.status, 404);
  assert.equal((await wrongPath.json()).error.type, "not_found_error");
  const wrongMethod = await fetch(`${fake.url}/v1/messages`, { headers: HEADERS });
  assert.equal(wrongMethod.status, 405);
  await wrongMethod.body?.cancel();
  assert.equal(fake.violations.length, 2);
  fake.takeViolations();
});

Deno.test("anthropic fake: the slow scenario spaces events and close() stops an open stream", async () => {
  const fake = await startAnthropicFake({ apiKey: KEY, scenario: "slow" });
  // Timed from before the request, not from the first event's arrival: the fake sends the first
  // event at once and the second a full delay after it, so the second comes at least that long
  // after the request, however late this test gets to read the first (a loaded machine).
  const started = performance.now();
  const response = await post(fake, messagesBody(true));
  const reader = response.body!.getReader();
  await reader.read();
  await reader.read();
  const gap = performance.now() - started;
  assert.ok(gap >= SLOW_EVENT_DELAY_MILLISECONDS - 50, `second event ${gap.toFixed(0)} ms in`);
  // close() resolves while the stream is still open: what the client reads after it ends
  // without the stream's last event, so close() cut the stream instead of waiting for it.
  await fake.close();
  const rest = await drain(reader);
  assert.ok(!rest.includes("message_stop"), `the stream was cut: ${rest}`);
  assert.deepEqual(fake.violations, []);
});

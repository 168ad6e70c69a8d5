/**
 * The fakes' mid-stream errors on the wire, in each service's own shape
 * (the contract tests check what omn makes of them).
 */
import assert from "node:assert/strict";
import { DEFAULT_REPLY, splitIntoChunks } from "./_fake_server.ts";
import { startAnthropicFake } from "./anthropic_fake.ts";
import { startGeminiFake } from "./gemini_fake.ts";
import { startOpenAIChatFake } from "./openai_chat_fake.ts";
import { startXaiResponsesFake } from "./xai_responses_fake.ts";

const KEY = "test-key-0123456789";

/** The `data:` payloads of an SSE body (LF or CRLF separated). */
async function dataOf(response: Response): Promise<{ event?: string; data: string }[]> {
  const text = (await response.text()).replace(/\r\n/g, "\n");
  return text.split("\n\n").filter((block) => block.includes("data: ")).map((block) => ({
    event: /^event: (.*)$/m.exec(block)?.[1],
    data: /^data: (.*)$/m.exec(block)![1],
  }));
}

Deno.test("openai fake: two text chunks, then data: {error} with insufficient_quota; afterChunks 0 sends it first", async () => {
  for (const afterChunks of [2, 0]) {
    await using fake = await startOpenAIChatFake({
      apiKey: KEY,
      flavor: "openai",
      scenario: { streamError: "quota", afterChunks },
    });
    const response = await fetch(`${fake.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "hi" }],
        stream: true,
      }),
    });
    assert.equal(response.status, 200);
    const events = await dataOf(response);
    const texts = events.map((event) => JSON.parse(event.data)?.choices?.[0]?.delta?.content)
      .filter((content) => typeof content === "string" && content !== "");
    assert.deepEqual(texts, splitIntoChunks(DEFAULT_REPLY).slice(0, afterChunks));
    const last = JSON.parse(events.at(-1)!.data);
    assert.equal(last.error.code, "insufficient_quota");
    assert.equal(last.error.type, "insufficient_quota");
    assert.deepEqual(fake.violations, []);
  }
});

Deno.test("anthropic fake: event: error with overloaded_error; times: 1 fails only the first request", async () => {
  await using fake = await startAnthropicFake({
    apiKey: KEY,
    scenario: { streamError: "overloaded", times: 1 },
  });
  const ask = () =>
    fetch(`${fake.url}/v1/messages`, {
      method: "POST",
      headers: {
        "x-api-key": KEY,
        "anthropic-version": "2023-06-01",
        "content-type": "application/json",
      },
      body: JSON.stringify({
        model: "claude-sonnet-4-5",
        max_tokens: 64,
        messages: [{ role: "user", content: "hi" }],
        stream: true,
      }),
    });
  const first = await dataOf(await ask());
  assert.equal(first.at(-1)!.event, "error");
  assert.deepEqual(JSON.parse(first.at(-1)!.data), {
    type: "error",
    error: { type: "overloaded_error", message: "Overloaded" },
  });
  const second = await dataOf(await ask());
  assert.equal(second.at(-1)!.event, "message_stop");
  assert.deepEqual(fake.violations, []);
});

/** The parts of a Gemini stream frame the test reads. */
interface Frame {
  error?: { status?: string };
  candidates?: { finishReason?: string }[];
}

Deno.test("gemini fake: an error frame with code and status; a SAFETY stop without text", async () => {
  for (
    const [kind, check] of [
      ["overloaded", (last: Frame) => assert.equal(last.error?.status, "UNAVAILABLE")],
      [
        "content-filter",
        (last: Frame) => assert.equal(last.candidates?.[0].finishReason, "SAFETY"),
      ],
    ] as const
  ) {
    await using fake = await startGeminiFake({ apiKey: KEY, scenario: { streamError: kind } });
    const response = await fetch(
      `${fake.baseURL}/models/gemini-2.5-flash:streamGenerateContent?alt=sse`,
      {
        method: "POST",
        headers: { "x-goog-api-key": KEY, "content-type": "application/json" },
        body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: "hi" }] }] }),
      },
    );
    const events = await dataOf(response);
    assert.equal(events.length, 3);
    check(JSON.parse(events.at(-1)!.data));
    assert.deepEqual(fake.violations, []);
  }
});

Deno.test("xai responses fake: an error event, then response.failed, as the Responses API sends them", async () => {
  await using fake = await startXaiResponsesFake({
    apiKey: KEY,
    scenario: { streamError: "rate-limited" },
  });
  const response = await fetch(`${fake.url}/v1/responses`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "grok-3-mini",
      input: [{ role: "user", content: "hi" }],
      stream: true,
    }),
  });
  const events = (await dataOf(response)).map((event) => JSON.parse(event.data));
  const [error, failed] = events.slice(-2);
  assert.equal(error.type, "error");
  assert.equal(error.error.code, "rate_limit_exceeded");
  assert.equal(failed.type, "response.failed");
  assert.equal(failed.response.error.code, "rate_limit_exceeded");
  assert.deepEqual(fake.violations, []);
});

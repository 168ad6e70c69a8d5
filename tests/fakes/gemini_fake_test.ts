import assert from "node:assert/strict";
import { geminiKey } from "../credentials/_canaries.ts";
import { BAD_REQUEST_TEXT, DEFAULT_REPLY } from "./_fake_server.ts";
import { startGeminiFake } from "./gemini_fake.ts";
import { drain } from "../_support/drain.ts";

const KEY = geminiKey("gem");
const PROMPT = { contents: [{ role: "user", parts: [{ text: "Say hello" }] }] };

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-goog-api-key": KEY, ...headers },
    body: JSON.stringify(body),
  });
}

/** Splits a Gemini SSE body (CRLF CRLF separated) into parsed `data:` payloads. */
function parseSse(text: string): Record<string, unknown>[] {
  return text.split("\r\n\r\n").filter((block) => block !== "").map((block) => {
    assert.match(block, /^data: /);
    return JSON.parse(block.slice("data: ".length));
  });
}

// deno-lint-ignore no-explicit-any
type Json = any;

Deno.test("gemini fake answers generateContent with text, STOP and usage", async () => {
  await using fake = await startGeminiFake({ apiKey: KEY, reply: "one two three" });
  const response = await post(`${fake.baseURL}/models/gemini-2.5-flash:generateContent`, {
    ...PROMPT,
    systemInstruction: { parts: [{ text: "Be brief" }] },
    generationConfig: { temperature: 0.7, maxOutputTokens: 64 },
  });
  assert.equal(response.status, 200);
  const body: Json = await response.json();
  assert.deepEqual(body.candidates[0].content, {
    parts: [{ text: "one two three" }],
    role: "model",
  });
  assert.equal(body.candidates[0].finishReason, "STOP");
  assert.equal(body.usageMetadata.promptTokenCount, 4);
  assert.equal(body.usageMetadata.candidatesTokenCount, 3);
  assert.equal(body.usageMetadata.totalTokenCount, 7);
  assert.equal(body.modelVersion, "gemini-2.5-flash");
  assert.equal(typeof body.responseId, "string");
  assert.deepEqual(fake.violations, []);
  assert.equal(fake.requests[0].headers.get("x-goog-api-key"), KEY);
});

Deno.test("gemini fake streams CRLF-separated events that reassemble to the reply", async () => {
  await using fake = await startGeminiFake({ apiKey: KEY, cachedTokens: 2 });
  const response = await post(
    `${fake.baseURL}/models/gemini-2.5-pro:streamGenerateContent?alt=sse`,
    PROMPT,
  );
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /^text\/event-stream/);
  const text = await response.text();
  assert.ok(text.endsWith("\r\n\r\n"));
  const events: Json[] = parseSse(text);
  assert.ok(events.length > 3);
  const parts = events.map((event) => event.candidates[0].content.parts[0].text);
  assert.equal(parts.join(""), DEFAULT_REPLY);
  assert.ok(events.slice(0, -1).every((event) => event.candidates[0].finishReason === undefined));
  const last = events.at(-1);
  assert.equal(last.candidates[0].finishReason, "STOP");
  assert.equal(last.usageMetadata.candidatesTokenCount, DEFAULT_REPLY.split(" ").length);
  assert.equal(last.usageMetadata.cachedContentTokenCount, 2);
  assert.equal(new Set(events.map((event) => event.responseId)).size, 1);
  assert.deepEqual(fake.violations, []);
});

Deno.test("gemini fake rejects a wrong key with Google's API_KEY_INVALID body", async () => {
  await using fake = await startGeminiFake({ apiKey: KEY });
  const response = await post(
    `${fake.baseURL}/models/gemini-2.5-flash:generateContent`,
    PROMPT,
    { "x-goog-api-key": geminiKey("wrong") },
  );
  assert.equal(response.status, 400);
  const body: Json = await response.json();
  assert.equal(body.error.status, "INVALID_ARGUMENT");
  assert.equal(body.error.message, "API key not valid. Please pass a valid API key.");
  assert.equal(body.error.details[0].reason, "API_KEY_INVALID");
  assert.equal(fake.violations.length, 1);

  const missing = await fetch(`${fake.baseURL}/models`);
  assert.equal(missing.status, 403);
  assert.equal(((await missing.json()) as Json).error.status, "PERMISSION_DENIED");
  assert.equal(fake.violations.length, 2);
  fake.takeViolations();
});

Deno.test("gemini fake records a key sent in the URL query as a violation", async () => {
  await using fake = await startGeminiFake({ apiKey: KEY });
  const response = await post(
    `${fake.baseURL}/models/gemini-2.5-flash:generateContent?key=${KEY}`,
    PROMPT,
  );
  await response.body?.cancel();
  assert.equal(fake.violations.length, 1);
  assert.match(fake.violations[0], /URL query/);
  assert.ok(!fake.violations[0].includes(KEY), "the violation must not quote the key");
  fake.takeViolations();

  const queryOnly = await fetch(`${fake.baseURL}/models?key=${KEY}`);
  assert.equal(queryOnly.status, 403, "a key in the query is never accepted");
  await queryOnly.body?.cancel();
  assert.equal(fake.takeViolations().length, 2, "the key in the query, and no header");
});

Deno.test("gemini fake lists models and 404s an unknown one", async () => {
  await using fake = await startGeminiFake({ apiKey: KEY, models: ["gemini-2.5-flash"] });
  const list = await fetch(`${fake.baseURL}/models`, { headers: { "x-goog-api-key": KEY } });
  const body: Json = await list.json();
  assert.deepEqual(body.models.map((model: Json) => model.name), ["models/gemini-2.5-flash"]);
  assert.ok(body.models[0].supportedGenerationMethods.includes("generateContent"));
  const unknown = await post(`${fake.baseURL}/models/gemini-9:generateContent`, PROMPT);
  assert.equal(unknown.status, 404);
  assert.equal(((await unknown.json()) as Json).error.status, "NOT_FOUND");
  assert.equal(fake.violations.length, 1);
  fake.takeViolations();
});

Deno.test("gemini fake checks the request body like the API", async () => {
  await using fake = await startGeminiFake({ apiKey: KEY });
  const url = `${fake.baseURL}/models/gemini-2.5-flash:generateContent`;
  const cases: [unknown, RegExp][] = [
    [{ contents: [] }, /contents is not specified/],
    [{ contents: [{ role: "assistant", parts: [{ text: "x" }] }] }, /valid role: user, model/],
    [{ contents: [{ role: "user", parts: [] }] }, /parts must not be empty/],
    [{ ...PROMPT, generationConfig: { temperature: 2.5 } }, /temperature/],
    [{ ...PROMPT, generationConfig: { maxOutputTokens: 0 } }, /max_output_tokens/],
    [{ ...PROMPT, generationConfig: { responseMimeType: "text/html" } }, /mimetypes/],
    [{ ...PROMPT, prompt: "x" }, /Unknown name "prompt"/],
  ];
  for (const [body, message] of cases) {
    const response = await post(url, body);
    assert.equal(response.status, 400, JSON.stringify(body));
    const error: Json = await response.json();
    assert.equal(error.error.status, "INVALID_ARGUMENT");
    assert.match(error.error.message, message);
  }
  assert.equal(fake.violations.length, cases.length);

  const structured = await post(url, {
    ...PROMPT,
    generationConfig: {
      responseMimeType: "application/json",
      responseJsonSchema: { type: "object" },
    },
  });
  assert.equal(structured.status, 200);
  await structured.body?.cancel();
  assert.equal(fake.violations.length, cases.length);
  fake.takeViolations();
});

Deno.test("gemini fake scenarios: rate limit with RetryInfo, bad request, unauthorized", async () => {
  const url = (base: string) => `${base}/models/gemini-2.5-flash:generateContent`;
  {
    await using fake = await startGeminiFake({ apiKey: KEY, scenario: "rate-limited" });
    const response = await post(url(fake.baseURL), PROMPT);
    assert.equal(response.status, 429);
    const body: Json = await response.json();
    assert.equal(body.error.status, "RESOURCE_EXHAUSTED");
    const retry = body.error.details.find((detail: Json) => detail["@type"].endsWith("RetryInfo"));
    assert.equal(retry.retryDelay, "1s");
    assert.deepEqual(fake.violations, []);
  }
  {
    await using fake = await startGeminiFake({ apiKey: KEY, scenario: "bad-request" });
    const response = await post(url(fake.baseURL), PROMPT);
    assert.equal(response.status, 400);
    assert.ok(((await response.json()) as Json).error.message.includes(BAD_REQUEST_TEXT));
  }
  {
    await using fake = await startGeminiFake({ apiKey: KEY, scenario: "unauthorized" });
    const response = await post(url(fake.baseURL), PROMPT);
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as Json).error.details[0].reason, "API_KEY_INVALID");
    assert.deepEqual(fake.violations, []);
  }
});

Deno.test("gemini fake redirect answers 307 to the target with the same path and query", async () => {
  await using fake = await startGeminiFake({
    apiKey: KEY,
    scenario: { redirectTo: "http://127.0.0.1:9" },
  });
  const response = await fetch(
    `${fake.baseURL}/models/gemini-2.5-flash:streamGenerateContent?alt=sse`,
    {
      method: "POST",
      headers: { "x-goog-api-key": KEY, "content-type": "application/json" },
      body: JSON.stringify(PROMPT),
      redirect: "manual",
    },
  );
  assert.equal(response.status, 307);
  assert.equal(
    response.headers.get("location"),
    "http://127.0.0.1:9/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
  );
  await response.body?.cancel();
});

Deno.test("gemini fake close() ends an open stream without leaking", async () => {
  const fake = await startGeminiFake({ apiKey: KEY, scenario: "slow" });
  const response = await post(
    `${fake.baseURL}/models/gemini-2.5-flash:streamGenerateContent?alt=sse`,
    PROMPT,
  );
  const reader = response.body!.getReader();
  const first = await reader.read();
  assert.equal(first.done, false);
  // close() resolves while the stream is still open: what the client reads after it ends
  // without the stream's last event, so close() cut the stream instead of waiting for it.
  await fake.close();
  const rest = await drain(reader);
  assert.ok(!rest.includes('"STOP"'), `the stream was cut: ${rest}`);
  await fake.close();
});

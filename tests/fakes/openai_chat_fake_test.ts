/**
 * Self-tests of the chat completions fake, with a plain `fetch` client: every
 * flavor streams and answers the reply with usage, rejects a wrong key, a bad
 * body and a wrong route in its own error shape, and plays each scenario.
 */
import assert from "node:assert/strict";
import { BAD_REQUEST_TEXT, DEFAULT_REPLY, SLOW_EVENT_DELAY_MILLISECONDS } from "./_fake_server.ts";
import { type ParsedServerSentEvent, readServerSentEvents } from "./_sse.ts";
import {
  type OpenAIChatFake,
  type OpenAIChatFlavor,
  startOpenAIChatFake,
} from "./openai_chat_fake.ts";
import { drain } from "../_support/drain.ts";

const KEY = "sk-test-0123456789abcdef";
const WRONG_KEY = "sk-wrong-0123456789abcdef";

interface FlavorCase {
  chatPath: string;
  modelsPath: string;
  model: string;
  authorize: (key: string) => Record<string, string>;
  /** Whether the client asks for usage with `stream_options` (as its AI SDK package does). */
  includeUsage: boolean;
  /** The status of a wrong key (xAI answers 400), or undefined when no key is checked. */
  wrongKeyStatus?: number;
  /** The status of a body the server rejects (Mistral validates with 422). */
  invalidStatus: number;
  /** Whether the stream ends with `data: [DONE]`. */
  done: boolean;
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

const CASES: Record<OpenAIChatFlavor, FlavorCase> = {
  openai: {
    chatPath: "/v1/chat/completions",
    modelsPath: "/v1/models",
    model: "gpt-4o-mini",
    authorize: bearer,
    includeUsage: true,
    wrongKeyStatus: 401,
    invalidStatus: 400,
    done: true,
  },
  azure: {
    chatPath: "/openai/v1/chat/completions",
    modelsPath: "/openai/v1/models",
    model: "my-deployment",
    authorize: (key) => ({ "api-key": key }),
    includeUsage: true,
    wrongKeyStatus: 401,
    invalidStatus: 400,
    done: true,
  },
  mistral: {
    chatPath: "/v1/chat/completions",
    modelsPath: "/v1/models",
    model: "mistral-small-latest",
    authorize: bearer,
    includeUsage: false,
    wrongKeyStatus: 401,
    invalidStatus: 422,
    done: true,
  },
  xai: {
    chatPath: "/v1/chat/completions",
    modelsPath: "/v1/models",
    model: "grok-3-mini",
    authorize: bearer,
    includeUsage: true,
    wrongKeyStatus: 400,
    invalidStatus: 400,
    done: true,
  },
  perplexity: {
    chatPath: "/chat/completions",
    modelsPath: "/models",
    model: "sonar",
    authorize: bearer,
    includeUsage: false,
    wrongKeyStatus: 401,
    invalidStatus: 400,
    done: false,
  },
  openrouter: {
    chatPath: "/api/v1/chat/completions",
    modelsPath: "/api/v1/models",
    model: "openai/gpt-4o-mini",
    authorize: bearer,
    includeUsage: false,
    wrongKeyStatus: 401,
    invalidStatus: 400,
    done: true,
  },
  ollama: {
    chatPath: "/v1/chat/completions",
    modelsPath: "/v1/models",
    model: "llama3.2",
    authorize: () => ({}),
    includeUsage: true,
    invalidStatus: 400,
    done: true,
  },
  compatible: {
    chatPath: "/v1/chat/completions",
    modelsPath: "/v1/models",
    model: "local-model",
    authorize: bearer,
    includeUsage: true,
    wrongKeyStatus: 401,
    invalidStatus: 400,
    done: true,
  },
};

function chatBody(flavorCase: FlavorCase, stream: boolean): Record<string, unknown> {
  return {
    model: flavorCase.model,
    messages: [
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "text", text: "Say hello" }] },
    ],
    temperature: 0.5,
    max_tokens: 64,
    ...(stream ? { stream: true } : {}),
    ...(stream && flavorCase.includeUsage ? { stream_options: { include_usage: true } } : {}),
  };
}

function post(
  fake: OpenAIChatFake,
  path: string,
  body: unknown,
  headers: Record<string, string>,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(`${fake.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...init,
  });
}

/** The text and usage that a stream of chat.completion chunks carries. */
function readChunks(events: ParsedServerSentEvent[], done: boolean) {
  const payloads = events.filter((event) => event.data !== "[DONE]").map((event) =>
    JSON.parse(event.data)
  );
  const deltas = payloads.flatMap((payload) =>
    payload.choices?.[0]?.delta?.content ? [payload.choices[0].delta.content] : []
  );
  const usages = payloads.flatMap((payload) => payload.usage ? [payload.usage] : []);
  const finishReasons = payloads.flatMap((payload) =>
    payload.choices?.[0]?.finish_reason ? [payload.choices[0].finish_reason] : []
  );
  assert.equal(
    events.at(-1)?.data === "[DONE]",
    done,
    "the stream ends with [DONE] exactly when the server sends it",
  );
  assert.ok(
    events.every((event) => event.event === undefined),
    "chat streams carry no event names",
  );
  return { deltas, usage: usages.at(-1), finishReasons };
}

for (const [flavor, flavorCase] of Object.entries(CASES) as [OpenAIChatFlavor, FlavorCase][]) {
  Deno.test(`openai chat fake (${flavor}): streams the reply in several chunks with usage`, async () => {
    await using fake = await startOpenAIChatFake({ apiKey: KEY, flavor });
    const response = await post(
      fake,
      flavorCase.chatPath,
      chatBody(flavorCase, true),
      flavorCase.authorize(KEY),
    );
    assert.equal(response.status, 200);
    const { deltas, usage, finishReasons } = readChunks(
      await readServerSentEvents(response),
      flavorCase.done,
    );
    assert.ok(deltas.length >= 3, `several content chunks, got ${deltas.length}`);
    assert.equal(deltas.join(""), DEFAULT_REPLY);
    assert.deepEqual(finishReasons, ["stop"]);
    assert.ok(usage.prompt_tokens > 0 && usage.completion_tokens > 0, "usage reported");
    assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
    assert.deepEqual(fake.violations, []);
  });

  Deno.test(`openai chat fake (${flavor}): answers a complete chat.completion`, async () => {
    await using fake = await startOpenAIChatFake({
      apiKey: KEY,
      flavor,
      reply: "Just three words",
    });
    const response = await post(
      fake,
      flavorCase.chatPath,
      chatBody(flavorCase, false),
      flavorCase.authorize(KEY),
    );
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
    const body = await response.json();
    assert.equal(body.object, "chat.completion");
    assert.equal(typeof body.id, "string");
    assert.equal(typeof body.created, "number");
    assert.equal(body.model, flavorCase.model);
    assert.deepEqual(
      { role: body.choices[0].message.role, content: body.choices[0].message.content },
      { role: "assistant", content: "Just three words" },
    );
    assert.equal(body.choices[0].finish_reason, "stop");
    assert.equal(body.usage.completion_tokens, 3);
    assert.equal(body.usage.total_tokens, body.usage.prompt_tokens + 3);
    if (["openai", "azure", "xai", "openrouter", "compatible"].includes(flavor)) {
      assert.equal(body.usage.prompt_tokens_details.cached_tokens, 0);
    }
    assert.deepEqual(fake.violations, []);
  });

  Deno.test(`openai chat fake (${flavor}): rejects a wrong or missing key in its own shape`, async () => {
    await using fake = await startOpenAIChatFake({ apiKey: KEY, flavor });
    const wrong = await post(
      fake,
      flavorCase.chatPath,
      chatBody(flavorCase, false),
      flavorCase.authorize(WRONG_KEY),
    );
    const missing = await post(fake, flavorCase.chatPath, chatBody(flavorCase, false), {});
    if (flavorCase.wrongKeyStatus === undefined) {
      assert.equal(wrong.status, 200, "no key is checked");
      assert.equal(missing.status, 200, "no key is checked");
      await wrong.body?.cancel();
      await missing.body?.cancel();
      assert.deepEqual(fake.violations, []);
      return;
    }
    assert.equal(wrong.status, flavorCase.wrongKeyStatus);
    assert.equal(missing.status, flavorCase.wrongKeyStatus);
    assertUnauthorizedBody(flavor, await wrong.json(), "wrong");
    assertUnauthorizedBody(flavor, await missing.json(), "missing");
    assert.equal(fake.violations.length, 2);
    fake.takeViolations();
  });

  Deno.test(`openai chat fake (${flavor}): rejects a body without messages and records it`, async () => {
    await using fake = await startOpenAIChatFake({ apiKey: KEY, flavor });
    const response = await post(
      fake,
      flavorCase.chatPath,
      { model: flavorCase.model },
      flavorCase.authorize(KEY),
    );
    assert.equal(response.status, flavorCase.invalidStatus);
    const text = await response.text();
    assert.match(text, /messages/);
    assert.equal(fake.violations.length, 1);
    assert.match(fake.violations[0], /messages/);
    fake.takeViolations();
  });

  Deno.test(`openai chat fake (${flavor}): plays the error scenarios`, async () => {
    for (const scenario of ["unauthorized", "bad-request", "rate-limited"] as const) {
      await using fake = await startOpenAIChatFake({ apiKey: KEY, flavor, scenario });
      const response = await post(
        fake,
        flavorCase.chatPath,
        chatBody(flavorCase, true),
        flavorCase.authorize(KEY),
      );
      const text = await response.text();
      if (scenario === "unauthorized") {
        assert.equal(response.status, flavorCase.wrongKeyStatus ?? 401);
      } else if (scenario === "bad-request") {
        assert.equal(response.status, 400);
        assert.ok(text.includes(BAD_REQUEST_TEXT), text);
      } else {
        assert.equal(response.status, 429);
        assert.equal(response.headers.get("retry-after"), "1");
      }
      assert.doesNotThrow(() => JSON.parse(text), "error bodies are JSON");
      assert.deepEqual(fake.violations, [], "a scenario is not a violation");
    }
  });

  Deno.test(`openai chat fake (${flavor}): redirects to another origin with the same path and query`, async () => {
    await using fake = await startOpenAIChatFake({
      apiKey: KEY,
      flavor,
      scenario: { redirectTo: "http://127.0.0.2:9/" },
    });
    const response = await post(
      fake,
      `${flavorCase.chatPath}?trace=1`,
      chatBody(flavorCase, false),
      flavorCase.authorize(KEY),
      {
        redirect: "manual",
      },
    );
    assert.equal(response.status, 307);
    assert.equal(
      response.headers.get("location"),
      `http://127.0.0.2:9${flavorCase.chatPath}?trace=1`,
    );
    await response.body?.cancel();
    assert.deepEqual(fake.violations, []);
  });

  Deno.test(`openai chat fake (${flavor}): lists models`, async () => {
    await using fake = await startOpenAIChatFake({
      apiKey: KEY,
      flavor,
      models: ["model-a", "model-b"],
    });
    const response = await fetch(`${fake.url}${flavorCase.modelsPath}`, {
      headers: flavorCase.authorize(KEY),
    });
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.deepEqual(body.data.map((model: { id: string }) => model.id), ["model-a", "model-b"]);
    if (flavor !== "openrouter") {
      assert.equal(body.object, "list");
      assert.equal(body.data[0].object, "model");
    }
    assert.deepEqual(fake.violations, []);
  });
}

/** The error bodies' fields these checks read; which ones exist depends on the flavor. */
interface ErrorBody {
  error?: { message: string; type?: string; code?: string | number } | string;
  code?: string;
  detail?: string;
}

function assertUnauthorizedBody(
  flavor: OpenAIChatFlavor,
  body: ErrorBody,
  kind: "wrong" | "missing",
): void {
  if (flavor === "mistral") {
    assert.deepEqual(body, { detail: "Unauthorized" });
    return;
  }
  if (flavor === "xai") {
    assert.equal(body.code, "Client specified an invalid argument");
    assert.equal(typeof body.error, "string");
    assert.match(
      String(body.error),
      kind === "wrong" ? /^Incorrect API key provided: sk\*\*\*ef\./ : /^No API key provided/,
    );
    return;
  }
  assert.ok(typeof body.error === "object", JSON.stringify(body));
  const error = body.error;
  switch (flavor) {
    case "openai":
      assert.equal(error.type, "invalid_request_error");
      if (kind === "wrong") {
        assert.equal(error.code, "invalid_api_key");
        assert.match(error.message, /^Incorrect API key provided: sk-wrong\*+cdef\./);
      } else {
        assert.match(error.message, /^You didn't provide an API key/);
      }
      return;
    case "azure":
      assert.equal(error.code, "401");
      assert.match(error.message, /^Access denied due to invalid subscription key/);
      return;
    case "perplexity":
      assert.deepEqual(Object.keys(error).sort(), ["code", "message", "type"]);
      assert.equal(error.type, "invalid_api_key");
      assert.equal(error.code, 401);
      return;
    case "openrouter":
      assert.deepEqual(body, {
        error: {
          message: kind === "wrong" ? "User not found." : "No auth credentials found",
          code: 401,
        },
      });
      return;
    default:
      assert.equal(error.code, "invalid_api_key");
  }
}

Deno.test("openai chat fake (openai): checks fields the way the API does", async () => {
  await using fake = await startOpenAIChatFake({ apiKey: KEY });
  const base = chatBody(CASES.openai, false);
  const rejected: [Record<string, unknown>, RegExp][] = [
    [{ ...base, temperature: 3 }, /^Invalid 'temperature': decimal above maximum value/],
    [
      { ...base, temperature: "hot" },
      /^Invalid type for 'temperature': expected a decimal, but got a string/,
    ],
    [{ ...base, max_tokens: 0 }, /^Invalid 'max_tokens': integer below minimum value/],
    [{ ...base, max_completion_tokens: 1.5 }, /^Invalid type for 'max_completion_tokens'/],
    [{ ...base, model: undefined }, /^you must provide a model parameter$/],
    [{ ...base, messages: [] }, /^Invalid 'messages': empty array/],
    [
      { ...base, messages: [{ role: "robot", content: "hi" }] },
      /^Invalid value: 'robot'\. Supported values are: 'system', 'developer'/,
    ],
    [
      { ...base, messages: [{ role: "user" }] },
      /^Missing required parameter: 'messages\[0\]\.content'\.$/,
    ],
    [{ ...base, messages: [{ role: "tool", content: "42" }] }, /'messages\[0\]\.tool_call_id'/],
    [{ ...base, stream_options: { include_usage: true } }, /only allowed when 'stream' is enabled/],
    [{ ...base, stream: "yes" }, /^Invalid type for 'stream'/],
    [
      { ...base, response_format: { type: "json_schema", json_schema: { schema: {} } } },
      /'response_format\.json_schema\.name'/,
    ],
    [{ ...base, response_format: { type: "xml" } }, /^Invalid value: 'xml'/],
  ];
  for (const [body, message] of rejected) {
    const response = await post(fake, "/v1/chat/completions", body, bearer(KEY));
    assert.equal(response.status, 400, JSON.stringify(body));
    const error = (await response.json()).error;
    assert.match(error.message, message);
    assert.ok("param" in error && "code" in error && error.type === "invalid_request_error");
  }
  assert.equal(fake.violations.length, rejected.length);
  fake.takeViolations();

  fake.takeViolations();
  const accepted = [
    {
      ...base,
      messages: [{ role: "developer", content: "Be brief." }, { role: "user", content: "hi" }],
    },
    { ...base, unknown_field: true, max_completion_tokens: 10, max_tokens: undefined },
    {
      ...base,
      response_format: {
        type: "json_schema",
        json_schema: { name: "answer", strict: true, schema: { type: "object" } },
      },
    },
    {
      ...base,
      messages: [
        { role: "user", content: "add" },
        {
          role: "assistant",
          content: null,
          tool_calls: [{
            id: "call_1",
            type: "function",
            function: { name: "add", arguments: "{}" },
          }],
        },
        { role: "tool", tool_call_id: "call_1", content: "42" },
      ],
    },
  ];
  for (const body of accepted) {
    const response = await post(fake, "/v1/chat/completions", body, bearer(KEY));
    assert.equal(response.status, 200, await response.text());
  }
  assert.deepEqual(fake.violations, []);
});

Deno.test("openai chat fake (openai): rejects a wrong method, route or content type", async () => {
  await using fake = await startOpenAIChatFake({ apiKey: KEY });
  const getChat = await fetch(`${fake.url}/v1/chat/completions`, { headers: bearer(KEY) });
  assert.equal(getChat.status, 404);
  assert.equal((await getChat.json()).error.message, "Invalid URL (GET /v1/chat/completions)");
  const responses = await post(fake, "/v1/responses", {}, bearer(KEY));
  assert.equal(responses.status, 404);
  await responses.body?.cancel();
  const notJson = await post(fake, "/v1/chat/completions", "{not json", bearer(KEY));
  assert.equal(notJson.status, 400);
  assert.match((await notJson.json()).error.message, /could not parse the JSON body/);
  const plainText = await post(
    fake,
    "/v1/chat/completions",
    JSON.stringify(chatBody(CASES.openai, false)),
    {
      ...bearer(KEY),
      "content-type": "text/plain",
    },
  );
  assert.equal(plainText.status, 400);
  await plainText.body?.cancel();
  assert.equal(fake.violations.length, 4);
  assert.match(fake.violations[1], /no such route "POST \/v1\/responses"/);
  fake.takeViolations();
});

Deno.test("openai chat fake (azure): deployment URLs need the api-version and a known deployment", async () => {
  await using fake = await startOpenAIChatFake({
    apiKey: KEY,
    flavor: "azure",
    deployment: "my-deployment",
    apiVersion: "2024-10-21",
  });
  assert.equal(fake.baseURL, `${fake.url}/openai/v1`);
  assert.equal(fake.deploymentBaseURL, `${fake.url}/openai`);
  const body = chatBody(CASES.azure, false);
  const headers = { "api-key": KEY };
  const ok = await post(
    fake,
    "/openai/deployments/my-deployment/chat/completions?api-version=2024-10-21",
    body,
    headers,
  );
  assert.equal(ok.status, 200);
  await ok.body?.cancel();
  const v1WithVersion = await post(
    fake,
    "/openai/v1/chat/completions?api-version=preview",
    body,
    headers,
  );
  assert.equal(v1WithVersion.status, 200);
  await v1WithVersion.body?.cancel();
  assert.deepEqual(fake.violations, []);

  const noVersion = await post(
    fake,
    "/openai/deployments/my-deployment/chat/completions",
    body,
    headers,
  );
  assert.equal(noVersion.status, 404);
  assert.deepEqual(await noVersion.json(), {
    error: { code: "404", message: "Resource not found" },
  });
  const otherVersion = await post(
    fake,
    "/openai/deployments/my-deployment/chat/completions?api-version=2023-05-15",
    body,
    headers,
  );
  assert.equal(otherVersion.status, 400);
  await otherVersion.body?.cancel();
  const unknown = await post(
    fake,
    "/openai/deployments/other/chat/completions?api-version=2024-10-21",
    body,
    headers,
  );
  assert.equal(unknown.status, 404);
  assert.equal((await unknown.json()).error.code, "DeploymentNotFound");
  const unknownOnV1 = await post(
    fake,
    "/openai/v1/chat/completions",
    { ...body, model: "other" },
    headers,
  );
  assert.equal(unknownOnV1.status, 404);
  await unknownOnV1.body?.cancel();
  const withoutV1 = await post(fake, "/openai/chat/completions", body, headers);
  assert.equal(withoutV1.status, 404);
  await withoutV1.body?.cancel();
  const bearerOnly = await post(fake, "/openai/v1/chat/completions", body, bearer(KEY));
  assert.equal(bearerOnly.status, 401);
  await bearerOnly.body?.cancel();
  assert.equal(fake.violations.length, 6);
  assert.match(fake.violations[4], /base URL ending in "\/openai\/v1"/);
  fake.takeViolations();
});

Deno.test("openai chat fake (azure): the stream opens with the prompt filter chunk", async () => {
  await using fake = await startOpenAIChatFake({ apiKey: KEY, flavor: "azure" });
  const response = await post(fake, "/openai/v1/chat/completions", chatBody(CASES.azure, true), {
    "api-key": KEY,
  });
  const [first] = await readServerSentEvents(response);
  const payload = JSON.parse(first.data);
  assert.deepEqual(payload.choices, []);
  assert.equal(payload.prompt_filter_results[0].prompt_index, 0);
});

Deno.test("openai chat fake (mistral): rejects fields it does not know with 422", async () => {
  await using fake = await startOpenAIChatFake({ apiKey: KEY, flavor: "mistral" });
  const body = { ...chatBody(CASES.mistral, true), stream_options: { include_usage: true } };
  const response = await post(fake, "/v1/chat/completions", body, bearer(KEY));
  assert.equal(response.status, 422);
  const error = await response.json();
  assert.equal(error.object, "error");
  assert.deepEqual(error.message.detail[0].loc, ["body", "stream_options"]);
  assert.equal(error.message.detail[0].type, "extra_forbidden");
  assert.equal(fake.violations.length, 1);
  fake.takeViolations();
  const tooHot = await post(fake, "/v1/chat/completions", {
    ...chatBody(CASES.mistral, false),
    temperature: 1.8,
  }, bearer(KEY));
  assert.equal(tooHot.status, 422);
  assert.equal((await tooHot.json()).message.detail[0].type, "less_than_equal");
  assert.match(fake.takeViolations().join("\n"), /temperature/);
});

Deno.test("openai chat fake (perplexity): user and assistant turns must alternate", async () => {
  await using fake = await startOpenAIChatFake({ apiKey: KEY, flavor: "perplexity" });
  const body = {
    model: "sonar",
    messages: [{ role: "system", content: "s" }, { role: "user", content: "a" }, {
      role: "user",
      content: "b",
    }],
  };
  const response = await post(fake, "/chat/completions", body, bearer(KEY));
  assert.equal(response.status, 400);
  assert.match((await response.json()).error.message, /roles should be alternating/);
  assert.equal(fake.violations.length, 1);
  fake.takeViolations();
});

Deno.test("openai chat fake (compatible): no key configured means no auth checked", async () => {
  await using fake = await startOpenAIChatFake({ apiKey: "", flavor: "compatible" });
  const response = await post(fake, "/v1/chat/completions", chatBody(CASES.compatible, false), {});
  assert.equal(response.status, 200);
  await response.body?.cancel();
  assert.deepEqual(fake.violations, []);
});

Deno.test("openai chat fake (openrouter): the model list is public and the stream has a keep-alive comment", async () => {
  await using fake = await startOpenAIChatFake({ apiKey: KEY, flavor: "openrouter" });
  const models = await fetch(`${fake.url}/api/v1/models`);
  assert.equal(models.status, 200);
  assert.ok((await models.json()).data[0].pricing);
  const response = await post(
    fake,
    "/api/v1/chat/completions",
    chatBody(CASES.openrouter, true),
    bearer(KEY),
  );
  const text = await response.text();
  assert.ok(text.startsWith(": OPENROUTER PROCESSING\n\n"), text.slice(0, 40));
  assert.deepEqual(fake.violations, []);
});

Deno.test("openai chat fake (ollama): lists local models at /api/tags", async () => {
  await using fake = await startOpenAIChatFake({ apiKey: "", flavor: "ollama" });
  const response = await fetch(`${fake.url}/api/tags`);
  assert.equal(response.status, 200);
  assert.equal((await response.json()).models[0].name, "llama3.2:latest");
  const unknown = await fetch(`${fake.url}/api/chat`, { method: "POST", body: "{}" });
  assert.equal(unknown.status, 404);
  assert.equal(await unknown.text(), "404 page not found");
  assert.equal(fake.violations.length, 1);
  fake.takeViolations();
});

Deno.test("openai chat fake: the slow scenario spaces events and close() stops an open stream", async () => {
  const fake = await startOpenAIChatFake({ apiKey: KEY, scenario: "slow" });
  // Timed from before the request, not from the first event's arrival: the fake sends the first
  // event at once and the second a full delay after it, so the second comes at least that long
  // after the request, however late this test gets to read the first (a loaded machine).
  const started = performance.now();
  const response = await post(
    fake,
    "/v1/chat/completions",
    chatBody(CASES.openai, true),
    bearer(KEY),
  );
  const reader = response.body!.getReader();
  await reader.read();
  await reader.read();
  const gap = performance.now() - started;
  assert.ok(gap >= SLOW_EVENT_DELAY_MILLISECONDS - 50, `second event ${gap.toFixed(0)} ms in`);

  // close() resolves while the stream is still open: what the client reads after it ends
  // without the stream's last event, so close() cut the stream instead of waiting for it.
  await fake.close();
  const rest = await drain(reader);
  assert.ok(!rest.includes("[DONE]"), `the stream was cut: ${rest}`);
  await fake.close();
  assert.deepEqual(fake.violations, []);
});

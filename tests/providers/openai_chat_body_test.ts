/**
 * omn's OpenAI client sends the body (and URL and headers) the AI SDK's chat
 * model sends, for every language model of the SDK's catalog and for model
 * ids outside it (o-series, GPT families, search previews, fine-tunes, custom
 * names), with and without a system prompt, temperature and a limit; and it
 * leaves the calls it does not cover to the SDK.
 */
import assert from "node:assert/strict";
import { openaiModelCatalog } from "@ai-sdk/openai/internal";
import type { LanguageModelV4, LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { isOpenAIReasoningModel, openaiChatBody } from "../../src/providers/openai_chat_body.ts";
import { createOpenAIChatModel } from "../../src/providers/openai_chat_model.ts";
import { toCallOptions } from "../../src/providers/ai_sdk_model.ts";
import { chunk, modelOf, type SentRequest, sse } from "./_openai_chat_differential.ts";

const CATALOG_IDS = Object.entries(
  openaiModelCatalog as Record<string, { capabilities?: { language?: unknown } }>,
)
  .filter(([, entry]) => entry.capabilities?.language !== undefined)
  .map(([id]) => id);

const OTHER_IDS = [
  "o1",
  "o1-mini",
  "o3",
  "o3-mini-2025-01-31",
  "o4-mini",
  "o10",
  "gpt-3.5-turbo",
  "gpt-4",
  "gpt-4-turbo",
  "gpt-4o-2024-08-06",
  "gpt-4o-search-preview",
  "gpt-4o-mini-search-preview-2025-03-11",
  "gpt-5-2025-08-07",
  "gpt-5-chat",
  "gpt-5.1-chat-latest",
  "gpt-5.7",
  "gpt-6",
  "gpt-6-chat-latest",
  "gpt-7.2-mini",
  "ft:gpt-4o-mini:org::abc123",
  "my-local-model",
  "",
];

const REQUESTS = [
  { messages: [{ role: "user" as const, content: "hi" }] },
  {
    system: "be brief",
    messages: [
      { role: "user" as const, content: "hi" },
      { role: "assistant" as const, content: "hello" },
      { role: "user" as const, content: "" },
    ],
    temperature: 0.7,
    maxTokens: 64,
  },
  { system: "", messages: [{ role: "user" as const, content: "x" }], temperature: 0 },
];

async function sentBy(model: LanguageModelV4, options: LanguageModelV4CallOptions) {
  const result = await model.doStream(options);
  const reader = result.stream.getReader();
  while (!(await reader.read()).done);
}

function capture(requests: SentRequest[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    requests.push({
      url: request.url,
      method: request.method,
      headers: Object.fromEntries(request.headers.entries()),
      body: await request.text(),
    });
    return new Response(sse(chunk({ content: "ok" }, { finish_reason: "stop" })));
  };
}

Deno.test(`the request is the SDK's for the ${CATALOG_IDS.length} catalog models and ${OTHER_IDS.length} others`, async () => {
  assert.ok(CATALOG_IDS.length > 10, "the catalog lists the language models");
  let reasoning = 0;
  // The base URL with and without a final slash: the client builds the URL from it alone (the
  // base, then /chat/completions), and the body and headers from the model and the request
  // alone, so the two bases take turns, each model and each request meeting both.
  const bases = ["http://127.0.0.1:9/v1", "http://127.0.0.1:9/v1/"];
  for (const [modelIndex, modelId] of [...CATALOG_IDS, ...OTHER_IDS].entries()) {
    if (isOpenAIReasoningModel(modelId)) reasoning++;
    for (const [requestIndex, request] of REQUESTS.entries()) {
      const ours: SentRequest[] = [];
      const theirs: SentRequest[] = [];
      const options = toCallOptions(request);
      // The call must be one the client covers, or the comparison proves nothing.
      assert.ok(openaiChatBody(modelId, options) !== undefined, modelId);
      const base = bases[(modelIndex + requestIndex) % 2];
      await sentBy(await modelOf("omn", modelId, capture(ours), base), options);
      await sentBy(
        await modelOf("sdk", modelId, capture(theirs), base.replace(/\/$/, "")),
        options,
      );
      assert.deepEqual(ours, theirs, `${modelId}: ${JSON.stringify(request)}`);
    }
  }
  assert.ok(reasoning > 10, "reasoning models are among those compared");
});

Deno.test("a plain call never loads the SDK's model; a file or a JSON schema does", async () => {
  let loads = 0;
  const sdkModel = () => {
    loads++;
    return Promise.reject(new Error("the SDK's model was asked for"));
  };
  const model = createOpenAIChatModel({
    modelId: "gpt-4o-mini",
    provider: "openai.chat",
    baseUrl: "http://127.0.0.1:9/v1",
    apiKey: "sk-test",
    userAgent: "ai-sdk-openai/0",
    fetch: capture([]),
    sdkModel,
  });
  await sentBy(model, toCallOptions(REQUESTS[1]));
  assert.equal(loads, 0);
  const withFile = toCallOptions({
    messages: [{
      role: "user",
      content: "look",
      attachment: { mediaType: "application/pdf", data: new Uint8Array([37, 80]) },
    }],
  });
  const withSchema = toCallOptions({
    messages: [{ role: "user", content: "json" }],
    jsonSchema: { type: "object" },
  });
  for (const options of [withFile, withSchema]) {
    assert.equal(openaiChatBody("gpt-4o-mini", options), undefined);
    await assert.rejects(
      async () => await model.doStream(options),
      /the SDK's model was asked for/,
    );
  }
  assert.equal(loads, 2);
});

Deno.test("call options the client does not know leave the call to the SDK", () => {
  const base = toCallOptions(REQUESTS[0]);
  const others: Partial<LanguageModelV4CallOptions>[] = [
    { topP: 0.5 },
    { stopSequences: ["x"] },
    { seed: 1 },
    { providerOptions: { openai: { user: "u" } } },
    { headers: { "x-extra": "1" } },
  ];
  for (const extra of others) {
    assert.equal(
      openaiChatBody("gpt-4o-mini", { ...base, ...extra }),
      undefined,
      JSON.stringify(extra),
    );
  }
  assert.notEqual(openaiChatBody("gpt-4o-mini", base), undefined);
});

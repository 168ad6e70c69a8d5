/**
 * The OpenAI model omn builds from `@ai-sdk/openai/internal` makes the very
 * request `createOpenAI(...).chat(...)` makes: same URL, method, headers
 * (user agent included) and body, streamed or not.
 */
import assert from "node:assert/strict";
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModelV4, LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { createOpenAIModel } from "../../src/providers/openai.ts";
import type { ResolvedCredentials } from "../../src/credentials/resolve_credentials.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

interface Captured {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

const REPLY = {
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1,
  model: "gpt-4o-mini",
  choices: [{ index: 0, message: { role: "assistant", content: "hello" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
};

function capturingFetch(captured: Captured[]): typeof fetch {
  return (input, init) => {
    const request = new Request(input, init);
    return request.text().then((body) => {
      captured.push({
        url: request.url,
        method: request.method,
        headers: Object.fromEntries(request.headers.entries()),
        body,
      });
      return new Response(JSON.stringify(REPLY), {
        headers: { "content-type": "application/json" },
      });
    });
  };
}

const OPTIONS: LanguageModelV4CallOptions = {
  prompt: [
    { role: "system", content: "be brief" },
    { role: "user", content: [{ type: "text", text: "hi" }] },
  ],
  maxOutputTokens: 20,
  temperature: 0.5,
};

async function requestOf(model: LanguageModelV4, captured: Captured[]): Promise<Captured> {
  await model.doGenerate(OPTIONS);
  assert.equal(captured.length, 1);
  return captured[0];
}

for (const baseUrl of [undefined, "http://127.0.0.1:9/v1", "http://127.0.0.1:9/v1/"]) {
  Deno.test(`the OpenAI model's request is createOpenAI's (base URL ${baseUrl})`, async () => {
    const key = openaiProjectKey("SAMEREQUEST");
    const credentials: ResolvedCredentials = {
      provider: "openai",
      fields: { api_key: { value: key } } as ResolvedCredentials["fields"],
      missing: [],
    };
    const ours: Captured[] = [];
    const theirs: Captured[] = [];
    const model = await createOpenAIModel({
      provider: "openai",
      modelId: "gpt-4o-mini",
      baseUrl,
      entry: undefined,
      credentials,
      fetch: capturingFetch(ours),
    });
    const reference = createOpenAI({
      apiKey: key,
      baseURL: baseUrl ?? "https://api.openai.com/v1",
      fetch: capturingFetch(theirs),
    }).chat("gpt-4o-mini");
    assert.equal(model.provider, reference.provider);
    assert.equal(model.modelId, reference.modelId);
    assert.deepEqual(await requestOf(model, ours), await requestOf(reference, theirs));
    assert.equal(ours[0].headers.authorization, `Bearer ${key}`);
  });
}

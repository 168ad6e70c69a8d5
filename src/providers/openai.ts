/**
 * OpenAI, through omn's own client of streamed chat completions
 * (`openai_chat_model.ts`), which makes the request `@ai-sdk/openai`'s chat
 * model makes and reads the reply into the same parts and errors; the calls
 * it leaves to the SDK (a file, a JSON schema) load the package's chat model
 * then.
 *
 * The SDK's model is built from the package's `internal` entry rather than
 * with `createOpenAI`: the package's main entry makes a default provider at
 * import, which reads `process.env` (starting Deno's Node `process` object)
 * and keeps every OpenAI model and tool with their zod schemas in the bundle,
 * all built at start. The request is the one `createOpenAI(...).chat(...)`
 * makes (same URL, headers and user agent: tests/providers/openai_test.ts).
 *
 * @module
 */
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { LoadAPIKeyError } from "@ai-sdk/provider";
import { createOpenAIChatModel } from "./openai_chat_model.ts";
import { type CreateLanguageModel, credential } from "./provider_setup.ts";

/** The official endpoint. */
export const OPENAI_BASE_URL = "https://api.openai.com/v1";

/** The user agent part `createOpenAI` adds: the package's version (deno.json). */
export const OPENAI_USER_AGENT = "ai-sdk-openai/4.0.118";

/** Creates an OpenAI chat model. */
export const createOpenAIModel: CreateLanguageModel = (setup) => {
  const baseUrl = (setup.baseUrl ?? OPENAI_BASE_URL).replace(/\/$/, "");
  const apiKey = credential(setup, "api_key");
  let sdkModel: Promise<LanguageModelV4> | undefined;
  return createOpenAIChatModel({
    modelId: setup.modelId,
    provider: "openai.chat",
    baseUrl,
    apiKey,
    userAgent: OPENAI_USER_AGENT,
    fetch: setup.fetch,
    sdkModel: () =>
      sdkModel ??= import("@ai-sdk/openai/internal").then(({ OpenAIChatLanguageModel }) =>
        new OpenAIChatLanguageModel(setup.modelId, {
          provider: "openai.chat",
          url: ({ path }) => `${baseUrl}${path}`,
          headers: () => {
            if (apiKey === undefined) {
              throw new LoadAPIKeyError({ message: "OpenAI API key is missing." });
            }
            return { authorization: `Bearer ${apiKey}`, "user-agent": OPENAI_USER_AGENT };
          },
          fetch: setup.fetch,
        })
      ),
  });
};

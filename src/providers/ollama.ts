/**
 * Ollama, through its OpenAI-compatible API (`/v1`): streamed text chats
 * through omn's own client (`compatible_chat_model.ts`), which makes the
 * request `@ai-sdk/openai-compatible` makes and reads the reply the same
 * way; the calls it leaves to the package (a file, a JSON schema) load it
 * then. No key.
 *
 * @module
 */
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { createCompatibleChatModel } from "./compatible_chat_model.ts";
import type { CreateLanguageModel } from "./provider_setup.ts";

/** The local endpoint. */
export const OLLAMA_BASE_URL = "http://localhost:11434/v1";

/** Creates an Ollama chat model. */
export const createOllamaModel: CreateLanguageModel = (setup) => {
  const baseUrl = setup.baseUrl ?? OLLAMA_BASE_URL;
  let sdkModel: Promise<LanguageModelV4> | undefined;
  return createCompatibleChatModel({
    modelId: setup.modelId,
    provider: "ollama.chat",
    baseUrl,
    apiKey: undefined,
    fetch: setup.fetch,
    sdkModel: () =>
      sdkModel ??= import("@ai-sdk/openai-compatible").then(({ createOpenAICompatible }) =>
        createOpenAICompatible({
          name: "ollama",
          baseURL: baseUrl,
          fetch: setup.fetch,
          includeUsage: true,
        }).chatModel(setup.modelId)
      ),
  });
};

/**
 * A custom OpenAI-compatible endpoint, named in the config
 * (`providers.<name>.base_url`): streamed text chats through omn's own
 * client (`compatible_chat_model.ts`), which makes the request
 * `@ai-sdk/openai-compatible` makes and reads the reply the same way; the
 * calls it leaves to the package (a file, a JSON schema) load it then.
 *
 * @module
 */
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { createCompatibleChatModel } from "./compatible_chat_model.ts";
import { type CreateLanguageModel, credential } from "./provider_setup.ts";

/** Creates a chat model of a custom endpoint; the key is optional. */
export const createCompatibleModel: CreateLanguageModel = (setup) => {
  const apiKey = credential(setup, "api_key");
  let sdkModel: Promise<LanguageModelV4> | undefined;
  return createCompatibleChatModel({
    modelId: setup.modelId,
    provider: `${setup.provider}.chat`,
    baseUrl: setup.baseUrl!,
    apiKey,
    fetch: setup.fetch,
    sdkModel: () =>
      sdkModel ??= import("@ai-sdk/openai-compatible").then(({ createOpenAICompatible }) =>
        createOpenAICompatible({
          name: setup.provider,
          apiKey,
          baseURL: setup.baseUrl!,
          fetch: setup.fetch,
          includeUsage: true,
        }).chatModel(setup.modelId)
      ),
  });
};

/**
 * A custom OpenAI-compatible endpoint, named in the config
 * (`providers.<name>.base_url`), through `@ai-sdk/openai-compatible`.
 *
 * @module
 */
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { type CreateLanguageModel, credential } from "./provider_setup.ts";

/** Creates a chat model of a custom endpoint; the key is optional. */
export const createCompatibleModel: CreateLanguageModel = (setup) =>
  createOpenAICompatible({
    name: setup.provider,
    apiKey: credential(setup, "api_key"),
    baseURL: setup.baseUrl!,
    fetch: setup.fetch,
    includeUsage: true,
  }).chatModel(setup.modelId);

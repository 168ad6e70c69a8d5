/**
 * Mistral, through `@ai-sdk/mistral`.
 *
 * @module
 */
import { createMistral } from "@ai-sdk/mistral";
import { type CreateLanguageModel, credential } from "./provider_setup.ts";

/** The official endpoint. */
export const MISTRAL_BASE_URL = "https://api.mistral.ai/v1";

/** Creates a Mistral chat model. */
export const createMistralModel: CreateLanguageModel = (setup) =>
  createMistral({
    apiKey: credential(setup, "api_key"),
    baseURL: setup.baseUrl ?? MISTRAL_BASE_URL,
    fetch: setup.fetch,
  }).chat(setup.modelId);

/**
 * Ollama, through its OpenAI-compatible API (`/v1`) and
 * `@ai-sdk/openai-compatible`. No key.
 *
 * @module
 */
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { CreateLanguageModel } from "./provider_setup.ts";

/** The local endpoint. */
export const OLLAMA_BASE_URL = "http://localhost:11434/v1";

/** Creates an Ollama chat model. */
export const createOllamaModel: CreateLanguageModel = (setup) =>
  createOpenAICompatible({
    name: "ollama",
    baseURL: setup.baseUrl ?? OLLAMA_BASE_URL,
    fetch: setup.fetch,
    includeUsage: true,
  }).chatModel(setup.modelId);

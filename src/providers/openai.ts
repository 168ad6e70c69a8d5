/**
 * OpenAI, through `@ai-sdk/openai`'s chat completions model.
 *
 * @module
 */
import { createOpenAI } from "@ai-sdk/openai";
import { type CreateLanguageModel, credential } from "./provider_setup.ts";

/** The official endpoint. */
export const OPENAI_BASE_URL = "https://api.openai.com/v1";

/** Creates an OpenAI chat model. */
export const createOpenAIModel: CreateLanguageModel = (setup) =>
  createOpenAI({
    apiKey: credential(setup, "api_key"),
    baseURL: setup.baseUrl ?? OPENAI_BASE_URL,
    fetch: setup.fetch,
  }).chat(setup.modelId);

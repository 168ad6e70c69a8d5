/**
 * xAI (Grok), through `@ai-sdk/xai` (its Responses API model).
 *
 * @module
 */
import { createXai } from "@ai-sdk/xai";
import { type CreateLanguageModel, credential } from "./provider_setup.ts";

/** The official endpoint. */
export const XAI_BASE_URL = "https://api.x.ai/v1";

/** Creates an xAI model. */
export const createXaiModel: CreateLanguageModel = (setup) =>
  createXai({
    apiKey: credential(setup, "api_key"),
    baseURL: setup.baseUrl ?? XAI_BASE_URL,
    fetch: setup.fetch,
  }).languageModel(setup.modelId);

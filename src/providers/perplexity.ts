/**
 * Perplexity, through `@ai-sdk/perplexity`.
 *
 * @module
 */
import { createPerplexity } from "@ai-sdk/perplexity";
import { type CreateLanguageModel, credential } from "./provider_setup.ts";

/** The official endpoint. */
export const PERPLEXITY_BASE_URL = "https://api.perplexity.ai";

/** Creates a Perplexity model. */
export const createPerplexityModel: CreateLanguageModel = (setup) =>
  createPerplexity({
    apiKey: credential(setup, "api_key"),
    baseURL: setup.baseUrl ?? PERPLEXITY_BASE_URL,
    fetch: setup.fetch,
  }).languageModel(setup.modelId);

/**
 * Google Gemini, through `@ai-sdk/google`. The key travels in the
 * `x-goog-api-key` header, never in the URL.
 *
 * @module
 */
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { type CreateLanguageModel, credential } from "./provider_setup.ts";

/** The official endpoint. */
export const GEMINI_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

/** Creates a Gemini model. */
export const createGeminiModel: CreateLanguageModel = (setup) =>
  createGoogleGenerativeAI({
    apiKey: credential(setup, "api_key"),
    baseURL: setup.baseUrl ?? GEMINI_BASE_URL,
    fetch: setup.fetch,
  }).chat(setup.modelId);

/**
 * OpenRouter, through `@openrouter/ai-sdk-provider`.
 *
 * @module
 */
import { createOpenRouter } from "@openrouter/ai-sdk-provider";
import { type CreateLanguageModel, credential } from "./provider_setup.ts";

/** The official endpoint. */
export const OPENROUTER_BASE_URL = "https://openrouter.ai/api/v1";

/** Creates an OpenRouter chat model. */
export const createOpenRouterModel: CreateLanguageModel = (setup) =>
  createOpenRouter({
    apiKey: credential(setup, "api_key"),
    baseURL: setup.baseUrl ?? OPENROUTER_BASE_URL,
    fetch: setup.fetch,
    compatibility: "strict",
  }).chat(setup.modelId, { usage: { include: true } });

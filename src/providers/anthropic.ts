/**
 * Anthropic (Claude), through `@ai-sdk/anthropic` (Messages API; the package
 * sends the `anthropic-version` header).
 *
 * @module
 */
import { createAnthropic } from "@ai-sdk/anthropic";
import { type CreateLanguageModel, credential } from "./provider_setup.ts";

/** The official endpoint. */
export const ANTHROPIC_BASE_URL = "https://api.anthropic.com/v1";

/** Creates an Anthropic Messages model. */
export const createAnthropicModel: CreateLanguageModel = (setup) =>
  createAnthropic({
    apiKey: credential(setup, "api_key"),
    baseURL: setup.baseUrl ?? ANTHROPIC_BASE_URL,
    fetch: setup.fetch,
  }).chat(setup.modelId);

/**
 * Which providers and models take which attachments (`ask --attach-type`),
 * checked before any request so that an unsupported file costs nothing.
 *
 * Per provider, the media types its API takes inline (base64) as the AI SDK
 * sends them: OpenAI and Azure (`image_url` data URL, PDF as a `file`),
 * Anthropic (`image` and `document` base64 sources), Gemini and Vertex
 * (`inlineData`; no GIF), Bedrock (Converse `image` and `document` bytes),
 * Mistral (`image_url`, PDF as `document_url`), Perplexity (`image_url`, PDF
 * as `file_url`), OpenRouter (`image_url`, PDF as a `file`), xAI (Responses
 * `input_image`, PNG and JPEG; no inline PDF), Ollama (`image_url`, PNG and
 * JPEG), a custom OpenAI-compatible endpoint (what the SDK sends: images and
 * PDF; the server decides). Models of the catalogue known to read text only
 * are refused too; any other model is sent the file, and the provider's
 * answer (often a 400) is reported as it is.
 *
 * @module
 */
import { UsageError } from "../core/errors.ts";
import type { Config } from "../config/schema.ts";
import { quoteName } from "../security/quote_input.ts";
import { isCustomProvider } from "./registry.ts";

const PNG_JPEG = ["image/png", "image/jpeg"] as const;
const IMAGES = [...PNG_JPEG, "image/webp", "image/gif"] as const;
const PDF = "application/pdf";

/** The attachment types each built-in provider takes. */
export const PROVIDER_ATTACHMENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  openai: [...IMAGES, PDF],
  azure: [...IMAGES, PDF],
  anthropic: [...IMAGES, PDF],
  gemini: [...PNG_JPEG, "image/webp", PDF],
  vertex: [...PNG_JPEG, "image/webp", PDF],
  bedrock: [...IMAGES, PDF],
  mistral: [...IMAGES, PDF],
  perplexity: [...IMAGES, PDF],
  openrouter: [...IMAGES, PDF],
  xai: [...PNG_JPEG],
  ollama: [...PNG_JPEG],
  mock: [...IMAGES, PDF],
};

/** What a custom OpenAI-compatible endpoint is sent (the SDK's image and PDF parts). */
const CUSTOM_ATTACHMENT_TYPES: readonly string[] = [...IMAGES, PDF];

/** Catalogue models that read text only, and a model of the same provider that reads files. */
const TEXT_ONLY_MODELS: Readonly<Record<string, { models: readonly string[]; instead: string }>> = {
  xai: { models: ["grok-3", "grok-3-mini"], instead: "grok-4" },
  ollama: { models: ["llama3.2", "qwen2.5-coder"], instead: "llama3.2-vision" },
  mistral: { models: ["codestral-latest"], instead: "mistral-small-latest" },
  bedrock: {
    models: ["meta.llama3-1-70b-instruct-v1:0"],
    instead: "anthropic.claude-sonnet-4-20250514-v1:0",
  },
};

/** The attachment types `provider` takes (a custom endpoint: images and PDF). */
export function attachmentTypesOf(provider: string, config?: Config): readonly string[] {
  if (isCustomProvider(provider, config)) return CUSTOM_ATTACHMENT_TYPES;
  return PROVIDER_ATTACHMENT_TYPES[provider] ?? [];
}

/**
 * Checks that `provider`'s `modelId` takes an attachment of `mediaType`.
 *
 * @throws {UsageError} (exit 2) naming the provider and the type (and the
 * model, when it reads text only) and what would work instead.
 */
export function assertAttachmentSupported(
  provider: string,
  modelId: string | undefined,
  mediaType: string,
  config?: Config,
): void {
  const types = attachmentTypesOf(provider, config);
  if (!types.includes(mediaType)) {
    throw new UsageError(
      types.length === 0
        ? `Cannot attach ${mediaType} for ${provider}: it takes no attachments; choose another --provider`
        : `Cannot attach ${mediaType} for ${provider}: it takes ${
          types.join(", ")
        }; convert the file or choose another --provider`,
    );
  }
  const textOnly = TEXT_ONLY_MODELS[provider];
  const base = modelId?.replace(/:latest$/, "");
  if (textOnly && base !== undefined && textOnly.models.includes(base)) {
    throw new UsageError(
      `Cannot attach ${mediaType} for ${provider} model ${
        quoteName(modelId!, "model id")
      }: it reads text only; choose a model that reads files with --model (such as ${textOnly.instead})`,
    );
  }
}

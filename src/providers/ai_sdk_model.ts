/**
 * Adapts an AI SDK `LanguageModelV4` to omn's {@linkcode LanguageModel}:
 * requests become the SDK's prompt format, stream parts become text deltas
 * and a finish event, and errors become omn's error classes.
 *
 * @module
 */
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Prompt,
} from "@ai-sdk/provider";
import type { ResolvedCredentials } from "../credentials/resolve_credentials.ts";
import type { FinishReason, GenerateRequest, LanguageModel, ModelEvent } from "./language_model.ts";
import { ProviderError } from "../core/errors.ts";
import { mapProviderError } from "./map_provider_error.ts";
import { tokenCount } from "./token_count.ts";
import {
  classifyStreamError,
  contentFilterError,
  unreadableStreamError,
} from "./classify_stream_error.ts";
import { withResponseHeaders } from "./stream_error_headers.ts";

/** The JSON schema type the SDK takes (`JSONSchema7`). */
type JsonSchema = NonNullable<
  Extract<LanguageModelV4CallOptions["responseFormat"], { type: "json" }>["schema"]
>;

const FINISH_REASONS: readonly FinishReason[] = [
  "stop",
  "length",
  "content-filter",
  "tool-calls",
  "error",
  "other",
];

/** The SDK call options for one of omn's requests. */
export function toCallOptions(request: GenerateRequest): LanguageModelV4CallOptions {
  const prompt: LanguageModelV4Prompt = [];
  if (request.system !== undefined) prompt.push({ role: "system", content: request.system });
  for (const message of request.messages) {
    if (message.role === "user" && message.attachment !== undefined) {
      // The AI SDK's file part: each provider package puts it in its own wire format.
      const { mediaType, data } = message.attachment;
      prompt.push({
        role: "user",
        content: [
          { type: "text", text: message.content },
          { type: "file", mediaType, data: { type: "data", data } },
        ],
      });
      continue;
    }
    prompt.push({ role: message.role, content: [{ type: "text", text: message.content }] });
  }
  return {
    prompt,
    temperature: request.temperature,
    maxOutputTokens: request.maxTokens,
    abortSignal: request.signal,
    responseFormat: request.jsonSchema === undefined
      ? undefined
      : { type: "json", schema: request.jsonSchema as JsonSchema },
  };
}

function unifiedReason(value: unknown): unknown {
  return typeof value === "object" && value !== null
    ? (value as { unified?: string }).unified
    : value;
}

function rawReason(value: unknown): string | undefined {
  const raw = typeof value === "object" && value !== null
    ? (value as { raw?: unknown }).raw
    : undefined;
  return typeof raw === "string" ? raw : undefined;
}

function finishReasonOf(value: unknown): FinishReason {
  const unified = unifiedReason(value);
  return FINISH_REASONS.includes(unified as FinishReason) ? unified as FinishReason : "other";
}

/** Wraps an SDK model; `credentials` are used only to name a rejected key. */
export function fromAiSdkModel(
  model: LanguageModelV4,
  provider: string,
  credentials?: ResolvedCredentials,
): LanguageModel {
  return {
    provider,
    modelId: model.modelId,
    async *stream(request: GenerateRequest): AsyncIterable<ModelEvent> {
      let result;
      try {
        result = await model.doStream(toCallOptions(request));
      } catch (error) {
        throw mapProviderError(error, provider, credentials);
      }
      const reader = result.stream.getReader();
      let done = false;
      try {
        for (;;) {
          let next;
          try {
            next = await reader.read();
          } catch (error) {
            throw mapProviderError(error, provider, credentials);
          }
          if (next.done) {
            done = true;
            break;
          }
          const part = next.value;
          if (part.type === "text-delta") {
            if (part.delta) yield { type: "text-delta", text: part.delta };
          } else if (part.type === "error") {
            throw withResponseHeaders(
              classifyStreamError(part.error, provider) ??
                (part.error instanceof Error
                  ? mapProviderError(part.error, provider, credentials)
                  : unreadableStreamError(part.error, provider)),
              result.response?.headers,
            );
          } else if (part.type === "finish") {
            if (unifiedReason(part.finishReason) === "interrupted") {
              // The SDK's word for a stream that ended without the provider's finish event.
              throw new ProviderError(
                `${provider}: the reply stream ended before the reply was complete`,
              );
            }
            const filtered = unifiedReason(part.finishReason) === "content-filter";
            // Clamped here, once: the JSON result, the cost and the ledger read these.
            const inputTokens = tokenCount(part.usage.inputTokens.total);
            yield {
              type: "finish",
              finishReason: finishReasonOf(part.finishReason),
              usage: {
                inputTokens,
                outputTokens: tokenCount(part.usage.outputTokens.total),
                // Cached tokens are part of the input: never more of them than input tokens.
                cachedInputTokens: Math.min(
                  tokenCount(part.usage.inputTokens.cacheRead),
                  inputTokens,
                ),
                ...(part.usage.inputTokens.total === undefined &&
                    part.usage.outputTokens.total === undefined
                  ? { unreported: true as const }
                  : {}),
              },
            };
            // A filtered reply is an error (exit 1 with the reason), after its usage is counted.
            if (filtered) throw contentFilterError(provider, rawReason(part.finishReason));
          }
        }
      } finally {
        // Stopped early (an error, an interruption, a closed stdout): close the connection too.
        if (!done) await reader.cancel().catch(() => {});
        reader.releaseLock();
      }
    },
  };
}

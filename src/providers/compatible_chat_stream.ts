/**
 * The stream parts of an OpenAI-compatible reply, as
 * `@ai-sdk/openai-compatible`'s chat model makes them from the chunks: text
 * deltas (content text parts and refusals; reasoning is not text), the error
 * of an error frame or of an unreadable chunk, the error of a stream that
 * ended without a finish reason, and the finish with its reason and usage.
 * Pure state over the chunks; `compatible_chat_model.ts` feeds it.
 *
 * @module
 */
import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { InvalidResponseDataError } from "@ai-sdk/provider";
import type {
  CompatibleChunk,
  CompatibleChunkResult,
  CompatibleToolCallDelta,
  CompatibleUsage,
} from "./compatible_chat_chunk.ts";
import { convertOpenAIChatUsage, mapOpenAIFinishReason } from "./openai_chat_stream.ts";

/** The package's usage of a reply (all counts unknown when the reply had none; no cache writes). */
export function convertCompatibleUsage(usage: CompatibleUsage | null | undefined) {
  return convertOpenAIChatUsage(usage, { readsCacheWrite: false });
}

/** The text parts of a delta's content: a string, or the text parts of a part list. */
function contentTexts(
  content: NonNullable<CompatibleChunk["choices"][number]["delta"]>["content"],
) {
  if (content === null || content === undefined) return [];
  if (typeof content === "string") return content.length > 0 ? [content] : [];
  return content.filter((part) =>
    part.type === "text" && typeof part.text === "string" && part.text.length > 0
  ).map((part) => part.text as string);
}

/** Takes tool-call deltas, and the end of the reply. */
export interface CompatibleToolCalls {
  delta(delta: CompatibleToolCallDelta): void;
}

/** The state of one reply stream: feed it each chunk, then finish it. */
export class CompatibleChatStreamState {
  #finishReason: { unified: string; raw: string | undefined } | undefined;
  #rawFinishReason: string | undefined;
  #usage: CompatibleUsage | null | undefined;
  #hasRefusal = false;

  /** The parts of one chunk; `toolCalls` takes its tool-call deltas. */
  parts(chunk: CompatibleChunkResult, toolCalls: CompatibleToolCalls): LanguageModelV4StreamPart[] {
    if (!chunk.success) return [this.#error(chunk.error)];
    const value = chunk.value;
    if ("error" in value) return [this.#error(value.error)];
    if (value.usage !== null && value.usage !== undefined) this.#usage = value.usage;
    const choice = value.choices[0];
    if (choice?.finish_reason !== null && choice?.finish_reason !== undefined) {
      this.#rawFinishReason = choice.finish_reason;
    }
    const delta = choice?.delta;
    if (delta === null || delta === undefined) return [];
    const texts = contentTexts(delta.content);
    if (typeof delta.refusal === "string" && delta.refusal.length > 0) {
      this.#hasRefusal = true;
      texts.push(delta.refusal);
    }
    if (delta.tool_calls !== null && delta.tool_calls !== undefined) {
      for (const toolCall of delta.tool_calls) toolCalls.delta(toolCall);
    }
    return texts.map((text) => ({ type: "text-delta", id: "txt-0", delta: text }));
  }

  /** The parts after the last chunk: an error when no finish reason came, and the finish. */
  finish(): LanguageModelV4StreamPart[] {
    const parts: LanguageModelV4StreamPart[] = [];
    if (this.#rawFinishReason !== undefined) {
      this.#finishReason = {
        unified: mapOpenAIFinishReason(this.#rawFinishReason, this.#hasRefusal),
        raw: this.#rawFinishReason,
      };
    }
    if (this.#finishReason === undefined) {
      this.#finishReason = { unified: "error", raw: undefined };
      parts.push({
        type: "error",
        error: new InvalidResponseDataError({
          data: undefined,
          message: "Response stream ended without a finish reason.",
        }),
      });
    }
    parts.push({
      type: "finish",
      finishReason: this.#finishReason,
      usage: convertCompatibleUsage(this.#usage),
    } as LanguageModelV4StreamPart);
    return parts;
  }

  #error(error: unknown): LanguageModelV4StreamPart {
    this.#finishReason = { unified: "error", raw: undefined };
    this.#rawFinishReason = undefined;
    return { type: "error", error };
  }
}

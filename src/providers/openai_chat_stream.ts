/**
 * The stream parts of an OpenAI chat-completions reply, as
 * `@ai-sdk/openai`'s chat model makes them from the chunks of the stream:
 * text deltas (refusals included), the error of an error frame or of an
 * unreadable chunk, and the finish with its reason and usage. Pure state
 * over the chunks; `openai_chat_model.ts` feeds it.
 *
 * @module
 */
import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import type { ChatChunk, ChunkResult, ErrorFrame, OpenAIChatUsage } from "./openai_chat_chunk.ts";
import { openaiStreamErrorOf } from "./openai_stream_error.ts";

/** The SDK's mapping of OpenAI's finish reasons. */
export function mapOpenAIFinishReason(reason: string, hasRefusal: boolean): string {
  switch (reason) {
    case "stop":
      return hasRefusal ? "content-filter" : "stop";
    case "length":
      return "length";
    case "content_filter":
      return "content-filter";
    case "function_call":
    case "tool_calls":
      return "tool-calls";
    default:
      return "other";
  }
}

/**
 * The SDK's usage of a chat reply (all counts unknown when the reply had
 * none). `@ai-sdk/openai-compatible` reads no cache writes: it passes
 * `readsCacheWrite: false`.
 */
export function convertOpenAIChatUsage(
  usage: OpenAIChatUsage | null | undefined,
  options: { readsCacheWrite?: boolean } = {},
) {
  if (usage === null || usage === undefined) {
    return {
      inputTokens: {
        total: undefined,
        noCache: undefined,
        cacheRead: undefined,
        cacheWrite: undefined,
      },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
      raw: undefined,
    };
  }
  const promptTokens = usage.prompt_tokens ?? 0;
  const completionTokens = usage.completion_tokens ?? 0;
  const cachedTokens = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const cacheWriteTokens = options.readsCacheWrite === false
    ? undefined
    : usage.prompt_tokens_details?.cache_write_tokens ?? undefined;
  const reasoningTokens = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  return {
    inputTokens: {
      total: promptTokens,
      noCache: promptTokens - cachedTokens - (cacheWriteTokens ?? 0),
      cacheRead: cachedTokens,
      cacheWrite: cacheWriteTokens,
    },
    outputTokens: {
      total: completionTokens,
      text: Math.max(0, completionTokens - reasoningTokens),
      reasoning: reasoningTokens,
    },
    raw: usage,
  };
}

/** Whether a read chunk is an error frame (the schema's second choice: it has no `choices`). */
export function isErrorFrame(value: ChatChunk | ErrorFrame): value is ErrorFrame {
  return !("choices" in value);
}

/** The SDK's test of a chunk that carries output (ends its look-ahead for an early error). */
export function isOutputChunk(value: ChatChunk | ErrorFrame): boolean {
  if (isErrorFrame(value)) return false;
  return value.choices.some((choice) => {
    const delta = choice.delta as Record<string, unknown[] | string | null | undefined> | null;
    return (delta?.content?.length ?? 0) > 0 || (delta?.refusal?.length ?? 0) > 0 ||
      (delta?.tool_calls?.length ?? 0) > 0 || (delta?.annotations?.length ?? 0) > 0;
  });
}

/** Takes the tool-call deltas of a reply (the SDK's tracker, loaded when a reply has some). */
export type ToolCallSink = (delta: NonNullable<ChatChunk["choices"][number]["delta"]>) => void;

/** The state of one reply stream: feed it each chunk, then finish it. */
export class OpenAIChatStreamState {
  #finishReason: { unified: string; raw: string | undefined } = {
    unified: "interrupted",
    raw: undefined,
  };
  #rawFinishReason: string | undefined;
  #usage: OpenAIChatUsage | null | undefined;
  #hasRefusal = false;

  /** The parts of one chunk; `toolCalls` takes its tool-call deltas. */
  parts(chunk: ChunkResult, toolCalls: ToolCallSink): LanguageModelV4StreamPart[] {
    if (!chunk.success) return [this.#error(chunk.error)];
    const value = chunk.value;
    if (isErrorFrame(value)) return [this.#error(openaiStreamErrorOf(value.error) ?? value.error)];
    if (value.usage !== null && value.usage !== undefined) this.#usage = value.usage;
    const choice = value.choices[0];
    if (choice?.finish_reason !== null && choice?.finish_reason !== undefined) {
      this.#rawFinishReason = choice.finish_reason;
    }
    const delta = choice?.delta;
    if (delta === null || delta === undefined) return [];
    const texts: string[] = [];
    if (delta.content !== null && delta.content !== undefined && delta.content.length > 0) {
      texts.push(delta.content);
    }
    if (delta.refusal !== null && delta.refusal !== undefined && delta.refusal.length > 0) {
      this.#hasRefusal = true;
      texts.push(delta.refusal);
    }
    if (texts.length === 0 && delta.content === "") texts.push("");
    if (delta.tool_calls !== null && delta.tool_calls !== undefined) toolCalls(delta);
    return texts.map((text) => ({ type: "text-delta", id: "0", delta: text }));
  }

  /** The finish part, after the last chunk. */
  finish(): LanguageModelV4StreamPart {
    if (this.#rawFinishReason !== undefined) {
      this.#finishReason = {
        unified: mapOpenAIFinishReason(this.#rawFinishReason, this.#hasRefusal),
        raw: this.#rawFinishReason,
      };
    }
    return {
      type: "finish",
      finishReason: this.#finishReason,
      usage: convertOpenAIChatUsage(this.#usage),
    } as LanguageModelV4StreamPart;
  }

  #error(error: unknown): LanguageModelV4StreamPart {
    this.#finishReason = { unified: "error", raw: undefined };
    this.#rawFinishReason = undefined;
    return { type: "error", error };
  }
}

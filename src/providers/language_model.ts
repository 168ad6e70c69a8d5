/**
 * The provider interface every model implements: one streamed generation
 * with usage and finish reason, modelled on the AI SDK's `LanguageModel`.
 *
 * @module
 */

/** A file sent with a user message (`ask --attach-type`): its bytes and media type. */
export interface MessageAttachment {
  /** IANA media type, e.g. `image/png` or `application/pdf`. */
  mediaType: string;
  data: Uint8Array;
}

/** One message of a conversation. */
export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
  /** A file sent after the text (user messages only). */
  attachment?: MessageAttachment;
}

/** What `ask` sends to a model. */
export interface GenerateRequest {
  system?: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  /** A JSON schema the reply must conform to (`--schema`). */
  jsonSchema?: Record<string, unknown>;
}

/** Token counts of one generation. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  /** The provider reported no usage (the counts are 0): its cost is unknown. */
  unreported?: true;
}

/** Why a generation ended (the AI SDK's vocabulary). */
export type FinishReason = "stop" | "length" | "content-filter" | "tool-calls" | "error" | "other";

/**
 * Whether a reply that finished for `reason` was cut off before the model
 * ended it (at `--max-tokens`, by a content filter, by an error, or for a
 * reason the provider's package does not know, `other`: vLLM's `abort`,
 * Gemini's `OTHER`): like a stream that broke off, its tail may be the
 * beginning of a secret, to be masked. Only `stop` and `tool-calls` are a
 * model's own end.
 */
export function replyCutShort(reason: FinishReason | undefined): boolean {
  return reason === "length" || reason === "content-filter" || reason === "error" ||
    reason === "other";
}

/** One event of a streamed generation. */
export type ModelEvent =
  | { type: "text-delta"; text: string }
  | { type: "finish"; finishReason: FinishReason; usage: Usage };

/** A model of one provider, ready to generate. */
export interface LanguageModel {
  /** Provider id, e.g. `openai`. */
  readonly provider: string;
  /** Model id as the provider names it. */
  readonly modelId: string;
  /** Streams one generation; the last event is `finish`. */
  stream(request: GenerateRequest): AsyncIterable<ModelEvent>;
}

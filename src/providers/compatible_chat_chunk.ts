/**
 * Reads one event of an OpenAI-compatible reply stream, as
 * `@ai-sdk/openai-compatible` reads it: the common chunk (text as a string,
 * reasoning, a refusal, a finish reason, usage) here with `JSON.parse` and a
 * few type checks; anything else (an `error` key, text that is not JSON, a
 * chunk that breaks the schema, content parts, tool calls, a key the SDK's
 * secure parse would refuse) by the exact reading of
 * `compatible_chat_chunk_exact.ts`, loaded only then. The fast reader only
 * accepts what the package's schema accepts
 * (tests/providers/compatible_chat_chunk_test.ts).
 *
 * @module
 */
import {
  hasOptionalNumbers,
  isAbsent,
  isOptionalNumber,
  isOptionalString,
  isRecord,
  readSimpleJson,
} from "./simple_json_chunk.ts";

/** The fields of a chunk that omn reads (the schema keeps unknown keys). */
export interface CompatibleChunk {
  choices: {
    delta?: {
      content?: string | { type: string; text?: unknown; thinking?: unknown }[] | null;
      refusal?: unknown;
      tool_calls?: CompatibleToolCallDelta[] | null;
    } | null;
    finish_reason?: string | null;
  }[];
  usage?: CompatibleUsage | null;
  error?: unknown;
}

/** One streamed tool-call delta. */
export interface CompatibleToolCallDelta {
  index?: number | null;
  id?: string | null;
  function: { name?: string | null; arguments?: string | null };
  extra_content?: unknown;
}

/** The usage object of a chunk. */
export interface CompatibleUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/** What one event's data reads as: a chunk (or error frame), or the SDK's parse or validation error. */
export type CompatibleChunkResult =
  | { success: true; value: CompatibleChunk | { error: unknown } }
  | { success: false; error: unknown };

function isSimpleUsage(usage: unknown): boolean {
  return isAbsent(usage) || (isRecord(usage) &&
    hasOptionalNumbers(usage, ["prompt_tokens", "completion_tokens", "total_tokens"]) &&
    hasOptionalNumbers(usage.prompt_tokens_details, ["cached_tokens"]) &&
    hasOptionalNumbers(usage.completion_tokens_details, [
      "reasoning_tokens",
      "accepted_prediction_tokens",
      "rejected_prediction_tokens",
    ]));
}

function isSimpleDelta(delta: unknown): boolean {
  return isAbsent(delta) || (isRecord(delta) &&
    (isAbsent(delta.role) || delta.role === "assistant" || delta.role === "") &&
    isOptionalString(delta.content) &&
    isOptionalString(delta.reasoning_content) &&
    isOptionalString(delta.reasoning) &&
    isAbsent(delta.tool_calls));
}

function isSimpleChoice(choice: unknown): boolean {
  return isRecord(choice) && isOptionalString(choice.finish_reason) && isSimpleDelta(choice.delta);
}

function isSimpleChunk(value: unknown): value is CompatibleChunk {
  return isRecord(value) && !("error" in value) &&
    isOptionalString(value.id) && isOptionalNumber(value.created) &&
    isOptionalString(value.model) &&
    Array.isArray(value.choices) && value.choices.every(isSimpleChoice) &&
    isSimpleUsage(value.usage);
}

/** Reads the data of one event the fast way; undefined when the exact reading must decide. */
export function readCompatibleChunkFast(data: string): CompatibleChunkResult | undefined {
  const value = readSimpleJson(data, isSimpleChunk);
  return value === undefined ? undefined : { success: true, value };
}

/** Reads the data of one event: the fast way when it can, else the SDK's way. */
export async function readCompatibleChunk(data: string): Promise<CompatibleChunkResult> {
  return readCompatibleChunkFast(data) ??
    (await import("./compatible_chat_chunk_exact.ts")).readCompatibleChunkExactly(data);
}

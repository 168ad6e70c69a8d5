/**
 * Reads one event of an OpenAI chat-completions reply stream. The common
 * chunk (text, a finish reason, usage) is read here with `JSON.parse` and a
 * few type checks; anything else (an error frame, text that is not JSON, a
 * chunk that breaks the schema, tool calls, annotations, log probabilities,
 * a key the AI SDK's secure parse would refuse) goes to the exact reading of
 * `openai_chat_chunk_exact.ts`, loaded only then, which is the SDK's own. The
 * fast reader only accepts what the SDK's schema accepts, so both give the
 * same result (tests/providers/openai_chat_chunk_test.ts).
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

/** The fields of a chat chunk that omn reads. */
export interface ChatChunk {
  choices: {
    delta?: {
      content?: string | null;
      refusal?: string | null;
      tool_calls?: ToolCallDelta[] | null;
    } | null;
    finish_reason?: string | null;
  }[];
  usage?: OpenAIChatUsage | null;
}

/** One streamed tool-call delta, as the SDK's tool-call tracker takes it. */
export interface ToolCallDelta {
  index: number;
  id?: string | null;
  type?: "function" | null;
  function: { name?: string | null; arguments?: string | null };
}

/** The usage object of a chunk. */
export interface OpenAIChatUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?:
    | { cached_tokens?: number | null; cache_write_tokens?: number | null }
    | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/** An error frame (`{"error": {…}}`), its `error` as the schema keeps it. */
export interface ErrorFrame {
  error: { message: string; type?: string | null; param?: unknown; code?: string | number | null };
}

/** What one event's data reads as: a chunk or an error frame, or the SDK's parse or validation error. */
export type ChunkResult =
  | { success: true; value: ChatChunk | ErrorFrame }
  | { success: false; error: unknown };

function isSimpleUsage(usage: unknown): boolean {
  if (isAbsent(usage)) return true;
  return isRecord(usage) &&
    hasOptionalNumbers(usage, ["prompt_tokens", "completion_tokens", "total_tokens"]) &&
    hasOptionalNumbers(usage.prompt_tokens_details, ["cached_tokens", "cache_write_tokens"]) &&
    hasOptionalNumbers(usage.completion_tokens_details, [
      "reasoning_tokens",
      "accepted_prediction_tokens",
      "rejected_prediction_tokens",
    ]);
}

function isSimpleDelta(delta: unknown): boolean {
  if (isAbsent(delta)) return true;
  return isRecord(delta) &&
    (isAbsent(delta.role) || delta.role === "assistant") &&
    isOptionalString(delta.content) &&
    isOptionalString(delta.refusal) &&
    isAbsent(delta.tool_calls) &&
    isAbsent(delta.annotations);
}

function isSimpleChoice(choice: unknown): boolean {
  return isRecord(choice) &&
    typeof choice.index === "number" && Number.isFinite(choice.index) &&
    isOptionalString(choice.finish_reason) &&
    isAbsent(choice.logprobs) &&
    isSimpleDelta(choice.delta);
}

/** Whether the value is a chunk the schema accepts with nothing but text, a finish reason and usage. */
function isSimpleChunk(value: unknown): value is ChatChunk {
  return isRecord(value) &&
    isOptionalString(value.id) &&
    isOptionalNumber(value.created) &&
    isOptionalString(value.model) &&
    Array.isArray(value.choices) && value.choices.every(isSimpleChoice) &&
    isSimpleUsage(value.usage);
}

/** Reads the data of one event the fast way; undefined when the exact reading must decide. */
export function readChunkFast(data: string): ChunkResult | undefined {
  const value = readSimpleJson(data, isSimpleChunk);
  return value === undefined ? undefined : { success: true, value };
}

/** Reads the data of one event: the fast way when it can, else the SDK's way. */
export async function readChunk(data: string): Promise<ChunkResult> {
  return readChunkFast(data) ??
    (await import("./openai_chat_chunk_exact.ts")).readChunkExactly(data);
}

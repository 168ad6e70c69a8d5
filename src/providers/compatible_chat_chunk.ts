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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const absent = (value: unknown) => value === undefined || value === null;
const optionalString = (value: unknown) => absent(value) || typeof value === "string";
const optionalNumber = (value: unknown) =>
  absent(value) || (typeof value === "number" && Number.isFinite(value));

function hasOptionalNumbers(value: unknown, keys: readonly string[]): boolean {
  return absent(value) || (isRecord(value) && keys.every((key) => optionalNumber(value[key])));
}

function isSimpleUsage(usage: unknown): boolean {
  return absent(usage) || (isRecord(usage) &&
    hasOptionalNumbers(usage, ["prompt_tokens", "completion_tokens", "total_tokens"]) &&
    hasOptionalNumbers(usage.prompt_tokens_details, ["cached_tokens"]) &&
    hasOptionalNumbers(usage.completion_tokens_details, [
      "reasoning_tokens",
      "accepted_prediction_tokens",
      "rejected_prediction_tokens",
    ]));
}

function isSimpleDelta(delta: unknown): boolean {
  return absent(delta) || (isRecord(delta) &&
    (absent(delta.role) || delta.role === "assistant" || delta.role === "") &&
    optionalString(delta.content) &&
    optionalString(delta.reasoning_content) &&
    optionalString(delta.reasoning) &&
    absent(delta.tool_calls));
}

function isSimpleChoice(choice: unknown): boolean {
  return isRecord(choice) && optionalString(choice.finish_reason) && isSimpleDelta(choice.delta);
}

function isSimpleChunk(value: unknown): value is CompatibleChunk {
  return isRecord(value) && !("error" in value) &&
    optionalString(value.id) && optionalNumber(value.created) && optionalString(value.model) &&
    Array.isArray(value.choices) && value.choices.every(isSimpleChoice) &&
    isSimpleUsage(value.usage);
}

/** Text the SDK's secure parse looks at more closely, or escapes that could spell such a key. */
const SUSPECT_KEY = /__proto__|constructor|\\u00/;

/** Reads the data of one event the fast way; undefined when the exact reading must decide. */
export function readCompatibleChunkFast(data: string): CompatibleChunkResult | undefined {
  if (SUSPECT_KEY.test(data)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  return isSimpleChunk(value) ? { success: true, value } : undefined;
}

/** Reads the data of one event: the fast way when it can, else the SDK's way. */
export async function readCompatibleChunk(data: string): Promise<CompatibleChunkResult> {
  return readCompatibleChunkFast(data) ??
    (await import("./compatible_chat_chunk_exact.ts")).readCompatibleChunkExactly(data);
}

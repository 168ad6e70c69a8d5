/**
 * The exact reading of one event of an OpenAI-compatible reply stream, as
 * `@ai-sdk/openai-compatible` reads it: the AI SDK's secure JSON parse and a
 * copy of the package's zod schema of a chunk (loose: unknown keys kept) or
 * an error frame. Loaded only for the events the fast reader
 * (`compatible_chat_chunk.ts`) leaves to it.
 *
 * @module
 */
import { safeParseJSON, zodSchema } from "@ai-sdk/provider-utils";
import { z } from "zod";
import type { CompatibleChunk, CompatibleChunkResult } from "./compatible_chat_chunk.ts";

const usageSchema = z.looseObject({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
  completion_tokens_details: z.looseObject({
    reasoning_tokens: z.number().nullish(),
    accepted_prediction_tokens: z.number().nullish(),
    rejected_prediction_tokens: z.number().nullish(),
  }).nullish(),
}).nullish();

const chunkSchema = zodSchema(z.union([
  z.looseObject({
    id: z.string().nullish(),
    created: z.number().nullish(),
    model: z.string().nullish(),
    choices: z.array(z.object({
      delta: z.object({
        role: z.enum(["assistant", ""]).nullish(),
        content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]).nullish(),
        refusal: z.unknown().nullish().transform((value) =>
          typeof value === "string" ? value : undefined
        ),
        reasoning_content: z.string().nullish(),
        reasoning: z.string().nullish(),
        tool_calls: z.array(z.object({
          index: z.number().nullish(),
          id: z.string().nullish(),
          function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }),
          extra_content: z.object({
            google: z.object({ thought_signature: z.string().nullish() }).nullish(),
          }).nullish(),
        })).nullish(),
      }).nullish(),
      finish_reason: z.string().nullish(),
    })),
    usage: usageSchema,
  }),
  z.object({
    error: z.object({
      message: z.string(),
      type: z.string().nullish(),
      param: z.any().nullish(),
      code: z.union([z.string(), z.number()]).nullish(),
    }),
  }),
]));

/** Reads one event's data exactly as the SDK does. */
export async function readCompatibleChunkExactly(data: string): Promise<CompatibleChunkResult> {
  const result = await safeParseJSON({ text: data, schema: chunkSchema });
  return result.success
    ? { success: true, value: result.value as CompatibleChunk }
    : { success: false, error: result.error };
}

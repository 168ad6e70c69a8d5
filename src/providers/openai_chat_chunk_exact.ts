/**
 * The exact reading of one chat-completions stream event, as
 * `@ai-sdk/openai` reads it: the AI SDK's secure JSON parse and a copy of the
 * package's zod schema of a chunk (one of a chunk and an error frame). It is
 * loaded only for the events the fast reader (`openai_chat_chunk.ts`) leaves
 * to it: an error frame, text that is not JSON, a chunk that does not fit
 * the schema, or one with parts the fast reader does not read (tool calls,
 * annotations, log probabilities). Its results and error messages are the
 * SDK's (tests/providers/openai_chat_chunk_test.ts).
 *
 * @module
 */
import { safeParseJSON, zodSchema } from "@ai-sdk/provider-utils";
import { z } from "zod";
import type { ChatChunk, ChunkResult, ErrorFrame } from "./openai_chat_chunk.ts";

const logprobSchema = z.array(z.object({
  token: z.string(),
  logprob: z.number(),
  top_logprobs: z.array(z.object({ token: z.string(), logprob: z.number() })),
})).nullish();

const errorSchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().nullish(),
    param: z.any().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
  }),
});

const chunkSchema = zodSchema(z.union([
  z.object({
    id: z.string().nullish(),
    created: z.number().nullish(),
    model: z.string().nullish(),
    choices: z.array(z.object({
      delta: z.object({
        role: z.enum(["assistant"]).nullish(),
        content: z.string().nullish(),
        refusal: z.string().nullish(),
        tool_calls: z.array(z.object({
          index: z.number(),
          id: z.string().nullish(),
          type: z.literal("function").nullish(),
          function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }),
        })).nullish(),
        annotations: z.array(z.object({
          type: z.literal("url_citation"),
          url_citation: z.object({
            start_index: z.number(),
            end_index: z.number(),
            url: z.string(),
            title: z.string(),
          }),
        })).nullish(),
      }).nullish(),
      logprobs: z.object({ content: logprobSchema, refusal: logprobSchema }).nullish(),
      finish_reason: z.string().nullish(),
      index: z.number(),
    })),
    usage: z.object({
      prompt_tokens: z.number().nullish(),
      completion_tokens: z.number().nullish(),
      total_tokens: z.number().nullish(),
      prompt_tokens_details: z.object({
        cached_tokens: z.number().nullish(),
        cache_write_tokens: z.number().nullish(),
      }).nullish(),
      completion_tokens_details: z.object({
        reasoning_tokens: z.number().nullish(),
        accepted_prediction_tokens: z.number().nullish(),
        rejected_prediction_tokens: z.number().nullish(),
      }).nullish(),
    }).nullish(),
  }),
  errorSchema,
]));

/** Reads one event's data exactly as the SDK does. */
export async function readChunkExactly(data: string): Promise<ChunkResult> {
  const result = await safeParseJSON({ text: data, schema: chunkSchema });
  return result.success
    ? { success: true, value: result.value as ChatChunk | ErrorFrame }
    : { success: false, error: result.error };
}

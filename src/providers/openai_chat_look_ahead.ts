/**
 * The AI SDK's look-ahead of an OpenAI chat-completions reply, in bounded
 * memory: the chunks before the first output (text, a refusal, a tool call,
 * an annotation) are read and applied to the stream's state as they arrive,
 * not kept, so a reply of endless text-less chunks (`"content":""`, usage
 * only, role only) holds one counter, not every chunk. The look-ahead stops
 * at the first output chunk, error frame or unreadable chunk, which the
 * caller handles (an error frame there fails the call itself, so that it is
 * retried before any text is shown).
 *
 * @module
 */
import { type ChunkResult, readChunk } from "./openai_chat_chunk.ts";
import {
  isErrorFrame,
  isOutputChunk,
  type OpenAIChatStreamState,
  type ToolCallSink,
} from "./openai_chat_stream.ts";

/** What the look-ahead leaves: the empty text deltas to hand on, and the chunk it stopped at. */
export interface LookAhead {
  /** How many empty text deltas the text-less chunks made (the SDK hands each on). */
  emptyTexts: number;
  /** The first output chunk, error frame or unreadable chunk; undefined at the end of the reply. */
  stop: ChunkResult | undefined;
}

/** Reads events up to the first output, applying each text-less chunk to `state` as it comes. */
export async function lookAhead(
  next: () => Promise<string | undefined>,
  state: OpenAIChatStreamState,
  toolCalls: ToolCallSink,
): Promise<LookAhead> {
  let emptyTexts = 0;
  for (;;) {
    const data = await next();
    if (data === undefined) return { emptyTexts, stop: undefined };
    const chunk = await readChunk(data);
    if (!chunk.success || isErrorFrame(chunk.value) || isOutputChunk(chunk.value)) {
      return { emptyTexts, stop: chunk };
    }
    // A text-less chunk makes at most an empty text delta (`"content":""`).
    emptyTexts += state.parts(chunk, toolCalls).length;
  }
}

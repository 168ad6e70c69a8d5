/**
 * A model that sends one text delta, then finishes for `finishReason`.
 *
 * @module
 */
import type {
  FinishReason,
  LanguageModel,
  ModelEvent,
} from "../../src/providers/language_model.ts";

/** The model; its reply is `text`, ended for `finishReason`. */
export function oneReplyModel(text: string, finishReason: FinishReason): LanguageModel {
  return {
    provider: "fake",
    modelId: "fake-1",
    async *stream(): AsyncIterable<ModelEvent> {
      yield { type: "text-delta", text };
      yield {
        type: "finish",
        finishReason,
        usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 },
      };
    },
  };
}

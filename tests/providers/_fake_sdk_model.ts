/**
 * An AI SDK model (`LanguageModelV4`) whose stream gives the parts a test
 * chooses, for the tests of the adapter over SDK models.
 *
 * @module
 */
import type { LanguageModelV4, LanguageModelV4StreamPart } from "@ai-sdk/provider";

/** What {@linkcode fakeSdkModel} can do besides giving its parts. */
export interface FakeSdkModelOptions {
  /** Never end the stream after the parts (it stays open until cancelled). */
  hang?: boolean;
  /** The headers of the answer that carried the stream. */
  headers?: Record<string, string>;
}

/** A model streaming `parts`, and whether its stream was cancelled. */
export function fakeSdkModel(
  parts: LanguageModelV4StreamPart[],
  options: FakeSdkModelOptions = {},
) {
  const state = { cancelled: false };
  const model = {
    specificationVersion: "v4",
    provider: "fake",
    modelId: "fake-1",
    supportedUrls: {},
    doGenerate: () => Promise.reject(new Error("unused")),
    doStream: () =>
      Promise.resolve({
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          start(controller) {
            for (const part of parts) controller.enqueue(part);
            if (!options.hang) controller.close();
          },
          cancel() {
            state.cancelled = true;
          },
        }),
        response: options.headers ? { headers: options.headers } : undefined,
      }),
  } as unknown as LanguageModelV4;
  return { model, state };
}

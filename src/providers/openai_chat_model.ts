/**
 * omn's own client of OpenAI's streamed chat completions: the request
 * `@ai-sdk/openai`'s chat model makes (same URL, headers, user agent and
 * JSON body), read into the same stream parts and errors, without loading
 * the SDK and zod (about half of `omn ask`'s start-up on this path). A call
 * it does not cover (a file, a JSON schema; see `openai_chat_body.ts`), and
 * `doGenerate`, go to the SDK's model, loaded then.
 *
 * Every request goes through the fetch it is given (the secure fetch under
 * the retries and timeouts), like the SDK's; the parts go through the same
 * adapter (`ai_sdk_model.ts`) and error mapping.
 *
 * Proof of sameness: tests/providers/openai_chat_model_test.ts runs this
 * client and the SDK's model over the same replies (the fakes' scenarios,
 * error statuses, error frames before and after output, unreadable chunks).
 *
 * @module
 */
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
} from "@ai-sdk/provider";
import { LoadAPIKeyError } from "@ai-sdk/provider";
import { postChat, ReplyEvents } from "./chat_completions_request.ts";
import { openaiChatBody } from "./openai_chat_body.ts";
import { type ChunkResult, readChunk } from "./openai_chat_chunk.ts";
import { isErrorFrame, OpenAIChatStreamState, type ToolCallSink } from "./openai_chat_stream.ts";
import { lookAhead } from "./openai_chat_look_ahead.ts";
import { ToolCallBudget } from "./tool_call_budget.ts";
import { openaiStreamErrorBeforeOutput } from "./openai_stream_error.ts";

/** Settings of {@linkcode createOpenAIChatModel}. */
export interface OpenAIChatSettings {
  modelId: string;
  /** `openai.chat`, as the SDK names it. */
  provider: string;
  /** The endpoint, without a trailing slash. */
  baseUrl: string;
  apiKey: string | undefined;
  /** The provider's own user agent part, e.g. `ai-sdk-openai/4.0.118`. */
  userAgent: string;
  fetch: typeof fetch;
  /** The SDK's model with the same settings, for the calls this client leaves to it. */
  sdkModel: () => Promise<LanguageModelV4>;
}

/** Hands tool-call deltas to the SDK's tracker, loaded on the first one. */
function toolCallSink(): { sink: ToolCallSink; flush: () => void; ready: () => Promise<void> } {
  let tracker: { processDelta(delta: unknown): void; flush(): void } | undefined;
  let loading: Promise<void> | undefined;
  const deltas: unknown[] = [];
  // omn asks for no tools: a server streaming endless tool calls is stopped at a bound.
  const budget = new ToolCallBudget();
  return {
    sink: (delta) => {
      for (const toolCall of delta.tool_calls ?? []) budget.add(toolCall);
      deltas.push(...delta.tool_calls ?? []);
      loading ??= import("@ai-sdk/provider-utils").then(
        ({ StreamingToolCallTracker, generateId }) => {
          // The parts it makes (tool calls) are not used by omn; only what it throws matters.
          tracker = new StreamingToolCallTracker({ enqueue() {} } as never, {
            generateId,
            typeValidation: "if-present",
          });
        },
      );
    },
    ready: async () => {
      if (loading === undefined) return;
      await loading;
      for (const delta of deltas.splice(0)) tracker!.processDelta(delta);
    },
    flush: () => tracker?.flush(),
  };
}

/** Streams one call the client covers. */
async function streamChat(
  settings: OpenAIChatSettings,
  options: LanguageModelV4CallOptions,
  body: object,
) {
  const url = `${settings.baseUrl}/chat/completions`;
  const reply = await postChat(
    {
      url,
      headers: () => {
        if (settings.apiKey === undefined) {
          throw new LoadAPIKeyError({ message: "OpenAI API key is missing." });
        }
        return { authorization: `Bearer ${settings.apiKey}`, "user-agent": settings.userAgent };
      },
      fetch: settings.fetch,
    },
    body,
    options.abortSignal,
  );
  const responseHeaders = reply.responseHeaders;
  const events = new ReplyEvents(reply, url, body);
  const state = new OpenAIChatStreamState();
  const toolCalls = toolCallSink();
  // The SDK's look-ahead: an error frame before any output fails the call itself.
  const ahead = await lookAhead(() => events.next(), state, toolCalls.sink);
  if (ahead.stop?.success && isErrorFrame(ahead.stop.value)) {
    // The rest of the body is cancelled, not drained as the SDK does: an endless one must not
    // keep a connection busy after every failed attempt.
    void events.cancel().catch(() => {});
    throw openaiStreamErrorBeforeOutput({
      frame: ahead.stop.value.error,
      url,
      requestBodyValues: body,
      responseHeaders,
    });
  }
  let emptyTexts = ahead.emptyTexts;
  let stop = ahead.stop;
  let finished = false;
  const stream = new ReadableStream<LanguageModelV4StreamPart>({
    async pull(controller) {
      if (emptyTexts > 0) {
        emptyTexts--;
        await toolCalls.ready();
        controller.enqueue({ type: "text-delta", id: "0", delta: "" });
        return;
      }
      for (;;) {
        if (finished) return controller.close();
        let chunk: ChunkResult | undefined = stop;
        stop = undefined;
        if (chunk === undefined) {
          const data = await events.next();
          chunk = data === undefined ? undefined : await readChunk(data);
        }
        if (chunk === undefined) {
          toolCalls.flush();
          finished = true;
          controller.enqueue(state.finish());
          return;
        }
        const parts = state.parts(chunk, toolCalls.sink);
        // The tool calls' tracker may fail the stream: the SDK's stream then loses this chunk's text.
        await toolCalls.ready();
        for (const part of parts) controller.enqueue(part);
        if (parts.length > 0) return;
      }
    },
    cancel: (reason) => events.cancel(reason),
  }, { highWaterMark: 0 });
  return { stream, request: { body, url }, response: { headers: responseHeaders } };
}

/** The OpenAI chat model: omn's client for the calls it covers, the SDK's for the others. */
export function createOpenAIChatModel(settings: OpenAIChatSettings): LanguageModelV4 {
  return {
    specificationVersion: "v4",
    provider: settings.provider,
    modelId: settings.modelId,
    supportedUrls: { "image/*": [/^https?:\/\/.*$/] },
    doGenerate: async (options) => (await settings.sdkModel()).doGenerate(options),
    doStream: async (options) => {
      const body = openaiChatBody(settings.modelId, options);
      if (body === undefined) return (await settings.sdkModel()).doStream(options);
      return await streamChat(settings, options, body);
    },
  } as LanguageModelV4;
}

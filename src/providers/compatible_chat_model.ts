/**
 * omn's own client of an OpenAI-compatible server's streamed chat
 * completions (a custom endpoint, Ollama): the request
 * `@ai-sdk/openai-compatible`'s chat model makes (same URL, headers, user
 * agent and JSON body), read into the same stream parts and errors, without
 * loading the package and zod. A call it does not cover (a file, a JSON
 * schema; see `compatible_chat_body.ts`), and `doGenerate`, go to the
 * package's model, loaded then.
 *
 * Proof of sameness: tests/providers/compatible_chat_model_test.ts runs this
 * client and the package's model over the same replies.
 *
 * @module
 */
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
} from "@ai-sdk/provider";
import { postChat, ReplyEvents } from "./chat_completions_request.ts";
import { compatibleChatBody } from "./compatible_chat_body.ts";
import { type CompatibleToolCallDelta, readCompatibleChunk } from "./compatible_chat_chunk.ts";
import { CompatibleChatStreamState } from "./compatible_chat_stream.ts";
import { ToolCallBudget } from "./tool_call_budget.ts";

/** The user agent part `createOpenAICompatible` adds: the package's version (deno.json). */
export const COMPATIBLE_USER_AGENT = "ai-sdk-openai-compatible/3.0.92";

/** Settings of {@linkcode createCompatibleChatModel}. */
export interface CompatibleChatSettings {
  modelId: string;
  /** `NAME.chat`, as the package names it. */
  provider: string;
  /** The endpoint (a trailing slash is dropped, as the package does). */
  baseUrl: string;
  /** Sent as a bearer token when set. */
  apiKey: string | undefined;
  fetch: typeof fetch;
  /** The package's model with the same settings, for the calls this client leaves to it. */
  sdkModel: () => Promise<LanguageModelV4>;
}

/** The tracker the SDK's stream gives tool-call deltas, loaded on the first one. */
interface ToolCallTracker {
  processDelta(delta: unknown): void;
  flush(): void;
}

/**
 * The package's handling of tool-call deltas: arguments buffered per index
 * until the call's name comes, then handed to the SDK's tracker (loaded on
 * the first delta). omn uses no tools; only what the tracker throws matters.
 */
function compatibleToolCalls(providerOptionsName: string) {
  const queued: CompatibleToolCallDelta[] = [];
  const pending = new Map<
    number,
    { id: string | null; bufferedArguments: string; extraContent: unknown }
  >();
  const forwarded = new Set<number>();
  let tracker: ToolCallTracker | undefined;
  let loading: Promise<void> | undefined;
  const process = (delta: CompatibleToolCallDelta) => {
    const index = delta.index;
    if (index === null || index === undefined || forwarded.has(index)) {
      tracker!.processDelta(delta);
      return;
    }
    let entry = pending.get(index);
    if (entry === undefined) {
      entry = {
        id: delta.id ?? null,
        bufferedArguments: "",
        extraContent: delta.extra_content ?? null,
      };
      pending.set(index, entry);
    } else {
      if (entry.id === null && delta.id !== null && delta.id !== undefined) entry.id = delta.id;
      if (
        entry.extraContent === null && delta.extra_content !== null &&
        delta.extra_content !== undefined
      ) {
        entry.extraContent = delta.extra_content;
      }
    }
    const argumentsDelta = delta.function?.arguments;
    if (argumentsDelta !== null && argumentsDelta !== undefined) {
      entry.bufferedArguments += argumentsDelta;
    }
    const name = delta.function?.name;
    if (name !== null && name !== undefined) {
      tracker!.processDelta({
        index,
        id: entry.id,
        function: { name, arguments: entry.bufferedArguments },
        extra_content: entry.extraContent ?? undefined,
      });
      pending.delete(index);
      forwarded.add(index);
    }
  };
  // omn asks for no tools: a server streaming endless tool calls is stopped at a bound.
  const budget = new ToolCallBudget();
  return {
    delta: (delta: CompatibleToolCallDelta) => {
      budget.add(delta);
      queued.push(delta);
      loading ??= import("@ai-sdk/provider-utils").then(
        ({ StreamingToolCallTracker, generateId }) => {
          tracker = new StreamingToolCallTracker({ enqueue() {} } as never, {
            generateId,
            extractMetadata: (
              value: { extra_content?: { google?: { thought_signature?: string } } },
            ) => {
              const signature = value.extra_content?.google?.thought_signature;
              return signature
                ? { [providerOptionsName]: { thoughtSignature: signature } }
                : undefined;
            },
            buildToolCallProviderMetadata: (metadata: unknown) => metadata,
          } as never);
        },
      );
    },
    ready: async () => {
      if (loading === undefined) return;
      await loading;
      for (const delta of queued.splice(0)) process(delta);
    },
    finish: async () => {
      if (loading === undefined) return;
      await loading;
      for (const [index, entry] of pending) {
        tracker!.processDelta({
          index,
          id: entry.id,
          function: { arguments: entry.bufferedArguments },
        });
      }
      pending.clear();
      tracker!.flush();
    },
  };
}

/** Streams one call the client covers. */
async function streamCompatible(
  settings: CompatibleChatSettings,
  options: LanguageModelV4CallOptions,
  body: object,
) {
  const url = new URL(`${settings.baseUrl.replace(/\/$/, "")}/chat/completions`).toString();
  const reply = await postChat(
    {
      url,
      headers: () => ({
        ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}),
        "user-agent": COMPATIBLE_USER_AGENT,
      }),
      fetch: settings.fetch,
    },
    body,
    options.abortSignal,
  );
  const events = new ReplyEvents(reply, url, body);
  const state = new CompatibleChatStreamState();
  const toolCalls = compatibleToolCalls(settings.provider.split(".")[0].trim());
  let finished = false;
  const stream = new ReadableStream<LanguageModelV4StreamPart>({
    async pull(controller) {
      for (;;) {
        if (finished) return controller.close();
        const data = await events.next();
        if (data === undefined) {
          await toolCalls.finish();
          finished = true;
          for (const part of state.finish()) controller.enqueue(part);
          return;
        }
        const parts = state.parts(await readCompatibleChunk(data), toolCalls);
        // The tool calls' tracker may fail the stream: the SDK's stream then loses this chunk's text.
        await toolCalls.ready();
        for (const part of parts) controller.enqueue(part);
        if (parts.length > 0) return;
      }
    },
    cancel: (reason) => events.cancel(reason),
  }, { highWaterMark: 0 });
  return { stream, request: { body }, response: { headers: reply.responseHeaders } };
}

/** The chat model of an OpenAI-compatible server: omn's client for the calls it covers, the package's for the others. */
export function createCompatibleChatModel(settings: CompatibleChatSettings): LanguageModelV4 {
  return {
    specificationVersion: "v4",
    provider: settings.provider,
    modelId: settings.modelId,
    supportedUrls: {},
    doGenerate: async (options) => (await settings.sdkModel()).doGenerate(options),
    doStream: async (options) => {
      const body = compatibleChatBody(settings.modelId, options);
      if (body === undefined) return (await settings.sdkModel()).doStream(options);
      return await streamCompatible(settings, options, body);
    },
  } as LanguageModelV4;
}

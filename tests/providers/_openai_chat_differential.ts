/**
 * Runs omn's OpenAI model (its own client, `src/providers/openai.ts`) and the
 * AI SDK's (`createOpenAI(...).chat(...)`) over the same reply and returns
 * what each did, in a form that can be compared with `deepEqual`: the
 * request sent, the error thrown by `doStream`, the stream parts omn reads
 * (text deltas, errors, the finish), the error the stream ended with, and
 * what omn makes of it all (`fromAiSdkModel`: events and the mapped error).
 *
 * @module
 */
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV4, LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { createOpenAIModel } from "../../src/providers/openai.ts";
import { createCompatibleModel } from "../../src/providers/compatible.ts";
import { createOllamaModel } from "../../src/providers/ollama.ts";
import { fromAiSdkModel, toCallOptions } from "../../src/providers/ai_sdk_model.ts";
import type { ResolvedCredentials } from "../../src/credentials/resolve_credentials.ts";
import type { GenerateRequest } from "../../src/providers/language_model.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

/** The canary key both models send. */
export const DIFFERENTIAL_KEY = openaiProjectKey("DIFFERENTIAL");

/** Answers one request (or throws, as a failed connection does). */
export type Reply = (request: Request) => Response | Promise<Response>;

/** The request a model sent. */
export interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** What one model did with a reply. */
export interface Outcome {
  requests: SentRequest[];
  thrown?: unknown;
  parts: unknown[];
  streamError?: unknown;
  /** What omn made of it: its events, and the class and message of the error it reported. */
  omn: { events: unknown[]; error?: { class: string; message: string } };
}

const SYMBOL_STREAM_ERROR = Symbol.for("vercel.ai.providerStreamError");

/** A comparable view of an error or a provider stream error. */
export function errorView(error: unknown, depth = 0): unknown {
  if (depth > 4) return "…";
  if (error instanceof Error) {
    const fields = error as Error & Record<string, unknown>;
    return {
      class: error.constructor.name,
      name: error.name,
      message: error.message,
      ...Object.fromEntries(
        [
          "statusCode",
          "isRetryable",
          "responseBody",
          "responseHeaders",
          "data",
          "url",
          "requestBodyValues",
          "value",
          "text",
          "code",
        ].filter((key) => fields[key] !== undefined).map((key) => [key, fields[key]]),
      ),
      cause: error.cause === undefined ? undefined : errorView(error.cause, depth + 1),
    };
  }
  if (typeof error === "object" && error !== null) {
    return {
      ...(error as Record<string, unknown>),
      providerStreamError: (error as Record<symbol, unknown>)[SYMBOL_STREAM_ERROR] === true,
    };
  }
  return error;
}

function partView(part: Record<string, unknown>): unknown {
  switch (part.type) {
    case "text-delta":
      return { type: part.type, delta: part.delta };
    case "error":
      return { type: part.type, error: errorView(part.error) };
    case "finish": {
      const usage = part.usage as { inputTokens: unknown; outputTokens: unknown };
      return {
        type: part.type,
        finishReason: part.finishReason,
        usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens },
      };
    }
    default:
      return undefined;
  }
}

function capturingFetch(reply: Reply, requests: SentRequest[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const body = await request.clone().text();
    requests.push({
      url: request.url,
      method: request.method,
      headers: Object.fromEntries(request.headers.entries()),
      body,
    });
    return await reply(request);
  };
}

const CREDENTIALS: ResolvedCredentials = {
  provider: "openai",
  fields: { api_key: { value: DIFFERENTIAL_KEY, source: "env", variable: "OPENAI_API_KEY" } },
  missing: [],
} as unknown as ResolvedCredentials;

/**
 * The provider compared: OpenAI (`@ai-sdk/openai`), a custom endpoint named
 * `mycorp` or Ollama (both `@ai-sdk/openai-compatible`).
 */
export type Flavor = "openai" | "compatible" | "ollama";

/** The provider id omn uses for a flavor. */
export function providerOf(flavor: Flavor): string {
  return { openai: "openai", compatible: "mycorp", ollama: "ollama" }[flavor];
}

/** omn's model or the SDK's, over a fetch that records the request and gives the reply. */
export async function modelOf(
  which: "omn" | "sdk",
  modelId: string,
  fetch: typeof globalThis.fetch,
  baseUrl = "http://127.0.0.1:9/v1",
  flavor: Flavor = "openai",
): Promise<LanguageModelV4> {
  const provider = providerOf(flavor);
  if (which === "omn") {
    const create = {
      openai: createOpenAIModel,
      compatible: createCompatibleModel,
      ollama: createOllamaModel,
    }[flavor];
    return await create({
      provider,
      modelId,
      baseUrl,
      entry: undefined,
      credentials: { ...CREDENTIALS, provider },
      fetch,
    });
  }
  if (flavor === "openai") {
    return createOpenAI({ apiKey: DIFFERENTIAL_KEY, baseURL: baseUrl, fetch }).chat(modelId);
  }
  return createOpenAICompatible({
    name: provider,
    apiKey: flavor === "compatible" ? DIFFERENTIAL_KEY : undefined,
    baseURL: baseUrl,
    fetch,
    includeUsage: true,
  }).chatModel(modelId);
}

async function rawOutcome(
  model: LanguageModelV4,
  options: LanguageModelV4CallOptions,
): Promise<Omit<Outcome, "requests" | "omn">> {
  let result;
  try {
    result = await model.doStream(options);
  } catch (error) {
    return { thrown: errorView(error), parts: [] };
  }
  const parts: unknown[] = [];
  const reader = result.stream.getReader();
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      const view = partView(next.value as Record<string, unknown>);
      if (view !== undefined) parts.push(view);
    }
  } catch (error) {
    return { parts, streamError: errorView(error) };
  }
  return { parts };
}

async function omnOutcome(
  model: LanguageModelV4,
  request: GenerateRequest,
  provider: string,
): Promise<Outcome["omn"]> {
  const events: unknown[] = [];
  const credentials = { ...CREDENTIALS, provider };
  try {
    for await (const event of fromAiSdkModel(model, provider, credentials).stream(request)) {
      events.push(event);
    }
  } catch (error) {
    return {
      events,
      error: {
        class: (error as Error).constructor.name,
        message: (error as Error).message,
      },
    };
  }
  return { events };
}

/** What one model did with the reply, for the request. */
export async function outcomeOf(
  which: "omn" | "sdk",
  reply: Reply,
  request: GenerateRequest = { messages: [{ role: "user", content: "hi" }] },
  modelId = "gpt-4o-mini",
  flavor: Flavor = "openai",
): Promise<Outcome> {
  const requests: SentRequest[] = [];
  const base = "http://127.0.0.1:9/v1";
  const raw = await rawOutcome(
    await modelOf(which, modelId, capturingFetch(reply, requests), base, flavor),
    toCallOptions(request),
  );
  const omn = await omnOutcome(
    await modelOf(which, modelId, capturingFetch(reply, []), base, flavor),
    request,
    providerOf(flavor),
  );
  return { requests, ...raw, omn };
}

/** A reply stream with these bytes, in pieces of these sizes (the rest in one piece). */
export function streamReply(
  text: string | Uint8Array,
  pieces: number[] = [],
  init: ResponseInit = { headers: { "content-type": "text/event-stream" } },
): Reply {
  return () => {
    const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
    const chunks: Uint8Array[] = [];
    let offset = 0;
    for (const size of pieces) {
      chunks.push(bytes.slice(offset, offset + size));
      offset += size;
    }
    if (offset < bytes.length) chunks.push(bytes.slice(offset));
    return new Response(
      new ReadableStream({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(chunk);
          controller.close();
        },
      }),
      init,
    );
  };
}

/** The SSE text of these events' data (`data: …` and a blank line each). */
export function sse(...data: (string | object)[]): string {
  return data.map((item) => `data: ${typeof item === "string" ? item : JSON.stringify(item)}\n\n`)
    .join("");
}

/** A chat chunk with this delta (and optional finish reason and usage). */
export function chunk(
  delta: Record<string, unknown> | null,
  extra: { finish_reason?: string | null; usage?: unknown } = {},
): object {
  return {
    id: "chatcmpl-1",
    object: "chat.completion.chunk",
    created: 1,
    model: "gpt-4o-mini",
    choices: [{ index: 0, delta, finish_reason: extra.finish_reason ?? null }],
    ...(extra.usage === undefined ? {} : { usage: extra.usage }),
  };
}

/** The usage chunk the API sends last with `include_usage`. */
export const USAGE_CHUNK = {
  id: "chatcmpl-1",
  object: "chat.completion.chunk",
  created: 1,
  model: "gpt-4o-mini",
  choices: [],
  usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
};

/** A plain streamed reply: "Hello, world", a stop and the usage chunk. */
export const HELLO = sse(
  chunk({ role: "assistant", content: "" }),
  chunk({ content: "Hello" }),
  chunk({ content: ", world" }),
  chunk({}, { finish_reason: "stop" }),
  USAGE_CHUNK,
  "[DONE]",
);

/** The text omn's run of an outcome gave, its deltas joined. */
export function replyText(outcome: Outcome): string {
  return outcome.omn.events.map((event) => (event as { text?: string }).text ?? "").join("");
}

/**
 * What omn's client of `flavor` streams from `fetch`'s answer, as the CLI
 * reads it (`fromAiSdkModel`): the events until the end or the error, and
 * the error, if any.
 */
export async function omnStreamOf(
  flavor: Flavor,
  fetch: typeof globalThis.fetch,
  modelId = "gpt-4o-mini",
): Promise<{ events: unknown[]; error: Error | undefined }> {
  const model = await modelOf("omn", modelId, fetch, undefined, flavor);
  const events: unknown[] = [];
  try {
    for await (
      const event of fromAiSdkModel(model, providerOf(flavor)).stream({
        messages: [{ role: "user", content: "hi" }],
      })
    ) events.push(event);
  } catch (error) {
    return { events, error: error as Error };
  }
  return { events, error: undefined };
}

/** A fetch answering every request with `body` as an event stream. */
export function answeringWith(body: ReadableStream<Uint8Array>): typeof fetch {
  return (() =>
    Promise.resolve(
      new Response(body, { headers: { "content-type": "text/event-stream" } }),
    )) as typeof fetch;
}

/**
 * A body that sends `start`, then `filler` in 64 KiB reads until `cap`
 * bytes have been sent, counting them.
 */
export function endlessBody(start: string, filler: string, cap: number) {
  const piece = new TextEncoder().encode(filler.repeat(Math.ceil(65536 / filler.length)));
  let sent = 0;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(new TextEncoder().encode(start));
        return;
      }
      if (sent >= cap) return controller.close();
      sent += piece.length;
      controller.enqueue(piece);
    },
  }, { highWaterMark: 0 });
  return { body, sent: () => sent };
}

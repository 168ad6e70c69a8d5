/**
 * The HTTP side of a streamed chat-completions request as the AI SDK's
 * `postJsonToApi` makes it, for omn's own clients (`openai_chat_model.ts`,
 * `compatible_chat_model.ts`): the JSON POST with the provider's headers
 * and the SDK's user agent, an error status turned into the SDK's
 * `APICallError` (from the start of its body only,
 * {@linkcode MAX_ERROR_BODY_BYTES}), and the reply body read event by event
 * as its event-stream parser reads it.
 *
 * @module
 */
import { APICallError, EmptyResponseBodyError } from "@ai-sdk/provider";
import { createParser } from "eventsource-parser";
import { readStart } from "../net/read_body.ts";
import { failedResponseError, handleFetchError, isAbortError } from "./openai_fetch_errors.ts";
import { looksLikeEventStream, ReplyNotAStreamError } from "./reply_not_a_stream.ts";

/** The version of `@ai-sdk/provider-utils` whose user agent part the SDK adds (deno.lock). */
const PROVIDER_UTILS_USER_AGENT = "ai-sdk-provider-utils/5.0.81";

/**
 * The most bytes of an error answer's body read (64 KiB, as much as the
 * retrying fetch reads of an answer it retries): the provider's message is
 * at its start, and an endless or huge body (or a decompression bomb) must
 * not exhaust memory. The SDK reads the whole body; a body this short or
 * shorter reads the same.
 */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** How to send one request. */
export interface ChatRequestSettings {
  /** The full URL of `…/chat/completions`. */
  url: string;
  /** The provider's headers (lower-case names), its user agent part under `user-agent`; may throw (no key). */
  headers: () => Record<string, string>;
  fetch: typeof fetch;
}

/** The headers the SDK sends: the provider's and the JSON type, sorted by name, the user agent completed. */
function requestHeaders(headers: Record<string, string>): Record<string, string> {
  const runtime = globalThis.navigator?.userAgent?.toLowerCase() ?? "";
  const all = new Headers({ "content-type": "application/json", ...headers });
  all.set(
    "user-agent",
    [all.get("user-agent") ?? "", PROVIDER_UTILS_USER_AGENT, runtime].filter(Boolean).join(" "),
  );
  return Object.fromEntries(all.entries());
}

/** A response with a success status and a body, and its headers. */
export interface ChatResponse {
  response: Response & { body: ReadableStream<Uint8Array> };
  responseHeaders: Record<string, string>;
}

/** Sends the request; the response when it has a success status, else the SDK's error. */
export async function postChat(
  settings: ChatRequestSettings,
  body: object,
  signal: AbortSignal | undefined,
): Promise<ChatResponse> {
  const { url } = settings;
  try {
    const response = await settings.fetch(url, {
      method: "POST",
      headers: requestHeaders(settings.headers()),
      body: JSON.stringify(body),
      signal,
    });
    const responseHeaders = Object.fromEntries([...response.headers]);
    if (!response.ok) {
      let error;
      try {
        error = failedResponseError({
          body: await readStart(
            response,
            MAX_ERROR_BODY_BYTES,
            signal ?? new AbortController().signal,
          ),
          status: response.status,
          statusText: response.statusText,
          url,
          requestBodyValues: body,
          responseHeaders,
        });
      } catch (cause) {
        if (isAbortError(cause)) throw cause;
        throw new APICallError({
          message: "Failed to process error response",
          cause,
          statusCode: response.status,
          url,
          responseHeaders,
          requestBodyValues: body,
        });
      }
      throw error;
    }
    if (response.body === null) {
      throw new APICallError({
        message: "Failed to process successful response",
        cause: new EmptyResponseBodyError({}),
        statusCode: response.status,
        url,
        responseHeaders,
        requestBodyValues: body,
      });
    }
    return { response: response as ChatResponse["response"], responseHeaders };
  } catch (error) {
    throw handleFetchError(error, url, body);
  }
}

/**
 * The most characters one event of a reply may hold (8 MiB): far above any
 * real event (a chunk of a few words, a usage object), low enough that an
 * endless line does not exhaust memory.
 */
export const MAX_REPLY_EVENT_CHARACTERS = 8 * 1024 * 1024;

/** The error of a reply event longer than {@linkcode MAX_REPLY_EVENT_CHARACTERS}. */
export class ReplyEventTooLargeError extends Error {
  constructor(limit: number) {
    super(
      `Cannot read the reply stream: one event exceeded the limit of ${limit} characters ` +
        `(${
          Math.round(limit / 1024 / 1024 * 100) / 100
        } MiB); the server did not send a normal chat stream`,
    );
    this.name = "ReplyEventTooLargeError";
  }
}

/**
 * The events of a reply body, read one by one, read errors as the SDK
 * reports them. `data: [DONE]` ends them: the events after it are not read
 * as reply (OpenAI sends none), and the body is then read on in the
 * background only to its end, cancelled as soon as it sends anything more,
 * so that a server keeping the body open after `[DONE]` cannot hold the
 * reply until a timeout. (The SDK reads on to the end of the body.)
 */
export class ReplyEvents {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  readonly #pending: string[] = [];
  readonly #parser;
  readonly #readError: (error: unknown) => unknown;
  #ended = false;
  #done = false;
  /** Whether any event came (`[DONE]` too). */
  #anyEvent = false;
  /** The start of the body while no event has come (to name what a body without events was). */
  #start = "";
  #afterDone: Promise<void> = Promise.resolve();
  #tooLarge: Error | undefined;

  /** `maxEventCharacters`: the bound of one event's buffered text (tests lower it). */
  constructor(
    reply: ChatResponse,
    url: string,
    requestBodyValues: unknown,
    maxEventCharacters = MAX_REPLY_EVENT_CHARACTERS,
  ) {
    this.#parser = createParser({
      onEvent: (event) => {
        this.#anyEvent = true;
        if (this.#done) return;
        if (event.data === "[DONE]") this.#done = true;
        else this.#pending.push(event.data);
      },
      onError: (error) => {
        if (error.type === "max-buffer-size-exceeded") {
          this.#tooLarge ??= new ReplyEventTooLargeError(maxEventCharacters);
        }
      },
      maxBufferSize: maxEventCharacters,
    });
    this.#reader = reply.response.body.getReader();
    this.#readError = (error) =>
      isAbortError(error) ? error : handleFetchError(
        new APICallError({
          message: "Failed to process successful response",
          cause: error,
          statusCode: reply.response.status,
          url,
          responseHeaders: reply.responseHeaders,
          requestBodyValues,
        }),
        url,
        requestBodyValues,
      );
  }

  /** The next event's data, or undefined at the end of the body. */
  async next(): Promise<string | undefined> {
    while (this.#pending.length === 0 && !this.#ended) {
      if (this.#done) {
        this.#ended = true;
        this.#afterDone = this.#readAfterDone();
        break;
      }
      if (this.#tooLarge !== undefined) {
        void this.#reader.cancel().catch(() => {});
        throw this.#tooLarge;
      }
      let result;
      try {
        result = await this.#reader.read();
      } catch (error) {
        throw this.#readError(error);
      }
      const text = result.done
        ? this.#decoder.decode()
        : this.#decoder.decode(result.value, { stream: true });
      if (!this.#anyEvent && this.#start.length < MAX_ERROR_BODY_BYTES) {
        this.#start += text.slice(0, MAX_ERROR_BODY_BYTES - this.#start.length);
      }
      this.#parser.feed(text);
      if (result.done) {
        this.#ended = true;
        // A body with no event that is not an event stream: say what the server sent.
        if (!this.#anyEvent && !looksLikeEventStream(this.#start)) {
          throw new ReplyNotAStreamError(this.#start);
        }
      }
    }
    return this.#pending.shift();
  }

  /** The body after `[DONE]`: read to its end when it ends there, else cancelled. */
  async #readAfterDone(): Promise<void> {
    try {
      for (;;) {
        const result = await this.#reader.read();
        if (result.done) return;
        if (result.value.length > 0) return await this.#reader.cancel();
      }
    } catch {
      // Nothing to report: the reply is complete.
    }
  }

  /** Resolves once the body after `[DONE]` has been read to its end or cancelled. */
  settled(): Promise<void> {
    return this.#afterDone;
  }

  cancel(reason?: unknown): Promise<void> {
    return this.#reader.cancel(reason);
  }
}

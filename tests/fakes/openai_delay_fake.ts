/**
 * A small, fast fake of OpenAI's chat completions endpoint for throughput
 * tests and benchmarks (`omn batch`): every answer comes after a fixed delay,
 * chosen failures are injected, and the fake counts how many requests were
 * in flight at once.
 *
 * It speaks only what the `openai` provider sends: `POST /v1/chat/completions`
 * with `authorization: Bearer <key>`, streamed (`stream: true`, with usage
 * when `stream_options.include_usage`) or not. The reply echoes the last
 * user message, so tests can tell results apart.
 *
 * @example
 * ```ts
 * await using fake = await startOpenAIDelayFake({ apiKey: "sk-test", delayMs: 50 });
 * // omn batch --provider openai --base-url ${fake.baseURL} …
 * ```
 *
 * @module
 */
import { startFakeServer } from "./_fake_server.ts";

/** Options of {@linkcode startOpenAIDelayFake}. */
export interface OpenAIDelayFakeOptions {
  /** The only key accepted. */
  apiKey: string;
  /** Time before each answer starts; 0 when absent. */
  delayMs?: number;
  /** Time before the answer to a given prompt starts; overrides `delayMs`. */
  delayFor?: (prompt: string) => number;
  /**
   * A gate the answer to a given prompt waits for (`undefined`: none), so that
   * a test holds requests in flight for as long as it needs, without a delay
   * that hopes it is long enough; closing the fake opens every gate.
   */
  holdFor?: (prompt: string) => Promise<void> | undefined;
  /**
   * The HTTP status to fail a request with, from its last user message
   * (`undefined`: answer normally). 400 answers OpenAI's invalid-request error,
   * 401 its invalid-key error, any other status a server error.
   */
  failWith?: (prompt: string) => number | undefined;
}

/** A running delay fake. */
export interface OpenAIDelayFake extends AsyncDisposable {
  /** `http://127.0.0.1:PORT/v1`, the provider's base URL. */
  readonly baseURL: string;
  /** Chat requests received. */
  readonly requests: number;
  /** The most chat requests in flight at once. */
  readonly maxInFlight: number;
  /** The last user message of every chat request, in arrival order. */
  readonly prompts: readonly string[];
  /** Checks that failed (wrong path, key or body); tests assert it stays empty. */
  readonly violations: readonly string[];
  /** Returns the violations so far and forgets them (see `_fake_server.ts`). */
  takeViolations(): string[];
  /** Stops the server; never throws (disposal also fails on violations). */
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1. */
export async function startOpenAIDelayFake(
  options: OpenAIDelayFakeOptions,
): Promise<OpenAIDelayFake> {
  let requests = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const prompts: string[] = [];
  const server = await startFakeServer(async (request, control) => {
    if (request.method !== "POST" || request.url.pathname !== "/v1/chat/completions") {
      control.recordViolation(`No such route "${request.method} ${request.url.pathname}"`);
      return new Response("not found", { status: 404 });
    }
    if (request.headers.get("authorization") !== `Bearer ${options.apiKey}`) {
      control.recordViolation("Missing or wrong authorization header");
      return error(401, "Incorrect API key provided.", "invalid_api_key");
    }
    const body = request.json as Record<string, unknown> | undefined;
    const messages = Array.isArray(body?.messages) ? body.messages : undefined;
    if (!body || typeof body.model !== "string" || !messages) {
      control.recordViolation("Body without model or messages");
      return error(400, "Missing model or messages.", "invalid_request");
    }
    const prompt = lastUserText(messages);
    prompts.push(prompt);
    requests++;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const wait = options.delayFor?.(prompt) ?? options.delayMs ?? 0;
      if (wait > 0) await delay(wait, control.signal);
      const gate = options.holdFor?.(prompt);
      if (gate) await Promise.race([gate, aborted(control.signal)]);
    } finally {
      inFlight--;
    }
    const status = options.failWith?.(prompt);
    if (status === 400) return error(400, "Invalid prompt (injected failure).", "invalid_request");
    if (status === 401) return error(401, "Incorrect API key provided.", "invalid_api_key");
    if (status !== undefined) return error(status, "The server had an error.", "server_error");
    const reply = `echo: ${prompt}`;
    const usage = {
      prompt_tokens: Math.max(1, Math.ceil(prompt.length / 4)),
      completion_tokens: Math.max(1, Math.ceil(reply.length / 4)),
      total_tokens: 0,
    };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    const base = {
      id: `chatcmpl-fake${requests}`,
      created: Math.floor(Date.now() / 1000),
      model: body.model,
    };
    if (body.stream !== true) {
      return Response.json({
        ...base,
        object: "chat.completion",
        choices: [{
          index: 0,
          message: { role: "assistant", content: reply },
          finish_reason: "stop",
        }],
        usage,
      });
    }
    const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)
      ?.include_usage === true;
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      `data: ${
        JSON.stringify({ ...base, object: "chat.completion.chunk", choices, ...extra })
      }\n\n`;
    const events = [
      chunk([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]),
      chunk([{ index: 0, delta: { content: reply }, finish_reason: null }]),
      chunk([{ index: 0, delta: {}, finish_reason: "stop" }]),
      ...(includeUsage ? [chunk([], { usage })] : []),
      "data: [DONE]\n\n",
    ];
    return new Response(events.join(""), {
      headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
    });
  });
  return {
    baseURL: `${server.url}/v1`,
    get requests() {
      return requests;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    prompts,
    violations: server.violations,
    takeViolations: () => server.takeViolations(),
    close: () => server.close(),
    [Symbol.asyncDispose]: () => server[Symbol.asyncDispose](),
  };
}

function lastUserText(messages: unknown[]): string {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index] as { role?: unknown; content?: unknown };
    if (message?.role !== "user") continue;
    if (typeof message.content === "string") return message.content;
    if (Array.isArray(message.content)) {
      return message.content.map((part: { text?: unknown }) =>
        typeof part?.text === "string" ? part.text : ""
      ).join("");
    }
  }
  return "";
}

function error(status: number, message: string, code: string): Response {
  return Response.json(
    {
      error: {
        message,
        type: status === 401 ? "invalid_request_error" : "api_error",
        param: null,
        code,
      },
    },
    { status },
  );
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

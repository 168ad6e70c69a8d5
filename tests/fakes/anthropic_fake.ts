/**
 * A local fake of Anthropic's Messages API (`POST /v1/messages`,
 * `GET /v1/models`): checks each request the way the real API does (the
 * `x-api-key` and `anthropic-version` headers, `max_tokens` required, roles,
 * non-empty content, temperature in 0..1), answers with a Message or the
 * named event stream (`message_start`, `content_block_start`, `ping`,
 * `content_block_delta`…, `content_block_stop`, `message_delta`,
 * `message_stop`) and Anthropic's error bodies, and records every failed
 * check as a violation.
 *
 * @example
 * ```ts
 * await using fake = await startAnthropicFake({ apiKey: "sk-ant-test" });
 * // createAnthropic({ baseURL: fake.baseURL, apiKey: "sk-ant-test" }) … then:
 * // assertEquals(fake.violations, []);
 * ```
 *
 * @module
 */
import {
  BAD_REQUEST_TEXT,
  countTokens,
  cutStream,
  DEFAULT_REPLY,
  eventDelayFor,
  type FakeProviderOptions,
  type FakeServer,
  type FakeServerControl,
  isRecord,
  isRedirectScenario,
  jsonResponse,
  type RecordedRequest,
  redirectResponse,
  splitIntoChunks,
  startFakeServer,
  STREAM_ERROR_MESSAGES,
  streamErrorFor,
  type StreamErrorScenario,
} from "./_fake_server.ts";
import { createSseResponse, type ServerSentEvent } from "./_sse.ts";

/** Options of {@linkcode startAnthropicFake}. */
export interface AnthropicFakeOptions extends FakeProviderOptions {
  /** The model ids `GET /v1/models` lists; two Claude ids when absent. */
  models?: string[];
}

/** A running Messages API fake. */
export interface AnthropicFake extends FakeServer {
  /** The base URL to give `@ai-sdk/anthropic` (`…/v1`). */
  readonly baseURL: string;
}

/** The `anthropic-version` values the API accepts. */
export const ANTHROPIC_VERSIONS: readonly string[] = ["2023-06-01", "2023-01-01"];

/** Starts a Messages API fake on 127.0.0.1. */
export async function startAnthropicFake(options: AnthropicFakeOptions): Promise<AnthropicFake> {
  const server = await startFakeServer((request, control) =>
    handleRequest(request, control, options)
  );
  return Object.assign(server, { baseURL: `${server.url}/v1` });
}

const DEFAULT_MODELS = [
  {
    id: "claude-sonnet-4-5-20250929",
    display_name: "Claude Sonnet 4.5",
    created_at: "2025-09-29T00:00:00Z",
  },
  {
    id: "claude-haiku-4-5-20251001",
    display_name: "Claude Haiku 4.5",
    created_at: "2025-10-15T00:00:00Z",
  },
];

function handleRequest(
  request: RecordedRequest,
  control: FakeServerControl,
  options: AnthropicFakeOptions,
): Response {
  const scenario = options.scenario ?? "ok";
  const path = request.url.pathname;
  const route = path === "/v1/messages" ? "messages" : path === "/v1/models" ? "models" : undefined;
  const describe = `${request.method} ${path}`;

  if (route === undefined) {
    control.recordViolation(`anthropic: no such route "${describe}"`);
    return anthropicError(404, "not_found_error", "Not Found");
  }
  const expectedMethod = route === "messages" ? "POST" : "GET";
  if (request.method !== expectedMethod) {
    control.recordViolation(`anthropic: "${describe}" must be ${expectedMethod}`);
    return anthropicError(405, "invalid_request_error", `Method Not Allowed: ${request.method}`);
  }

  const key = request.headers.get("x-api-key");
  if (key === null) {
    const bearer = request.headers.has("authorization")
      ? ' (an "authorization" header is not an API key)'
      : "";
    control.recordViolation(`anthropic: missing "x-api-key" header${bearer}`);
    return anthropicError(401, "authentication_error", "x-api-key header is required");
  }
  if (key !== options.apiKey) {
    control.recordViolation('anthropic: wrong key in "x-api-key"');
    return anthropicError(401, "authentication_error", "invalid x-api-key");
  }
  const version = request.headers.get("anthropic-version");
  if (version === null) {
    control.recordViolation('anthropic: missing "anthropic-version" header');
    return anthropicError(400, "invalid_request_error", "anthropic-version: header is required");
  }
  if (!ANTHROPIC_VERSIONS.includes(version)) {
    control.recordViolation(`anthropic: unsupported anthropic-version "${version}"`);
    return anthropicError(
      400,
      "invalid_request_error",
      `anthropic-version: invalid version '${version}'`,
    );
  }

  if (scenario === "unauthorized") {
    return anthropicError(401, "authentication_error", "invalid x-api-key");
  }
  if (isRedirectScenario(scenario)) return redirectResponse(scenario.redirectTo, request.url);
  if (route === "models") return modelsResponse(options);

  const problems = checkMessagesRequest(request);
  for (const problem of problems) control.recordViolation(`anthropic: ${problem}`);
  if (problems.length > 0) return anthropicError(400, "invalid_request_error", problems[0]);

  if (scenario === "bad-request") {
    return anthropicError(
      400,
      "invalid_request_error",
      `${BAD_REQUEST_TEXT}: expected a number between 0 and 1.`,
    );
  }
  if (scenario === "rate-limited") {
    return anthropicError(
      429,
      "rate_limit_error",
      "Number of request tokens has exceeded your per-minute rate limit (https://docs.claude.com/en/api/rate-limits); see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later.",
      {
        "retry-after": "1",
        "anthropic-ratelimit-requests-limit": "50",
        "anthropic-ratelimit-requests-remaining": "0",
        "anthropic-ratelimit-requests-reset": new Date(Date.now() + 1000).toISOString(),
      },
    );
  }

  const body = request.json as Record<string, unknown>;
  const reply = options.reply ?? DEFAULT_REPLY;
  const message: MessageData = {
    id: `msg_01${randomBase62(22)}`,
    model: String(body.model),
    reply,
    chunks: splitIntoChunks(reply),
    inputTokens: countInputTokens(body),
  };
  const headers = { "request-id": requestId() };
  if (body.stream === true) {
    const streamError = streamErrorFor(scenario, request, control);
    const events = streamError
      ? cutStream(
        streamEvents(message),
        (event) => "event" in event && event.event === "content_block_delta",
        streamError,
        streamErrorEvents(message, streamError),
      )
      : streamEvents(message);
    return createSseResponse(events, {
      delayMilliseconds: eventDelayFor(scenario),
      signal: control.signal,
      headers,
      wire: options.wire,
    });
  }
  return jsonResponse(messageBody(message), 200, headers);
}

// ---------------------------------------------------------------------------
// Request checks

/** Checks a Messages request the way the API does; every problem, in the API's "field: message" form. */
function checkMessagesRequest(request: RecordedRequest): string[] {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(contentType)) {
    return [
      `Invalid content-type "${contentType}": the request body must be JSON (application/json)`,
    ];
  }
  if (request.json === undefined) {
    return ["There was an error parsing the body of your request: not valid JSON"];
  }
  const body = request.json;
  if (!isRecord(body)) return ["Input should be a valid dictionary"];
  const problems: string[] = [];

  if (body.model === undefined) problems.push("model: Field required");
  else if (typeof body.model !== "string" || body.model === "") {
    problems.push("model: Input should be a valid string");
  }

  if (body.max_tokens === undefined) problems.push("max_tokens: Field required");
  else if (typeof body.max_tokens !== "number" || !Number.isInteger(body.max_tokens)) {
    problems.push("max_tokens: Input should be a valid integer");
  } else if (body.max_tokens < 1) {
    problems.push("max_tokens: Input should be greater than or equal to 1");
  }

  problems.push(...checkMessages(body.messages));

  if (body.system !== undefined) {
    if (Array.isArray(body.system)) {
      body.system.forEach((block, index) => {
        if (!isRecord(block) || block.type !== "text" || typeof block.text !== "string") {
          problems.push(
            `system.${index}: Input should be a text block ({"type": "text", "text": …})`,
          );
        }
      });
    } else if (typeof body.system !== "string") {
      problems.push("system: Input should be a valid string or a list of text blocks");
    }
  }

  checkRange(problems, body, "temperature", 0, 1, false);
  checkRange(problems, body, "top_p", 0, 1, false);
  checkRange(problems, body, "top_k", 0, undefined, true);
  if (body.stream !== undefined && typeof body.stream !== "boolean") {
    problems.push("stream: Input should be a valid boolean");
  }
  if (body.stop_sequences !== undefined) {
    if (
      !Array.isArray(body.stop_sequences) ||
      !body.stop_sequences.every((item) => typeof item === "string")
    ) {
      problems.push("stop_sequences: Input should be a valid list of strings");
    }
  }
  return problems;
}

function checkRange(
  problems: string[],
  body: Record<string, unknown>,
  field: string,
  minimum: number,
  maximum: number | undefined,
  integer: boolean,
): void {
  const value = body[field];
  if (value === undefined) return;
  if (typeof value !== "number" || (integer && !Number.isInteger(value))) {
    problems.push(`${field}: Input should be a valid ${integer ? "integer" : "number"}`);
  } else if (value < minimum) {
    problems.push(`${field}: Input should be greater than or equal to ${minimum}`);
  } else if (maximum !== undefined && value > maximum) {
    problems.push(`${field}: range: ${minimum}..${maximum}`);
  }
}

function checkMessages(messages: unknown): string[] {
  if (messages === undefined) return ["messages: Field required"];
  if (!Array.isArray(messages)) return ["messages: Input should be a valid list"];
  if (messages.length === 0) return ["messages: at least one message is required"];
  const problems: string[] = [];
  messages.forEach((message, index) => {
    const isLast = index === messages.length - 1;
    if (!isRecord(message)) {
      problems.push(`messages.${index}: Input should be a valid dictionary`);
      return;
    }
    if (message.role === "system") {
      problems.push(
        `messages.${index}.role: Unexpected role "system". The Messages API accepts a top-level \`system\` parameter, not "system" as an input message role.`,
      );
      return;
    }
    if (message.role !== "user" && message.role !== "assistant") {
      problems.push(`messages.${index}.role: Input should be 'user' or 'assistant'`);
      return;
    }
    const content = message.content;
    if (content === undefined) {
      problems.push(`messages.${index}.content: Field required`);
      return;
    }
    const finalAssistant = isLast && message.role === "assistant";
    if (typeof content === "string") {
      if (content === "" && !finalAssistant) {
        problems.push(
          `messages.${index}: all messages must have non-empty content except for the optional final assistant message`,
        );
      }
      return;
    }
    if (!Array.isArray(content)) {
      problems.push(
        `messages.${index}.content: Input should be a valid string or a list of content blocks`,
      );
      return;
    }
    if (content.length === 0 && !finalAssistant) {
      problems.push(
        `messages.${index}: all messages must have non-empty content except for the optional final assistant message`,
      );
    }
    content.forEach((block, blockIndex) => {
      if (!isRecord(block) || typeof block.type !== "string") {
        problems.push(`messages.${index}.content.${blockIndex}.type: Field required`);
      } else if (block.type === "text") {
        if (typeof block.text !== "string") {
          problems.push(`messages.${index}.content.${blockIndex}.text: Field required`);
        } else if (block.text === "") {
          problems.push("messages: text content blocks must be non-empty");
        }
      }
    });
  });
  return problems;
}

function countInputTokens(body: Record<string, unknown>): number {
  const texts: string[] = [];
  const collect = (content: unknown) => {
    if (typeof content === "string") texts.push(content);
    else if (Array.isArray(content)) {
      for (const block of content) {
        if (isRecord(block) && typeof block.text === "string") texts.push(block.text);
      }
    }
  };
  collect(body.system);
  if (Array.isArray(body.messages)) {
    for (const message of body.messages) if (isRecord(message)) collect(message.content);
  }
  return countTokens(texts.join(" "));
}

// ---------------------------------------------------------------------------
// Answers

function anthropicError(
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  const id = requestId();
  return jsonResponse({ type: "error", error: { type, message }, request_id: id }, status, {
    ...headers,
    "request-id": id,
  });
}

interface MessageData {
  id: string;
  model: string;
  reply: string;
  chunks: string[];
  inputTokens: number;
}

function startUsage(message: MessageData, outputTokens: number) {
  return {
    input_tokens: message.inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    service_tier: "standard",
  };
}

function messageBody(message: MessageData): Record<string, unknown> {
  return {
    model: message.model,
    id: message.id,
    type: "message",
    role: "assistant",
    content: [{ type: "text", text: message.reply }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: startUsage(message, message.chunks.length),
  };
}

function streamEvents(message: MessageData): ServerSentEvent[] {
  const event = (payload: { type: string } & Record<string, unknown>): ServerSentEvent => ({
    event: payload.type,
    data: JSON.stringify(payload),
  });
  const [first, ...rest] = message.chunks;
  return [
    event({
      type: "message_start",
      message: {
        model: message.model,
        id: message.id,
        type: "message",
        role: "assistant",
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: startUsage(message, 1),
      },
    }),
    event({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }),
    event({ type: "ping" }),
    event({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: first } }),
    ...rest.map((text) =>
      event({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text } })
    ),
    event({ type: "content_block_stop", index: 0 }),
    event({
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: {
        input_tokens: message.inputTokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: message.chunks.length,
      },
    }),
    event({ type: "message_stop" }),
  ];
}

/**
 * How the Messages API breaks off a stream: `event: error` with its error
 * type, or, for a content-filter stop, `stop_reason: "refusal"`.
 */
function streamErrorEvents(message: MessageData, error: StreamErrorScenario): ServerSentEvent[] {
  if (error.streamError === "content-filter") {
    return [
      {
        event: "content_block_stop",
        data: JSON.stringify({ type: "content_block_stop", index: 0 }),
      },
      {
        event: "message_delta",
        data: JSON.stringify({
          type: "message_delta",
          delta: { stop_reason: error.reason ?? "refusal", stop_sequence: null },
          usage: { input_tokens: message.inputTokens, output_tokens: 1 },
        }),
      },
      { event: "message_stop", data: JSON.stringify({ type: "message_stop" }) },
    ];
  }
  const type = {
    overloaded: "overloaded_error",
    "rate-limited": "rate_limit_error",
    quota: "billing_error",
    "server-error": "api_error",
  }[error.streamError];
  const text = error.streamError === "quota"
    ? "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."
    : error.streamError === "server-error"
    ? "Internal server error"
    : STREAM_ERROR_MESSAGES[error.streamError];
  return [{
    event: "error",
    data: JSON.stringify({ type: "error", error: { type, message: text } }),
  }];
}

function modelsResponse(options: AnthropicFakeOptions): Response {
  const data = options.models
    ? options.models.map((id) => ({
      type: "model",
      id,
      display_name: id,
      created_at: "2025-01-01T00:00:00Z",
    }))
    : DEFAULT_MODELS.map((model) => ({ type: "model", ...model }));
  return jsonResponse(
    { data, has_more: false, first_id: data.at(0)?.id ?? null, last_id: data.at(-1)?.id ?? null },
    200,
    { "request-id": requestId() },
  );
}

function requestId(): string {
  return `req_011C${randomBase62(20)}`;
}

function randomBase62(length: number): string {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join("");
}
